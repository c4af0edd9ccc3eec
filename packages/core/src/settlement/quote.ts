import { fail, ok, type Result } from '../errors.ts';
import { bestChoice, canonical, slotOf } from './best-choice.ts';
import type { QuoteRequest } from './cart.ts';
import { formatMoney } from './money.ts';
import { priceCatalog, suggestTopUp, type PricedCatalog, type TopUpSuggestion } from './top-up.ts';
import { couponValidAt, inEffect, scopeText, ruleLabel, type CouponRule, type PricingRules, type ThresholdRule } from './rules.ts';
import {
  budgetLeft,
  describeSettlement,
  nominalOff,
  prepareCart,
  runStages,
  testRule,
  type ChosenCoupon,
  type PreparedCart,
  type RuleReport,
  type Settlement,
  type SettleOptions,
  type Shopper,
  type StageRun,
} from './settle.ts';

/** A threshold or coupon the cart has not reached (or could reach again), and what reaching it saves. */
export interface TopUpHint {
  id: string;
  kind: 'threshold' | 'coupon';
  coupon?: string;
  /** Eligible spend the cart has for it now. */
  base: number;
  /** How much more eligible spend unlocks the next step. */
  needed: number;
  /**
   * What that step takes off: before the cap at what is still payable, but never more than the
   * rule's budget can still pay (a rule whose budget can pay nothing more has no hint).
   */
  saves: number;
  explanation: string;
  /**
   * When the request has a catalog, on the first `SUGGESTED_HINTS` hints: the cheapest catalog
   * items that reach `needed`, or null when none do.
   */
  suggestion?: TopUpSuggestion | null;
}

export interface Quote extends Settlement {
  /** Thresholds and owned coupons within reach, best saving per extra yuan first. */
  hints: TopUpHint[];
}

/**
 * Settles a cart for a player: validates the cart and the coupon choice, picks the best coupons
 * when asked, runs every stage, and adds top-up hints.
 *
 * @example
 * const quote = settleCart(rules, { cart: { lines: [{ sku: 'tv', store: 'S1', unitPrice: 40000, quantity: 1 }] } }, shopper, now);
 * if (quote.ok) console.log(quote.value.payable);
 */
export function settleCart(rules: PricingRules, request: QuoteRequest, shopper: Shopper, now: number): Result<Quote> {
  const settled = settle(rules, request, shopper, now);
  if (!settled.ok) return settled;
  const { settlement, prepared, run, usable, chosen } = settled.value;
  const hints = topUpHints(prepared, run, usable, chosen);
  if (request.catalog) suggestTopUps(hints, priceCatalog(rules, request.catalog, shopper, now));
  return ok({ ...settlement, hints });
}

/**
 * The settlement alone, as an order or a refund takes it: the same as `settleCart`'s, without the
 * top-up hints a shopper reads on a quote (an order would throw them away).
 */
export function settleOrder(rules: PricingRules, request: Omit<QuoteRequest, 'catalog'>, shopper: Shopper, now: number): Result<Settlement> {
  const settled = settle(rules, request, shopper, now);
  return settled.ok ? ok(settled.value.settlement) : settled;
}

interface Settled {
  settlement: Settlement;
  prepared: PreparedCart;
  run: StageRun;
  usable: ChosenCoupon[];
  chosen: ChosenCoupon[];
}

