export { CartFile, cartRequest, cartShopper, defaultMoment, unknownCoupons } from './cart-file.ts';
export { averageCents, Backtest, DEFAULT_NEAR, type BacktestOptions, type BacktestResult, type NearBucket, type Refusal, type SourceCost, type ThresholdReach, type ThresholdStep } from './backtest.ts';
export { diffReports, DOCUMENT, formatSegments, leaves, type Change, type DiffOptions, type ReportDiff, type PathSegment } from './report-diff.ts';
