import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HmacRandom, scriptedRandom, type Random } from './random.ts';
import { WeightedTable } from './sampler.ts';

const rowsOf = (weights: readonly number[]) => weights.map((weight, index) => ({ weight, index }));
const tableOf = (weights: readonly number[]) => WeightedTable.of(rowsOf(weights));

/** The bounds one draw asks `random.int` for: [n·H] for a single draw, [n, H] for two. */
function boundsOfOneDraw(table: WeightedTable<unknown>): number[] {
  const bounds: number[] = [];
  table.draw({ int: (bound) => (bounds.push(bound), 0) });
  return bounds;
}

/**
 * How many of the equally likely outcomes of one draw give each row: every ticket of its
 * single `random.int` is fed to it once. Exact probabilities, counted, not estimated.
 */
function ticketsPerRow(table: WeightedTable<{ index: number }>): { counts: number[]; tickets: number } {
  const [tickets, ...more] = boundsOfOneDraw(table);
  expect(more).toEqual([]);
  const counts = table.rows.map(() => 0);
  for (let ticket = 0; ticket < tickets!; ticket++) counts[table.draw(scriptedRandom([ticket])).index]! += 1;
  return { counts, tickets: tickets! };
}

/** True when counts / tickets = weight / total for every row: a·d = b·c, in bigint. */
function isExactly(weights: readonly number[], { counts, tickets }: { counts: number[]; tickets: number }): boolean {
  const total = BigInt(weights.reduce((a, b) => a + b, 0));
  return weights.every((weight, i) => BigInt(counts[i]!) * total === BigInt(weight) * BigInt(tickets));
}

/** weight / total in lowest terms, computed independently of the table. */
function fraction(weight: number, total: number): { numerator: number; denominator: number } {
  let [a, b] = [weight, total];
  while (b !== 0) [a, b] = [b, a % b];
  return { numerator: weight / a, denominator: total / a };
}

describe('WeightedTable: exact probabilities, counted over every outcome', () => {
  it('gives a 0.01% prize exactly 1 outcome in 10,000', () => {
    expect(ticketsPerRow(tableOf([1, 9999]))).toEqual({ counts: [1, 9999], tickets: 10_000 });
    expect(tableOf([1, 9999]).probability(0)).toEqual({ numerator: 1, denominator: 10_000 });
    // Three rows: 3 columns of height 10,000, and still 1 in 10,000 of them.
    const three = ticketsPerRow(tableOf([1, 2999, 7000]));
    expect(three).toEqual({ counts: [3, 8997, 21_000], tickets: 30_000 });
    expect(isExactly([1, 2999, 7000], three)).toBe(true);
  });

  it('splits 0.3% / 99.7% exactly 3 to 997 in 1000, not 6 and not 0', () => {
    expect(ticketsPerRow(tableOf([3, 997]))).toEqual({ counts: [3, 997], tickets: 1000 });
    expect([0, 1].map((i) => tableOf([3, 997]).probability(i))).toEqual([
      { numerator: 3, denominator: 1000 },
      { numerator: 997, denominator: 1000 },
    ]);
  });

  it('gives every row exactly weight / total of the outcomes, and a weight of 0 none', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(60), { minLength: 1, maxLength: 8 }).filter((w) => w.some((x) => x > 0)), (weights) => {
        const table = tableOf(weights);
        const drawn = ticketsPerRow(table);
        expect(isExactly(weights, drawn)).toBe(true);
        const total = weights.reduce((a, b) => a + b, 0);
        weights.forEach((weight, i) => expect(table.probability(i)).toEqual(fraction(weight, total)));
      }),
    );
  });

  it('never draws a row of weight 0', () => {
    const { counts } = ticketsPerRow(tableOf([0, 5, 0, 3, 0]));
    expect(counts.filter((_, i) => i % 2 === 0)).toEqual([0, 0, 0]);
    const table = tableOf([0, 1, 0]);
    const random = new HmacRandom('key', 'zero weights');
    for (let i = 0; i < 1000; i++) expect(table.draw(random).index).toBe(1);
  });

  it('reports weight / total for tables too large to count, up to 2^48 in all', () => {
    const weight = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 ** 44 }), fc.nat(100));
    fc.assert(
      fc.property(fc.array(weight, { minLength: 1, maxLength: 16 }).filter((w) => w.some((x) => x > 0)), (weights) => {
        const table = tableOf(weights);
        const total = weights.reduce((a, b) => a + b, 0);
        weights.forEach((w, i) => expect(table.probability(i)).toEqual(fraction(w, total)));
      }),
    );
  });
});

