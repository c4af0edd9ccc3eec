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
  /** The sample mean (or proportion, or difference of means). */
  value: number;
  /** The 95% confidence interval; null where the sample cannot give one (fewer than two values). */
  low: number | null;
  high: number | null;
  n: number;
}

const Z95 = 1.959964;

/** Student's t at 0.975 for 1 to 30 degrees of freedom: small samples have wide intervals. */
const T975 = [
  12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.13145,
  2.119905, 2.109816, 2.100922, 2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.04523, 2.042272,
];

/**
 * The two-sided 95% quantile of Student's t with `df` degrees of freedom (df may be fractional, as
 * Welch's is): the table up to 30 (straight between whole degrees), then the Cornish–Fisher
 * expansion around the normal quantile, within 1e-5 of the exact value there.
 */
export function t95(df: number): number {
  if (!(df >= 1)) throw new RangeError(`t95: degrees of freedom must be 1 or more, got ${df}`);
  if (df <= 30) {
    const below = Math.floor(df);
    const t = T975[below - 1]!;
    return below === df ? t : t + (T975[below]! - t) * (df - below);
  }
  const z = Z95;
  const z3 = z ** 3;
  const z5 = z ** 5;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z ** 7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

/** Mean, the variance of the mean, and the least of some values. */
function moments(values: ArrayLike<number>): { n: number; mean: number; varianceOfMean: number; min: number } {
  const n = values.length;
  let sum = 0;
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    sum += values[i]!;
    min = Math.min(min, values[i]!);
  }
  const mean = n ? sum / n : 0;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2;
  return { n, mean, varianceOfMean: n > 1 ? squares / (n - 1) / n : 0, min };
}

/**
 * The mean with its 95% confidence interval, by Student's t (a segment may hold a handful of
 * players). The interval of values that are never negative (candy, orders, cash) stops at 0:
 * their mean cannot be below it, however few and spread the values.
 */
export function meanEstimate(values: ArrayLike<number>): Estimate {
  const { n, mean, varianceOfMean, min } = moments(values);
  if (n < 2) return { value: ratio(mean), low: null, high: null, n };
  const half = t95(n - 1) * Math.sqrt(varianceOfMean);
  return { value: ratio(mean), low: ratio(min >= 0 ? Math.max(0, mean - half) : mean - half), high: ratio(mean + half), n };
}

/**
 * The difference of two means (b − a) with its 95% confidence interval by Welch's t, which does
 * not assume the two groups vary alike: a variant against its experiment's control.
 */
export function differenceEstimate(a: ArrayLike<number>, b: ArrayLike<number>): Estimate {
  const x = moments(a);
  const y = moments(b);
  const value = ratio(y.mean - x.mean);
  const n = x.n + y.n;
  if (x.n < 2 || y.n < 2) return { value, low: null, high: null, n };
  const variance = x.varianceOfMean + y.varianceOfMean;
  if (variance === 0) return { value, low: value, high: value, n };
  const df = variance ** 2 / (x.varianceOfMean ** 2 / (x.n - 1) + y.varianceOfMean ** 2 / (y.n - 1));
  const half = t95(Math.max(1, df)) * Math.sqrt(variance);
  return { value, low: ratio(y.mean - x.mean - half), high: ratio(y.mean - x.mean + half), n };
}

/** A proportion with its 95% Wilson score interval, which stays inside [0, 1] for small counts. */
export function proportionEstimate(hits: number, n: number): Estimate {
  if (n === 0) return { value: 0, low: null, high: null, n: 0 };
  const p = hits / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { value: ratio(p), low: ratio(Math.max(0, centre - half)), high: ratio(Math.min(1, centre + half)), n };
}
