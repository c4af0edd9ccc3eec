import type { PreparedCart, ChosenCoupon, SettleOptions, StageRun } from './settle.ts';
import { nominalOff, percentOf, runStages } from './settle.ts';
import { inEffect, type CouponRule } from './rules.ts';

/**
 * The best coupon choice: among every combination of the player's usable coupons that the
 * stacking rules allow (one coupon of a group per store for store coupons, per order for the
 * rest), the one with the lowest payable, computed by the same stages as any quote. Among equal
 * payables it uses the fewest red packets (when they pay everything, a coupon still saves the
 * shopper's balance), then the fewest coupons, so none is spent for nothing; then the earliest
 * found. At equal payables, fewer red packets is a lower payable plus red packets (what the order
 * costs without them), which is what the search compares and bounds.
 *
 * Exact by branch and bound. Each stacking slot (a store and group, or an order-wide group) is
 * one decision, tried best first. A partial choice is dropped only when bounds prove that no
 * completion beats the best found so far in that order. The bounds cap what every rule can take:
 *
 * - a threshold or coupon takes at most what it takes at the event base (every rule's discount
 *   grows with its base, and no base exceeds the event base);
 * - the member discount takes at most its percent of the marked balance left after those rules
 *   (when it runs after them), within the month's ceiling; red packets at most their balance;
 * - nothing takes more than the items owe beyond their deposits.
 *
 * Without the red packets' part, that bounds the payable plus red packets too. Every part
 * only grows with the rules' discounts, so both hold for every completion, and the search
 * returns what exhaustive search would. With bounds this tight, a typical cart explores one path
 * and proves it in a few dozen bound checks.
 */
export interface BestChoice {
  chosen: ChosenCoupon[];
  /** The explained run of the stages for the chosen coupons. */
  run: StageRun;
  /** Complete choices settled by the search (a measure of its work). */
  settled: number;
}

interface Option {
  coupon: ChosenCoupon | null;
  /** The most it can take off. */
  upper: number;
}

