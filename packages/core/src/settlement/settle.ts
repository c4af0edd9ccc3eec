import { allocate, type AllocationShare } from '../allocation.ts';
import { fail, ok, type Result } from '../errors.ts';
import type { Cart } from './cart.ts';
import { formatMoney } from './money.ts';
import type { Stage } from './pricing.ts';
import {
  eligibleItems,
  inEffect,
  ruleLabel,
  scopeText,
  type CouponRule,
  type ItemRule,
  type MemberDiscountRule,
  type PresaleRule,
  type PricingRules,
  type ThresholdRule,
} from './rules.ts';

/**
 * Settlement: what a cart costs, line by line, under a campaign's pricing.
 *
 * Identical lines (same store, SKU, price, category and tags) are settled as one item, in a
 * canonical order of items, so the result depends neither on the order of the lines nor on
 * how a quantity is split over lines. Stages run in the configured order after the item stage:
 *
 * 1. Item stage: event price (item cuts), member price, presale inflation or cut. What is left
 *    is the item's event base, on which parallel thresholds are tested.
 * 2. Each later stage tests its rules (parallel: on the event base; sequential: on what is
 *    still owed) and takes the discount from the eligible items, in proportion to the amounts
 *    it was tested on, each item capped at what it still owes (`allocate`). What no item can
 *    take is dropped: the discount is capped at what is payable.
 *
 * A presale item's deposit is paid up front and never discounted: only its balance is.
 * Fees are added to their store's sub-order as they are.
 */

/** A player's unused coupon instance. */
export interface OwnedCoupon {
  id: string;
  couponId: string;
}

/** What a settlement needs to know about the shopper. */
export interface Shopper {
  /** Member tier from the signed player token. */
  tier?: string | undefined;
  /** Unused coupon instances the player owns. */
  coupons: readonly OwnedCoupon[];
  /** What the member discount already saved them this calendar month, in cents. */
  memberDiscountUsed: number;
  /** Red-packet and allowance balance, in cents. */
  redPackets: number;
  /**
   * What each budget can still pay, for discounts that draw on one. Undefined when unknown (a quote
   * outside the engine, like `carnival quote`): budgets then do not limit the discounts.
   */
  budgets?: ReadonlyMap<string, number> | undefined;
}

export interface SettleOptions {
  useMemberDiscount?: boolean | undefined;
  useRedPackets?: boolean | undefined;
}

export type RuleKind = 'item-cut' | 'member-price' | 'presale' | 'threshold' | 'coupon' | 'member-discount' | 'red-packets';

/** One discount's share of one line. */
export interface LineDiscount {
  /** The rule (threshold, coupon, …) id. */
  source: string;
  kind: RuleKind;
  /** The coupon instance, for coupons. */
  coupon?: string;
  amount: number;
  /** The platform's part of `amount`; the line's merchant funds the rest. */
  platform: number;
}

export interface SettledLine {
  id: string;
  sku: string;
  store: string;
  quantity: number;
  unitPrice: number;
  /** unitPrice × quantity. */
  list: number;
  discounts: LineDiscount[];
  /** What the line costs after every discount: list minus discounts, never below 0. */
  net: number;
  /** Presale lines: the part of `net` paid as deposit; the rest is the balance. */
  deposit: number;
}

export interface Funding {
  platform: number;
  merchant: number;
}

export interface SubOrder {
  store: string;
  name: string;
  list: number;
  discount: number;
  fees: number;
  /** Lines' net plus fees. */
  total: number;
  deposit: number;
  /** Who pays for this sub-order's discounts; sums to `discount`. */
  funding: Funding;
}

export type RuleStatus = 'applied' | 'capped' | 'not-reached' | 'no-eligible-items' | 'not-in-effect' | 'not-chosen' | 'not-usable';

/** One rule's verdict, in the order the rules were considered. */
export interface RuleReport {
  id: string;
  kind: RuleKind;
  title: string;
  coupon?: string;
  /** The budget the discount drew on, when it draws on one. */
  budget?: string;
  status: RuleStatus;
  /** The eligible amount the rule was tested on (0 when not tested). */
  base: number;
  /** What the rule takes off at that base; `amount` is less when it was capped. */
  nominal: number;
  amount: number;
  explanation: string;
}

