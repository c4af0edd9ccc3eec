import { describe, expect, it } from 'vitest';
import { attributesOf, textsOf } from './chart-queries.ts';
import { histogram } from './histogram.ts';

const bins = (counts: readonly number[], width = 1) => counts.map((count, i) => ({ from: i * width, to: (i + 1) * width, count }));

describe('histogram', () => {
  it('puts ticks on the bin edges and counts over every non-empty column when all fit', () => {
    const svg = histogram({ title: 'Tickets per player', xLabel: 'Tickets', yLabel: 'Players', bins: bins([820, 310, 0, 97]) });
    expect(textsOf(svg, 'tick')).toEqual(['0', '200', '400', '600', '800', '1,000', '0', '1', '2', '3', '4']);
    expect(textsOf(svg, 'value')).toEqual(['820', '310', '97']);
    expect(textsOf(svg, 'axis-title')).toEqual(['Players', 'Tickets']);
  });

  it('labels no column when some labels would not fit, and ticks round numbers for many bins', () => {
    const svg = histogram({ title: 'Candy per player', bins: bins(Array.from({ length: 40 }, (_, i) => 1_000_000 + i), 25) });
    expect(textsOf(svg, 'value')).toEqual([]);
    expect(textsOf(svg, 'tick').slice(-6)).toEqual(['0', '200', '400', '600', '800', '1,000']);
  });

  it('draws columns that touch, one pixel apart', () => {
    const svg = histogram({ title: 'Candy', bins: bins([3, 5, 2], 10) });
    const xs = attributesOf(svg, 'rect', 'bar', 'x');
    const widths = attributesOf(svg, 'rect', 'bar', 'width');
    expect((xs[1] ?? 0) - ((xs[0] ?? 0) + (widths[0] ?? 0))).toBeCloseTo(1, 0);
  });

  it('draws zero counts flat on a 0..1 axis', () => {
    const svg = histogram({ title: 'Candy', bins: bins([0, 0]) });
    expect(attributesOf(svg, 'rect', 'bar', 'height')).toEqual([0, 0]);
    expect(textsOf(svg, 'value')).toEqual([]);
    expect(textsOf(svg, 'tick').slice(0, 2)).toEqual(['0', '1']);
  });

  it('gives a one-value bin room', () => {
    const svg = histogram({ title: 'Candy', bins: [{ from: 5, to: 5, count: 4 }] });
    expect(attributesOf(svg, 'rect', 'bar', 'width')[0]).toBeGreaterThanOrEqual(1);
  });
});
