import { availability } from '../campaign.ts';
import type { CartLine, CatalogItem } from './cart.ts';
import type { TopUpHint } from './quote.ts';
import { matches, type CouponRule, type PricingRules, type ThresholdRule } from './rules.ts';
import { counts, prepareCart, type PreparedCart, type Shopper } from './settle.ts';

/**
 * Top-up suggestions (凑单): for a hint ("add ¥23.00 more of eligible items … to save another
 * ¥30.00"), the cheapest whole items from a catalog (or the shopper's wishlist) that reach it.
 *
 * Each catalog entry is one unit, taken at most once. It is priced as the cart would price it —
 * by the item stage of `prepareCart`, for this shopper at this time — and counts toward the
 * hint's rule with that event price when the rule's matcher takes it. The shopper adds the same
 * event price, so the question is a subset sum: the smallest total of eligible prices that is at
 * least `needed`; ties go to fewer items, then to the earlier items in catalog order.
 *
 * Prices are counted as parallel thresholds (the default) test them: an item's event price,
 * whatever else is in the cart. Two cases depend on the rest of the cart, and there the
 * suggestion is an estimate, as the hint's `needed` itself is:
 * - `thresholdMode: 'sequential'`: the stages before the rule may take part of an added item;
 * - a coupon counts a presale item only while the balance it still owes exceeds the coupon's
 *   face value, and thresholds taken before the coupon lower that balance; here a presale unit
 *   counts when its balance after the item stage does.
 */

export { CatalogItem } from './cart.ts';

/** One suggested unit. */
export interface SuggestedItem {
  sku: string;
  store: string;
  /** The list price of the unit, as the catalog gives it. */
  unitPrice: number;
  /** What it counts toward the rule, and what the shopper pays for it: its event price. */
  eligible: number;
}

export interface TopUpSuggestion {
  /** In catalog order. */
  items: SuggestedItem[];
  /** Cents the shopper adds: the items' event prices, at least the hint's `needed`. */
  adds: number;
  /**
   * Whether the search proved this the cheapest. Always true unless the search hit its work
   * limit (see `cheapestCover`), which a catalog of 500 items only does for a top-up of
   * thousands of yuan; then it is the best found.
   */
  exact: boolean;
}

/** A catalog unit after the item stage. */
export interface PricedUnit {
  /** The unit as the cart's matchers see it (tags sorted, without repeats). */
  readonly item: PreparedCart['items'][number];
  /** What one unit owes after the item stage (event price, member price, presale bonus). */
  readonly event: number;
  /** Its presale deposit, 0 for other items. */
  readonly deposit: number;
}

/** A catalog priced once for one shopper at one time, shared by every hint's suggestion. */
export interface PricedCatalog {
  readonly rules: PricingRules;
  readonly catalog: readonly CatalogItem[];
  /** By catalog position; undefined for an entry in a store the campaign does not have (never suggested). */
  readonly units: readonly (PricedUnit | undefined)[];
}

/**
 * Takes every catalog entry through the item stage, as one unit in a cart of its own: the same
 * code a cart's lines go through, so a suggestion counts what the cart will count.
 */
export function priceCatalog(rules: PricingRules, catalog: readonly CatalogItem[], shopper: Shopper, now: number): PricedCatalog {
  const units: (PricedUnit | undefined)[] = new Array<PricedUnit | undefined>(catalog.length).fill(undefined);
  const lines: CartLine[] = [];
  const positions: number[] = [];
  for (const [i, entry] of catalog.entries()) {
    if (!rules.stores.has(entry.store)) continue;
    // Field by field: one shape for every line, where a spread copies each entry's own.
    lines.push({ sku: entry.sku, store: entry.store, category: entry.category, tags: entry.tags, unitPrice: entry.unitPrice, quantity: 1 });
    positions.push(i);
  }
  if (lines.length === 0) return { rules, catalog, units };
  // The item stage prices each item on its own, so pricing the entries together is the same as
  // pricing each alone; identical entries merge into one item of a larger quantity.
  const prepared = prepareCart(rules, { lines }, shopper, now);
  if (!prepared.ok) throw new Error(`top-up: the catalog's known-store lines were refused: ${prepared.error.code}`);
  for (const item of prepared.value.items) {
    const unit: PricedUnit = { item, event: item.event / item.quantity, deposit: item.deposit / item.quantity };
    for (const line of item.lines) units[positions[line]!] = unit;
  }
  return { rules, catalog, units };
}

