import type { Random } from './random.ts';

/** What a player whose proportional share falls below `amount` gets: nothing, or exactly `amount`. */
export interface PoolMinimum {
  amount: number;
  below: 'nothing' | 'minimum';
}

export interface PoolOptions {
  minimum?: PoolMinimum;
  /** The most one player can receive; what a capped player cannot take goes to the others. */
  maximum?: number;
}

/** One payout per player, in input order, and what nobody could be paid. */
export interface PoolSplit {
  payouts: Float64Array;
  /**
   * 0 unless nobody can take the rest: every paid player is at the maximum, nobody has a
   * positive basis, the minimum excludes everyone (`'nothing'`), or the pool cannot pay every
   * player the minimum (`'minimum'`: what is left below one more minimum).
   */
  unallocated: number;
}

/**
 * Splits a pool (cents) over players in proportion to their basis (candy), exactly: the
 * Double 11 "瓜分 ¥2 billion by candy". Built for 10 million players: typed arrays, a few linear
 * passes, no per-player objects, and only the players a cap or the minimum can reach sorted.
 *
 * - Without a minimum this is `allocate(total, basis.map((weight) => ({ weight, cap: maximum })))`:
 *   a player's exact share is `left × basis / Σbasis` over the players still sharing, the maximum
 *   is water-filled (a player whose share would exceed it gets exactly the maximum and the excess
 *   goes to the others in proportion, until nobody exceeds it), and the exact shares are rounded
 *   by largest remainder: floors first, then one cent each to the largest remainders, ties to the
 *   larger basis, then the earlier player. Every payout is within a cent of its exact share.
 * - `minimum: { below: 'nothing' }`: a player whose exact share would be below the minimum gets
 *   nothing, and the pool is re-split over the others. Dropping players raises everyone else's
 *   share, so the smallest-basis players are dropped one basis value at a time, each time the
 *   smallest share is still below the minimum: the players paid are the most players (by basis)
 *   who can all have the minimum at once. If not even the largest-basis players can, alone,
 *   nobody is paid and the whole pool is unallocated.
 * - `minimum: { below: 'minimum' }`: a player whose exact share would be below the minimum gets
 *   exactly the minimum, paid first, and the others share what is left; that lowers their
 *   shares, so it is the fixed point where each player gets `clamp(basis × level, minimum,
 *   maximum)` and these sum to the pool. If the pool cannot pay every player the minimum, the
 *   largest-basis players (then the earlier) get exactly the minimum, as many as it can pay, and
 *   the rest of the pool (less than one minimum) is unallocated.
 * - A player of basis 0 gets 0. The minimum and maximum are never crossed by rounding: a share
 *   at least the minimum rounds down to at least it, and only a fractional share is rounded up.
 * - Monotone: a larger basis never gets a smaller payout. Raising one player's basis never
 *   lowers that player's payout, except with `'nothing'`, where it can cost that player one cent
 *   (never more): the raise can push the smallest players below the minimum, and re-splitting
 *   their money over a smaller set is the Alabama paradox of largest-remainder rounding.
 *
 * Exact integer arithmetic throughout, without BigInt per player while the pool and Σbasis are at
 * most 2^51 (see `divideInDoubles`). A few O(n) passes, plus a sort of only the players the minimum
 * or the maximum can reach: those whose share at the first level is below the minimum, and the
 * ⌊pool / maximum⌋ + 1 largest bases.
 *
 * @throws RangeError when the total, a basis, the minimum or the maximum is not a non-negative
 *   safe integer, Σbasis is not a safe integer, or the maximum is below the minimum.
 * @example
 * splitPool(1000, [3, 1, 0]).payouts // Float64Array [750, 250, 0]
 * splitPool(1000, [8, 1, 1], { maximum: 500 }).payouts // Float64Array [500, 250, 250]
 * splitPool(1000, [60, 30, 10], { minimum: { amount: 150, below: 'nothing' } }).payouts // Float64Array [667, 333, 0]
 * splitPool(1000, [60, 30, 10], { minimum: { amount: 150, below: 'minimum' } }).payouts // Float64Array [567, 283, 150]
 */
