import { horizontalGrid, linearScale, tickDomain, valueTicks, verticalGrid, widestLabel, xAxisTitle, yAxisTitle } from './axis.ts';
import { CHART_WIDTH, TITLE_HEIGHT, chartSvg, element, noDataChart, seriesClass, text, textWidth, tooltip } from './draw.ts';
import { counted, formatNumber, type ValueFormat } from './format.ts';
import { FONT } from './theme.ts';
import { niceTicks } from './ticks.ts';

/** How many values fell in `from..to`. */
export interface Bin {
  from: number;
  to: number;
  count: number;
}

export interface HistogramOptions {
  title: string;
  bins: readonly Bin[];
  xFormat?: ValueFormat;
  /** What the bins measure: "Candy per player". */
  xLabel?: string;
  /** What the counts count: "Players". */
  yLabel?: string;
}

const PLOT_HEIGHT = 220;
// Up to this many bins, ticks sit on the bin edges; beyond, on round numbers.
const MAX_EDGE_TICKS = 12;

/**
 * Counts of values per bin, as touching columns: candy per player, pooled red packets, tickets
 * per player. Bins with a non-finite edge or count are left out.
 *
 * @example
 * histogram({ title: 'Tickets per player', xLabel: 'Tickets', yLabel: 'Players', bins: [{ from: 0, to: 1, count: 820 }, { from: 1, to: 2, count: 310 }] })
 */
export function histogram(options: HistogramOptions): string {
  const { title, xFormat = formatNumber, xLabel = '', yLabel = 'Count' } = options;
  const bins = options.bins.filter((bin) => [bin.from, bin.to, bin.count].every(Number.isFinite));
  if (bins.length === 0) return noDataChart(title);

  const edges = [...new Set(bins.flatMap((bin) => [bin.from, bin.to]))].sort((a, b) => a - b);
  let [xMin, xMax] = [edges[0] ?? 0, edges.at(-1) ?? 1];
  if (xMin === xMax) [xMin, xMax] = [xMin - 0.5, xMax + 0.5];
  const xTicks = (bins.length <= MAX_EDGE_TICKS ? edges : niceTicks(xMin, xMax).filter((value) => value >= xMin && value <= xMax)).map((value) => ({ value, label: xFormat(value) }));
  const yTicks = valueTicks(
    bins.map((bin) => bin.count),
    formatNumber,
  );

  const left = 24 + widestLabel(yTicks) + 10;
  const right = CHART_WIDTH - 16;
  const plotTop = TITLE_HEIGHT + 16;
  const plotBottom = plotTop + PLOT_HEIGHT;
  const x = linearScale([xMin, xMax], [left, right]);
  const y = linearScale(tickDomain(yTicks), [plotBottom, plotTop]);

  const columns = bins.map((bin) => {
    const [x0, x1] = [x(Math.min(bin.from, bin.to)), x(Math.max(bin.from, bin.to))];
    const width = Math.max(1, x1 - x0 - 1);
    const [top, base] = [y(Math.max(0, bin.count)), y(Math.min(0, bin.count))];
    const count = formatNumber(bin.count);
    const hint = tooltip(`${xFormat(bin.from)}–${xFormat(bin.to)}: ${count}`);
    const column = element('rect', { x: x0 + 0.5, y: top, width, height: base - top, class: `bar ${seriesClass(0)}` }, hint);
    return { column, count, middle: x0 + 0.5 + width / 2, top, fits: textWidth(count, FONT.tick) + 2 <= width };
  });
  // Counts over the columns when every one fits (a few labelled columns would read as the only
  // ones), except zeros: an empty bin shows it has no column.
  const labelled = columns.every((column) => column.fits);
  const drawn = columns.map(({ column, count, middle, top }, i) =>
    labelled && bins[i]?.count !== 0 ? `${column}${text(middle, top - 5, count, { className: 'value', anchor: 'middle' })}` : column,
  );
  const body = [
    horizontalGrid(yTicks, y, left, right),
    ...drawn,
    verticalGrid(xTicks, x, plotTop, plotBottom, 'marks'),
    yAxisTitle(yLabel, plotTop, plotBottom),
    xAxisTitle(xLabel, left, right, plotBottom + 40),
  ].join('');
  const summary = `Histogram of ${xLabel || 'values'}: ${counted(bins.length, 'bin')} from ${xFormat(xMin)} to ${xFormat(xMax)}, ${formatNumber(bins.reduce((sum, bin) => sum + bin.count, 0))} in all.`;
  return chartSvg({ title, summary, height: plotBottom + 50, body });
}