/**
 * What `priceCatalog` reads besides the rules and the catalog: the shopper's member tier, and the
 * phases open at `now` (item cuts and member prices may run in some phases only). With the same
 * rules, catalog and key, it prices alike, so a caller pricing for many shoppers keeps one per key.
 *
 * @example catalogPricingKey(rules, { ...shopper, tier: 'gold' }, now) // 'gold\u0000festival'
 */
export function catalogPricingKey(rules: PricingRules, shopper: Shopper, now: number): string {
  let key = shopper.tier ?? '';
  for (const phase of rules.campaign.phaseIds) if (availability(rules.campaign, [phase], now).open) key += `\u0000${phase}`;
  return key;
}

/** The threshold or coupon a hint is about, or undefined when the pricing has no such rule. */
function ruleOf(rules: PricingRules, hint: Pick<TopUpHint, 'id' | 'kind'>): ThresholdRule | CouponRule | undefined {
  return hint.kind === 'threshold' ? rules.thresholds.find((t) => t.id === hint.id) : rules.coupons.get(hint.id);
}

/** What one unit adds to a rule's base: its event price when the rule counts it, else 0. */
function countedBy(rules: PricingRules, rule: ThresholdRule | CouponRule, unit: PricedUnit | undefined): number {
  if (unit === undefined || !matches(rule.matcher, rules, unit.item)) return 0;
  // As the settlement counts it, with its balance after the item stage (see above).
  return counts(rule, unit.deposit, unit.event - unit.deposit, 1) ? unit.event : 0;
}

/**
 * The cheapest catalog units that reach a hint's next step: their eligible event prices sum to
 * at least `hint.needed`, as little over it as possible (then fewest units, then earliest in
 * catalog order). Null when even every eligible unit together does not reach it, or when the
 * pricing has no rule of the hint's id.
 *
 * @example
 * const catalog = priceCatalog(rules, [{ sku: 'socks', store: 'S1', unitPrice: 2500 }], shopper, now);
 * suggestTopUp(catalog, { id: 'X', kind: 'threshold', needed: 2300 }); // { items: [socks], adds: 2500, exact: true }
 */
export function suggestTopUp(priced: PricedCatalog, hint: Pick<TopUpHint, 'id' | 'kind' | 'needed'>): TopUpSuggestion | null {
  const rule = ruleOf(priced.rules, hint);
  if (!rule) return null;
  const counted = priced.units.map((unit) => countedBy(priced.rules, rule, unit));
  const cover = cheapestCover(counted, hint.needed);
  if (!cover) return null;
  const items = cover.picks.map((i): SuggestedItem => {
    const entry = priced.catalog[i]!;
    return { sku: entry.sku, store: entry.store, unitPrice: entry.unitPrice, eligible: counted[i]! };
  });
  return { items, adds: cover.sum, exact: cover.exact };
}

// ---------------------------------------------------------------------------------------------
// The subset-sum search

/** A set of items reaching a target: positions in the price list, ascending. */
export interface Cover {
  picks: number[];
  sum: number;
  /** False only when a search stopped at its limit before it could prove its set the best. */
  exact: boolean;
}

/**
 * Work the bitsets may do, in 32-bit word operations: at most about 10 ms. The benchmark case —
 * 200 prices of ¥5–¥500, a target up to ¥300 — needs under 400,000.
 */
export const COVER_WORK_LIMIT = 6_000_000;
/** Nodes each part of the search may visit: a millisecond or two. */
export const COVER_NODE_LIMIT = 50_000;
/** The most sums a bitset may span: 2^21 (8 MB in the widest layer). */
const MAX_SUMS = 1 << 21;
/** Past this much work for step 1 the search goes first, and the bitsets only when it cannot prove its answer. */
const QUICK_WORK = 1_000_000;

