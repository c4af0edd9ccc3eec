import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barChart, funnelChart, groupedBars, histogram, lineChart } from './svg.ts';

const HOSTILE = `<script>alert("x")</script> & 'q'`;
const SVG_TAGS = new Set(['svg', 'title', 'desc', 'text', 'g', 'rect', 'line', 'path', 'circle']);

/** Every tag is a known SVG one and closed in order: escaped text cannot have opened another. */
function expectWellFormed(svg: string): void {
  const open: string[] = [];
  for (const [, closing, name] of svg.matchAll(/<(\/?)([^\s>]+)[^>]*>/g)) {
    expect(SVG_TAGS).toContain(name);
    if (closing) expect(open.pop()).toBe(name);
    else open.push(name ?? '');
  }
  expect(open).toEqual([]);
  expect(svg.replace(/<[^>]*>/g, '')).not.toMatch(/[<>]/);
}

function expectSound(svg: string): void {
  expectWellFormed(svg);
  expect(svg).not.toMatch(/NaN|Infinity|undefined|null/);
  expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*><title>/);
}

/** Each kind of chart, drawn from a number and a label, for the properties all charts share. */
const charts: Record<string, (value: number, label: string) => string> = {
  lineChart: (value, label) =>
    lineChart({ title: label, xLabel: label, yLabel: label, series: [{ name: label, points: [[0, value], [1, value * 2]] }], markers: [{ x: 0.5, label }] }),
  lineChartInTime: (value, label) =>
    lineChart({ title: label, xLabel: label, yLabel: label, series: [{ name: label, points: [[Date.parse('2026-11-11T00:00Z'), value]] }], xTimeZone: 'Asia/Shanghai' }),
  barChart: (value, label) => barChart({ title: label, bars: [{ label, value }, { label: 'other', value: 1 }] }),
  histogram: (value, label) => histogram({ title: label, xLabel: label, yLabel: label, bins: [{ from: 0, to: 1, count: value }, { from: 1, to: 2, count: 3 }] }),
  groupedBars: (value, label) => groupedBars({ title: label, groups: [{ label, values: [{ series: label, value, low: value - 1, high: value + 1 }, { series: 'B', value: 2 }] }] }),
  funnelChart: (value, label) => funnelChart({ title: label, stages: [label, 'Checked in'], rows: [{ label, counts: [value, value / 2] }] }),
};

describe.each(Object.entries(charts))('%s', (_, draw) => {
  it('writes a title holding markup as text', () => {
    const svg = draw(5, HOSTILE);
    expectSound(svg);
    expect(svg).toContain('<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</title>');
    expect(svg).not.toContain('<script');
  });

  it('gives the same bytes for the same data', () => {
    expect(draw(1234.5, 'Budget')).toBe(draw(1234.5, 'Budget'));
  });

  it('stays a sound SVG for zero, negative, huge, fractional and non-finite values, and any label', () => {
    const value = fc.oneof(
      fc.constantFrom(0, -1, 200_000_000_000, Number.NaN, Number.POSITIVE_INFINITY),
      fc.integer({ min: -1e12, max: 1e12 }).map((n) => n / 100),
    );
    // Labels never spell a leak themselves, so finding one means a value leaked.
    const label = fc.string({ unit: 'grapheme', maxLength: 60 }).filter((text) => !/NaN|Infinity|undefined|null/.test(text));
    fc.assert(
      fc.property(value, label, (v, l) => expectSound(draw(v, l))),
      { numRuns: 60 },
    );
  });

  it('references nothing outside itself', () => {
    expect(draw(3, 'Budget')).not.toMatch(/(href|src)=|url\(|@import/);
  });
});

describe('an empty chart', () => {
  it('says "No data" for every kind, and is still sound', () => {
    const empties = [
      lineChart({ title: 'Burn', xLabel: 'time', yLabel: 'spent', series: [] }),
      lineChart({ title: 'Burn', xLabel: 'time', yLabel: 'spent', series: [{ name: 'A', points: [] }, { name: 'B', points: [[Number.NaN, 1]] }] }),
      barChart({ title: 'Payouts', bars: [] }),
      histogram({ title: 'Candy', bins: [] }),
      groupedBars({ title: 'Variants', groups: [] }),
      groupedBars({ title: 'Variants', groups: [{ label: 'Conversion', values: [] }] }),
      funnelChart({ title: 'Tasks', stages: [], rows: [{ label: 'Nov 11', counts: [1] }] }),
      funnelChart({ title: 'Tasks', stages: ['Active'], rows: [] }),
    ];
    for (const svg of empties) {
      expectSound(svg);
      expect(svg).toContain('>No data</text>');
    }
  });
});