export function splitPool(total: number, basis: Float64Array | readonly number[], options: PoolOptions = {}): PoolSplit {
  checkAmount('total', total);
  const players = basisOf(basis);
  const minimum = options.minimum?.amount ?? 0;
  const maximum = options.maximum ?? Infinity;
  checkOptions(options, minimum);
  const payouts = new Float64Array(players.values.length);
  if (total === 0 || players.eligible === 0) return { payouts, unallocated: total };
  if (options.minimum?.below === 'minimum' && minimum > 0) {
    if (players.eligible * minimum > total) return minimumsFirst(total, players, minimum, payouts);
    return share(players, payouts, raiseToMinimum(total, players, minimum, maximum), maximum);
  }
  return share(players, payouts, dropBelowMinimum(total, players, minimum, maximum), maximum);
}

/** The validated basis, and what every pass needs to know about it. */
interface Players {
  values: Float64Array;
  /** Σbasis, a safe integer. */
  weights: number;
  /** How many players have a positive basis. */
  eligible: number;
  largest: number;
}

/**
 * Where a sweep settled. Players of basis up to `lowUpTo` get `lowPays` (0 or the minimum), those
 * from `capFrom` up the maximum, and the rest share `left` in proportion, over their Σbasis `weights`.
 * Every basis value is wholly on one side of each line, so equal bases are paid alike.
 */
interface Level {
  lowUpTo: number;
  lowPays: number;
  capFrom: number;
  left: number;
  weights: number;
}

/**
 * The players a cap or the minimum can reach, their bases sorted ascending: `low` of them at the
 * bottom (basis below the low bound), `high` at the top (basis at or above the high bound). The
 * players in neither are never capped, dropped or raised, so only their Σbasis matters.
 */
interface Candidates {
  values: Float64Array;
  low: number;
  high: number;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

const isAmount = (value: number) => Number.isSafeInteger(value) && value >= 0;

function checkAmount(what: string, value: number): void {
  if (!isAmount(value)) throw new RangeError(`splitPool: ${what} must be a non-negative safe integer, got ${value}`);
}

function checkOptions(options: PoolOptions, minimum: number): void {
  if (options.minimum !== undefined) {
    checkAmount('minimum.amount', minimum);
    if (options.minimum.below !== 'nothing' && options.minimum.below !== 'minimum') {
      throw new RangeError(`splitPool: minimum.below must be 'nothing' or 'minimum', got ${String(options.minimum.below)}`);
    }
  }
  if (options.maximum !== undefined) {
    checkAmount('maximum', options.maximum);
    if (options.maximum < minimum) throw new RangeError(`splitPool: maximum ${options.maximum} is below minimum ${minimum}`);
  }
}

function basisOf(basis: Float64Array | readonly number[]): Players {
  const values = basis instanceof Float64Array ? basis : Float64Array.from(basis);
  let weights = 0;
  let eligible = 0;
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!isAmount(value)) checkAmount(`basis[${i}]`, value);
    if (value === 0) continue;
    // Exact while the running sum is safe; once past 2^53 it cannot come back below.
    weights += value;
    eligible++;
    if (value > largest) largest = value;
  }
  if (weights > MAX_SAFE) throw new RangeError(`splitPool: the basis must sum to a safe integer, got ${weights}`);
  return { values, weights, eligible, largest };
}

/**
 * `'nothing'` (and no minimum): water-fill the maximum from the largest basis down, then drop the
 * smallest basis value while its share is below the minimum, and repeat. Dropping only raises
 * the level, so capped players stay capped; and a player whose share at the full level is at
 * least the minimum is never dropped. Going down from everyone, the sweep stops at the first set
 * whose smallest share is at least the minimum: the largest set of players by basis who can all
 * have the minimum at once (a larger set would only lower the level and add smaller bases).
 */
