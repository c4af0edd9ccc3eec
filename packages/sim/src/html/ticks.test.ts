import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { niceTicks } from './ticks.ts';

describe('niceTicks', () => {
  it('puts ticks at round numbers', () => {
    expect(niceTicks(0, 97)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-3, 7)).toEqual([-4, -2, 0, 2, 4, 6, 8]);
    expect(niceTicks(0, 12_500_000)).toEqual([0, 5_000_000, 10_000_000, 15_000_000]);
    expect(niceTicks(0, 200_000_000_000)).toEqual([0, 50e9, 100e9, 150e9, 200e9]);
    expect(niceTicks(0, 0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(0.1, 0.35)).toEqual([0.1, 0.2, 0.3, 0.4]);
  });

  it('keeps counts whole', () => {
    expect(niceTicks(0, 3, { integer: true })).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0, 1, { integer: true })).toEqual([0, 1]);
  });

  it('still draws an axis for an empty or a one-value range', () => {
    expect(niceTicks(0, 0, { integer: true })).toEqual([0, 1]);
    expect(niceTicks(0, 0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(5, 5)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(niceTicks(Number.NaN, 3)).toEqual([0, 1]);
  });

  it('covers the range with evenly spaced ticks, a handful of them', () => {
    // Report values are counts and cents: hundredths up to ten billion cover them.
    const finite = fc.integer({ min: -1e12, max: 1e12 }).map((n) => n / 100);
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        const [min, max] = a <= b ? [a, b] : [b, a];
        const ticks = niceTicks(min, max);
        expect(ticks[0]).toBeLessThanOrEqual(min);
        expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        expect(ticks.length).toBeLessThanOrEqual(12);
        const step = (ticks[1] ?? 0) - (ticks[0] ?? 0);
        for (let i = 1; i < ticks.length; i++) expect((ticks[i] ?? 0) - (ticks[i - 1] ?? 0)).toBeCloseTo(step, 6);
      }),
    );
  });
});