/**
 * The cheapest subset of `prices` whose sum is at least `needed`: the smallest such sum, then
 * the fewest items, then the lexicographically first positions (the earliest items). Items
 * priced 0 never help and are never picked. Null when all of them together stay below `needed`.
 *
 * Method. A single item priced at least `needed` is only ever worth taking alone (with anything
 * else it costs more than alone), so the cheapest such item is one candidate, and the search
 * runs over the n items below `needed`. All sums are multiples of g, the gcd of those prices, so
 * the prices and the target are divided by g first (target T rounded up). The optimum lies in
 * [T, U], U = T + max p − 1: were it higher, dropping any of its items would leave a cheaper set
 * still at least T. It is also below the single candidate, and at most the total.
 *
 * 1. Reachability: a bitset over [0, U], shifted and or-ed once per item. The smallest
 *    reachable sum m ≥ T is the optimal total.
 * 2. Fewest items: for k = 1, 2, … the sums of exactly k items from position i on, over [0, m],
 *    as bitsets built layer from layer; each layer keeps, per sum, the last position it can be
 *    made from. The first layer that makes m from position 0 gives K, the fewest items.
 * 3. Reconstruction walks the positions in order and takes an item whenever the rest can still
 *    be made of exactly the remaining count from the items after it: the earliest items among
 *    the optimal sets.
 *
 * Time O(n·U/32 + K·(n·m/32 + m)) word operations, memory O(U/32 + K·m): for 200 prices and a
 * target of ¥300, under a million operations (about a millisecond) and a few hundred KB.
 *
 * Large targets (step 1 alone over a million operations: about ¥300 over 500 items) go to a
 * search first: a branch and bound for the total and the count (`fewestFirst`), then a search
 * for the earliest set of that total and count (`earliestOf`). It usually proves its answer in
 * well under a millisecond — it stops as soon as it reaches the target with as few items as
 * the largest prices allow — and each part is exact when it finishes within `COVER_NODE_LIMIT`
 * nodes. When it cannot prove its answer, the bitsets run as long as they stay within
 * `workLimit`; when step 2 would pass it, the search replaces step 2 with the total m known.
 * Past all limits the best set found is returned with `exact: false`; in practice that is a set
 * of the optimal total and count that may not be the earliest.
 */