function dropBelowMinimum(total: number, players: Players, minimum: number, maximum: number): Level {
  const { values, low, high } = candidatesOf(players, ceilRatio(minimum, players.weights, total), highBound(total, players, maximum));
  const top = values.length - 1;
  let dropped = 0;
  let capped = 0;
  let left = total;
  let weights = players.weights;
  for (;;) {
    // Cap from the top while the largest sharing basis would exceed the maximum: basis × left > maximum × weights.
    while (capped < high && top - capped >= dropped && compareProducts(values[top - capped]!, left, maximum, weights) > 0) {
      left -= maximum;
      weights -= values[top - capped]!;
      capped++;
    }
    // Drop the smallest sharing basis value while its share is below the minimum: basis × left < minimum × weights.
    if (dropped < low && dropped <= top - capped && compareProducts(values[dropped]!, left, minimum, weights) < 0) {
      const smallest = values[dropped]!;
      while (dropped < low && values[dropped] === smallest) {
        weights -= smallest;
        dropped++;
      }
      continue;
    }
    return { lowUpTo: dropped > 0 ? values[dropped - 1]! : 0, lowPays: 0, capFrom: capped > 0 ? values[top - capped + 1]! : Infinity, left, weights };
  }
}

/**
 * `'minimum'` with a pool that can pay everyone the minimum: find the level λ where
 * Σ clamp(basis × λ, minimum, maximum) = pool. That sum is continuous and non-decreasing in λ,
 * and at λ₀ = (pool − eligible × minimum) / Σbasis it is at most the pool (each term is at most
 * minimum + basis × λ₀), so the sweep starts at λ₀ and walks up the events, a player leaving the
 * minimum at λ = minimum / basis (largest basis first) or reaching the maximum at
 * λ = maximum / basis, until the sum at the next event would pass the pool. Between events the
 * sum is (pool − left) + λ × weights, so it reaches the pool at λ = left / weights.
 */
function raiseToMinimum(total: number, players: Players, minimum: number, maximum: number): Level {
  const spare = total - players.eligible * minimum;
  // At λ₀ a player is below the minimum iff basis × spare < minimum × Σbasis; all of them start there.
  const lowBound = spare > 0 ? ceilRatio(minimum, players.weights, spare) : Infinity;
  const { values, low, high } = candidatesOf(players, lowBound, highBound(total, players, maximum));
  const top = values.length - 1;
  let raised = low;
  let capped = 0;
  let left = total - low * minimum;
  let weights = players.weights;
  for (let i = 0; i < low; i++) weights -= values[i]!;
  // Capped at λ₀: basis × spare > maximum × Σbasis.
  while (capped < high && top - capped >= raised && compareProducts(values[top - capped]!, spare, maximum, players.weights) > 0) {
    left -= maximum;
    weights -= values[top - capped]!;
    capped++;
  }
  for (;;) {
    const rising = raised > 0 ? values[raised - 1]! : 0;
    const capping = capped < high && top - capped >= raised ? values[top - capped]! : 0;
    if (rising === 0 && capping === 0) break;
    // Leaving the minimum first iff minimum / rising ≤ maximum / capping.
    const leaves = rising > 0 && (capping === 0 || compareProducts(minimum, capping, maximum, rising) <= 0);
    // The event's level is `at / basis`; the pool is reached first iff at × weights ≥ left × basis.
    const [at, basis] = leaves ? [minimum, rising] : [maximum, capping];
    if (compareProducts(at, weights, left, basis) >= 0) break;
    if (leaves) {
      raised--;
      left += minimum;
      weights += rising;
    } else {
      capped++;
      left -= maximum;
      weights -= capping;
    }
  }
  return { lowUpTo: raised > 0 ? values[raised - 1]! : 0, lowPays: minimum, capFrom: capped > 0 ? values[top - capped + 1]! : Infinity, left, weights };
}

/**
 * The smallest basis that might be capped. Capped players each take the maximum, so at most
 * ⌊pool / maximum⌋ are capped, all among that many largest; taking one more makes sure a sweep
 * meets an uncapped player before it runs out of candidates. Infinity without a maximum.
 */
function highBound(total: number, players: Players, maximum: number): number {
  if (maximum === Infinity) return Infinity;
  const most = maximum > 0 ? (total - (total % maximum)) / maximum + 1 : Infinity;
  return most >= players.eligible ? 1 : cut(players.values, most, players.largest + 1).key;
}

