import type { Random } from './random.ts';

/** An exact probability, in lowest terms. */
export interface Fraction {
  numerator: number;
  denominator: number;
}

const MAX_TOTAL = 2 ** 48;
/** Derived tables one table keeps (see `without`). */
const MAX_KEPT = 256;

/**
 * A weighted draw in O(1), exactly: row i is drawn with probability wᵢ / W (W the total
 * weight), as a fraction of integers, never a floating-point approximation. It is Vose's alias
 * method in integer arithmetic, so a 1-in-10,000 prize is 1 in 10,000, not 1.00000000001 in it.
 *
 * **Construction.** With n rows, divide the weights by their gcd d (W' = W/d), let g = gcd(n, W')
 * and give each of n columns the height H = W'/g, the least height that keeps every row's mass
 * mᵢ = (n/g)·wᵢ/d an integer. The masses fill the columns exactly: Σmᵢ = (n/g)·W' = n·H. Rows are
 * paired as Vose does: while some row has less mass left than H, take such a row s and a row l
 * with at least H left (one always exists: what is left sums to H per unfilled column); column s
 * gets threshold tₛ = (s's mass left) and alias l, and l's mass left drops by H − tₛ (to ≥ 0; l
 * then joins the short rows if below H). The rows still at least H then have exactly H each
 * (the sum again) and fill their own columns: threshold H. The short and tall rows are stacks
 * filled in row order, so the table, like every draw, is a pure function of the weights.
 *
 * **Draw.** One uniform outcome (column c, coin u) of the n·H equally likely ones: c = ⌊t/H⌋ and
 * u = t mod H of a single `random.int(n·H)` when n·H ≤ 2^48 (every realistic table: one integer
 * per draw, like a cumulative walk), else `random.int(n)` then `random.int(H)`. The row is c when
 * u < t_c, else c's alias.
 *
 * **Exactness.** Row i wins t_i outcomes of its own column and H − t_c of each column c whose
 * alias it is. Each step of the pairing hands a row exactly the outcomes its mass left drops by,
 * and every row ends with none left, so row i wins mᵢ of the n·H outcomes: probability
 * mᵢ / (n·H) = ((n/g)·wᵢ/d) / ((n/g)·W/d) = wᵢ / W. A row of weight 0 has mass 0: its own column's
 * threshold is 0 and it is never an alias (aliases have mass left ≥ H > 0), so it is never drawn.
 *
 * **Bounds.** Weights are non-negative safe integers with 0 < W ≤ 2^48 (what validation allows
 * for a box, and the most `Random.int` can draw), so H ≤ 2^48 and thresholds are exact numbers.
 * Masses reach n·H, beyond 2^53 for large n and W, so the construction runs in bigint; a draw
 * never multiplies, so it stays in plain numbers.
 *
 * @example
 * const table = WeightedTable.of([{ id: 'jackpot', weight: 1 }, { id: 'thanks', weight: 9999 }]);
 * table.draw(commandRandom(seed, campaignId, playerId, key)); // { id: 'thanks', … } 9,999 times in 10,000
 * table.probability(0); // { numerator: 1, denominator: 10000 }
 */
export class WeightedTable<T> {
  readonly #weights: readonly number[];
  readonly #height: number;
  /** n·H when one `random.int` can draw it, else undefined (two draws). */
  readonly #tickets: number | undefined;
  readonly #threshold: Float64Array;
  readonly #alias: Uint32Array;
  readonly #without = new Map<string, WeightedTable<T> | undefined>();

  /**
   * Rows that carry their own integer `weight`, like a box's rewards.
   *
   * @example
   * WeightedTable.of(box.rewards).draw(random);
   */
  static of<T extends { readonly weight: number }>(rows: readonly T[]): WeightedTable<T> {
    return new WeightedTable(rows, rows.map((row) => row.weight));
  }

  /** @throws RangeError unless the weights are one non-negative safe integer per row, totalling 1 to 2^48. */
  constructor(
    readonly rows: readonly T[],
    weights: readonly number[],
  ) {
    checkWeights(rows.length, weights);
    this.#weights = [...weights];
    const columns = aliasColumns(weights);
    this.#height = columns.height;
    this.#tickets = columns.tickets;
    this.#threshold = columns.threshold;
    this.#alias = columns.alias;
  }

