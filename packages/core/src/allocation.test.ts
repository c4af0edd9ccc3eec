import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, type AllocationShare } from './allocation.ts';

const weights = (...ws: number[]): AllocationShare[] => ws.map((weight) => ({ weight }));
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Amounts tiny (ties, binding caps), moderate, or up to 2^53 − 1 (the BigInt path); shares some capped, some of weight 0. */
const amount = fc.oneof(fc.nat(20), fc.nat(1000), fc.nat(100_000), fc.maxSafeNat());
const share: fc.Arbitrary<AllocationShare> = fc.record({ weight: amount, cap: fc.option(amount, { nil: undefined }) }, { requiredKeys: ['weight'] });
const uncapped: fc.Arbitrary<AllocationShare> = fc.record({ weight: amount });
const shareList = (item: fc.Arbitrary<AllocationShare>) => fc.array(item, { maxLength: 8 });

/** Σ weight, exactly. */
const weightOf = (shares: readonly AllocationShare[]) => shares.reduce((a, s) => a + BigInt(s.weight), 0n);

describe('allocate: worked examples', () => {
  it('splits a ¥10 coupon over three ¥100 lines as 3.34 + 3.33 + 3.33, not 3 × 3.33 losing a cent', () => {
    expect(allocate(1000, weights(10000, 10000, 10000))).toEqual({ parts: [334, 333, 333], unallocated: 0 });
  });

  it('funds 101 cents 60/40 as [61, 40]: the .6 remainder beats the .4, no tie-break needed', () => {
    expect(allocate(101, weights(60, 40))).toEqual({ parts: [61, 40], unallocated: 0 });
    expect(allocate(101, weights(40, 60))).toEqual({ parts: [40, 61], unallocated: 0 });
  });

  it('breaks a tie of remainders by the larger weight, then by the earlier share', () => {
    // Exact parts 0.5 and 1.5: the cent goes to the larger weight, in either order.
    expect(allocate(2, weights(1, 3)).parts).toEqual([0, 2]);
    expect(allocate(2, weights(3, 1)).parts).toEqual([2, 0]);
    expect(allocate(101, weights(50, 50)).parts).toEqual([51, 50]);
    expect(allocate(5, weights(1, 1, 1, 1)).parts).toEqual([2, 1, 1, 1]);
  });

  it('stops a ¥50 cross-store coupon at the ¥20 a ¥400 order still owes after a ¥380 store coupon', () => {
    const lines = [30000, 10000];
    const store = allocate(38000, weights(...lines));
    expect(store).toEqual({ parts: [28500, 9500], unallocated: 0 });
    const owed = lines.map((amount, i) => amount - store.parts[i]!);
    const crossStore = allocate(5000, owed.map((cap) => ({ weight: cap, cap })));
    expect(crossStore).toEqual({ parts: [1500, 500], unallocated: 3000 });
  });

  it('carries what a line cannot absorb to the other lines, in proportion', () => {
    // ¥60 over three ¥100 lines is ¥20 each, but the third owes only ¥5: its ¥15 goes to the other two.
    expect(allocate(6000, [{ weight: 10000 }, { weight: 10000 }, { weight: 10000, cap: 500 }])).toEqual({ parts: [2750, 2750, 500], unallocated: 0 });
    // Capping one share can push another over its cap: 90 over [1, 1, 1] capped [10, 35, ∞] → 10, then 40 each → 35 and 45.
    expect(allocate(90, [{ weight: 1, cap: 10 }, { weight: 1, cap: 35 }, { weight: 1 }]).parts).toEqual([10, 35, 45]);
    // Rounding alone would give the heavy share 9.9 → 10; its cap of 9 takes it out before rounding.
    expect(allocate(10, [{ weight: 100, cap: 9 }, { weight: 1 }]).parts).toEqual([9, 1]);
  });

  it('reports a pool the caps cannot hold as unallocated: 100 over three players capped at 30', () => {
    expect(allocate(100, [{ weight: 1, cap: 30 }, { weight: 1, cap: 30 }, { weight: 1, cap: 30 }])).toEqual({ parts: [30, 30, 30], unallocated: 10 });
  });

  it('gives a share of weight 0 nothing, even when every other share is full', () => {
    expect(allocate(100, [{ weight: 1, cap: 30 }, { weight: 0 }])).toEqual({ parts: [30, 0], unallocated: 70 });
    expect(allocate(100, weights(0, 5, 0))).toEqual({ parts: [0, 100, 0], unallocated: 0 });
  });

  it('leaves the whole total unallocated when every weight is 0, or there are no shares', () => {
    expect(allocate(100, weights(0, 0))).toEqual({ parts: [0, 0], unallocated: 100 });
    expect(allocate(100, [])).toEqual({ parts: [], unallocated: 100 });
    expect(allocate(0, weights(0, 0))).toEqual({ parts: [0, 0], unallocated: 0 });
  });

  it('is exact at 2^53 − 1, where the products need BigInt', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(allocate(max, weights(max, max))).toEqual({ parts: [2 ** 52, 2 ** 52 - 1], unallocated: 0 });
    expect(allocate(max, weights(max - 1, 1))).toEqual({ parts: [max - 1, 1], unallocated: 0 });
    expect(allocate(max, [{ weight: max, cap: 7 }, { weight: 1 }])).toEqual({ parts: [7, max - 7], unallocated: 0 });
  });

  it('rejects a total, weight or cap that is negative, fractional or unsafe', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => allocate(bad, weights(1))).toThrow(RangeError);
      expect(() => allocate(1, weights(bad))).toThrow(RangeError);
      expect(() => allocate(1, [{ weight: 1, cap: bad }])).toThrow(/shares\[0\]\.cap must be a non-negative safe integer/);
    }
  });
});