export interface Settlement {
  currency: string;
  thresholdMode: 'parallel' | 'sequential';
  lines: SettledLine[];
  stores: SubOrder[];
  list: number;
  discount: number;
  fees: number;
  /** What the shopper pays in all: lines' net plus fees. */
  payable: number;
  /** Presale deposits within `payable`, paid at order time. */
  deposit: number;
  funding: Funding;
  /** The coupon instances used. */
  coupons: string[];
  rules: RuleReport[];
}

/** One merged item of the cart, after the item stage. */
interface Item {
  store: string;
  sku: string;
  category: string | undefined;
  tags: readonly string[];
  unitPrice: number;
  quantity: number;
  /** Indices of its cart lines, ordered by line id. */
  lines: number[];
  list: number;
  /** What it owes after the item stage: parallel thresholds test this. */
  event: number;
  /** Presale deposit, owed but never discounted. */
  deposit: number;
}

/** A discount taken, with its part of each item (by item index). */
interface Taken {
  source: string;
  kind: RuleKind;
  coupon?: string;
  platformPercent: number;
  parts: number[];
}

/**
 * A cart validated against the pricing and taken through the item stage: what does not
 * depend on the coupon choice, computed once and shared by every choice the best-choice search
 * tries.
 */
export interface PreparedCart {
  readonly rules: PricingRules;
  readonly cart: Cart;
  readonly lineIds: readonly string[];
  readonly items: readonly Item[];
  readonly itemTaken: readonly Taken[];
  readonly itemReports: readonly RuleReport[];
  readonly fees: ReadonlyMap<string, number>;
  readonly shopper: Shopper;
  readonly now: number;
  /** Eligible item indices per threshold (in `rules.thresholds` order) and per coupon id. */
  readonly thresholdItems: readonly (readonly number[])[];
  readonly couponItems: ReadonlyMap<string, readonly number[]>;
  readonly memberItems: readonly number[];
}

/** `L1`, `L2` …: each made once, so the orders a campaign keeps share them instead of each holding its own. */
const defaultLineIds: string[] = [];
const defaultLineId = (index: number) => (defaultLineIds[index] ??= `L${index + 1}`);

