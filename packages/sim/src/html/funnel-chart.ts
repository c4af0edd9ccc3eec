import { CHART_WIDTH, TITLE_HEIGHT, chartSvg, element, noDataChart, seriesClass, text, textWidth, tooltip } from './draw.ts';
import { counted, formatNumber, formatPercent, type ValueFormat } from './format.ts';
import { FONT } from './theme.ts';

/** One row of the funnel, a day for instance: a count per stage, in the order of the stages. */
export interface FunnelRow {
  label: string;
  counts: readonly number[];
}

export interface FunnelChartOptions {
  title: string;
  /** The stages, widest first: "Active players", "Checked in", "Browsed 3 shops"... */
  stages: readonly string[];
  rows: readonly FunnelRow[];
  valueFormat?: ValueFormat;
}

const HEADER = 30;
const ROW = 40;
const MAX_LABEL = 130;

/**
 * A funnel per row, stages side by side: the task completion funnel by day. Each cell shows its
 * count, its share of the row's first stage, and a bar scaled to the largest count of the whole
 * chart, so both the drop-off within a day and the busier days stand out.
 *
 * @example
 * funnelChart({
 *   title: 'Tasks by day',
 *   stages: ['Active', 'Checked in', 'Browsed'],
 *   rows: [{ label: 'Nov 10', counts: [1000, 640, 210] }, { label: 'Nov 11', counts: [2400, 1900, 800] }],
 * })
 */
export function funnelChart(options: FunnelChartOptions): string {
  const { title, stages, rows, valueFormat = formatNumber } = options;
  const counts = rows.flatMap((row) => row.counts.slice(0, stages.length).filter(Number.isFinite));
  if (stages.length === 0 || counts.length === 0) return noDataChart(title);

  const largest = Math.max(...counts);
  const labelWidth = Math.min(MAX_LABEL, Math.max(...rows.map((row) => textWidth(row.label, FONT.label))));
  const left = labelWidth + 14;
  const column = (CHART_WIDTH - left) / stages.length;
  const inner = column - 14;
  const top = TITLE_HEIGHT + HEADER;

  const header = stages.map((stage, s) => {
    const x0 = left + s * column;
    const swatch = element('rect', { x: x0, y: top - 19, width: 10, height: 10, rx: 2, class: `swatch ${seriesClass(s)}` });
    return `${swatch}${text(x0 + 15, top - 14, stage, { className: 'muted', middle: true, maxWidth: inner - 15, size: FONT.tick })}`;
  });
  const body = rows.map((row, r) => {
    const rowTop = top + r * ROW;
    const base = row.counts[0] ?? 0;
    const separator = element('line', { x1: 0, x2: CHART_WIDTH, y1: rowTop, y2: rowTop, class: 'grid' });
    const name = text(0, rowTop + ROW / 2, row.label, { middle: true, maxWidth: labelWidth });
    const cells = stages.map((stage, s) => {
      const count = row.counts[s];
      if (count === undefined || !Number.isFinite(count)) return '';
      const x0 = left + s * column;
      const value = valueFormat(count);
      const share = s > 0 && base > 0 ? formatPercent(count / base) : '';
      const hint = tooltip(`${row.label}, ${stage}: ${value}${share ? ` (${share} of ${stages[0]})` : ''}`);
      const track = element('rect', { x: x0, y: rowTop + 24, width: inner, height: 7, rx: 3.5, class: 'track' });
      const bar = element('rect', { x: x0, y: rowTop + 24, width: largest > 0 ? (inner * Math.max(0, count)) / largest : 0, height: 7, rx: 3.5, class: `bar ${seriesClass(s)}` });
      const shareWidth = share ? textWidth(share, FONT.tick) + 6 : 0;
      const figures = text(x0, rowTop + 16, value, { maxWidth: inner - shareWidth });
      const shareText = share ? text(x0 + inner, rowTop + 16, share, { className: 'muted', anchor: 'end' }) : '';
      return element('g', {}, `${hint}${track}${bar}${figures}${shareText}`);
    });
    return `${separator}${name}${cells.join('')}`;
  });
  const summary = `Funnel of ${stages.join(', then ')}, over ${counted(rows.length, 'row')}; percentages are shares of ${stages[0]}.`;
  return chartSvg({ title, summary, height: top + rows.length * ROW + 6, body: `${header.join('')}${body.join('')}` });
}