export function cheapestCover(prices: readonly number[], needed: number, workLimit = COVER_WORK_LIMIT): Cover | null {
  if (needed <= 0) return { picks: [], sum: 0, exact: true };
  let single = -1;
  const small: number[] = [];
  let total = 0;
  let g = 0;
  for (const [i, price] of prices.entries()) {
    if (price <= 0) continue;
    if (price >= needed) {
      if (single < 0 || price < prices[single]!) single = i;
    } else {
      small.push(i);
      total += price;
      g = gcd(g, price);
    }
  }
  const singleCover: Cover | null = single < 0 ? null : { picks: [single], sum: prices[single]!, exact: true };
  if (total < needed) return singleCover;
  // A set of small items must cost less than the single item: an equal sum loses on count.
  const ceiling = singleCover ? singleCover.sum - 1 : total;
  const target = Math.ceil(needed / g);
  let largest = 0;
  for (const i of small) largest = Math.max(largest, prices[i]! / g);
  const bound = Math.min(target + largest - 1, Math.floor(ceiling / g), total / g);
  if (bound < target) return singleCover;
  const coverOf = (picks: readonly number[], exact: boolean): Cover => {
    let sum = 0;
    for (const k of picks) sum += prices[small[k]!]!;
    return { picks: picks.map((k) => small[k]!), sum, exact };
  };
  const reachWork = small.length * words(bound);
  const fits = reachWork <= workLimit && bound < MAX_SUMS;
  if (!fits || reachWork > QUICK_WORK) {
    // Large: the search usually proves its answer in well under a millisecond.
    const found = searchCover(Float64Array.from(small, (i) => prices[i]!), needed, ceiling);
    if (found.exact || !fits) {
      if (found.picks) return coverOf(found.picks, found.exact);
      if (singleCover) return { ...singleCover, exact: found.exact };
      return coverOf(small.map((_, k) => k), false); // all of them: a cover, if a poor one
    }
  }
  // Every scaled price is below the target, so below 2^21.
  const scaled = Int32Array.from(small, (i) => prices[i]! / g);
  const best = smallestReachable(scaled, target, bound);
  if (best < 0) return singleCover;
  const exactly = fewestMaking(scaled, best, workLimit - reachWork);
  if (exactly.picks) return coverOf(exactly.picks, exactly.exact);
  // Not even one set making m found within the limits: the best set found at all.
  const any = searchCover(Float64Array.from(scaled), target, bound);
  return any.picks ? coverOf(any.picks, false) : coverOf(small.map((_, k) => k), false);
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Bitset words for the sums 0..maxSum (no `>>>`: maxSum may pass 2^32 before the work check). */
const words = (maxSum: number) => Math.floor(maxSum / 32) + 1;

/** Step 1: the smallest sum in [target, bound] of some of the prices, or −1. */
function smallestReachable(prices: Int32Array, target: number, bound: number): number {
  const bits = new Int32Array(words(bound));
  bits[0] = 1;
  let top = 0;
  for (const price of prices) {
    top = Math.min(bound, top + price);
    shiftOrInPlace(bits, price, top >>> 5);
  }
  for (let s = target; s <= bound; s++) {
    const word = bits[s >>> 5]!;
    if (word === 0) s |= 31; // skip the rest of an empty word
    else if ((word >>> (s & 31)) & 1) return s;
  }
  return -1;
}

/** bits |= bits << shift, for the words up to `top`, high to low so that each item counts once. */
function shiftOrInPlace(bits: Int32Array, shift: number, top: number): void {
  const q = shift >>> 5;
  const r = shift & 31;
  if (r === 0) {
    for (let w = top; w >= q; w--) bits[w]! |= bits[w - q]!;
    return;
  }
  for (let w = top; w > q; w--) bits[w]! |= (bits[w - q]! << r) | (bits[w - q - 1]! >>> (32 - r));
  if (top >= q) bits[q]! |= bits[0]! << r;
}

/** Sums of exactly k items from some position on (layer k of step 2). */
interface Layer {
  /** Per sum: 1 + the last position from which exactly k items make it; 0 when none do. */
  readonly last: Int32Array;
  /** The sums, by decreasing last position… */
  readonly order: Int32Array;
  /** …those of position i being order[till[i + 1] .. till[i]). */
  readonly till: Int32Array;
}

/**
 * Steps 2 and 3: the earliest of the smallest sets making `sum`. When the layers would take
 * long (many items in the answer), the search goes first, and the layers only run when it
 * cannot prove its answer and they fit in `workLimit`.
 */
function fewestMaking(prices: Int32Array, sum: number, workLimit: number): { picks: number[] | null; exact: boolean } {
  const n = prices.length;
  const width = words(sum);
  const descending = Int32Array.from(prices).sort().reverse();
  const largest = descending[0]!;
  // Layer k spans at most k − 1 largest prices, and allocates two arrays of `sum` entries.
  const layerWork = (k: number) => n * Math.min(width, Math.floor(((k - 1) * largest) / 32) + 2) + 64 * width;
  // At least as many layers as the largest prices need to reach `sum`.
  let work = 0;
  for (let k = 1, covered = 0; covered < sum; k++) {
    covered += descending[k - 1]!;
    work += layerWork(k);
  }
  let found: { picks: number[] | null; exact: boolean } | undefined;
  if (work > QUICK_WORK || work > workLimit) {
    found = searchCover(Float64Array.from(prices), sum, sum);
    if (found.exact || work > workLimit) return found;
  }
  const layers: Layer[] = [{ last: new Int32Array(0), order: new Int32Array(0), till: new Int32Array(n + 1) }];
  work = 0;
  for (let k = 1; k <= n; k++) {
    work += layerWork(k);
    if (work > workLimit) return found ?? searchCover(Float64Array.from(prices), sum, sum);
    const layer = nextLayer(prices, layers[k - 1]!, k === 1, width);
    layers.push(layer);
    if (layer.last[sum]! > 0) return { picks: reconstruct(prices, layers, sum, k), exact: true };
  }
  return { picks: null, exact: false }; // unreachable: `sum` is a sum of at most n items
}

/**
 * Layer k from layer k − 1. Going down the positions i, `made` holds the sums of exactly k
 * items from i on and `before` those of k − 1 items from i + 1 on; item i adds before + p[i].
 * The layer-0 set is {0} from every position (`fromZero`).
 */
function nextLayer(prices: Int32Array, previous: Layer, fromZero: boolean, width: number): Layer {
  const n = prices.length;
  const made = new Int32Array(width);
  const before = new Int32Array(width);
  const last = new Int32Array(width * 32);
  const order = new Int32Array(width * 32);
  const till = new Int32Array(n + 1);
  let lo = width;
  let hi = -1;
  if (fromZero) {
    before[0] = 1;
    lo = 0;
    hi = 0;
  }
  let count = 0;
  for (let i = n - 1; i >= 0; i--) {
    if (hi >= 0) count = addShifted(made, before, prices[i]!, lo, hi, width, last, order, count, i + 1);
    till[i] = count;
    // `before` becomes the sums of k − 1 items from i on.
    for (let j = previous.till[i + 1]!; j < previous.till[i]!; j++) {
      const s = previous.order[j]!;
      const w = s >>> 5;
      before[w]! |= 1 << (s & 31);
      if (w < lo) lo = w;
      if (w > hi) hi = w;
    }
  }
  return { last, order, till };
}

/**
 * made |= before << shift, over the words `before` has bits in (lo..hi), recording each sum
 * new to `made` with `code` in `last` and in `order`; returns the count in `order`.
 */
function addShifted(
  made: Int32Array,
  before: Int32Array,
  shift: number,
  lo: number,
  hi: number,
  width: number,
  last: Int32Array,
  order: Int32Array,
  count: number,
  code: number,
): number {
  const q = shift >>> 5;
  const r = shift & 31;
  const from = lo + q;
  const to = Math.min(width - 1, hi + q + (r === 0 ? 0 : 1));
  for (let w = to; w >= from; w--) {
    const src = w - q;
    let moved: number;
    if (r === 0) moved = before[src]!;
    else moved = (src <= hi ? before[src]! << r : 0) | (src > lo ? before[src - 1]! >>> (32 - r) : 0);
    let fresh = moved & ~made[w]!;
    if (fresh === 0) continue;
    made[w]! |= fresh;
    do {
      const low = fresh & -fresh;
      const s = (w << 5) + 31 - Math.clz32(low);
      last[s] = code;
      order[count++] = s;
      fresh ^= low;
    } while (fresh !== 0);
  }
  return count;
}

/** Step 3: the earliest positions of `count` items making `sum`, given the layers below `count`. */
function reconstruct(prices: Int32Array, layers: readonly Layer[], sum: number, count: number): number[] {
  const picks: number[] = [];
  let rest = sum;
  let left = count;
  for (let i = 0; i < prices.length && left > 0; i++) {
    const after = rest - prices[i]!;
    if (after < 0) continue;
    // Can exactly left − 1 items from position i + 1 on make what is left after this one?
    const fits = left === 1 ? after === 0 : layers[left - 1]!.last[after]! >= i + 2;
    if (!fits) continue;
    picks.push(i);
    rest = after;
    left--;
  }
  return picks;
}

// ---------------------------------------------------------------------------------------------
// The search, for large targets

/**
 * The best set with a sum in [needed, maxSum] — least sum, then fewest items, then earliest —
 * by `fewestFirst` then `earliestOf`. `picks` is null when no such set was found; `exact` says
 * whether both searches finished (so the set is the best, or there is none).
 */
function searchCover(prices: Float64Array, needed: number, maxSum: number): { picks: number[] | null; exact: boolean } {
  const order = Array.from(prices.keys()).sort((a, b) => prices[b]! - prices[a]! || a - b);
  const found = fewestFirst(Float64Array.from(order, (i) => prices[i]!), needed, maxSum);
  if (found.picks === null) return found;
  const picks = found.picks.map((k) => order[k]!).sort((a, b) => a - b);
  const earliest = earliestOf(prices, found.sum, picks.length);
  return earliest ? { picks: earliest, exact: found.exact } : { picks, exact: false };
}

/**
 * A branch and bound for the least sum in [needed, maxSum], then the fewest items, over prices
 * sorted from the largest. At each node it first completes the set with the one item that
 * does so most cheaply (binary search: the smallest price at least what is missing), then
 * branches on the items below what is missing, largest first. A branch is cut when the rest
 * cannot reach `needed`, or cannot beat the best found: no sum is below `needed`, and no fewer
 * items than what is missing over the largest price left. Leaving an item out leaves out the
 * equal prices after it too (they would only repeat the same sums). It stops early at `needed`
 * made with as few items as the largest prices allow.
 */
function fewestFirst(sorted: Float64Array, needed: number, maxSum: number): { picks: number[] | null; sum: number; exact: boolean } {
  const n = sorted.length;
  const rest = new Float64Array(n + 1);
  for (let k = n - 1; k >= 0; k--) rest[k] = rest[k + 1]! + sorted[k]!;
  let fewest = 0;
  for (let covered = 0; covered < needed && fewest < n; fewest++) covered += sorted[fewest]!;
  let best: number[] | null = null;
  // Nothing above maxSum: as if a set of maxSum + 1 with no items had been found.
  let bestSum = maxSum + 1;
  let bestCount = 0;
  const path: number[] = [];
  let sum = 0;
  let k = 0;
  for (let nodes = 1; ; nodes++) {
    if (nodes > COVER_NODE_LIMIT) return { picks: best, sum: bestSum, exact: false };
    const missing = needed - sum;
    if (k < n && sum + rest[k]! >= needed && (needed < bestSum || (needed === bestSum && path.length + Math.ceil(missing / sorted[k]!) < bestCount))) {
      const one = lastAtLeast(sorted, missing, k);
      if (one >= k) {
        const s = sum + sorted[one]!;
        if (s < bestSum || (s === bestSum && path.length + 1 < bestCount)) {
          best = [...path, one];
          bestSum = s;
          bestCount = path.length + 1;
          if (bestSum === needed && bestCount === fewest) return { picks: best, sum: bestSum, exact: true };
        }
      }
      // Two or more items, each below what is missing.
      const next = one + 1 > k ? one + 1 : k;
      if (next < n && sum + rest[next]! >= needed && (needed < bestSum || path.length + 2 < bestCount)) {
        path.push(next);
        sum += sorted[next]!;
        k = next + 1;
        continue;
      }
    }
    const j = path.pop();
    if (j === undefined) return { picks: best, sum: bestSum, exact: true };
    sum -= sorted[j]!;
    k = j + 1;
    while (k < n && sorted[k] === sorted[j]) k++;
  }
}

/** In prices sorted from the largest, the last position from `from` on with a price of at least `value`; from − 1 when none. */
function lastAtLeast(sorted: Float64Array, value: number, from: number): number {
  let lo = from - 1;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (sorted[mid]! >= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Step 3 without the layers: the earliest positions of exactly `count` items making `sum`, by
 * a depth-first search in position order that takes an item before leaving it out, so the
 * first set found is the earliest. A branch is cut unless what is left lies between the
 * smallest and the largest sums of the remaining count of items after it (tables by suffix),
 * and the last item is looked up by price. Null when it finds none within the node limit.
 */
function earliestOf(prices: Float64Array, sum: number, count: number): number[] | null {
  const n = prices.length;
  const stride = n + 1;
  // most[t·stride + k] / least[…]: the largest / smallest sum of t items from position k on.
  const most = new Float64Array((count + 1) * stride);
  const least = new Float64Array((count + 1) * stride);
  for (let t = 1; t <= count; t++) {
    most[t * stride + n] = -Infinity;
    least[t * stride + n] = Infinity;
    for (let k = n - 1; k >= 0; k--) {
      most[t * stride + k] = Math.max(most[t * stride + k + 1]!, most[(t - 1) * stride + k + 1]! + prices[k]!);
      least[t * stride + k] = Math.min(least[t * stride + k + 1]!, least[(t - 1) * stride + k + 1]! + prices[k]!);
    }
  }
  const at = new Map<number, number[]>();
  for (let k = 0; k < n; k++) {
    const list = at.get(prices[k]!);
    if (list) list.push(k);
    else at.set(prices[k]!, [k]);
  }
  const path: number[] = [];
  let rest = sum;
  let k = 0;
  for (let nodes = 1; nodes <= COVER_NODE_LIMIT; nodes++) {
    const left = count - path.length;
    if (left === 1) {
      const one = firstFrom(at.get(rest), k);
      if (one >= 0) return [...path, one];
    } else if (k < n && least[left * stride + k]! <= rest && rest <= most[left * stride + k]!) {
      if (prices[k]! < rest) {
        path.push(k);
        rest -= prices[k]!;
      }
      k++;
      continue;
    }
    const j = path.pop();
    if (j === undefined) return null;
    rest += prices[j]!;
    k = j + 1;
  }
  return null;
}

/** The first position in an ascending list at or after `from`; −1 when none. */
function firstFrom(positions: readonly number[] | undefined, from: number): number {
  if (!positions) return -1;
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (positions[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < positions.length ? positions[lo]! : -1;
}
