import { describe, expect, it } from 'vitest';
import { attributesOf, textsOf } from './chart-queries.ts';
import { funnelChart } from './funnel-chart.ts';

describe('funnelChart', () => {
  const svg = funnelChart({
    title: 'Tasks by day',
    stages: ['Active', 'Checked in', 'Browsed'],
    rows: [
      { label: 'Nov 10', counts: [1000, 640, 210] },
      { label: 'Nov 11', counts: [2000, 1900, 0] },
    ],
  });

  it('writes each count and its share of the row’s first stage', () => {
    expect(textsOf(svg)).toEqual([
      'Tasks by day',
      'Active',
      'Checked in',
      'Browsed',
      'Nov 10',
      '1,000',
      '640',
      '64%',
      '210',
      '21%',
      'Nov 11',
      '2,000',
      '1,900',
      '95%',
      '0',
      '0%',
    ]);
  });

  it('scales the bars to the largest count of the whole chart', () => {
    const widths = attributesOf(svg, 'rect', 'bar', 'width');
    const track = attributesOf(svg, 'rect', 'track', 'width')[0] ?? 0;
    expect(widths[3]).toBeCloseTo(track, 1);
    expect(widths[0]).toBeCloseTo(track / 2, 1);
    expect(widths[5]).toBe(0);
  });

  it('gives no share where the first stage is zero, and skips missing counts', () => {
    const sparse = funnelChart({ title: 'T', stages: ['Active', 'Shared'], rows: [{ label: 'Nov 1', counts: [0, 0] }, { label: 'Nov 2', counts: [5] }] });
    expect(textsOf(sparse).filter((label) => label.endsWith('%'))).toEqual([]);
    const track = attributesOf(sparse, 'rect', 'track', 'width')[0];
    expect(attributesOf(sparse, 'rect', 'bar', 'width')).toEqual([0, 0, track]);
  });
});
