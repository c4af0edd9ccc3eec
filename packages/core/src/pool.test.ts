import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from './allocation.ts';
import { splitPool, splitRandomly, type PoolOptions } from './pool.ts';
import { HmacRandom, scriptedRandom, type Random } from './random.ts';

const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0);
const payoutsOf = (total: number, basis: readonly number[], options?: PoolOptions) => Array.from(splitPool(total, basis, options).payouts);
const nothingBelow = (amount: number, maximum?: number): PoolOptions => ({ minimum: { amount, below: 'nothing' }, maximum });
const minimumBelow = (amount: number, maximum?: number): PoolOptions => ({ minimum: { amount, below: 'minimum' }, maximum });

/** What `allocate` makes of the same pool: weight = basis, cap = maximum. */
const allocated = (total: number, basis: readonly number[], maximum?: number) =>
  allocate(total, basis.map((weight) => ({ weight, cap: maximum })));

describe('splitPool: worked examples', () => {
  it('splits a pool by candy with the maximum water-filled: the capped share goes to the others in proportion', () => {
    // ¥20,000 over candy [6000, 2500, 1000, 333, 1], at most ¥10,000: the first's exact ¥12,000 is
    // capped, and ¥10,000 goes over the other 3834 candy: 652060.51, 260824.20, 86854.46, 260.82;
    // the two cents the floors leave go to the remainders .82 and .51.
    expect(splitPool(2_000_000, [6000, 2500, 1000, 333, 1], { maximum: 1_000_000 })).toEqual({
      payouts: Float64Array.from([1_000_000, 652_061, 260_824, 86_854, 261]),
      unallocated: 0,
    });
  });

  it('leaves what capped players cannot take unallocated: ¥2 billion over four players at ¥10,000 each', () => {
    const { payouts, unallocated } = splitPool(200_000_000_000, [8_000_000, 1_000_000, 999_999, 1], { maximum: 1_000_000 });
    expect(Array.from(payouts)).toEqual([1_000_000, 1_000_000, 1_000_000, 1_000_000]);
    expect(unallocated).toBe(200_000_000_000 - 4_000_000);
  });

  it('splits a pool nobody can exhaust: three capped players, the rest unallocated', () => {
    expect(splitPool(100, [1, 1, 1, 0], { maximum: 30 })).toEqual({ payouts: Float64Array.from([30, 30, 30, 0]), unallocated: 10 });
  });

  it("drops a player below the minimum with 'nothing', and raises them to it with 'minimum'", () => {
    // Exact shares 600, 300, 100: the third is below 150. Without it: 666.67 and 333.33.
    expect(payoutsOf(1000, [60, 30, 10], nothingBelow(150))).toEqual([667, 333, 0]);
    // Paying it 150 first leaves 850 for the others: 566.67 and 283.33.
    expect(payoutsOf(1000, [60, 30, 10], minimumBelow(150))).toEqual([567, 283, 150]);
  });

  it("iterates 'nothing' to the largest set that can all have the minimum, dropping one basis value at a time", () => {
    // 100 over [50, 30, 10, 10] at minimum 20: 50, 30, 10, 10 → drop both 10s → 62.5, 37.5.
    expect(payoutsOf(100, [50, 30, 10, 10], nothingBelow(20))).toEqual([63, 37, 0, 0]);
    // Dropping everyone below at once would be wrong: at the full level every share is below
    // 1.5, but the ten players of basis 20 alone get 1 each.
    const basis = [...Array.from({ length: 10 }, () => 20), ...Array.from({ length: 100 }, () => 1)];
    expect(payoutsOf(10, basis, nothingBelow(1))).toEqual([...Array.from({ length: 10 }, () => 1), ...Array.from({ length: 100 }, () => 0)]);
    // Not even the largest can have the minimum alone: nobody is paid.
    expect(splitPool(5, [1, 1, 1], nothingBelow(3))).toEqual({ payouts: Float64Array.from([0, 0, 0]), unallocated: 5 });
  });

  it("iterates 'minimum' to the fixed point: raising the smallest lowers the rest, which can push more below", () => {
    // 100 over [70, 20, 10] at minimum 25: 70, 20, 10 → raise 10 to 25 → 75 over [70, 20]: 58.3, 16.7 → raise 20 too → 50.
    expect(payoutsOf(100, [70, 20, 10], minimumBelow(25))).toEqual([50, 25, 25]);
    // With a maximum: 1000 over [100, 10, 1] at [50, 600]: 600, then 400 over [10, 1]: 363.6, 36.4 → 50 and 350.
    expect(payoutsOf(1000, [100, 10, 1], minimumBelow(50, 600))).toEqual([600, 350, 50]);
  });

  it("pays the minimum to the largest bases first when the pool cannot pay it to everyone", () => {
    // 100 at minimum 30 pays three players; the tie at basis 5 goes to the earlier; 10 is left.
    expect(splitPool(100, [5, 9, 5, 1, 5], minimumBelow(30))).toEqual({ payouts: Float64Array.from([30, 30, 30, 0, 0]), unallocated: 10 });
  });

  it('breaks a tie of remainders by the larger basis, then by the earlier player, as allocate does', () => {
    expect(payoutsOf(2, [1, 3])).toEqual([0, 2]);
    expect(payoutsOf(2, [3, 1])).toEqual([2, 0]);
    expect(payoutsOf(5, [1, 1, 1, 1])).toEqual([2, 1, 1, 1]);
    expect(payoutsOf(101, [50, 50])).toEqual([51, 50]);
  });

  it("can cost a player one cent to raise their basis with 'nothing': the Alabama paradox of largest remainder", () => {
    // Basis 100 → 101 pushes the 70 below 1 cent; re-splitting 11 over [300, 300, 101] gives the
    // cents to the larger remainders, 4.71 and 4.71 over 1.58.
    expect(payoutsOf(11, [300, 300, 100, 70], nothingBelow(1))).toEqual([4, 4, 2, 1]);
    expect(payoutsOf(11, [300, 300, 101, 70], nothingBelow(1))).toEqual([5, 5, 1, 0]);
  });

  it('gives basis 0 nothing, and leaves the pool unallocated when nobody has candy', () => {
    expect(splitPool(100, [0, 0])).toEqual({ payouts: Float64Array.from([0, 0]), unallocated: 100 });
    expect(splitPool(100, [])).toEqual({ payouts: new Float64Array(0), unallocated: 100 });
    expect(splitPool(0, [1, 2], minimumBelow(5))).toEqual({ payouts: Float64Array.from([0, 0]), unallocated: 0 });
  });

  it('is exact at 2^53 − 1, where the per-player division needs BigInt', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(payoutsOf(max, [2 ** 52, 2 ** 52 - 1])).toEqual(allocated(max, [2 ** 52, 2 ** 52 - 1]).parts);
    expect(payoutsOf(max, [max - 1, 1])).toEqual([max - 1, 1]);
    expect(payoutsOf(2 ** 51, [2 ** 50 + 1, 2 ** 50 - 1, 1])).toEqual(allocated(2 ** 51, [2 ** 50 + 1, 2 ** 50 - 1, 1]).parts);
  });

  it('rejects a total, basis, minimum or maximum that is negative, fractional or unsafe, a maximum below the minimum, or an unsafe Σbasis', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => splitPool(bad, [1])).toThrow(RangeError);
      expect(() => splitPool(1, [1, bad])).toThrow(/basis\[1\] must be a non-negative safe integer/);
      expect(() => splitPool(1, [1], nothingBelow(bad))).toThrow(RangeError);
      expect(() => splitPool(1, [1], { maximum: bad })).toThrow(RangeError);
    }
    expect(() => splitPool(1, [1], minimumBelow(10, 9))).toThrow(/maximum 9 is below minimum 10/);
    expect(() => splitPool(1, [2 ** 52, 2 ** 52])).toThrow(/sum to a safe integer/);
    expect(() => splitPool(1, [1], { minimum: { amount: 1, below: 'zero' as 'nothing' } })).toThrow(RangeError);
  });
});