function candidatesOf(players: Players, lowBound: number, highBound: number): Candidates {
  const { values } = players;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value > 0 && (value < lowBound || value >= highBound)) count++;
  }
  const chosen = new Float64Array(count);
  let low = 0;
  let high = 0;
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value === 0 || (value >= lowBound && value < highBound)) continue;
    chosen[at++] = value;
    if (value < lowBound) low++;
    if (value >= highBound) high++;
  }
  // A typed array sorts numerically, natively, without a comparator.
  chosen.sort();
  return { values: chosen, low, high };
}

/**
 * Pays the level: the fixed payouts, then each sharing player the floor of its exact share, and
 * the cents those floors leave go by largest remainder. With nobody sharing, `left` is unallocated.
 */
function share(players: Players, payouts: Float64Array, level: Level, maximum: number): PoolSplit {
  const remainders = new Float64Array(payouts.length);
  const cents = floorShares(players.values, payouts, remainders, level, maximum);
  if (level.weights === 0) return { payouts, unallocated: level.left };
  awardCents(players, payouts, remainders, cents, level.weights);
  return { payouts, unallocated: 0 };
}

/** Fills every payout but the rounding cents, and the sharing players' remainders (−1 for the others). Returns the cents left. */
function floorShares(basis: Float64Array, payouts: Float64Array, remainders: Float64Array, level: Level, maximum: number): number {
  const { lowUpTo, lowPays, capFrom, left, weights } = level;
  const divide = left <= LIMB_BOUND && weights <= LIMB_BOUND ? divideInDoubles(left, weights) : divideInBigInts(left, weights);
  let cents = left;
  for (let i = 0; i < basis.length; i++) {
    const value = basis[i]!;
    if (value === 0 || value <= lowUpTo || value >= capFrom) {
      payouts[i] = value === 0 ? 0 : value <= lowUpTo ? lowPays : maximum;
      remainders[i] = -1;
      continue;
    }
    const part = divide(value, remainders, i);
    payouts[i] = part;
    cents -= part;
  }
  return cents;
}

/** ⌊left × basis / weights⌋, storing the remainder `left × basis mod weights` at `into[at]`; basis ≤ weights. */
type Divide = (basis: number, into: Float64Array, at: number) => number;

/** Below this the products of `divideInDoubles` stay exact. */
const LIMB_BOUND = 2 ** 51;
const LIMB = 2 ** 26;

/**
 * Exact division in doubles, for left, weights ≤ 2^51 (and basis ≤ weights):
 * 1. Estimate q = ⌊fl(fl(left × basis) / weights)⌋. The exact quotient x = left × basis / weights
 *    is at most left ≤ 2^51, and two roundings move it by at most x × 2^-52 (1 + 2^-54) < 0.51,
 *    so q is the true floor Q, Q − 1 or Q + 1, and the residue r = left × basis − q × weights is
 *    in [−weights, 2 × weights).
 * 2. Compute r exactly in 26-bit limbs: with a = a₁2^26 + a₀ (a₁ ≤ 2^25 for a ≤ 2^51, a₀ < 2^26),
 *    r = (l₁b₁ − q₁w₁)2^52 + (l₁b₀ + l₀b₁ − q₁w₀ − q₀w₁)2^26 + (l₀b₀ − q₀w₀). Every product is
 *    below 2^52 and every sum of two below 2^53, so each column is exact; folding them from the
 *    top, (middle + high × 2^26) is exactly (r − low) / 2^26, an integer below 2^27 in magnitude,
 *    and r itself is below 2^52: each sum's exact value is representable, so it is what the
 *    addition returns.
 * 3. One correction step moves q to Q and r into [0, weights).
 */
