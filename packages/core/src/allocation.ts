/** One recipient of an allocation: how much it weighs, and at most how much it can take. */
export interface AllocationShare {
  weight: number;
  /** The most this share can receive (what a cart line still owes, a player's maximum); no limit when absent. */
  cap?: number;
}

/** The parts of an allocated amount, and what no share could take. */
export interface Allocation {
  /** One part per share, in input order; they sum to the total minus `unallocated`. */
  parts: number[];
  /**
   * What could not be placed: 0 unless every share of positive weight is at its cap (or there
   * is no share of positive weight). The caller decides what happens to it: a coupon's surplus
   * is forfeited, a pool's is carried over.
   */
  unallocated: number;
}

/**
 * Splits an integer amount (cents, candy) over weighted shares exactly, each part an integer
 * as near its proportional share `total × weight / Σweight` as integers allow, and none above
 * its cap. This is the one mechanism for spreading an order discount over cart lines, a cost
 * over funders and a pool over players, so that no cent is lost to rounding.
 *
 * - Rounding is by largest remainder (Hamilton): every share gets the floor of its exact part,
 *   and the cents still left go one each to the shares with the largest fractional remainders.
 *   Every part is therefore within 1 of its exact share, and the parts sum to the total.
 * - Among equal remainders the larger weight gets the cent first (it is relatively smallest
 *   there), then the earlier share. Equal remainders with different weights are decided by
 *   weight, so reordering the shares can only move a rounding cent between shares of equal
 *   weight: 101 over [60, 40] is [61, 40] (remainders .6 and .4, no tie), 101 over [50, 50] is
 *   [51, 50], and 2 over [1, 3] is [0, 2] (exact .5 and 1.5, a tie the larger weight wins).
 * - Caps are water-filled: a share whose proportional part would exceed its cap gets exactly
 *   its cap and the excess is re-allocated in proportion over the other shares, until no cap is
 *   exceeded; only then are the remaining shares rounded, which cannot push one past its cap.
 * - A share of weight 0 always gets 0, even when the others are at their caps, and a total no
 *   share can take (every weight 0, or every positive-weight share at its cap) is reported in
 *   `unallocated` rather than forced onto someone.
 *
 * All arithmetic is exact integer arithmetic: plain numbers when `total × Σweight` is a safe
 * integer, BigInt otherwise. O(n log n).
 *
 * @throws RangeError when the total, a weight or a cap is not a non-negative safe integer.
 * @example
 * allocate(1000, [{ weight: 10000 }, { weight: 10000 }, { weight: 10000 }]) // { parts: [334, 333, 333], unallocated: 0 }
 * allocate(6000, [{ weight: 10000 }, { weight: 10000 }, { weight: 10000, cap: 500 }]) // { parts: [2750, 2750, 500], unallocated: 0 }
 * allocate(100, [{ weight: 1, cap: 30 }, { weight: 1, cap: 30 }, { weight: 1, cap: 30 }]) // { parts: [30, 30, 30], unallocated: 10 }
 */
export function allocate(total: number, shares: readonly AllocationShare[]): Allocation {
  checkAmount('total', total);
  // Exact while it is a safe integer; beyond that it only has to be large enough to pick BigInt.
  let weights = 0;
  for (let i = 0; i < shares.length; i++) {
    const share = shares[i]!;
    if (!isAmount(share.weight)) checkAmount(`shares[${i}].weight`, share.weight);
    if (share.cap !== undefined && !isAmount(share.cap)) checkAmount(`shares[${i}].cap`, share.cap);
    weights += share.weight;
  }
  // Every product the allocation forms is at most total × Σweight (caps ≥ total never bind).
  if (total * weights > Number.MAX_SAFE_INTEGER) return fill(bigIntegers, total, shares);
  return withoutCaps(total, weights, shares) ?? fill(safeIntegers, total, shares);
}

/**
 * The common case, with the same result as `fill`: no cap binds (every share's exact part is
 * within its cap), in safe integers. Settling a cart allocates a dozen discounts, so this skips
 * water-filling, and sorts only when cents are left over. Undefined when a cap binds.
 */