/** Water-fills `left` over the players in `open`, in BigInt: cap every share above the maximum, all at once, until none is. */
function level(basis: readonly number[], open: readonly boolean[], left: bigint, maximum: number | undefined) {
  const capped = basis.map(() => false);
  for (;;) {
    const weights = basis.reduce((a, b, i) => (open[i] && !capped[i] ? a + BigInt(b) : a), 0n);
    const over = basis.map((b, i) => open[i]! && !capped[i] && maximum !== undefined && BigInt(b) * left > BigInt(maximum) * weights);
    if (!over.includes(true)) return { capped, left, weights };
    over.forEach((o, i) => {
      if (o) capped[i] = true;
    });
    left -= BigInt(maximum!) * BigInt(over.filter(Boolean).length);
  }
}

/**
 * The specification run literally, slowly: 'nothing' drops the smallest basis value while its
 * water-filled share is below the minimum; 'minimum' raises every player below it, all at once,
 * until nobody is; what is left is then `allocate`d over the rest with the maximum as the cap.
 */
function reference(total: number, basis: readonly number[], options: PoolOptions): { payouts: number[]; unallocated: number } {
  const maximum = options.maximum;
  const minimum = options.minimum?.amount ?? 0;
  const open = basis.map((b) => b > 0);
  const rest = (pool: number, fixed: readonly (number | undefined)[]) => {
    const { parts, unallocated } = allocate(pool, basis.map((b, i) => ({ weight: fixed[i] === undefined && open[i] ? b : 0, cap: maximum })));
    return { payouts: parts.map((part, i) => fixed[i] ?? part), unallocated };
  };
  if (options.minimum?.below === 'minimum' && minimum > 0) {
    const eligible = basis.filter((b) => b > 0).length;
    if (eligible * minimum > total) {
      const paid = Math.floor(total / minimum);
      const order = [...basis.keys()].filter((i) => basis[i]! > 0).sort((i, j) => basis[j]! - basis[i]! || i - j);
      const payouts = basis.map(() => 0);
      for (const i of order.slice(0, paid)) payouts[i] = minimum;
      return { payouts, unallocated: total - paid * minimum };
    }
    const fixed: (number | undefined)[] = basis.map(() => undefined);
    for (;;) {
      const raised = fixed.filter((f) => f !== undefined).length;
      const sharing = open.map((o, i) => o && fixed[i] === undefined);
      const { capped, left, weights } = level(basis, sharing, BigInt(total - raised * minimum), maximum);
      const below = basis.map((b, i) => sharing[i]! && !capped[i] && BigInt(b) * left < BigInt(minimum) * weights);
      if (!below.includes(true)) return rest(total - raised * minimum, fixed);
      below.forEach((b, i) => {
        if (b) fixed[i] = minimum;
      });
    }
  }
  for (;;) {
    const { capped, left, weights } = level(basis, open, BigInt(total), maximum);
    const sharing = basis.filter((b, i) => open[i] && !capped[i]);
    const smallest = Math.min(...sharing);
    if (sharing.length === 0 || BigInt(smallest) * left >= BigInt(minimum) * weights) return rest(total, basis.map(() => undefined));
    basis.forEach((b, i) => {
      if (b === smallest) open[i] = false;
    });
  }
}

