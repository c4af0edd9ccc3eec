import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { differenceEstimate, distribution, gini, histogram, meanEstimate, proportionEstimate, quantile, t95, topShare } from './stats.ts';

describe('report statistics', () => {
  it('pins worked cases', () => {
    expect(gini([5, 5, 5, 5])).toBe(0);
    // One of four holds everything: G = (n - 1) / n.
    expect(gini([0, 0, 0, 8])).toBe(0.75);
    expect(gini([1, 2, 3, 4])).toBe(0.25);
    expect(topShare([1, 1, 1, 1, 1, 1, 1, 1, 1, 91], 0.01)).toBe(0.91);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(histogram([0, 3, 9, 10, 97], 10).map((b) => [b.from, b.count])).toEqual([
      [0, 3], [10, 1], [20, 0], [30, 0], [40, 0], [50, 0], [60, 0], [70, 0], [80, 0], [90, 1],
    ]);
  });

  it('keeps every value in exactly one bin, and Gini within [0, 1)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1_000_000 }), { maxLength: 300 }), (values) => {
        const d = distribution(values);
        expect(d.histogram.reduce((sum, b) => sum + b.count, 0)).toBe(values.length);
        expect(d.total).toBe(values.reduce((a, b) => a + b, 0));
        expect(d.gini).toBeGreaterThanOrEqual(0);
        expect(d.gini).toBeLessThan(1);
        expect(d.median).toBeLessThanOrEqual(d.p90);
        expect(d.p90).toBeLessThanOrEqual(d.max);
      }),
    );
  });

  it('gives intervals around the estimate', () => {
    // Worked by hand: mean 10, sample variance 10 / 5 = 2, half-width t(0.975, 5 df) · √(2 / 6) = 2.570582 · 0.577350 = 1.484126.
    expect(meanEstimate([10, 12, 8, 10, 11, 9])).toEqual({ value: 10, low: 8.515874, high: 11.484126, n: 6 });
    // One value, or none, gives no interval: not a zero-width one.
    expect(meanEstimate([7])).toEqual({ value: 7, low: null, high: null, n: 1 });
    expect(meanEstimate([])).toEqual({ value: 0, low: null, high: null, n: 0 });
    // Three players' candy, 0, 0 and 1,660: mean 553.33, standard error √(918,533.3 / 3) = 553.33,
    // half-width 4.302653 · 553.33 = 2,380.8. The mean of amounts never below 0 is not below 0
    // either; values that can be negative keep the whole interval.
    expect(meanEstimate([0, 0, 1660])).toMatchObject({ value: 553.333333, low: 0 });
    expect(meanEstimate([0, 0, 1660]).high).toBeCloseTo(553.33 + 2380.81, 1);
    expect(meanEstimate([-1, 0, 1660]).low).toBeCloseTo(-1828.5, 0);
    expect(proportionEstimate(0, 0)).toEqual({ value: 0, low: null, high: null, n: 0 });
    // Wilson interval of 0 hits in 10 stays within [0, 1] and is not empty.
    const none = proportionEstimate(0, 10);
    expect([none.value, none.low]).toEqual([0, 0]);
    expect(none.high).toBeCloseTo(0.277533, 5);
    expect(proportionEstimate(50, 100)).toMatchObject({ value: 0.5, low: 0.403832, high: 0.596168 });
  });

  it("gives Student's t: the table to 30 degrees of freedom, within 1e-5 of the exact quantile beyond", () => {
    expect([t95(1), t95(5), t95(30)]).toEqual([12.706205, 2.570582, 2.042272]);
    // Exact values (R's qt(0.975, df)).
    for (const [df, exact] of [[31, 2.039513], [40, 2.021075], [60, 2.000298], [120, 1.97993], [1000, 1.962339]] as const) expect(t95(df)).toBeCloseTo(exact, 5);
    expect(() => t95(0.5)).toThrow(RangeError);
  });

  it("gives a difference of means with Welch's interval, which does not assume equal spread", () => {
    // Worked by hand: means 3 and 6, variances of the means 2.5 / 5 and 10 / 5, so 2.5 together;
    // Welch's df 2.5² / (0.5² / 4 + 2² / 4) = 5.882353, t 2.461472 (between 5 and 6 df), half-width 2.461472 · √2.5 = 3.891912.
    expect(differenceEstimate([1, 2, 3, 4, 5], [2, 4, 6, 8, 10])).toEqual({ value: 3, low: -0.891912, high: 6.891912, n: 10 });
    expect(differenceEstimate([1], [2, 3])).toEqual({ value: 1.5, low: null, high: null, n: 3 });
    expect(differenceEstimate([4, 4], [5, 5])).toEqual({ value: 1, low: 1, high: 1, n: 4 });
  });
});