function settle(rules: PricingRules, request: Omit<QuoteRequest, 'catalog'>, shopper: Shopper, now: number): Result<Settled> {
  const prepared = prepareCart(rules, request.cart, shopper, now);
  if (!prepared.ok) return prepared;
  const options: SettleOptions = { useMemberDiscount: request.useMemberDiscount, useRedPackets: request.useRedPackets };
  const usable: ChosenCoupon[] = [];
  const extra: RuleReport[] = [];
  for (const owned of [...shopper.coupons].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const rule = rules.coupons.get(owned.couponId);
    if (!rule) continue;
    if (!couponValidAt(rule, now)) {
      extra.push(couponReport(rule, owned.id, 'not-usable', `${ruleLabel(rule)} ${rule.id} is ${now < rule.validFrom ? `valid from ${rule.definition.validFrom}` : `expired at ${rule.definition.validUntil}`}`));
    } else usable.push({ instance: owned.id, rule });
  }

  let chosen: ChosenCoupon[];
  let run: StageRun;
  const choice = request.coupons ?? 'best';
  if (choice === 'best') ({ chosen, run } = bestChoice(prepared.value, usable, options));
  else {
    const picked = pickCoupons(rules, choice, shopper, now);
    if (!picked.ok) return picked;
    chosen = picked.value;
    run = runStages(prepared.value, chosen, options, true);
  }
  const used = new Set(chosen.map((c) => c.instance));
  for (const coupon of usable) {
    if (!used.has(coupon.instance)) {
      extra.push(couponReport(coupon.rule, coupon.instance, 'not-chosen', `${ruleLabel(coupon.rule)} ${coupon.rule.id} is not used in this order${choice === 'best' ? ': the best choice pays as little or less without it' : ''}`));
    }
  }
  return ok({ settlement: describeSettlement(prepared.value, chosen, run, extra), prepared: prepared.value, run, usable, chosen });
}

/** Only the best deals get a suggestion: each is a subset-sum search over the catalog. */
const SUGGESTED_HINTS = 3;

/** Attaches to the first hints the cheapest catalog items that reach them. */
function suggestTopUps(hints: TopUpHint[], catalog: PricedCatalog): void {
  for (const hint of hints.slice(0, SUGGESTED_HINTS)) hint.suggestion = suggestTopUp(catalog, hint);
}

function couponReport(rule: CouponRule, instance: string, status: RuleReport['status'], explanation: string): RuleReport {
  return { id: rule.id, kind: 'coupon', title: rule.title, coupon: instance, status, base: 0, nominal: 0, amount: 0, explanation };
}

/** The coupons a shopper named, checked: owned, in this campaign, valid now, and stackable. */
function pickCoupons(rules: PricingRules, ids: readonly string[], shopper: Shopper, now: number): Result<ChosenCoupon[]> {
  const owned = new Map(shopper.coupons.map((c) => [c.id, c]));
  const slots = new Map<string, string>();
  const chosen: ChosenCoupon[] = [];
  for (const id of new Set(ids)) {
    const instance = owned.get(id);
    if (!instance) return fail({ code: 'COUPON_NOT_OWNED', coupon: id });
    const rule = rules.coupons.get(instance.couponId);
    if (!rule) return fail({ code: 'COUPON_NOT_FOUND', couponId: instance.couponId });
    if (!couponValidAt(rule, now)) {
      return fail({
        code: 'COUPON_NOT_VALID',
        coupon: id,
        validFrom: rule.definition.validFrom ?? null,
        validUntil: rule.definition.validUntil ?? null,
      });
    }
    const slot = slotOf(rule);
    const other = slots.get(slot);
    if (other !== undefined) {
      return fail({ code: 'COUPONS_NOT_STACKABLE', coupon: id, other, group: rule.group, store: rule.definition.kind === 'store' ? rule.definition.store! : null });
    }
    slots.set(slot, id);
    chosen.push({ instance: id, rule });
  }
  return ok(canonical(chosen));
}

/**
 * For every threshold in effect, and every usable coupon not yet reached: how much more
 * eligible spend unlocks its next step, and what that step takes off, within what the rule's
 * budget can still pay. Sorted by saving per extra cent (then the smaller top-up, then id), so
 * the first hint is the best deal.
 *
 * A coupon the run did not use is tested as the settlement would test it at its stage, on what
 * the items owed then (a presale item counts only while its balance exceeds the face value). In
 * sequential mode, or behind another coupon of its stage, its base is an estimate, as `needed` is.
 */