describe('WeightedTable: drawing', () => {
  it('uses one random integer per draw while n·H ≤ 2^48, the ticket c·H + u', () => {
    // Weights 1:3:6, 3 columns of height 10: row 0 has 3 outcomes, all in its own column.
    expect(boundsOfOneDraw(tableOf([1, 3, 6]))).toEqual([30]);
    expect([0, 2, 3, 9].map((t) => tableOf([1, 3, 6]).draw(scriptedRandom([t])).index)).toEqual([0, 0, 2, 2]);
  });

  it('draws a column then a coin when n·H passes 2^48, still exactly', () => {
    // Weights 1 : 1 : 2^48 − 2 over 3 columns of height 2^48: rows 0 and 1 own coins 0–2 of
    // their columns (3 outcomes each of 3·2^48, i.e. 1 in 2^48), row 2 everything else.
    const table = tableOf([1, 1, 2 ** 48 - 2]);
    expect(boundsOfOneDraw(table)).toEqual([3, 2 ** 48]);
    const draw = (column: number, coin: number) => table.draw(scriptedRandom([column, coin])).index;
    expect([draw(0, 2), draw(0, 3), draw(1, 2), draw(1, 3), draw(2, 0), draw(2, 2 ** 48 - 1)]).toEqual([0, 2, 1, 2, 2, 2]);
    expect(table.probability(0)).toEqual({ numerator: 1, denominator: 2 ** 48 });
    expect(table.probability(2)).toEqual({ numerator: 2 ** 47 - 1, denominator: 2 ** 47 });
  });

  it('reduces the table to the fewest tickets: a 50:50 table of 2^48 is one coin flip', () => {
    const table = tableOf([2 ** 47, 2 ** 47]);
    expect(boundsOfOneDraw(table)).toEqual([2]);
    expect([0, 1].map((t) => table.draw(scriptedRandom([t])).index)).toEqual([0, 1]);
  });

  it('gives the same row for the same seed, on a fresh table too', () => {
    const draws = (table: WeightedTable<{ index: number }>) => {
      const random = new HmacRandom('seed', 'label');
      return Array.from({ length: 50 }, () => table.draw(random).index);
    };
    expect(draws(tableOf([1, 30, 200, 769]))).toEqual(draws(tableOf([1, 30, 200, 769])));
  });

  it('refuses weights it cannot draw from exactly', () => {
    for (const weights of [[], [0, 0], [-1, 2], [1.5], [Number.NaN], [2 ** 48, 1], [2 ** 53]]) {
      expect(() => tableOf(weights)).toThrow(RangeError);
    }
    expect(() => new WeightedTable(['a', 'b'], [1])).toThrow(RangeError);
  });
});

describe('WeightedTable.without: the redraw among rows left', () => {
  const table = tableOf([1, 3, 6]);

  it('draws among the other rows with exactly the renormalised probabilities', () => {
    const left = table.without([0])!;
    expect(isExactly([0, 3, 6], ticketsPerRow(left))).toBe(true);
    expect(left.probability(1)).toEqual({ numerator: 1, denominator: 3 });
    expect(left.rows).toBe(table.rows);
  });

  it('keeps one table per set of rows, whatever the order or repeats', () => {
    expect(table.without([2, 0])).toBe(table.without([0, 2, 0]));
    expect(table.without([])).toBe(table);
  });

  it('is undefined once no row of positive weight is left, and refuses an unknown row', () => {
    expect(table.without([0, 1, 2])).toBeUndefined();
    expect(tableOf([0, 4]).without([1])).toBeUndefined();
    expect(() => table.without([3])).toThrow(RangeError);
  });
});

describe('WeightedTable: a large seeded sample fits its weights', () => {
  /** Pearson's χ² of `draws` draws against weight / total, over the rows of positive weight. */
  function chiSquared(weights: readonly number[], random: Random, draws: number): { statistic: number; zeroDrawn: number } {
    const table = tableOf(weights);
    const counts = weights.map(() => 0);
    for (let i = 0; i < draws; i++) counts[table.draw(random).index]! += 1;
    const total = weights.reduce((a, b) => a + b, 0);
    let statistic = 0;
    weights.forEach((weight, i) => {
      if (weight === 0) return;
      const expected = (draws * weight) / total;
      statistic += (counts[i]! - expected) ** 2 / expected;
    });
    return { statistic, zeroDrawn: counts.filter((c, i) => weights[i] === 0 && c > 0).length };
  }

  // Upper 0.1% points of χ² (scipy.stats.chi2.ppf(0.999, df)): fail only if a fit this bad
  // would happen by chance once in 1000. The seed is fixed, so the outcome is too.
  const CRITICAL_0_001: Record<number, number> = { 2: 13.816, 4: 18.467 };

  it.each([
    { name: 'a box with a 1-in-10,000 prize (one draw each)', weights: [1, 29, 970, 0, 4000, 5000], df: 4 },
    { name: 'a table of 2^48 over 3 rows (two draws each)', weights: [2 ** 46 + 1, 2 ** 46, 2 ** 47 - 1], df: 2 },
  ])('passes χ² at p = 0.001 over 1,000,000 HmacRandom draws: $name', ({ weights, df }) => {
    const { statistic, zeroDrawn } = chiSquared(weights, new HmacRandom('sampler-chi-squared', 'fixed seed'), 1_000_000);
    expect(zeroDrawn).toBe(0);
    expect(statistic).toBeLessThan(CRITICAL_0_001[df]!);
  });
});
