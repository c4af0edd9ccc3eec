import { describe, expect, it } from 'vitest';
import { attributesOf, textsOf } from './chart-queries.ts';
import { formatPercent } from './format.ts';
import { groupedBars } from './grouped-bars.ts';

describe('groupedBars', () => {
  const svg = groupedBars({
    title: 'Variants',
    valueFormat: formatPercent,
    groups: [
      { label: 'Conversion', values: [{ series: 'Control', value: 0.12, low: 0.11, high: 0.13 }, { series: 'Streak', value: 0.14, low: 0.13, high: 0.15 }] },
      { label: 'Retention', values: [{ series: 'Streak', value: 0.5 }] },
    ],
  });

  it('colours a series the same in every group and keeps its slot when another is missing', () => {
    expect(svg.match(/class="bar s\d"/g)).toEqual(['class="bar s0"', 'class="bar s1"', 'class="bar s1"']);
    const [control, streak, streakAgain] = attributesOf(svg, 'rect', 'bar', 'x');
    const groupWidth = (streakAgain ?? 0) - (streak ?? 0);
    expect((streak ?? 0) - (control ?? 0)).toBeLessThan(groupWidth);
    expect(textsOf(svg).slice(1, 3)).toEqual(['Control', 'Streak']);
  });

  it('draws a whisker for each interval and writes values over the whisker', () => {
    expect(svg.match(/class="whisker"/g)).toHaveLength(2);
    expect(textsOf(svg, 'value')).toEqual(['12%', '14%', '50%']);
    expect(svg).toContain('<title>Conversion, Control: 12% (11% to 13%)</title>');
  });

  it('reaches up to the highest interval bound', () => {
    const high = groupedBars({ title: 'V', groups: [{ label: 'G', values: [{ series: 'A', value: 10, low: 5, high: 97 }] }] });
    expect(textsOf(high, 'tick')).toEqual(['0', '20', '40', '60', '80', '100']);
  });

  it('cuts group labels to the width of their group', () => {
    const crowded = groupedBars({ title: 'V', groups: Array.from({ length: 12 }, (_, i) => ({ label: `A rather long metric name ${i}`, values: [{ series: 'A', value: i }] })) });
    expect(textsOf(crowded).filter((label) => label.endsWith('…'))).toHaveLength(12);
  });
});
