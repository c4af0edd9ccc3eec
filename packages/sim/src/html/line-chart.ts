import { extent, horizontalGrid, linearScale, type Scale, tickDomain, valueTicks, verticalGrid, widestLabel, xAxisTitle, yAxisTitle } from './axis.ts';
import { CHART_WIDTH, TITLE_HEIGHT, chartSvg, element, legend, noDataChart, num, seriesClass, text, textWidth, tooltip } from './draw.ts';
import { counted, formatInstant, formatNumber, type ValueFormat } from './format.ts';
import { FONT } from './theme.ts';
import { niceTicks, type Tick } from './ticks.ts';
import { timeTicks } from './time-ticks.ts';

type Point = readonly [x: number, y: number];

export interface LineSeries {
  name: string;
  points: readonly Point[];
}

/** A moment worth pointing at, drawn as a dashed vertical line with a label: "Budget A exhausted". */
export interface ChartMarker {
  x: number;
  label: string;
}

interface LineChartCommon {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly LineSeries[];
  markers?: readonly ChartMarker[];
  yFormat?: ValueFormat;
}

/**
 * Either x is a plain number (with `xFormat`), or x is epoch milliseconds read in `xTimeZone`,
 * with ticks on round local times.
 */
export type LineChartOptions = LineChartCommon & ({ xTimeZone?: undefined; xFormat?: ValueFormat } | { xTimeZone: string; xFormat?: undefined });

const PLOT_HEIGHT = 260;
const HOUR = 3_600_000;
const MARKER_ROW = 15;
const MAX_MARKER_LABEL = CHART_WIDTH / 2;
// Dots on every point help read short series; on long ones they would only blur the line.
const MAX_DOTTED_POINTS = 24;

interface Placed {
  marker: ChartMarker;
  at: number;
  row: number;
  anchor: 'start' | 'end';
}

/** Marker labels above the plot, in as few rows as keep them from overlapping. */
function placeMarkers(markers: readonly ChartMarker[], x: (value: number) => number): Placed[] {
  const rowEnds: number[] = [];
  return [...markers]
    .sort((a, b) => a.x - b.x)
    .map((marker) => {
      const at = x(marker.x);
      const width = Math.min(textWidth(marker.label, FONT.tick), MAX_MARKER_LABEL) + 8;
      const anchor = at + width > CHART_WIDTH ? 'end' : 'start';
      const [from, to] = anchor === 'start' ? [at, at + width] : [at - width, at];
      let row = rowEnds.findIndex((end) => end < from);
      if (row === -1) row = rowEnds.length;
      rowEnds[row] = to;
      return { marker, at, row, anchor };
    });
}

/**
 * The points a plot can tell apart: within one pixel column, only the first, lowest, highest and
 * last matter to the line drawn, so a long run's burn keeps its shape in a small file.
 */
function visiblePoints(points: readonly Point[], x: Scale): Point[] {
  const kept: Point[] = [];
  let column: Point[] = [];
  const flush = (): void => {
    const [first, last] = [column[0], column.at(-1)];
    if (!first || !last) return;
    const byY = [...column].sort((a, b) => a[1] - b[1]);
    const chosen = new Set([first, byY[0]!, byY.at(-1)!, last]);
    kept.push(...column.filter((point) => chosen.has(point)));
  };
  for (const point of points) {
    if (column.length > 0 && Math.round(x(point[0])) !== Math.round(x(column[0]![0]))) {
      flush();
      column = [];
    }
    column.push(point);
  }
  flush();
  return kept;
}

/**
 * Lines over x: budget burn per budget over simulated time, with a marker where a budget ran out.
 * Non-finite points are left out; a chart with no point left says "No data".
 *
 * @example
 * lineChart({
 *   title: 'Budget burn', xLabel: 'Simulated time', yLabel: 'Spent',
 *   series: [{ name: 'Red packets', points: [[Date.parse('2026-11-11T00:00+08:00'), 0], [Date.parse('2026-11-11T02:00+08:00'), 1_250_000]] }],
 *   markers: [{ x: Date.parse('2026-11-11T02:00+08:00'), label: 'Red packets exhausted' }],
 *   xTimeZone: 'Asia/Shanghai', yFormat: moneyFormat('CNY', { compact: true }),
 * })
 */
