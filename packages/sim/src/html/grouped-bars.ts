import { horizontalGrid, linearScale, tickDomain, valueTicks, widestLabel } from './axis.ts';
import { CHART_WIDTH, TITLE_HEIGHT, chartSvg, element, legend, noDataChart, num, seriesClass, text, textWidth, tooltip } from './draw.ts';
import { counted, formatNumber, type ValueFormat } from './format.ts';
import { FONT } from './theme.ts';

/** One bar of a group; `low` and `high` bound a confidence interval drawn as a whisker. */
export interface GroupedValue {
  series: string;
  value: number;
  low?: number;
  high?: number;
}

export interface BarGroup {
  label: string;
  values: readonly GroupedValue[];
}

export interface GroupedBarsOptions {
  title: string;
  groups: readonly BarGroup[];
  valueFormat?: ValueFormat;
}

const PLOT_HEIGHT = 240;
const MAX_BAR = 56;
// The share of a group's width left as space between groups.
const GROUP_GAP = 0.3;

/**
 * Vertical bars side by side per group, one colour per series, with optional confidence-interval
 * whiskers: a metric per variant of an A/B comparison. A series keeps its slot in every group, so
 * the same colour sits at the same place. Values that are not finite are left out.
 *
 * @example
 * groupedBars({
 *   title: 'Conversion by variant',
 *   groups: [{ label: 'Conversion', values: [{ series: 'A', value: 0.12, low: 0.11, high: 0.13 }, { series: 'B', value: 0.14, low: 0.13, high: 0.15 }] }],
 *   valueFormat: formatPercent,
 * })
 */
export function groupedBars(options: GroupedBarsOptions): string {
  const { title, valueFormat = formatNumber } = options;
  const groups = options.groups.map((group) => ({ label: group.label, values: group.values.filter((value) => Number.isFinite(value.value)) }));
  const seriesNames = [...new Set(groups.flatMap((group) => group.values.map((value) => value.series)))];
  if (seriesNames.length === 0) return noDataChart(title);

  const bounds = groups.flatMap((group) => group.values.flatMap(({ value, low, high }) => [value, low ?? value, high ?? value]));
  const ticks = valueTicks(bounds, valueFormat);
  const key = legend(seriesNames, TITLE_HEIGHT + 6, 'box');
  const left = widestLabel(ticks) + 18;
  const right = CHART_WIDTH - 8;
  const plotTop = TITLE_HEIGHT + key.height + 26;
  const plotBottom = plotTop + PLOT_HEIGHT;
  const y = linearScale(tickDomain(ticks), [plotBottom, plotTop]);
  const groupWidth = (right - left) / groups.length;
  const barWidth = Math.min(MAX_BAR, (groupWidth * (1 - GROUP_GAP)) / seriesNames.length);

  const drawn = groups.map((group, g) => {
    const start = left + g * groupWidth + (groupWidth - barWidth * seriesNames.length) / 2;
    const bars = group.values.map(({ series, value, low, high }) => {
      const slot = seriesNames.indexOf(series);
      const x0 = start + slot * barWidth;
      const middle = x0 + barWidth / 2;
      const [top, base] = [y(Math.max(0, value)), y(Math.min(0, value))];
      const hasInterval = low !== undefined || high !== undefined;
      const interval = hasInterval ? ` (${valueFormat(low ?? value)} to ${valueFormat(high ?? value)})` : '';
      const hint = tooltip(`${group.label}, ${series}: ${valueFormat(value)}${interval}`);
      const rect = element('rect', { x: x0 + 1, y: top, width: Math.max(1, barWidth - 2), height: base - top, class: `bar ${seriesClass(slot)}` }, hint);
      const [whiskerTop, whiskerBottom] = [y(Math.max(low ?? value, high ?? value)), y(Math.min(low ?? value, high ?? value))];
      const [capLeft, capRight] = [num(middle - barWidth * 0.2), num(middle + barWidth * 0.2)];
      const whiskerPath = `M${capLeft} ${num(whiskerTop)}H${capRight}M${num(middle)} ${num(whiskerTop)}V${num(whiskerBottom)}M${capLeft} ${num(whiskerBottom)}H${capRight}`;
      const whisker = hasInterval ? element('path', { d: whiskerPath, class: 'whisker' }) : '';
      const label = valueFormat(value);
      const labelTop = Math.min(top, whiskerTop) - 5;
      const valueText = textWidth(label, FONT.tick) <= barWidth ? text(middle, labelTop, label, { className: 'value', anchor: 'middle' }) : '';
      return `${rect}${whisker}${valueText}`;
    });
    const name = text(left + (g + 0.5) * groupWidth, plotBottom + 18, group.label, { anchor: 'middle', maxWidth: groupWidth - 8 });
    return `${bars.join('')}${name}`;
  });
  const body = [key.svg, horizontalGrid(ticks, y, left, right), ...drawn].join('');
  const summary = `Grouped bar chart: ${counted(groups.length, 'group')} of ${seriesNames.join(', ')}.`;
  return chartSvg({ title, summary, height: plotBottom + 32, body });
}