function withoutCaps(total: number, weights: number, shares: readonly AllocationShare[]): Allocation | undefined {
  if (weights === 0) return undefined;
  const n = shares.length;
  const parts = new Array<number>(n);
  const remainders = new Array<number>(n);
  let cents = total;
  for (let i = 0; i < n; i++) {
    const share = shares[i]!;
    const product = total * share.weight;
    const quotient = (product - (product % weights)) / weights;
    const remainder = product % weights;
    // The exact part is quotient + remainder / weights; it exceeds the cap when either does.
    if (share.cap !== undefined && (quotient > share.cap || (quotient === share.cap && remainder > 0))) return undefined;
    parts[i] = quotient;
    remainders[i] = share.weight === 0 ? -1 : remainder;
    cents -= quotient;
  }
  if (cents > 0) {
    // The shares with a fractional part, largest remainder first (then larger weight, then
    // earlier): inserted in index order, so equal keys keep it. Carts are small, and an inline
    // insertion sort beats a comparator callback there.
    const order: number[] = [];
    for (let i = 0; i < n; i++) {
      const remainder = remainders[i]!;
      if (remainder <= 0) continue;
      const weight = shares[i]!.weight;
      let at = order.length;
      while (at > 0) {
        const j = order[at - 1]!;
        if (remainders[j]! > remainder || (remainders[j] === remainder && shares[j]!.weight >= weight)) break;
        order[at] = j;
        at--;
      }
      order[at] = i;
    }
    for (let k = 0; k < cents; k++) parts[order[k]!]! += 1;
  }
  return { parts, unallocated: 0 };
}

const isAmount = (value: number) => Number.isSafeInteger(value) && value >= 0;

function checkAmount(what: string, value: number): void {
  if (!isAmount(value)) {
    throw new RangeError(`allocate: ${what} must be a non-negative safe integer, got ${value}`);
  }
}

/** Exact integer arithmetic, so that one allocation routine serves both number and BigInt. */
interface Exact<T> {
  of(value: number): T;
  toNumber(value: T): number;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  /** Quotient and remainder of a non-negative dividend by a positive divisor. */
  divMod(a: T, b: T): [T, T];
  compare(a: T, b: T): number;
}

const safeIntegers: Exact<number> = {
  of: (value) => value,
  toNumber: (value) => value,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  // Dividing the exact multiple is exact; Math.floor(a / b) could round up near 2^53.
  divMod: (a, b) => [(a - (a % b)) / b, a % b],
  compare: (a, b) => a - b,
};

const bigIntegers: Exact<bigint> = {
  of: BigInt,
  toNumber: Number,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  divMod: (a, b) => [a / b, a % b],
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
};

function fill<T>(x: Exact<T>, total: number, shares: readonly AllocationShare[]): Allocation {
  const parts = shares.map(() => 0);
  const weight = shares.map((share) => x.of(share.weight));
  let left = x.of(total);
  let weightLeft = x.of(0);
  const open: number[] = [];
  const cappable: number[] = [];
  for (const [i, share] of shares.entries()) {
    if (share.weight === 0) continue;
    open.push(i);
    weightLeft = x.add(weightLeft, weight[i]!);
    if (share.cap !== undefined && share.cap < total) cappable.push(i);
  }

  // Water-filling: in order of cap / weight, a share is capped while its cap is below its part
  // of what is left. Capping a share below the level only raises the level for the rest, so
  // the first share that fits ends the loop: every later one has a higher cap / weight.
  const cap = shares.map((share) => x.of(share.cap ?? 0));
  cappable.sort((i, j) => x.compare(x.mul(cap[i]!, weight[j]!), x.mul(cap[j]!, weight[i]!)));
  const capped = new Set<number>();
  for (const i of cappable) {
    if (x.compare(x.mul(cap[i]!, weightLeft), x.mul(left, weight[i]!)) >= 0) break;
    capped.add(i);
    parts[i] = shares[i]!.cap!;
    left = x.sub(left, cap[i]!);
    weightLeft = x.sub(weightLeft, weight[i]!);
  }
  const rest = open.filter((i) => !capped.has(i));
  if (rest.length === 0) return { parts, unallocated: x.toNumber(left) };

  // Largest remainder over the uncapped shares. A share that fits has exact part ≤ cap, so
  // floor + 1 (given only when the part is fractional) is still ≤ cap.
  const remainder: T[] = [];
  let cents = x.toNumber(left);
  for (const i of rest) {
    const [quotient, r] = x.divMod(x.mul(left, weight[i]!), weightLeft);
    parts[i] = x.toNumber(quotient);
    remainder[i] = r;
    cents -= parts[i];
  }
  if (cents > 0) {
    rest.sort((i, j) => x.compare(remainder[j]!, remainder[i]!) || shares[j]!.weight - shares[i]!.weight || i - j);
    for (let k = 0; k < cents; k++) parts[rest[k]!]! += 1;
  }
  return { parts, unallocated: 0 };
}
