import { describe, expect, it } from 'vitest';
import { attributesOf, textsOf } from './chart-queries.ts';
import { moneyFormat } from './format.ts';
import { lineChart } from './line-chart.ts';

const at = (iso: string): number => Date.parse(iso);
const base = { title: 'Budget burn', xLabel: 'Simulated time', yLabel: 'Spent' };

describe('lineChart', () => {
  it('draws a path per series with a legend entry each', () => {
    const svg = lineChart({
      ...base,
      series: [
        { name: 'Red packets', points: [[0, 0], [1, 10], [2, 30]] },
        { name: 'Lottery', points: [[0, 0], [2, 5]] },
      ],
    });
    expect(svg.match(/<path d="M[^"]*" class="line s0">/g)).toHaveLength(1);
    expect(svg.match(/<path d="M[^"]*" class="line s1">/g)).toHaveLength(1);
    expect(textsOf(svg).slice(1, 3)).toEqual(['Red packets', 'Lottery']);
    expect(textsOf(svg, 'axis-title')).toEqual(['Spent', 'Simulated time']);
  });

  it('draws a single point as a dot, centred, since a path of one point shows nothing', () => {
    const svg = lineChart({ ...base, series: [{ name: 'Red packets', points: [[5, 42]] }] });
    expect(svg).not.toContain('class="line');
    expect(attributesOf(svg, 'circle', 'dot', 'cx')).toHaveLength(1);
    expect(textsOf(svg, 'tick')).toContain('5');
    expect(svg).toContain('<title>Red packets: 5 → 42</title>');
  });

  it('leaves out points that are not finite and draws the rest in x order', () => {
    const svg = lineChart({ ...base, series: [{ name: 'A', points: [[2, 20], [Number.NaN, 5], [0, 0], [1, Number.POSITIVE_INFINITY]] }] });
    const path = /<path d="([^"]*)"/.exec(svg)?.[1] ?? '';
    expect(path.match(/[ML]/g)).toEqual(['M', 'L']);
    const xs = attributesOf(svg, 'circle', 'dot', 'cx');
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it('draws a long series with the points its pixels can show, keeping its highs and lows, without dots', () => {
    // Every pixel column holds both a 0 and a 999, and nothing else.
    const points = Array.from({ length: 200_000 }, (_, i) => [i, i % 2 === 0 ? 0 : 999] as const);
    const svg = lineChart({ ...base, series: [{ name: 'A', points }] });
    expect(svg).not.toContain('<circle');
    const path = /<path d="([^"]*)"/.exec(svg)?.[1] ?? '';
    expect(path.match(/L/g)?.length).toBeLessThanOrEqual(4 * 720);
    const ys = new Set([...path.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((match) => match[1]));
    expect(ys.size).toBe(2);
  });

  it('draws all-zero values on a 0..1 axis', () => {
    const svg = lineChart({ ...base, series: [{ name: 'A', points: [[0, 0], [1, 0]] }] });
    expect(textsOf(svg, 'tick').slice(0, 2)).toEqual(['0', '1']);
    expect(svg).toMatch(/<path d="M\S+ (\S+)L\S+ \1"/);
  });

  it('reads epoch milliseconds as round local times and writes large money compactly', () => {
    const svg = lineChart({
      ...base,
      series: [{ name: 'Pool', points: [[at('2026-11-10T16:00Z'), 0], [at('2026-11-11T16:00Z'), 200_000_000_000]] }],
      xTimeZone: 'Asia/Shanghai',
      yFormat: moneyFormat('CNY', { compact: true }),
    });
    expect(textsOf(svg, 'tick')).toEqual(['¥0', '¥500M', '¥1B', '¥1.5B', '¥2B', 'Nov 11 00:00', '06:00', '12:00', '18:00', 'Nov 12 00:00']);
    expect(svg).toContain('<title>Pool: 2026-11-12 00:00 → ¥2B</title>');
  });

  it('marks moments with a dashed line and a label, in separate rows when labels would overlap', () => {
    const svg = lineChart({
      ...base,
      series: [{ name: 'A', points: [[0, 0], [100, 10]] }],
      markers: [
        { x: 50, label: 'Red packets exhausted' },
        { x: 52, label: 'Lottery exhausted' },
        { x: 90, label: 'Phase 2' },
      ],
    });
    expect(textsOf(svg, 'marker-label')).toEqual(['Red packets exhausted', 'Lottery exhausted', 'Phase 2']);
    const rows = new Set(attributesOf(svg, 'text', 'marker-label', 'y'));
    expect(rows.size).toBe(2);
    expect(attributesOf(svg, 'line', 'marker', 'x1')).toHaveLength(3);
  });

  it('keeps a marker label near the right edge inside the chart', () => {
    const svg = lineChart({ ...base, series: [{ name: 'A', points: [[0, 0], [100, 10]] }], markers: [{ x: 100, label: 'Budget exhausted at the very end' }] });
    expect(svg).toMatch(/class="marker-label" text-anchor="end">Budget exhausted at the very end/);
  });
});
