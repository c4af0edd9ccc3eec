import { describe, expect, it } from 'vitest';
import { linearScale, valueTicks, verticalGrid } from './axis.ts';
import { formatNumber } from './format.ts';

describe('linearScale', () => {
  it('maps the domain onto the range, flipped when asked', () => {
    const y = linearScale([0, 100], [300, 100]);
    expect([y(0), y(50), y(100)]).toEqual([300, 200, 100]);
  });

  it('puts everything in the middle of an empty domain rather than dividing by zero', () => {
    expect(linearScale([5, 5], [0, 100])(5)).toBe(50);
  });
});

describe('valueTicks', () => {
  it('starts from zero, and stays whole for counts', () => {
    expect(valueTicks([3, 2, 1], formatNumber).map((tick) => tick.label)).toEqual(['0', '1', '2', '3']);
    expect(valueTicks([-40, 97], formatNumber).map((tick) => tick.value)).toEqual([-50, 0, 50, 100]);
  });

  it('ignores values that are not finite', () => {
    expect(valueTicks([Number.NaN, 97], formatNumber).map((tick) => tick.value)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(valueTicks([], formatNumber).map((tick) => tick.value)).toEqual([0, 1]);
  });
});

describe('verticalGrid', () => {
  it('thins labels that would collide, keeping every line', () => {
    const ticks = Array.from({ length: 11 }, (_, i) => ({ value: i, label: `label number ${i}` }));
    const grid = verticalGrid(ticks, linearScale([0, 10], [0, 300]), 0, 100);
    expect(grid.match(/<line /g)).toHaveLength(11);
    expect(grid.match(/<text /g)?.length).toBeLessThan(11);
    expect(grid).toContain('label number 0');
  });

  it('drops a label pulled inside at the edge when it would meet its neighbour', () => {
    const ticks = Array.from({ length: 13 }, (_, i) => ({ value: i * 5000, label: formatNumber(i * 5000) }));
    const grid = verticalGrid(ticks, linearScale([0, 60_000], [40, 704]), 0, 100, 'marks');
    const labels = [...grid.matchAll(/>([\d,]+)<\/text>/g)].map((match) => match[1]);
    expect(labels.at(-1)).toBe('55,000');
    expect(grid.match(/<line [^>]*class="axis"/g)).toHaveLength(13);
  });

  it('keeps the labels at the edges inside the chart', () => {
    const grid = verticalGrid([{ value: 0, label: 'Nov 11 00:00' }, { value: 1, label: 'Nov 12 00:00' }], linearScale([0, 1], [0, 720]), 0, 100);
    expect(grid).toContain('text-anchor="start">Nov 11 00:00');
    expect(grid).toContain('text-anchor="end">Nov 12 00:00');
  });
});