function divideInDoubles(left: number, weights: number): Divide {
  const left1 = Math.floor(left / LIMB);
  const left0 = left - left1 * LIMB;
  const weights1 = Math.floor(weights / LIMB);
  const weights0 = weights - weights1 * LIMB;
  return (basis, into, at) => {
    let quotient = Math.floor((left * basis) / weights);
    const basis1 = Math.floor(basis / LIMB);
    const basis0 = basis - basis1 * LIMB;
    const quotient1 = Math.floor(quotient / LIMB);
    const quotient0 = quotient - quotient1 * LIMB;
    const high = left1 * basis1 - quotient1 * weights1;
    const middle = left1 * basis0 + left0 * basis1 - (quotient1 * weights0 + quotient0 * weights1);
    const low = left0 * basis0 - quotient0 * weights0;
    let remainder = low + (middle + high * LIMB) * LIMB;
    if (remainder < 0) {
      remainder += weights;
      quotient -= 1;
    } else if (remainder >= weights) {
      remainder -= weights;
      quotient += 1;
    }
    into[at] = remainder;
    return quotient;
  };
}

/** Beyond 2^51 (a pool above ¥22 trillion, or 2.2 × 10^15 candy): BigInt per player. */
function divideInBigInts(left: number, weights: number): Divide {
  const bigLeft = BigInt(left);
  const bigWeights = BigInt(weights);
  return (basis, into, at) => {
    const product = bigLeft * BigInt(basis);
    into[at] = Number(product % bigWeights);
    return Number(product / bigWeights);
  };
}

/**
 * One cent each to the `cents` largest remainders (fewer than the sharing players), ties to the
 * larger basis, then the earlier player: the tie-break of `allocate`. Found by radix selection,
 * never by sorting the players.
 */
function awardCents(players: Players, payouts: Float64Array, remainders: Float64Array, cents: number, weights: number): void {
  if (cents === 0) return;
  const byRemainder = cut(remainders, cents, weights);
  const ties = cents - byRemainder.above;
  // Only when the tied remainders do not all get a cent does the basis among them matter.
  const tied = ties < byRemainder.equal ? basisWhere(players.values, remainders, byRemainder.key, byRemainder.equal) : undefined;
  const byBasis = tied === undefined ? undefined : cut(tied, ties, players.largest + 1);
  let basisTies = byBasis === undefined ? 0 : ties - byBasis.above;
  let t = 0;
  for (let i = 0; i < remainders.length; i++) {
    const remainder = remainders[i]!;
    if (remainder < byRemainder.key) continue;
    if (remainder > byRemainder.key || byBasis === undefined) {
      payouts[i]! += 1;
      continue;
    }
    const basis = tied![t++]!;
    if (basis > byBasis.key || (basis === byBasis.key && basisTies-- > 0)) payouts[i]! += 1;
  }
}

/** The bases of the players whose key equals `key`, in player order. */
function basisWhere(basis: Float64Array, keys: Float64Array, key: number, count: number): Float64Array {
  const chosen = new Float64Array(count);
  let at = 0;
  for (let i = 0; i < keys.length; i++) if (keys[i] === key) chosen[at++] = basis[i]!;
  return chosen;
}

/**
 * `'minimum'` when the pool cannot pay every player the minimum: the ⌊pool / minimum⌋ largest
 * bases (then the earliest players) get exactly the minimum, the rest nothing.
 */
function minimumsFirst(total: number, players: Players, minimum: number, payouts: Float64Array): PoolSplit {
  const paid = (total - (total % minimum)) / minimum;
  if (paid === 0) return { payouts, unallocated: total };
  const { values } = players;
  const { key, above } = cut(values, paid, players.largest + 1);
  let ties = paid - above;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value > key || (value === key && ties-- > 0)) payouts[i] = minimum;
  }
  return { payouts, unallocated: total - paid * minimum };
}

/**
 * Where the `count` largest keys end (1 ≤ count ≤ the number of keys in [0, bound); negative
 * keys never count): every key above `key` is among them, `above` of them, and the first
 * `count − above` of the `equal` keys equal to it. Radix selection: each pass over the keys
 * counts those in the current window by bucket (up to 2^17 buckets) and narrows the window to the
 * bucket where the count-th largest falls; O(n) per pass, two passes for keys below 2^34.
 */
interface Cut {
  key: number;
  above: number;
  equal: number;
}

const MAX_BUCKET_BITS = 17;