/**
 * The specification run literally, in BigInt: cap every share whose part of what is left exceeds
 * its cap, all at once, until none does; then floor parts and hand out the rest by remainder,
 * larger weight, earlier share.
 */
function reference(total: number, shares: readonly AllocationShare[]): { parts: number[]; unallocated: number } {
  const parts = shares.map(() => 0n);
  const capped = new Set<number>();
  let left = BigInt(total);
  for (;;) {
    const open = [...shares.keys()].filter((i) => shares[i]!.weight > 0 && !capped.has(i));
    const W = open.reduce((a, i) => a + BigInt(shares[i]!.weight), 0n);
    const over = open.filter((i) => shares[i]!.cap !== undefined && BigInt(shares[i]!.cap!) * W < left * BigInt(shares[i]!.weight));
    if (over.length > 0) {
      for (const i of over) {
        capped.add(i);
        parts[i] = BigInt(shares[i]!.cap!);
        left -= parts[i]!;
      }
      continue;
    }
    if (open.length === 0) return { parts: parts.map(Number), unallocated: Number(left) };
    const rem = new Map(open.map((i) => [i, (left * BigInt(shares[i]!.weight)) % W]));
    for (const i of open) parts[i] = (left * BigInt(shares[i]!.weight)) / W;
    const cents = Number(left - open.reduce((a, i) => a + parts[i]!, 0n));
    open.sort((i, j) => (rem.get(j)! > rem.get(i)! ? 1 : rem.get(j)! < rem.get(i)! ? -1 : shares[j]!.weight - shares[i]!.weight || i - j));
    for (const i of open.slice(0, cents)) parts[i]! += 1n;
    return { parts: parts.map(Number), unallocated: 0 };
  }
}