  /** One row, with probability its weight / the total weight; uses only `random.int`, so it can be scripted and recomputed. */
  draw(random: Random): T {
    let column: number;
    let coin: number;
    if (this.#tickets !== undefined) {
      const ticket = random.int(this.#tickets);
      coin = ticket % this.#height;
      column = (ticket - coin) / this.#height;
    } else {
      column = random.int(this.#threshold.length);
      coin = random.int(this.#height);
    }
    return this.rows[coin < this.#threshold[column]! ? column : this.#alias[column]!]!;
  }

  /**
   * The chance of drawing row `index`, counted from the columns the draws use (not from the
   * weights), so a report states what the table does; it is weight / total by construction.
   *
   * @example
   * WeightedTable.of([{ weight: 3 }, { weight: 997 }]).probability(0); // { numerator: 3, denominator: 1000 }
   */
  probability(index: number): Fraction {
    this.#checkIndex(index);
    const height = BigInt(this.#height);
    let outcomes = 0n;
    this.#threshold.forEach((threshold, column) => {
      if (column === index) outcomes += BigInt(threshold);
      if (this.#alias[column] === index) outcomes += height - BigInt(threshold);
    });
    return lowestTerms(outcomes, BigInt(this.#threshold.length) * height);
  }

  /**
   * The same rows with the given ones at weight 0: drawing from it is drawing from this table
   * renormalised over the rest (a box's redraw among rewards still in stock). Undefined when no
   * row of positive weight is left. Kept per set of rows, so a sold-out prize costs one
   * construction, not one per draw; a box asks for the few sets its stocked rewards sell out in,
   * and past `MAX_KEPT` (256) sets a table builds the rest afresh rather than grow without bound.
   *
   * @example
   * const inStock = table.without([0]); // the jackpot is sold out
   * inStock?.draw(random);
   */
  without(indices: Iterable<number>): WeightedTable<T> | undefined {
    const excluded = [...new Set(indices)].sort((a, b) => a - b);
    if (excluded.length === 0) return this;
    const key = excluded.join(',');
    if (this.#without.has(key)) return this.#without.get(key);
    const table = this.#excluding(excluded);
    if (this.#without.size < MAX_KEPT) this.#without.set(key, table);
    return table;
  }

  #excluding(excluded: readonly number[]): WeightedTable<T> | undefined {
    for (const index of excluded) this.#checkIndex(index);
    const weights = this.#weights.map((weight, i) => (excluded.includes(i) ? 0 : weight));
    return weights.some((weight) => weight > 0) ? new WeightedTable(this.rows, weights) : undefined;
  }

  #checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.rows.length) {
      throw new RangeError(`row index must be an integer in [0, ${this.rows.length}), got ${index}`);
    }
  }
}

function checkWeights(rows: number, weights: readonly number[]): void {
  if (weights.length !== rows) throw new RangeError(`expected one weight per row (${rows}), got ${weights.length}`);
  if (rows > 2 ** 32 - 1) throw new RangeError(`at most 2^32 - 1 rows, got ${rows}`);
  let total = 0;
  for (const weight of weights) {
    if (!Number.isSafeInteger(weight) || weight < 0) throw new RangeError(`weights must be non-negative safe integers, got ${weight}`);
    total += weight;
    if (total > MAX_TOTAL) throw new RangeError(`weights must total at most 2^48, got more than ${MAX_TOTAL}`);
  }
  if (total === 0) throw new RangeError('weights must total at least 1');
}

interface Columns {
  height: number;
  tickets: number | undefined;
  threshold: Float64Array;
  alias: Uint32Array;
}

/** The alias table of the class comment, built in bigint (masses reach n·H, past 2^53). */
function aliasColumns(weights: readonly number[]): Columns {
  const n = weights.length;
  const exact = weights.map(BigInt);
  const common = exact.reduce(gcd);
  const total = exact.reduce((a, b) => a + b) / common;
  const perColumn = gcd(BigInt(n), total);
  const height = total / perColumn;
  const left = exact.map((weight) => (weight / common) * (BigInt(n) / perColumn));

  const threshold = new Float64Array(n);
  const alias = Uint32Array.from({ length: n }, (_, i) => i);
  const short: number[] = [];
  const tall: number[] = [];
  left.forEach((mass, i) => (mass < height ? short : tall).push(i));
  for (let s = short.pop(); s !== undefined; s = short.pop()) {
    // What is left sums to H per unfilled column, so a row short of H implies one at or above it.
    const l = tall.pop()!;
    threshold[s] = Number(left[s]!);
    alias[s] = l;
    left[l] = left[l]! - (height - left[s]!);
    (left[l]! < height ? short : tall).push(l);
  }
  for (const l of tall) threshold[l] = Number(height);

  const tickets = BigInt(n) * height;
  return { height: Number(height), tickets: tickets <= BigInt(MAX_TOTAL) ? Number(tickets) : undefined, threshold, alias };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function lowestTerms(numerator: bigint, denominator: bigint): Fraction {
  const common = gcd(numerator, denominator);
  return { numerator: Number(numerator / common), denominator: Number(denominator / common) };
}
