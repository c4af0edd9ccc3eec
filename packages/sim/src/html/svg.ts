/**
 * The charts of the simulator's HTML report: pure functions from data to an SVG string, with
 * their colours in `chartCss` (which `renderPage` inlines).
 */
export { barChart, type Bar, type BarChartOptions } from './bar-chart.ts';
export { funnelChart, type FunnelChartOptions, type FunnelRow } from './funnel-chart.ts';
export { groupedBars, type BarGroup, type GroupedBarsOptions, type GroupedValue } from './grouped-bars.ts';
export { histogram, type Bin, type HistogramOptions } from './histogram.ts';
export { lineChart, type ChartMarker, type LineChartOptions, type LineSeries } from './line-chart.ts';
export { chartCss } from './theme.ts';
export { formatCompact, formatInstant, formatNumber, formatPercent, moneyFormat, type ValueFormat } from './format.ts';
