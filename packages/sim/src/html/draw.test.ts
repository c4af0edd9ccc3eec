import { describe, expect, it } from 'vitest';
import { CHART_WIDTH, element, legend, noDataChart, num, text, textWidth, truncate } from './draw.ts';

describe('num', () => {
  it('writes one decimal, and no -0, NaN or Infinity', () => {
    expect(num(12.345)).toBe('12.3');
    expect(num(12)).toBe('12');
    expect(num(-0.01)).toBe('0');
    expect(num(Number.NaN)).toBe('0');
    expect(num(Number.POSITIVE_INFINITY)).toBe('0');
  });
});

describe('element', () => {
  it('escapes attribute values and leaves out undefined ones', () => {
    expect(element('rect', { x: 1.26, class: 'a"b', id: undefined })).toBe('<rect x="1.3" class="a&quot;b"></rect>');
  });
});

describe('truncate', () => {
  it('leaves text that fits alone', () => {
    expect(truncate('Lottery', 100, 12)).toBe('Lottery');
  });

  it('cuts text that does not fit, with an ellipsis, to within the width', () => {
    const cut = truncate('Clear the cart, up to ¥49,999, for the first 100 players', 120, 12);
    expect(cut).toMatch(/^Clear the .*…$/);
    expect(textWidth(cut, 12)).toBeLessThanOrEqual(120);
  });

  it('counts ideographs as wide', () => {
    expect(textWidth('瓜分红包', 12)).toBe(48);
    expect(truncate('瓜分红包瓜分红包', 40, 12)).toBe('瓜分…');
  });
});

describe('text', () => {
  it('keeps the whole of a cut label in a tooltip', () => {
    const label = text(0, 0, 'BUDGET_EXHAUSTED_FOR_THE_WHOLE_CAMPAIGN', { maxWidth: 80 });
    expect(label).toMatch(/^<text x="0" y="0"><title>BUDGET_EXHAUSTED_FOR_THE_WHOLE_CAMPAIGN<\/title>BUDGET.*…<\/text>$/);
  });

  it('escapes its content', () => {
    expect(text(0, 0, '<b>&</b>')).toBe('<text x="0" y="0">&lt;b&gt;&amp;&lt;/b&gt;</text>');
  });
});

describe('legend', () => {
  it('has one swatch per series, coloured by position, and wraps onto more rows', () => {
    const one = legend(['Red packets', 'Lottery'], 40, 'box');
    expect(one.height).toBe(18);
    expect(one.svg.match(/class="swatch s\d"/g)).toEqual(['class="swatch s0"', 'class="swatch s1"']);
    const many = legend(Array.from({ length: 12 }, (_, i) => `Budget number ${i}`), 40, 'line');
    expect(many.height).toBeGreaterThan(18);
    // Colours wrap around after the eighth series.
    expect(many.svg).toContain('class="swatch s0"');
    expect(many.svg).not.toContain('s8');
  });

  it('takes no room when there is nothing to name', () => {
    expect(legend([], 40, 'box')).toEqual({ svg: '<g class="legend"></g>', height: 0 });
  });
});

describe('noDataChart', () => {
  it('says there is no data, under the title', () => {
    const svg = noDataChart('Budget burn');
    expect(svg).toContain('<title>Budget burn</title>');
    expect(svg).toContain('>No data</text>');
    expect(svg).toContain(`viewBox="0 0 ${CHART_WIDTH} 140"`);
  });
});
