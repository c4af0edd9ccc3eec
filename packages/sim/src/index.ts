export { CartFile, cartRequest, cartShopper, defaultMoment, unknownCoupons } from './cart-file.ts';
export { averageCents, Backtest, DEFAULT_NEAR, type BacktestOptions, type BacktestResult, type NearBucket, type Refusal, type SourceCost, type ThresholdReach, type ThresholdStep } from './backtest.ts';
