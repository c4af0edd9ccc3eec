import { describe, expect, it } from 'vitest';
import { barChart } from './bar-chart.ts';
import { attributesOf, textsOf } from './chart-queries.ts';
import { CHART_WIDTH, textWidth } from './draw.ts';
import { moneyFormat } from './format.ts';
import { FONT } from './theme.ts';

describe('barChart', () => {
  it('draws a bar per label, in order, the longest spanning the plot, each with its value', () => {
    const svg = barChart({
      title: 'Rejections by error code',
      bars: [
        { label: 'BUDGET_EXHAUSTED', value: 1204 },
        { label: 'DAILY_CAP', value: 602 },
        { label: 'OUT_OF_STOCK', value: 0 },
      ],
    });
    expect(textsOf(svg)).toEqual(['Rejections by error code', 'BUDGET_EXHAUSTED', '1,204', 'DAILY_CAP', '602', 'OUT_OF_STOCK', '0']);
    const [longest, half, none] = attributesOf(svg, 'rect', 'bar', 'width');
    expect(half).toBeCloseTo((longest ?? 0) / 2, 0);
    expect(none).toBe(0);
  });

  it('writes large money values in full and keeps them inside the chart', () => {
    const svg = barChart({ title: 'Payouts', valueFormat: moneyFormat('CNY'), bars: [{ label: 'Pooled red packets', value: 200_000_000_000 }] });
    expect(textsOf(svg, 'value')).toEqual(['¥2,000,000,000.00']);
    const [x] = attributesOf(svg, 'rect', 'bar', 'x');
    const [width] = attributesOf(svg, 'rect', 'bar', 'width');
    const [valueX] = attributesOf(svg, 'text', 'value', 'x');
    expect((x ?? 0) + (width ?? 0)).toBeLessThan(valueX ?? 0);
    expect((valueX ?? 0) + textWidth('¥2,000,000,000.00', FONT.tick)).toBeLessThanOrEqual(CHART_WIDTH);
  });

  it('cuts a long label with an ellipsis and keeps it whole in a tooltip', () => {
    const label = 'Clear the cart: up to ¥49,999 for the first hundred players of the night';
    const svg = barChart({ title: 'Payouts', bars: [{ label, value: 1 }] });
    expect(textsOf(svg)[1]).toMatch(/^Clear the cart.*…$/);
    expect(svg).toContain(`<title>${label}</title>`);
  });

  it('draws negative values left of the zero line', () => {
    const svg = barChart({ title: 'Net', bars: [{ label: 'Refunds', value: -50 }, { label: 'Payouts', value: 100 }] });
    const [zero] = attributesOf(svg, 'line', 'axis', 'x1');
    const [refundX, payoutX] = attributesOf(svg, 'rect', 'bar', 'x');
    const [refundWidth] = attributesOf(svg, 'rect', 'bar', 'width');
    expect((refundX ?? 0) + (refundWidth ?? 0)).toBeCloseTo(zero ?? 0, 0);
    expect(payoutX).toBeCloseTo(zero ?? 0, 0);
  });
});