export function prepareCart(rules: PricingRules, cart: Cart, shopper: Shopper, now: number): Result<PreparedCart> {
  const lineIds = cart.lines.map((line, i) => line.id ?? defaultLineId(i));
  const seen = new Map<string, number>();
  for (const [i, id] of lineIds.entries()) {
    const first = seen.get(id);
    if (first !== undefined) return fail({ code: 'INVALID_CART', path: `cart.lines[${i}].id`, expected: `a line id not used before (cart.lines[${first}] has it)`, got: JSON.stringify(id) });
    seen.set(id, i);
  }
  for (const [i, line] of cart.lines.entries()) {
    if (!rules.stores.has(line.store)) return fail({ code: 'INVALID_CART', path: `cart.lines[${i}].store`, expected: `a store of this campaign (${[...rules.stores.keys()].join(', ')})`, got: JSON.stringify(line.store) });
  }
  const fees = new Map<string, number>();
  for (const [i, fee] of (cart.fees ?? []).entries()) {
    if (!rules.stores.has(fee.store)) return fail({ code: 'INVALID_CART', path: `cart.fees[${i}].store`, expected: `a store of this campaign (${[...rules.stores.keys()].join(', ')})`, got: JSON.stringify(fee.store) });
    fees.set(fee.store, (fees.get(fee.store) ?? 0) + fee.amount);
  }

  // Merge identical lines into items, in canonical order: sorted by store, SKU, price,
  // category and tags, so that neither line order nor line splits can change a result.
  const tagsOf = cart.lines.map((line) => canonicalTags(line.tags));
  const order = cart.lines.map((_, i) => i);
  const compare = (a: number, b: number) => compareLines(cart.lines[a]!, tagsOf[a]!, cart.lines[b]!, tagsOf[b]!) || (lineIds[a]! < lineIds[b]! ? -1 : 1);
  order.sort(compare);
  const items: Item[] = [];
  let previous = -1;
  for (const i of order) {
    const line = cart.lines[i]!;
    if (previous >= 0 && compareLines(cart.lines[previous]!, tagsOf[previous]!, line, tagsOf[i]!) === 0) {
      const item = items[items.length - 1]!;
      item.quantity += line.quantity;
      item.lines.push(i);
    } else {
      items.push({ store: line.store, sku: line.sku, category: line.category, tags: tagsOf[i]!, unitPrice: line.unitPrice, quantity: line.quantity, lines: [i], list: 0, event: 0, deposit: 0 });
    }
    previous = i;
  }

  const itemStage = new ItemStage(items);
  for (const [index, item] of items.entries()) {
    item.list = item.unitPrice * item.quantity;
    let unit = item.unitPrice;
    // The lowest event price in effect wins; a member price applies when lower still.
    let best: ItemRule | undefined;
    for (const cut of rules.itemCuts.get(item.sku) ?? NO_RULES) {
      if (inEffect(rules, cut.phases, now) && cut.unitPrice(item.unitPrice) < (best ? best.unitPrice(item.unitPrice) : unit)) best = cut;
    }
    if (best) {
      const eventUnit = best.unitPrice(item.unitPrice);
      itemStage.take(best, index, (unit - eventUnit) * item.quantity);
      unit = eventUnit;
    }
    let member: ItemRule | undefined;
    for (const price of rules.memberPrices.get(item.sku) ?? NO_RULES) {
      if (shopper.tier === undefined || !price.tiers!.has(shopper.tier) || !inEffect(rules, price.phases, now)) continue;
      if (price.unitPrice(unit) < (member ? member.unitPrice(unit) : unit)) member = price;
    }
    if (member) {
      const memberUnit = member.unitPrice(unit);
      itemStage.take(member, index, (unit - memberUnit) * item.quantity);
      unit = memberUnit;
    }
    const presale = rules.presales.get(item.sku);
    if (presale) {
      const deposit = Math.min(presale.deposit, unit);
      const off = Math.min(presale.bonus, unit - deposit);
      if (off > 0) itemStage.take(presale, index, off * item.quantity);
      unit -= off;
      item.deposit = deposit * item.quantity;
    }
    item.event = unit * item.quantity;
  }
  for (const report of itemStage.reports) {
    report.explanation = `${report.kind.replace('-', ' ')} ${report.id}: ${formatMoney(report.amount, rules.currency)} off`;
  }

  const couponItems = new Map<string, number[]>();
  for (const owned of shopper.coupons) {
    const coupon = rules.coupons.get(owned.couponId);
    if (coupon && !couponItems.has(coupon.id)) couponItems.set(coupon.id, eligibleItems(coupon.matcher, rules, items));
  }
  const thresholdItems: number[][] = [];
  for (const threshold of rules.thresholds) thresholdItems.push(eligibleItems(threshold.matcher, rules, items));
  return ok({
    rules,
    cart,
    lineIds,
    items,
    itemTaken: itemStage.taken,
    itemReports: itemStage.reports,
    fees,
    shopper,
    now,
    thresholdItems,
    couponItems,
    memberItems: rules.memberDiscount ? eligibleItems(rules.memberDiscount.matcher, rules, items) : [],
  });
}

const NO_TAGS: readonly string[] = [];

