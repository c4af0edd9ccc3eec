export { CartFile, cartRequest, cartShopper, defaultMoment, unknownCoupons } from './cart-file.ts';
export { Backtest, DEFAULT_NEAR, type BacktestOptions, type BacktestResult, type NearBucket, type Refusal, type ThresholdReach, type ThresholdStep } from './backtest.ts';
export { averageCents, DiscountCosts, type SourceCost } from './discount-costs.ts';
export { growHeapByAQuarter } from './heap.ts';
export { checkPopulation, Population, type Category, type DailyCurve } from './population.ts';
export { simulate, campaignSeedOf, publicValueOf, OPERATOR, type Progress, type SimulationOptions, type SimulationRun } from './simulate.ts';
export { buildReport, SIMULATOR_VERSION, type Report, type BudgetReport, type Invariant, type VariantReport } from './report.ts';
export { renderReport } from './report-html.ts';
export { diffReports, DOCUMENT, formatSegments, leaves, type Change, type DiffOptions, type ReportDiff, type PathSegment } from './report-diff.ts';