/** Bases tiny (ties), moderate, or up to 2^49 (eight of them stay a safe sum, and pass 2^51: the BigInt path). */
const basisList = fc.array(fc.oneof(fc.nat(20), fc.nat(1000), fc.nat(2 ** 49)), { maxLength: 8 });
const totalAmount = fc.oneof(fc.nat(20), fc.nat(1000), fc.nat(1_000_000), fc.maxSafeNat());
const poolOptions: fc.Arbitrary<PoolOptions> = fc
  .record({
    minimum: fc.option(fc.record({ amount: fc.oneof(fc.nat(10), fc.nat(1000), fc.nat(2 ** 40)), below: fc.constantFrom('nothing' as const, 'minimum' as const) }), { nil: undefined }),
    headroom: fc.option(fc.oneof(fc.nat(20), fc.nat(1000), fc.nat(2 ** 49)), { nil: undefined }),
  })
  .map(({ minimum, headroom }) => ({ minimum, maximum: headroom === undefined ? undefined : (minimum?.amount ?? 0) + headroom }));
const withMode = (mode: 'none' | 'nothing' | 'minimum') => poolOptions.filter((o) => (o.minimum?.below ?? 'none') === mode);

describe('splitPool: properties', () => {
  it('agrees with the specification run literally, in every mode', () => {
    fc.assert(
      fc.property(totalAmount, basisList, poolOptions, (total, basis, options) => {
        const { payouts, unallocated } = splitPool(total, basis, options);
        expect({ payouts: Array.from(payouts), unallocated }).toEqual(reference(total, basis, options));
      }),
      { numRuns: 1000 },
    );
  });

  it('equals allocate with weight = basis and cap = maximum when there is no minimum', () => {
    // The same split as allocate, for any input small enough to give allocate (it sorts objects).
    fc.assert(
      fc.property(totalAmount, basisList, fc.option(fc.oneof(fc.nat(20), fc.nat(1000), fc.maxSafeNat()), { nil: undefined }), (total, basis, maximum) => {
        const { payouts, unallocated } = splitPool(total, basis, { maximum });
        expect({ parts: Array.from(payouts), unallocated }).toEqual(allocated(total, basis, maximum));
      }),
      { numRuns: 500 },
    );
  });

  it('sums to the total, less exactly the documented unallocated', () => {
    fc.assert(
      fc.property(totalAmount, basisList, poolOptions, (total, basis, options) => {
        const { payouts, unallocated } = splitPool(total, basis, options);
        expect(BigInt(sum(payouts)) + BigInt(unallocated)).toBe(BigInt(total));
        const eligible = basis.filter((b) => b > 0).length;
        const room = options.maximum === undefined ? Infinity : eligible * options.maximum;
        const minimum = options.minimum?.amount ?? 0;
        if (options.minimum?.below === 'minimum' && eligible * minimum > total) expect(unallocated).toBe(total % minimum);
        else if (options.minimum?.below === 'nothing' && unallocated > 0) {
          // Everyone paid is at the maximum, and that may be nobody.
          for (const payout of payouts) expect([0, options.maximum]).toContain(payout);
        } else expect(unallocated).toBe(eligible === 0 ? total : Math.max(0, total - room));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every payout an integer within the maximum, at least the minimum (or 0 with nothing), and 0 for basis 0', () => {
    fc.assert(
      fc.property(totalAmount, basisList, poolOptions, (total, basis, options) => {
        const { payouts } = splitPool(total, basis, options);
        const minimum = options.minimum?.amount ?? 0;
        // With 'minimum', every player is paid at least the minimum when the pool can pay it to all.
        const everyone = options.minimum?.below === 'minimum' && basis.filter((b) => b > 0).length * minimum <= total;
        payouts.forEach((payout, i) => {
          expect(Number.isSafeInteger(payout) && payout >= 0).toBe(true);
          if (options.maximum !== undefined) expect(payout).toBeLessThanOrEqual(options.maximum);
          if (basis[i] === 0) expect(payout).toBe(0);
          else if (everyone || payout > 0) expect(payout).toBeGreaterThanOrEqual(minimum);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never gives a larger basis a smaller payout', () => {
    fc.assert(
      fc.property(totalAmount, basisList, poolOptions, (total, basis, options) => {
        const payouts = payoutsOf(total, basis, options);
        basis.forEach((a, i) => basis.forEach((b, j) => a > b && expect(payouts[i]).toBeGreaterThanOrEqual(payouts[j]!)));
      }),
      { numRuns: 300 },
    );
  });

  const raised = fc.tuple(totalAmount, basisList.filter((b) => b.length > 0), fc.nat(), fc.oneof(fc.nat(3), fc.nat(1000), fc.nat(2 ** 40)));
  const raise = (basis: readonly number[], at: number, by: number) => basis.map((b, i) => (i === at % basis.length ? b + by : b));

  it("never lowers a player's payout when their basis rises, without a minimum or with 'minimum'", () => {
    for (const mode of ['none', 'minimum'] as const) {
      fc.assert(
        fc.property(raised, withMode(mode), ([total, basis, at, by], options) => {
          const before = payoutsOf(total, basis, options)[at % basis.length]!;
          expect(payoutsOf(total, raise(basis, at, by), options)[at % basis.length]).toBeGreaterThanOrEqual(before);
        }),
        { numRuns: 300 },
      );
    }
  });

  it("lowers a player's payout by at most the one rounding cent when their basis rises, with 'nothing'", () => {
    // The exact share never falls; the payout is its floor or ceiling (see the Alabama example).
    fc.assert(
      fc.property(raised, withMode('nothing'), ([total, basis, at, by], options) => {
        const before = payoutsOf(total, basis, options)[at % basis.length]!;
        expect(payoutsOf(total, raise(basis, at, by), options)[at % basis.length]).toBeGreaterThanOrEqual(before - 1);
      }),
      { numRuns: 300 },
    );
  });

  it('depends only on its inputs (array or Float64Array alike), and leaves them unchanged', () => {
    fc.assert(
      fc.property(totalAmount, basisList, poolOptions, (total, basis, options) => {
        const typed = Float64Array.from(basis);
        const first = splitPool(total, basis, options);
        expect(splitPool(total, typed, structuredClone(options))).toEqual(first);
        expect(Array.from(typed)).toEqual(basis);
      }),
      { numRuns: 200 },
    );
  });

  it('equals allocate over 100,000 players with heavy-tailed, heavily tied bases, and keeps a minimum over them', () => {
    // Enough players for several radix passes with thousands of tied remainders at the cut.
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const basis = Array.from({ length: 100_000 }, () => (next() < 0.1 ? 0 : Math.floor(1 / (1 - next()) ** 1.5)));
    for (const [total, maximum] of [
      [123_456_789, 5_000],
      [9_999_999_999, 200_000],
      [2 ** 52 + 7, undefined],
    ] as const) {
      const { payouts, unallocated } = splitPool(total, Float64Array.from(basis), { maximum });
      expect({ parts: Array.from(payouts), unallocated }).toEqual(allocated(total, basis, maximum));
    }
    const options = nothingBelow(2_000, 50_000);
    const { payouts } = splitPool(987_654_321, basis, options);
    expect(sum(payouts)).toBe(987_654_321);
    expect(Math.min(...Array.from(payouts).filter((p) => p > 0))).toBeGreaterThanOrEqual(2_000);
  });
});

/** A Random that records the bounds it is asked for. */
function recording(random: Random) {
  const bounds: number[] = [];
  return { bounds, random: { int: (bound: number) => (bounds.push(bound), random.int(bound)) } };
}

describe('splitRandomly', () => {
  it('draws each packet in [1, min(⌊2 × left / packets left⌋, left − packets after)], the last taking the rest', () => {
    // 1000 into 3: [1, 666], then 800 into 2: [1, 799] (leaving a cent), then the rest.
    expect(splitRandomly(1000, 3, scriptedRandom([199, 299]))).toEqual([200, 300, 500]);
    expect(splitRandomly(1000, 3, scriptedRandom([665, 332]))).toEqual([666, 333, 1]);
    expect(splitRandomly(3, 3, scriptedRandom([0, 0]))).toEqual([1, 1, 1]);
    expect(splitRandomly(5, 1, scriptedRandom([]))).toEqual([5]);
  });

  it('rejects totals and packet counts that are not positive safe integers, too few cents, or a total beyond 2^48', () => {
    const random = scriptedRandom([]);
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 53]) {
      expect(() => splitRandomly(bad, 1, random)).toThrow(RangeError);
      expect(() => splitRandomly(10, bad, random)).toThrow(RangeError);
    }
    expect(() => splitRandomly(2, 3, random)).toThrow(/2 cents cannot fill 3 packets/);
    expect(() => splitRandomly(2 ** 48 + 1, 3, random)).toThrow(RangeError);
  });

  it('sums to the total with every packet at least 1, each drawn within the double mean', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 2 ** 48 })), fc.integer({ min: 1, max: 50 }), fc.string(), (total, n, seed) => {
        const packets = Math.min(n, total);
        const { bounds, random } = recording(new HmacRandom(seed, 'red-packets'));
        const amounts = splitRandomly(total, packets, random);
        expect(amounts).toHaveLength(packets);
        expect(sum(amounts)).toBe(total);
        let left = total;
        amounts.forEach((amount, i) => {
          expect(Number.isSafeInteger(amount) && amount >= 1).toBe(true);
          if (i < packets - 1) expect(bounds[i]).toBe(Math.min(Math.floor((2 * left) / (packets - i)), left - (packets - i - 1)));
          left -= amount;
        });
      }),
    );
  });

  it('replays the same split from the same seed, and another from another', () => {
    const split = (seed: string) => splitRandomly(100_00, 10, new HmacRandom(seed, 'campaign/red-packet-1'));
    expect(split('seed')).toEqual(split('seed'));
    expect(split('seed')).not.toEqual(split('other seed'));
  });
});