function topUpHints(prepared: PreparedCart, run: StageRun, usable: readonly ChosenCoupon[], chosen: readonly ChosenCoupon[]): TopUpHint[] {
  const { rules } = prepared;
  const currency = rules.currency;
  const hints: TopUpHint[] = [];
  const testedOn = new Map<string, number>();
  const taken = new Map<string, number>();
  for (const report of run.reports) {
    if (report.kind !== 'threshold' && report.kind !== 'coupon') continue;
    testedOn.set(report.coupon ?? report.id, report.base);
    if (report.coupon !== undefined) taken.set(report.coupon, report.amount);
  }
  // The coupon already used in each stacking slot, and what it takes: another in that slot would replace it.
  const inSlot = new Map<string, { rule: CouponRule; takes: number }>();
  for (const coupon of chosen) inSlot.set(slotOf(coupon.rule), { rule: coupon.rule, takes: taken.get(coupon.instance) ?? 0 });
  // The quote's run is explained, so it kept what the items owed as each stage began.
  const baseOf = (rule: ThresholdRule | CouponRule, key: string, eligible: readonly number[]) =>
    testedOn.get(key) ?? testRule(prepared, rule, eligible, run.owedBefore!.get(rule.stage)!);

  const hint = (rule: ThresholdRule | CouponRule, coupon: string | undefined, base: number, needed: number, saves: number) => {
    if (needed <= 0 || saves <= 0) return;
    const out: TopUpHint = {
      id: rule.id,
      kind: rule.kind,
      base,
      needed,
      saves,
      explanation: `add ${formatMoney(needed, currency)} more of eligible items ${scopeText(rule)} to save another ${formatMoney(saves, currency)} (${ruleLabel(rule)} ${rule.id})`,
    };
    if (coupon !== undefined) out.coupon = coupon;
    hints.push(out);
  };
  for (const [i, threshold] of rules.thresholds.entries()) {
    if (!inEffect(rules, threshold.phases, prepared.now)) continue;
    const base = baseOf(threshold, threshold.id, prepared.thresholdItems[i]!);
    // A store the cart has nothing eligible in is not a top-up, it is another shop.
    if (base === 0 && threshold.definition.kind === 'store') continue;
    const now = nominalOff(threshold, base);
    // Its budget pays what it already took; what the run left in it is all a step can add.
    const room = budgetLeft(run, threshold.budget);
    const def = threshold.definition;
    if (def.mode === 'repeat') {
      const target = (Math.floor(base / def.every) + 1) * def.every;
      hint(threshold, undefined, base, target - base, Math.min(nominalOff(threshold, target) - now, room));
    } else {
      const next = def.tiers.find((tier) => tier.min > base);
      if (next) hint(threshold, undefined, base, next.min - base, Math.min(next.off - now, room));
    }
  }
  const seen = new Set<string>();
  for (const coupon of usable) {
    if (seen.has(coupon.rule.id)) continue;
    seen.add(coupon.rule.id);
    const base = baseOf(coupon.rule, coupon.instance, prepared.couponItems.get(coupon.rule.id)!);
    if (nominalOff(coupon.rule, base) > 0) continue;
    // A coupon takes no more than its items owe: its full amount off needs at least that much of them.
    const target = Math.max(coupon.rule.definition.min, coupon.rule.definition.off ?? 0, 1);
    const replaced = inSlot.get(slotOf(coupon.rule));
    const replacedTakes = replaced?.takes ?? 0;
    // Its budget can pay what the run left in it, and what the coupon it replaces drew from it.
    const freed = replaced && replaced.rule.budget !== undefined && replaced.rule.budget === coupon.rule.budget ? replacedTakes : 0;
    const takes = Math.min(nominalOff(coupon.rule, target), budgetLeft(run, coupon.rule.budget) + freed);
    hint(coupon.rule, coupon.instance, base, target - base, takes - replacedTakes);
  }
  // saves_a / needed_a > saves_b / needed_b, compared exactly as products.
  return hints.sort((a, b) => b.saves * a.needed - a.saves * b.needed || a.needed - b.needed || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