describe('allocate: properties', () => {
  it('agrees with the specification run literally (repeated capping, then largest remainder)', () => {
    fc.assert(
      fc.property(amount, shareList(share), (total, shares) => {
        expect(allocate(total, shares)).toEqual(reference(total, shares));
      }),
      { numRuns: 500 },
    );
  });

  it('sums to the total, less exactly what the positive-weight caps cannot hold', () => {
    fc.assert(
      fc.property(amount, shareList(share), (total, shares) => {
        const { parts, unallocated } = allocate(total, shares);
        expect(parts).toHaveLength(shares.length);
        expect(BigInt(sum(parts)) + BigInt(unallocated)).toBe(BigInt(total));
        // Room for the total: unbounded if any positive-weight share is uncapped.
        const room = shares.some((s) => s.weight > 0 && s.cap === undefined) ? Infinity : sum(shares.map((s) => (s.weight > 0 ? s.cap! : 0)));
        expect(unallocated).toBe(Math.max(0, total - room));
        if (unallocated > 0) shares.forEach((s, i) => expect(parts[i]).toBe(s.weight > 0 ? s.cap : 0));
      }),
    );
  });

  it('keeps every part an integer in [0, cap], and 0 for weight 0', () => {
    fc.assert(
      fc.property(amount, shareList(share), (total, shares) => {
        allocate(total, shares).parts.forEach((part, i) => {
          expect(Number.isSafeInteger(part) && part >= 0).toBe(true);
          if (shares[i]!.cap !== undefined) expect(part).toBeLessThanOrEqual(shares[i]!.cap!);
          if (shares[i]!.weight === 0) expect(part).toBe(0);
        });
      }),
    );
  });

  it('puts every part within 1 of its exact share when no cap binds: |part·W − total·w| < W', () => {
    fc.assert(
      fc.property(amount, shareList(uncapped), (total, shares) => {
        const W = weightOf(shares);
        fc.pre(W > 0n);
        allocate(total, shares).parts.forEach((part, i) => {
          const error = BigInt(part) * W - BigInt(total) * BigInt(shares[i]!.weight);
          expect(error < W && -error < W).toBe(true);
        });
      }),
    );
  });

  it('gives excess only where there is room: no part exceeds the water level of a share below its cap', () => {
    // Water-filling: an uncapped share j sits within 1 of level·w_j, and no share i is above level·w_i + 1.
    fc.assert(
      fc.property(amount, shareList(share), (total, shares) => {
        const { parts } = allocate(total, shares);
        shares.forEach((sj, j) => {
          if (sj.weight === 0 || (sj.cap !== undefined && parts[j]! >= sj.cap)) return;
          shares.forEach((si, i) => {
            if (si.weight === 0) return;
            expect((BigInt(parts[i]!) - 1n) * BigInt(sj.weight) < (BigInt(parts[j]!) + 1n) * BigInt(si.weight)).toBe(true);
          });
        });
      }),
    );
  });

  it('ignores caps at or above the rounded-up exact share', () => {
    fc.assert(
      fc.property(amount, shareList(uncapped), fc.array(fc.nat(10), { maxLength: 8 }), (total, shares, slack) => {
        const W = weightOf(shares);
        fc.pre(W > 0n);
        const capped = shares.map((s, i) => {
          const ceil = (BigInt(total) * BigInt(s.weight) + W - 1n) / W;
          // A cap is a safe integer too; the ceiling never passes the total, so this keeps it above.
          return { ...s, cap: Math.min(Number(ceil) + (slack[i] ?? 0), Number.MAX_SAFE_INTEGER) };
        });
        expect(allocate(total, capped)).toEqual(allocate(total, shares));
      }),
    );
  });

  it('never gives a larger weight a smaller part, without caps', () => {
    fc.assert(
      fc.property(amount, shareList(uncapped), (total, shares) => {
        const { parts } = allocate(total, shares);
        shares.forEach((a, i) =>
          shares.forEach((b, j) => {
            if (a.weight > b.weight) expect(parts[i]).toBeGreaterThanOrEqual(parts[j]!);
          }),
        );
      }),
    );
  });

  it('permutes with the shares, except that among equal weights the earlier share gets the rounding cents', () => {
    fc.assert(
      fc.property(
        amount,
        shareList(share).chain((shares) => fc.tuple(fc.constant(shares), fc.shuffledSubarray([...shares.keys()], { minLength: shares.length }))),
        (total, [shares, order]) => {
          const { parts, unallocated } = allocate(total, shares);
          const permuted = allocate(total, order.map((i) => shares[i]!));
          expect(permuted.unallocated).toBe(unallocated);
          // Each weight class gets the same parts, and a share's part moves by at most the one cent.
          const byWeight = (ps: readonly number[], ss: readonly AllocationShare[]) => {
            const classes = new Map<number, number[]>();
            ss.forEach((s, i) => classes.set(s.weight, [...(classes.get(s.weight) ?? []), ps[i]!]));
            return new Map([...classes].map(([w, xs]) => [w, xs.sort((a, b) => a - b)]));
          };
          expect(byWeight(permuted.parts, order.map((i) => shares[i]!))).toEqual(byWeight(parts, shares));
          order.forEach((i, k) => expect(Math.abs(permuted.parts[k]! - parts[i]!)).toBeLessThanOrEqual(1));
          // With distinct positive weights the result is exactly permuted.
          const positive = shares.filter((s) => s.weight > 0).map((s) => s.weight);
          if (new Set(positive).size === positive.length) expect(permuted.parts).toEqual(order.map((i) => parts[i]!));
        },
      ),
    );
  });

  it('gives equal uncapped weights non-increasing parts in input order', () => {
    fc.assert(
      fc.property(amount, amount, fc.integer({ min: 1, max: 12 }), (total, weight, n) => {
        const { parts } = allocate(total, Array.from({ length: n }, () => ({ weight })));
        for (let i = 1; i < n; i++) expect(parts[i - 1]! - parts[i]!).toBeOneOf([0, 1]);
      }),
    );
  });

  it('depends only on its inputs, and leaves them unchanged', () => {
    fc.assert(
      fc.property(amount, shareList(share), (total, shares) => {
        const copy = structuredClone(shares);
        const first = allocate(total, shares);
        expect(allocate(total, copy)).toEqual(first);
        expect(shares).toEqual(copy);
      }),
    );
  });
});
