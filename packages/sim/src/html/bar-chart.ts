import { linearScale } from './axis.ts';
import { CHART_WIDTH, TITLE_HEIGHT, chartSvg, element, noDataChart, seriesClass, text, textWidth, tooltip } from './draw.ts';
import { counted, formatNumber, type ValueFormat } from './format.ts';
import { FONT } from './theme.ts';

export interface Bar {
  label: string;
  value: number;
}

export interface BarChartOptions {
  title: string;
  bars: readonly Bar[];
  valueFormat?: ValueFormat;
}

const ROW = 26;
const BAR = 16;
// Labels longer than this share of the width are cut, so the bars keep room.
const MAX_LABEL_SHARE = 0.34;

/**
 * Horizontal bars, one per label, in the given order, each with its value written at its end:
 * payouts by mechanic, rejections by error code. Non-finite values are left out.
 *
 * @example
 * barChart({ title: 'Rejections by error code', bars: [{ label: 'BUDGET_EXHAUSTED', value: 1204 }, { label: 'DAILY_CAP', value: 310 }] })
 */
export function barChart(options: BarChartOptions): string {
  const { title, valueFormat = formatNumber } = options;
  const bars = options.bars.filter((bar) => Number.isFinite(bar.value));
  if (bars.length === 0) return noDataChart(title);

  // Every bar carries its value, so there is no axis to read; the longest bar spans the plot.
  const values = bars.map((bar) => bar.value);
  const domain: [number, number] = [Math.min(0, ...values), Math.max(0, ...values)];
  if (domain[0] === domain[1]) domain[1] = 1;
  const labelWidth = Math.min(CHART_WIDTH * MAX_LABEL_SHARE, Math.max(...bars.map((bar) => textWidth(bar.label, FONT.label))));
  const valueWidth = Math.max(...bars.map((bar) => textWidth(valueFormat(bar.value), FONT.tick)));
  const left = labelWidth + 12;
  const right = CHART_WIDTH - valueWidth - 10;
  const x = linearScale(domain, [left, right]);
  const top = TITLE_HEIGHT + 8;
  const bottom = top + bars.length * ROW;

  const rows = bars.map((bar, i) => {
    const middle = top + i * ROW + ROW / 2;
    const [from, to] = [x(0), x(bar.value)].sort((a, b) => a - b) as [number, number];
    const value = valueFormat(bar.value);
    const rect = element('rect', { x: from, y: middle - BAR / 2, width: to - from, height: BAR, rx: 2, class: `bar ${seriesClass(0)}` }, tooltip(`${bar.label}: ${value}`));
    const label = text(left - 8, middle, bar.label, { anchor: 'end', middle: true, maxWidth: labelWidth });
    const valueText = bar.value < 0 ? text(from - 6, middle, value, { className: 'value', anchor: 'end', middle: true }) : text(to + 6, middle, value, { className: 'value', middle: true });
    return `${rect}${label}${valueText}`;
  });
  const zero = element('line', { x1: x(0), x2: x(0), y1: top, y2: bottom, class: 'axis' });
  const body = `${rows.join('')}${zero}`;
  const summary = `Bar chart of ${counted(bars.length, 'bar')}: ${bars.map((bar) => `${bar.label} ${valueFormat(bar.value)}`).join('; ')}.`;
  return chartSvg({ title, summary, height: bottom + 8, body });
}