export function lineChart(options: LineChartOptions): string {
  const { title, xLabel, yLabel, markers = [], yFormat = formatNumber, xTimeZone } = options;
  const series = options.series.map((line) => ({
    name: line.name,
    points: line.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)).sort((a, b) => a[0] - b[0]),
  }));
  const points = series.flatMap((line) => line.points);
  if (points.length === 0) return noDataChart(title);
  const shownMarkers = markers.filter((marker) => Number.isFinite(marker.x));

  const xs = [...points.map(([x]) => x), ...shownMarkers.map((marker) => marker.x)];
  let [xMin, xMax] = extent(xs);
  // One instant in time gets an hour either side; one plain x, a unit.
  if (xMin === xMax) [xMin, xMax] = xTimeZone === undefined ? [xMin - 1, xMax + 1] : [xMin - HOUR, xMax + HOUR];
  let xTicks: Tick[];
  let describeX: ValueFormat;
  if (xTimeZone !== undefined) {
    xTicks = timeTicks(xMin, xMax, xTimeZone);
    describeX = (x) => formatInstant(x, xTimeZone);
  } else {
    describeX = options.xFormat ?? formatNumber;
    xTicks = niceTicks(xMin, xMax).map((value) => ({ value, label: describeX(value) }));
    [xMin, xMax] = tickDomain(xTicks);
  }
  const yTicks = valueTicks(points.map(([, y]) => y), yFormat);

  const left = 24 + widestLabel(yTicks) + 10;
  const right = CHART_WIDTH - 16;
  const x = linearScale([xMin, xMax], [left, right]);
  const placed = placeMarkers(shownMarkers, x);
  const markerRows = Math.max(0, ...placed.map((p) => p.row + 1));
  const key = legend(
    series.map((line) => line.name),
    TITLE_HEIGHT + 6,
    'line',
  );
  const plotTop = TITLE_HEIGHT + key.height + 12 + markerRows * MARKER_ROW;
  const plotBottom = plotTop + PLOT_HEIGHT;
  const y = linearScale(tickDomain(yTicks), [plotBottom, plotTop]);

  const lines = series.map((line, i) => {
    const cls = seriesClass(i);
    const path = visiblePoints(line.points, x).map(([px, py], j) => `${j === 0 ? 'M' : 'L'}${num(x(px))} ${num(y(py))}`).join('');
    const drawn = line.points.length > 1 ? element('path', { d: path, class: `line ${cls}` }, tooltip(line.name)) : '';
    const dots =
      line.points.length <= MAX_DOTTED_POINTS
        ? line.points.map(([px, py]) => element('circle', { cx: x(px), cy: y(py), r: 3.5, class: `dot ${cls}` }, tooltip(`${line.name}: ${describeX(px)} → ${yFormat(py)}`))).join('')
        : '';
    return `${drawn}${dots}`;
  });
  const markerMarks = placed.map(({ marker, at, row, anchor }) => {
    const labelY = TITLE_HEIGHT + key.height + 12 + row * MARKER_ROW + 8;
    const line = element('line', { x1: at, x2: at, y1: labelY + 4, y2: plotBottom, class: 'marker' });
    const label = text(anchor === 'start' ? at + 4 : at - 4, labelY, marker.label, { className: 'marker-label', anchor, maxWidth: MAX_MARKER_LABEL, size: FONT.tick });
    return element('g', {}, `${tooltip(`${marker.label}: ${describeX(marker.x)}`)}${line}${label}`);
  });

  const body = [
    key.svg,
    horizontalGrid(yTicks, y, left, right),
    verticalGrid(xTicks, x, plotTop, plotBottom),
    ...lines,
    ...markerMarks,
    yAxisTitle(yLabel, plotTop, plotBottom),
    xAxisTitle(xLabel, left, right, plotBottom + 40),
  ].join('');
  const summary = `Line chart of ${yLabel} over ${xLabel}: ${counted(series.length, 'series', 'series')}, ${counted(shownMarkers.length, 'marker')}.`;
  return chartSvg({ title, summary, height: plotBottom + 50, body });
}
