/**
 * The statistics of a report. Inputs are integers (candy, cents, counts); ratios are rounded to
 * six decimals so that a report is the same text on every machine and store.
 */

/** Rounds a ratio for a report: six decimals, and -0 as 0. */
export const ratio = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 + 0 : 0);

export interface Bin {
  from: number;
  to: number;
  count: number;
}

/** Sorted copy, ascending. */
const sorted = (values: ArrayLike<number>): Float64Array => Float64Array.from(values).sort();

/** The value at quantile q (nearest rank) of ascending values; 0 when empty. */
export function quantile(ascending: ArrayLike<number>, q: number): number {
  if (ascending.length === 0) return 0;
  return ascending[Math.min(ascending.length - 1, Math.max(0, Math.ceil(q * ascending.length) - 1))]!;
}

/**
 * The Gini coefficient of non-negative values (0: all equal, towards 1: one holds everything),
 * from the sorted values: G = (2 Σ i·x_i) / (n Σ x_i) − (n + 1) / n, i from 1.
 */
export function gini(ascending: ArrayLike<number>): number {
  const n = ascending.length;
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += ascending[i]!;
    weighted += (i + 1) * ascending[i]!;
  }
  if (n === 0 || total === 0) return 0;
  return ratio((2 * weighted) / (n * total) - (n + 1) / n);
}

/** Share of the total held by the top `fraction` of holders (at least one holder). */
export function topShare(ascending: ArrayLike<number>, fraction: number): number {
  const n = ascending.length;
  if (n === 0) return 0;
  const top = Math.max(1, Math.floor(n * fraction));
  let total = 0;
  let topSum = 0;
  for (let i = 0; i < n; i++) {
    total += ascending[i]!;
    if (i >= n - top) topSum += ascending[i]!;
  }
  return total === 0 ? 0 : ratio(topSum / total);
}

/**
 * Bins of round widths covering the values: `count` bins of a width from 1, 2, 5 × 10^k, the
 * first starting at 0 (values are counts and amounts, never negative).
 */
export function histogram(values: ArrayLike<number>, count = 20): Bin[] {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  const width = niceWidth(max / count);
  const bins: Bin[] = [];
  const n = Math.max(1, Math.floor(max / width) + 1);
  for (let i = 0; i < n; i++) bins.push({ from: i * width, to: (i + 1) * width, count: 0 });
  for (let i = 0; i < values.length; i++) bins[Math.min(n - 1, Math.floor(values[i]! / width))]!.count++;
  return bins;
}

function niceWidth(raw: number): number {
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const step of [1, 2, 5, 10]) if (raw <= step * power) return step * power;
  return 10 * power;
}

export interface Distribution {
  count: number;
  total: number;
  mean: number;
  median: number;
  p90: number;
  p99: number;
  max: number;
  gini: number;
  top1Share: number;
  histogram: Bin[];
}

/** The summary of a distribution of non-negative integers. */
export function distribution(values: ArrayLike<number>, bins = 20): Distribution {
  const ascending = sorted(values);
  let total = 0;
  for (const v of ascending) total += v;
  return {
    count: ascending.length,
    total,
    mean: ratio(ascending.length ? total / ascending.length : 0),
    median: quantile(ascending, 0.5),
    p90: quantile(ascending, 0.9),
    p99: quantile(ascending, 0.99),
    max: ascending.length ? ascending[ascending.length - 1]! : 0,
    gini: gini(ascending),
    top1Share: topShare(ascending, 0.01),
    histogram: histogram(ascending, bins),
  };
}

export interface Estimate {
  /** The sample mean (or proportion). */
  value: number;
  /** The 95% confidence interval. */
  low: number;
  high: number;
  n: number;
}

const Z95 = 1.959964;

/** The mean with its 95% confidence interval (normal approximation: samples here are large). */
export function meanEstimate(values: ArrayLike<number>): Estimate {
  const n = values.length;
  if (n === 0) return { value: 0, low: 0, high: 0, n: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2;
  const half = n > 1 ? Z95 * Math.sqrt(squares / (n - 1) / n) : 0;
  return { value: ratio(mean), low: ratio(mean - half), high: ratio(mean + half), n };
}

/** A proportion with its 95% Wilson score interval, which stays inside [0, 1] for small counts. */
export function proportionEstimate(hits: number, n: number): Estimate {
  if (n === 0) return { value: 0, low: 0, high: 0, n: 0 };
  const p = hits / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { value: ratio(p), low: ratio(Math.max(0, centre - half)), high: ratio(Math.min(1, centre + half)), n };
}
