import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distribution, gini, histogram, meanEstimate, proportionEstimate, quantile, topShare } from './stats.ts';

describe('report statistics', () => {
  it('pins worked cases', () => {
    expect(gini([5, 5, 5, 5])).toBe(0);
    // One of four holds everything: G = (n - 1) / n.
    expect(gini([0, 0, 0, 8])).toBe(0.75);
    expect(gini([1, 2, 3, 4])).toBe(0.25);
    expect(topShare([1, 1, 1, 1, 1, 1, 1, 1, 1, 91], 0.01)).toBe(0.91);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(histogram([0, 3, 9, 10, 97], 10).map((b) => [b.from, b.count])).toEqual([
      [0, 3], [10, 1], [20, 0], [30, 0], [40, 0], [50, 0], [60, 0], [70, 0], [80, 0], [90, 1],
    ]);
  });

  it('keeps every value in exactly one bin, and Gini within [0, 1)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1_000_000 }), { maxLength: 300 }), (values) => {
        const d = distribution(values);
        expect(d.histogram.reduce((sum, b) => sum + b.count, 0)).toBe(values.length);
        expect(d.total).toBe(values.reduce((a, b) => a + b, 0));
        expect(d.gini).toBeGreaterThanOrEqual(0);
        expect(d.gini).toBeLessThan(1);
        expect(d.median).toBeLessThanOrEqual(d.p90);
        expect(d.p90).toBeLessThanOrEqual(d.max);
      }),
    );
  });

  it('gives intervals around the estimate', () => {
    // Worked by hand: mean 10, sample variance 10 / 5 = 2, half-width 1.959964 · √(2 / 6) = 1.131586.
    expect(meanEstimate([10, 12, 8, 10, 11, 9])).toEqual({ value: 10, low: 8.868414, high: 11.131586, n: 6 });
    expect(meanEstimate([7])).toEqual({ value: 7, low: 7, high: 7, n: 1 });
    // Wilson interval of 0 hits in 10 stays within [0, 1] and is not empty.
    const none = proportionEstimate(0, 10);
    expect([none.value, none.low]).toEqual([0, 0]);
    expect(none.high).toBeCloseTo(0.277533, 5);
    expect(proportionEstimate(50, 100)).toMatchObject({ value: 0.5, low: 0.403832, high: 0.596168 });
  });
});