/** A line's tags sorted and without repeats; the line's own array when it already is. */
function canonicalTags(tags: readonly string[] | undefined): readonly string[] {
  if (!tags) return NO_TAGS;
  for (let i = 1; i < tags.length; i++) if (!(tags[i - 1]! < tags[i]!)) return [...new Set(tags)].sort();
  return tags;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The canonical order of items; 0 when two lines are the same item. */
function compareLines(a: Cart['lines'][number], aTags: readonly string[], b: Cart['lines'][number], bTags: readonly string[]): number {
  const byFields = compareText(a.store, b.store) || compareText(a.sku, b.sku) || a.unitPrice - b.unitPrice || compareText(a.category ?? '', b.category ?? '');
  if (byFields !== 0) return byFields;
  if (aTags.length !== bTags.length) return aTags.length - bTags.length;
  for (let i = 0; i < aTags.length; i++) {
    const byTag = compareText(aTags[i]!, bTags[i]!);
    if (byTag !== 0) return byTag;
  }
  return 0;
}
const NO_RULES: readonly ItemRule[] = [];

/** The discounts of the item stage, one per rule, each with its part of every item. */
class ItemStage {
  readonly taken: Taken[] = [];
  readonly reports: RuleReport[] = [];
  readonly #items: readonly Item[];
  readonly #byRule = new Map<string, number>();

  constructor(items: readonly Item[]) {
    this.#items = items;
  }

  take(rule: ItemRule | PresaleRule, itemIndex: number, amount: number): void {
    let k = this.#byRule.get(rule.id);
    if (k === undefined) {
      k = this.taken.length;
      this.#byRule.set(rule.id, k);
      this.taken.push({ source: rule.id, kind: rule.kind, platformPercent: rule.platformPercent, parts: new Array<number>(this.#items.length).fill(0) });
      this.reports.push({ id: rule.id, kind: rule.kind, title: rule.title, status: 'applied', base: 0, nominal: 0, amount: 0, explanation: '' });
    }
    this.taken[k]!.parts[itemIndex]! += amount;
    this.reports[k]!.nominal += amount;
    this.reports[k]!.amount += amount;
  }
}

/** A chosen coupon instance with its rule. */
export interface ChosenCoupon {
  instance: string;
  rule: CouponRule;
}

/** The state of one pass through the stages for one coupon choice. */
export interface StageRun {
  /** What each item still owes (deposit included). */
  owed: number[];
  taken: Taken[];
  reports: RuleReport[];
  /** Σ owed plus fees. */
  payable: number;
  /** What each budget can still pay as the stages take discounts (undefined: not limited). */
  budgetsLeft: Map<string, number> | undefined;
  /** What the red packets paid. */
  redPackets: number;
  /**
   * Explained runs only: what each item owed as each stage began, so a rule the run did not
   * test (a coupon not chosen) can be tested as its stage would have (the top-up hints).
   */
  owedBefore: Map<Stage, readonly number[]> | undefined;
}

/**
 * Runs the stages after the item stage for one coupon choice. `explain` adds a report for every
 * rule; the best-choice search runs it without, for speed.
 */
export function runStages(prepared: PreparedCart, chosen: readonly ChosenCoupon[], options: SettleOptions, explain: boolean): StageRun {
  const { rules, items } = prepared;
  const run: StageRun = {
    owed: items.map((item) => item.event),
    taken: [],
    reports: [],
    payable: 0,
    budgetsLeft: prepared.shopper.budgets && new Map(prepared.shopper.budgets),
    redPackets: 0,
    owedBefore: explain ? new Map() : undefined,
  };
  for (const stage of rules.order) {
    run.owedBefore?.set(stage, run.owed.slice());
    runStage(prepared, run, stage, chosen, options, explain);
  }
  let payable = 0;
  for (const owed of run.owed) payable += owed;
  for (const fee of prepared.fees.values()) payable += fee;
  run.payable = payable;
  return run;
}

function runStage(prepared: PreparedCart, run: StageRun, stage: Stage, chosen: readonly ChosenCoupon[], options: SettleOptions, explain: boolean): void {
  const { rules } = prepared;
  switch (stage) {
    case 'store-thresholds':
    case 'cross-store-thresholds':
      for (const [i, threshold] of rules.thresholds.entries()) {
        if (threshold.stage !== stage) continue;
        if (!inEffect(rules, threshold.phases, prepared.now)) {
          if (explain) run.reports.push(report(threshold, undefined, 'not-in-effect', 0, 0, 0, `${ruleLabel(threshold)} ${threshold.id} is not in effect now`));
          continue;
        }
        applyRule(prepared, run, threshold, undefined, prepared.thresholdItems[i]!, explain);
      }
      return;
    case 'store-coupons':
    case 'platform-coupons':
      for (const coupon of chosen) {
        if (coupon.rule.stage === stage) applyRule(prepared, run, coupon.rule, coupon.instance, prepared.couponItems.get(coupon.rule.id)!, explain);
      }
      return;
    case 'member-discount':
      if (rules.memberDiscount) applyMemberDiscount(prepared, run, rules.memberDiscount, options, explain);
      return;
    case 'red-packets':
      applyRedPackets(prepared, run, options, explain);
      return;
  }
}

/** What a threshold or coupon takes off an eligible base. */
export function nominalOff(rule: ThresholdRule | CouponRule, base: number): number {
  if (rule.kind === 'coupon') {
    const coupon = rule.definition;
    if (base <= 0 || base < coupon.min) return 0;
    return coupon.off ?? Math.min(coupon.maxOff!, percentOf(base, coupon.percentOff!));
  }
  const def = rule.definition;
  if (def.mode === 'repeat') {
    const off = Math.floor(base / def.every) * def.off;
    return def.cap === undefined ? off : Math.min(off, def.cap);
  }
  let off = 0;
  for (const tier of def.tiers) if (base >= tier.min) off = tier.off;
  return off;
}

/** The eligible spend a rule still needs to take anything off: its threshold. */
function minimumOf(rule: ThresholdRule | CouponRule): number {
  if (rule.kind === 'coupon') return Math.max(rule.definition.min, 1);
  const def = rule.definition;
  return def.mode === 'repeat' ? def.every : def.tiers[0]!.min;
}

/**
 * What a threshold or coupon is tested on, given what each item still owes (deposit included):
 * the one place that decides what a rule counts, for the settlement and for the top-up hints
 * that ask what a coupon not used would count. With `shares` and `targets`, also each counted
 * item's share (its weight, capped at its balance) and index, in item order.
 */
export function testRule(prepared: PreparedCart, rule: ThresholdRule | CouponRule, eligible: readonly number[], owed: readonly number[], shares?: AllocationShare[], targets?: number[]): number {
  const parallel = prepared.rules.mode === 'parallel';
  let base = 0;
  for (const i of eligible) {
    const item = prepared.items[i]!;
    const balance = owed[i]! - item.deposit;
    if (!counts(rule, item.deposit, balance, item.quantity)) continue;
    const weight = parallel ? item.event : owed[i]!;
    base += weight;
    shares?.push({ weight, cap: balance });
    targets?.push(i);
  }
  return base;
}

/**
 * Whether a rule counts an eligible item of `quantity` units with this deposit and balance: a
 * coupon counts a presale item only while its balance exceeds the coupon's face value.
 */
export function counts(rule: ThresholdRule | CouponRule, deposit: number, balance: number, quantity: number): boolean {
  return rule.kind !== 'coupon' || deposit === 0 || balance > rule.faceValue * quantity;
}

function applyRule(prepared: PreparedCart, run: StageRun, rule: ThresholdRule | CouponRule, instance: string | undefined, eligible: readonly number[], explain: boolean): void {
  const { rules, items } = prepared;
  const currency = rules.currency;
  const shares: AllocationShare[] = [];
  const targets: number[] = [];
  const base = testRule(prepared, rule, eligible, run.owed, shares, targets);
  const nominal = nominalOff(rule, base);
  const room = budgetLeft(run, rule.budget);
  if (nominal > 0 && room === 0) {
    if (explain) run.reports.push(report(rule, instance, 'not-usable', base, nominal, 0, `${ruleLabel(rule)} ${rule.id}: budget "${rule.budget}" is spent`));
    return;
  }
  if (nominal === 0) {
    if (!explain) return;
    if (targets.length === 0) {
      run.reports.push(report(rule, instance, 'no-eligible-items', 0, 0, 0, `${ruleLabel(rule)} ${rule.id} has no eligible items ${scopeText(rule)}`));
    } else {
      const needs = minimumOf(rule);
      run.reports.push(
        report(rule, instance, 'not-reached', base, 0, 0, `${ruleLabel(rule)} ${rule.id} needs ${formatMoney(needs, currency)} of eligible items ${scopeText(rule)}, has ${formatMoney(base, currency)}`),
      );
    }
    return;
  }
  const { parts, unallocated } = allocate(Math.min(nominal, room), shares);
  const amount = Math.min(nominal, room) - unallocated;
  drawOnBudget(run, rule.budget, amount);
  if (amount > 0) {
    const taken: Taken = { source: rule.id, kind: rule.kind, platformPercent: rule.platformPercent, parts: new Array<number>(items.length).fill(0) };
    if (instance !== undefined) taken.coupon = instance;
    for (const [k, i] of targets.entries()) {
      taken.parts[i] = parts[k]!;
      run.owed[i]! -= parts[k]!;
    }
    run.taken.push(taken);
  }
  if (!explain) return;
  const off = formatMoney(nominal, currency);
  const at = `on ${formatMoney(base, currency)} of eligible items ${scopeText(rule)}`;
  const how = rule.kind === 'threshold' && rule.definition.mode === 'repeat' ? ` (${nominal / rule.definition.off} × ${formatMoney(rule.definition.off, currency)})` : '';
  const verdict =
    amount === nominal
      ? report(rule, instance, 'applied', base, nominal, amount, `${ruleLabel(rule)} ${rule.id}: ${off} off ${at}${how}`)
      : unallocated === 0
        ? report(rule, instance, 'capped', base, nominal, amount, `${ruleLabel(rule)} ${rule.id}: ${off} off ${at}${how}, capped at the ${formatMoney(amount, currency)} left in budget "${rule.budget}"`)
        : report(rule, instance, 'capped', base, nominal, amount, `${ruleLabel(rule)} ${rule.id}: ${off} off ${at}${how}, capped at the ${formatMoney(amount, currency)} still payable`);
  if (rule.budget !== undefined) verdict.budget = rule.budget;
  run.reports.push(verdict);
}

/** What a rule may take from its budget in this run: unlimited without a budget or when budgets are unknown. */
export function budgetLeft(run: StageRun, budget: string | undefined): number {
  if (budget === undefined || !run.budgetsLeft) return Infinity;
  return run.budgetsLeft.get(budget) ?? 0;
}

function drawOnBudget(run: StageRun, budget: string | undefined, amount: number): void {
  if (budget !== undefined && run.budgetsLeft && amount > 0) run.budgetsLeft.set(budget, (run.budgetsLeft.get(budget) ?? 0) - amount);
}

function applyMemberDiscount(prepared: PreparedCart, run: StageRun, rule: MemberDiscountRule, options: SettleOptions, explain: boolean): void {
  const { items, shopper, rules } = prepared;
  const skip = (status: RuleStatus, why: string) => {
    if (explain) run.reports.push({ id: rule.id, kind: 'member-discount', title: rule.title, status, base: 0, nominal: 0, amount: 0, explanation: `member discount ${rule.id}: ${why}` });
  };
  if (shopper.tier === undefined || !rule.tiers.has(shopper.tier)) return skip('not-usable', `only for members of ${[...rule.tiers].join(', ')}`);
  if (!options.useMemberDiscount) return skip('not-chosen', 'not opted in for this order');
  const left = Math.max(0, rule.monthlyCap - shopper.memberDiscountUsed);
  // Each item's discount is rounded down to the cent on its own, on its balance only.
  const shares: AllocationShare[] = [];
  let base = 0;
  let nominal = 0;
  for (const i of prepared.memberItems) {
    const balance = run.owed[i]! - items[i]!.deposit;
    const off = percentOf(balance, rule.percentOff);
    base += balance;
    nominal += off;
    shares.push({ weight: off, cap: off });
  }
  if (nominal === 0) return skip(prepared.memberItems.length ? 'not-reached' : 'no-eligible-items', prepared.memberItems.length ? 'nothing left to discount' : 'no marked items in the cart');
  const room = budgetLeft(run, rule.budget);
  const amount = Math.min(nominal, left, room);
  drawOnBudget(run, rule.budget, amount);
  if (amount > 0) {
    const parts = amount === nominal ? shares.map((s) => s.weight) : allocate(amount, shares).parts;
    const taken: Taken = { source: rule.id, kind: 'member-discount', platformPercent: rule.platformPercent, parts: new Array<number>(items.length).fill(0) };
    for (const [k, i] of prepared.memberItems.entries()) {
      taken.parts[i] = parts[k]!;
      run.owed[i]! -= parts[k]!;
    }
    run.taken.push(taken);
  }
  if (!explain) return;
  const currency = rules.currency;
  const text = `member discount ${rule.id}: ${rule.percentOff}% of ${formatMoney(base, currency)} is ${formatMoney(nominal, currency)}`;
  const explanation =
    amount === nominal
      ? text
      : amount === left
        ? `${text}, capped at the ${formatMoney(left, currency)} left of this month's ${formatMoney(rule.monthlyCap, currency)}`
        : `${text}, capped at the ${formatMoney(amount, currency)} left in budget "${rule.budget}"`;
  const verdict: RuleReport = { id: rule.id, kind: 'member-discount', title: rule.title, status: amount === nominal ? 'applied' : 'capped', base, nominal, amount, explanation };
  if (rule.budget !== undefined) verdict.budget = rule.budget;
  run.reports.push(verdict);
}

export const RED_PACKETS = 'red-packets';

function applyRedPackets(prepared: PreparedCart, run: StageRun, options: SettleOptions, explain: boolean): void {
  const { items, shopper, rules } = prepared;
  const report = (status: RuleStatus, nominal: number, amount: number, explanation: string) => {
    if (explain) run.reports.push({ id: RED_PACKETS, kind: 'red-packets', title: 'Red packets', status, base: 0, nominal, amount, explanation });
  };
  if (shopper.redPackets <= 0) return;
  if (options.useRedPackets === false) return report('not-chosen', 0, 0, 'red packets: not used for this order');
  const shares: AllocationShare[] = [];
  let payable = 0;
  for (const [i, item] of items.entries()) {
    const balance = run.owed[i]! - item.deposit;
    payable += balance;
    shares.push({ weight: balance, cap: balance });
  }
  const amount = Math.min(shopper.redPackets, payable);
  if (amount > 0) {
    const { parts } = allocate(amount, shares);
    const taken: Taken = { source: RED_PACKETS, kind: 'red-packets', platformPercent: 100, parts };
    for (const [i, part] of parts.entries()) run.owed[i]! -= part;
    run.taken.push(taken);
  }
  run.redPackets = amount;
  const currency = rules.currency;
  report(
    amount === shopper.redPackets ? 'applied' : 'capped',
    shopper.redPackets,
    amount,
    amount === shopper.redPackets
      ? `red packets: ${formatMoney(amount, currency)} used`
      : `red packets: ${formatMoney(amount, currency)} of ${formatMoney(shopper.redPackets, currency)} used, all that was still payable`,
  );
}

function report(rule: ThresholdRule | CouponRule, instance: string | undefined, status: RuleStatus, base: number, nominal: number, amount: number, explanation: string): RuleReport {
  const out: RuleReport = { id: rule.id, kind: rule.kind, title: rule.title, status, base, nominal, amount, explanation };
  if (instance !== undefined) out.coupon = instance;
  return out;
}

/** The full settlement of a run: lines, sub-orders, funding and every rule's verdict. */
export function describeSettlement(prepared: PreparedCart, chosen: readonly ChosenCoupon[], run: StageRun, extraReports: readonly RuleReport[]): Settlement {
  const { rules, items, cart, lineIds } = prepared;
  const lines: SettledLine[] = cart.lines.map((line, i) => ({
    id: lineIds[i]!,
    sku: line.sku,
    store: line.store,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    list: line.unitPrice * line.quantity,
    discounts: [],
    net: line.unitPrice * line.quantity,
    deposit: 0,
  }));
  // Sub-orders in the definition's store order, for the stores the cart has lines or fees in.
  const subOrders = new Map<string, SubOrder>();
  for (const item of items) if (!subOrders.has(item.store)) subOrders.set(item.store, emptySubOrder(prepared, item.store));
  for (const store of prepared.fees.keys()) if (!subOrders.has(store)) subOrders.set(store, emptySubOrder(prepared, store));
  const itemSub = items.map((item) => subOrders.get(item.store)!);
  for (const taken of prepared.itemTaken) addTaken(prepared, lines, itemSub, taken);
  for (const taken of run.taken) addTaken(prepared, lines, itemSub, taken);
  // Each list copied to exactly its length (`push` reserved room for 17): an order keeps its
  // settlement for the campaign's life. Copying once beats a new list per discount.
  for (const line of lines) if (line.discounts.length > 0) line.discounts = line.discounts.slice();
  for (const [i, item] of items.entries()) {
    if (item.deposit === 0) continue;
    const parts = splitOverLines(prepared, lines, i, item.deposit);
    for (const [k, line] of item.lines.entries()) lines[line]!.deposit = parts[k]!;
  }
  let list = 0;
  let deposit = 0;
  for (const line of lines) {
    const sub = subOrders.get(line.store)!;
    sub.list += line.list;
    sub.discount += line.list - line.net;
    sub.total += line.net;
    sub.deposit += line.deposit;
    list += line.list;
    deposit += line.deposit;
  }
  const stores = [...subOrders.values()].sort((a, b) => rules.stores.get(a.store)!.index - rules.stores.get(b.store)!.index);
  const funding: Funding = { platform: 0, merchant: 0 };
  let fees = 0;
  for (const sub of stores) {
    sub.total += sub.fees;
    fees += sub.fees;
    funding.platform += sub.funding.platform;
    funding.merchant += sub.funding.merchant;
  }
  return {
    currency: rules.currency,
    thresholdMode: rules.mode,
    lines,
    stores,
    list,
    discount: list + fees - run.payable,
    fees,
    payable: run.payable,
    deposit,
    funding,
    coupons: chosen.map((c) => c.instance),
    // Sized exactly, like each line's discounts.
    rules: prepared.itemReports.concat(run.reports, extraReports),
  };
}

function emptySubOrder(prepared: PreparedCart, store: string): SubOrder {
  return { store, name: prepared.rules.stores.get(store)!.name, list: 0, discount: 0, fees: prepared.fees.get(store) ?? 0, total: 0, deposit: 0, funding: { platform: 0, merchant: 0 } };
}

/**
 * Puts one discount on the lines of its items, each line's share with the platform's part of
 * it, so that a refund of some units can return exactly their part of each funder's cost.
 */
function addTaken(prepared: PreparedCart, lines: SettledLine[], itemSub: readonly SubOrder[], taken: Taken): void {
  const { items } = prepared;
  for (let i = 0; i < taken.parts.length; i++) {
    const part = taken.parts[i]!;
    if (part === 0) continue;
    const item = items[i]!;
    const funding = itemSub[i]!.funding;
    // Funded per item (split-invariant), then spread over the item's lines with their amounts.
    const platform = fundedByPlatform(part, taken.platformPercent);
    funding.platform += platform;
    funding.merchant += part - platform;
    if (item.lines.length === 1) {
      addDiscount(lines[item.lines[0]!]!, taken, part, platform);
      continue;
    }
    const lineParts = splitOverLines(prepared, lines, i, part);
    const platformParts = allocate(platform, lineParts.map((amount) => ({ weight: amount, cap: amount }))).parts;
    for (let k = 0; k < item.lines.length; k++) {
      if (lineParts[k]! > 0) addDiscount(lines[item.lines[k]!]!, taken, lineParts[k]!, platformParts[k]!);
    }
  }
}

function addDiscount(line: SettledLine, taken: Taken, amount: number, platform: number): void {
  const discount: LineDiscount = { source: taken.source, kind: taken.kind, amount, platform };
  if (taken.coupon !== undefined) discount.coupon = taken.coupon;
  line.discounts.push(discount);
  line.net -= amount;
}

/**
 * An item's amount over its cart lines by quantity (largest remainder; ties to the earlier line
 * id), no line taking more than it still owes: splitting each discount on its own could put a
 * line's rounding cents from two discounts on the same line and below zero.
 */
function splitOverLines(prepared: PreparedCart, lines: readonly SettledLine[], itemIndex: number, amount: number): number[] {
  const item = prepared.items[itemIndex]!;
  if (item.lines.length === 1) return [amount];
  return allocate(amount, item.lines.map((line) => ({ weight: prepared.cart.lines[line]!.quantity, cap: lines[line]!.net }))).parts;
}

/**
 * The platform's part of an item's discount it funds `percent` of: the exact share rounded half
 * up to the cent (the merchant's part is the rest, so the two always sum to the discount).
 */
export function fundedByPlatform(amount: number, percent: number): number {
  if (percent === 0) return 0;
  if (percent === 100) return amount;
  return percentOf(amount, percent, 'half-up');
}

/**
 * `percent` (0 to 100) percent of an integer amount in cents, rounded down (or half up), exactly:
 * every settlement percent goes through here. amount × percent can pass 2^53 (73% of ¥42.7
 * trillion, a valid cart), where floating point rounds and the floor can land a cent off; there,
 * with amount = 100q + r, it is q × percent + ⌊(r × percent) / 100⌋, both products exact.
 */
export function percentOf(amount: number, percent: number, rounding: 'down' | 'half-up' = 'down'): number {
  const half = rounding === 'half-up' ? 50 : 0;
  const product = amount * percent + half;
  // Below 2^53 the product is exact, and so is the floor of its quotient: the common case, kept quick.
  if (product <= Number.MAX_SAFE_INTEGER) return Math.floor(product / 100);
  const r = amount % 100;
  return ((amount - r) / 100) * percent + Math.floor((r * percent + half) / 100);
}