function cut(keys: Float64Array, count: number, bound: number): Cut {
  let bits = 0;
  while (2 ** bits < bound) bits++;
  const step = Math.ceil(bits / Math.max(1, Math.ceil(bits / MAX_BUCKET_BITS)));
  const counts = new Uint32Array(2 ** Math.min(step, bits));
  let base = 0;
  let above = 0;
  for (;;) {
    // The window is [base, base + 2^bits), its buckets 2^width wide: powers of two, so
    // (key − base) / unit is exact and its floor the bucket.
    const width = Math.min(step, bits);
    const span = 2 ** bits;
    const unit = 2 ** (bits - width);
    const perUnit = 1 / unit;
    counts.fill(0);
    for (let i = 0; i < keys.length; i++) {
      const offset = keys[i]! - base;
      if (offset >= 0 && offset < span) counts[Math.floor(offset * perUnit)]! += 1;
    }
    let bucket = 2 ** width - 1;
    while (above + counts[bucket]! < count) above += counts[bucket--]!;
    base += bucket * unit;
    bits -= width;
    if (bits === 0) return { key: base, above, equal: counts[bucket]! };
  }
}

/** ⌈a × b / c⌉ for non-negative safe integers, c > 0; beyond 2^53 only its order matters. */
function ceilRatio(a: number, b: number, c: number): number {
  const product = BigInt(a) * BigInt(b);
  return Number((product + BigInt(c) - 1n) / BigInt(c));
}

/**
 * sign(a × b − c × d), exactly, for non-negative safe integers. Each rounded product is within a
 * relative 2^-53 of the exact one, so they can only be in the wrong order (or falsely apart) when
 * within 2^-51 of the larger; both are exact below 2^53. Otherwise BigInt decides.
 */
function compareProducts(a: number, b: number, c: number, d: number): number {
  const x = a * b;
  const y = c * d;
  if ((x <= MAX_SAFE && y <= MAX_SAFE) || Math.abs(x - y) > Math.max(x, y) * 2 ** -51) return Math.sign(x - y);
  const difference = BigInt(a) * BigInt(b) - BigInt(c) * BigInt(d);
  return difference > 0n ? 1 : difference < 0n ? -1 : 0;
}

/** Random draws are integers below 2^48, and a packet draws below the pool. */
const RANDOM_RANGE = 2 ** 48;

/**
 * Splits a pool (cents) into random packets, "lucky red packets", by the double-mean method:
 * with `left` cents and `k` packets still to fill, the next packet is uniform on the integers
 * [1, min(⌊2 × left / k⌋, left − (k − 1))] (twice the mean of what is left, but leaving at least
 * a cent for each packet after it), drawn as `1 + random.int(that)`; the last packet takes what
 * is left. Every packet is at least 1, they sum to the total, and each has expected size near
 * the mean, with the spread of a uniform. One draw per packet but the last, so a seeded
 * `Random` replays the same split.
 *
 * @throws RangeError when the total or the packet count is not a positive safe integer, there
 *   are more packets than cents, or the total is above 2^48 (the range of `Random.int`).
 * @example
 * splitRandomly(1000, 3, scriptedRandom([199, 299])) // [200, 300, 500]: draws below 666, then below 799
 */
export function splitRandomly(total: number, packets: number, random: Random): number[] {
  for (const [what, value] of [['total', total], ['packets', packets]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`splitRandomly: ${what} must be a positive safe integer, got ${value}`);
  }
  if (total < packets) throw new RangeError(`splitRandomly: ${total} cents cannot fill ${packets} packets of at least 1`);
  if (total > RANDOM_RANGE) throw new RangeError(`splitRandomly: total must be at most 2^48, got ${total}`);
  const amounts = new Array<number>(packets);
  let left = total;
  for (let i = 0; i < packets - 1; i++) {
    const k = packets - i;
    // 2 × left < 2^53, and the rounding of the division is below 1/k, the least gap between
    // a non-integer quotient and the next integer, so this floor is exact.
    const most = Math.min(Math.floor((2 * left) / k), left - (k - 1));
    amounts[i] = 1 + random.int(most);
    left -= amounts[i]!;
  }
  amounts[packets - 1] = left;
  return amounts;
}