export function bestChoice(prepared: PreparedCart, usable: readonly ChosenCoupon[], options: SettleOptions): BestChoice {
  const { items, rules } = prepared;
  const eventOf = (indices: readonly number[]) => {
    let sum = 0;
    for (const i of indices) sum += items[i]!.event;
    return sum;
  };

  // One decision per stacking slot; instances of one coupon are interchangeable, so the first stands for all.
  const slots = new Map<string, Option[]>();
  const seenCoupon = new Set<string>();
  for (const coupon of usable) {
    if (seenCoupon.has(coupon.rule.id)) continue;
    seenCoupon.add(coupon.rule.id);
    const upper = nominalOff(coupon.rule, eventOf(prepared.couponItems.get(coupon.rule.id)!));
    if (upper === 0) continue; // it cannot take anything, so using it equals not using it
    const slot = slotOf(coupon.rule);
    let list = slots.get(slot);
    if (!list) slots.set(slot, (list = []));
    list.push({ coupon, upper });
  }
  const decisions = [...slots.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, list]) => [...list.sort((a, b) => b.upper - a.upper || a.coupon!.rule.index - b.coupon!.rule.index), { coupon: null, upper: 0 }]);

  // What stays the same across choices.
  let fixed = 0;
  for (const [i, threshold] of rules.thresholds.entries()) {
    if (inEffect(rules, threshold.phases, prepared.now)) fixed += nominalOff(threshold, eventOf(prepared.thresholdItems[i]!));
  }
  let event = 0;
  let deposits = 0;
  for (const item of items) {
    event += item.event;
    deposits += item.deposit;
  }
  let fees = 0;
  for (const fee of prepared.fees.values()) fees += fee;
  const touchable = event - deposits;
  const memberUpper = memberBound(prepared, options);
  const redPackets = options.useRedPackets === false ? 0 : Math.max(0, prepared.shopper.redPackets);
  // Lower bounds of a completion's payable, and of its payable plus red packets, when the rules take at most `taken`.
  const lowerBounds = (taken: number): [number, number] => {
    const rulesTake = Math.min(taken, touchable);
    const discounts = Math.min(touchable, rulesTake + memberUpper(rulesTake));
    return [event + fees - Math.min(touchable, discounts + redPackets), event + fees - discounts];
  };

  // The most the undecided slots can add, from each depth on.
  const rest = new Array<number>(decisions.length + 1).fill(0);
  for (let d = decisions.length - 1; d >= 0; d--) rest[d] = rest[d + 1]! + decisions[d]![0]!.upper;

  const picked: (ChosenCoupon | null)[] = new Array(decisions.length).fill(null);
  let best: ChosenCoupon[] = [];
  let bestRun: StageRun | undefined;
  let bestPayable = Infinity;
  let bestBefore = Infinity;
  let settled = 0;
  // Whether (payable, payable plus red packets, coupons) comes before the best's, compared in that order.
  const beats = (payable: number, before: number, coupons: number) =>
    payable < bestPayable || (payable === bestPayable && (before < bestBefore || (before === bestBefore && coupons < best.length)));
  const search = (depth: number, taken: number, used: number) => {
    // Each bound is at most a completion's value, and completions only add coupons to `used`.
    const [payable, before] = lowerBounds(fixed + taken + rest[depth]!);
    if (!beats(payable, before, used)) return;
    if (depth === decisions.length) {
      const chosen = canonical(picked);
      // Explained, so the winner's run is the quote's: the bound leaves few leaves to settle.
      const run = runStages(prepared, chosen, options, true);
      settled++;
      if (beats(run.payable, run.payable + run.redPackets, chosen.length)) {
        bestPayable = run.payable;
        bestBefore = run.payable + run.redPackets;
        bestRun = run;
        best = chosen;
      }
      return;
    }
    for (const option of decisions[depth]!) {
      picked[depth] = option.coupon;
      search(depth + 1, taken + option.upper, used + (option.coupon ? 1 : 0));
    }
    picked[depth] = null;
  };
  search(0, 0, 0);
  // Choosing nothing is always a complete choice, so the search settles at least one.
  return { chosen: best, run: bestRun!, settled };
}

/** The stacking slot of a coupon: its store and group for store coupons, its group for the rest. */
export function slotOf(rule: CouponRule): string {
  return rule.definition.kind === 'store' ? `${rule.definition.store}\u0000${rule.group}` : `\u0000${rule.group}`;
}

/** Chosen coupons in the order the stages take them: definition order, then instance id. */
export function canonical(coupons: readonly (ChosenCoupon | null)[]): ChosenCoupon[] {
  const out: ChosenCoupon[] = [];
  for (const coupon of coupons) if (coupon) out.push(coupon);
  return out.sort((a, b) => a.rule.index - b.rule.index || (a.instance < b.instance ? -1 : a.instance > b.instance ? 1 : 0));
}

/** The most the member discount can take, given that the rules before it took `taken`. */
function memberBound(prepared: PreparedCart, options: SettleOptions): (taken: number) => number {
  const rule = prepared.rules.memberDiscount;
  const tier = prepared.shopper.tier;
  if (!rule || !options.useMemberDiscount || tier === undefined || !rule.tiers.has(tier)) return () => 0;
  const left = Math.max(0, rule.monthlyCap - prepared.shopper.memberDiscountUsed);
  let marked = 0;
  let touchable = 0;
  for (const item of prepared.items) touchable += item.event - item.deposit;
  for (const i of prepared.memberItems) marked += prepared.items[i]!.event - prepared.items[i]!.deposit;
  const order = prepared.rules.order;
  const at = order.indexOf('member-discount');
  const afterRules = (['store-thresholds', 'store-coupons', 'cross-store-thresholds', 'platform-coupons'] as const).every((s) => order.indexOf(s) < at);
  // Marked items keep at most what all items keep once the rules took their part.
  return afterRules
    ? (taken) => Math.min(left, percentOf(Math.min(marked, touchable - taken), rule.percentOff))
    : () => Math.min(left, percentOf(marked, rule.percentOff));
}
