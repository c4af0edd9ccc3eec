import { iso } from '../campaign.ts';
import { localDay } from '../calendar.ts';
import type { CommandContext, Outcome } from '../command.ts';
import { fail, ok, type Result } from '../errors.ts';
import { accounts, CAMPAIGN, campaignCounters, counters, records } from '../keys.ts';
import { CROCKFORD_UPPER, randomCode, type Random } from '../random.ts';
import type { Cart, CouponChoice } from '../settlement/cart.ts';
import { settleOrder } from '../settlement/quote.ts';
import { pricingRules, type PricingRules } from '../settlement/rules.ts';
import type { RuleReport, Settlement, SettledLine, Shopper } from '../settlement/settle.ts';
import type { Plan, StateView } from '../state.ts';
import type { ReadView } from '../store.ts';
import { budgetRoom, holdInBudget, spendHeld } from '../budget.ts';
import type { Campaign } from '../campaign.ts';
import { walletOf, type CouponWallet } from './coupons.ts';
import type { ClearCartPrize } from './lotteries.ts';

/**
 * Orders: a quote turned into a commitment. Creating one reserves what its discounts draw on
 * (coupon instances, red packets, the month's member discount) in the same atomic step that
 * checks they are free, so two racing checkouts cannot both spend one coupon. Payment commits
 * the reservation; cancellation, or the payment window passing, releases it. The order keeps
 * its settlement (with the verdicts of the rules applied), and refunds work from that snapshot.
 *
 * An unpaid order past its window is released lazily, by the next command of the same player
 * that looks at their coupons (a quote reads it the same way, so both agree).
 */

export type OrderStatus = 'created' | 'deposit-paid' | 'paid' | 'refunded' | 'cancelled' | 'expired';

export interface OrderRefund {
  key: string;
  at: string;
  lines: { lineId: string; quantity: number; cash: number; redPackets: number }[];
  /**
   * Cash returned to the shopper: the refunded units' allocated net, plus the fees that go back
   * with them (see `refundOrder`), less what `recompute` kept back and less what returns to a
   * clear-cart prize's budget.
   */
  cash: number;
  redPackets: number;
  /** `recompute` only: what the remaining items no longer qualify for. */
  keptBack: number;
}

export interface OrderRecord {
  id: string;
  status: OrderStatus;
  /** The campaign version it was settled under. */
  version: number;
  createdAt: string;
  /** Unpaid after this, it lapses and its reservations are released. */
  payBy: string;
  tier: string | null;
  request: { cart: Cart; useMemberDiscount: boolean };
  /** What the member discount had saved this month before this order. */
  memberSavedBefore: number;
  settlement: Settlement;
  reserved: {
    coupons: string[];
    memberDiscount: number;
    month: string;
    redPackets: number;
    /** What discounts drawing on budgets took, held in those budgets until paid or released. */
    budgets?: Record<string, number>;
  };
  /** Units refunded so far, by line id. */
  refundedUnits: Record<string, number>;
  refunds: OrderRefund[];
  refunded: { cash: number; redPackets: number };
  /** Presale: a deposit kept because the balance was never paid (the definition's forfeit rule). */
  forfeited: number;
  /**
   * A clear-cart prize paying this order: the campaign pays `covered` of the balance (at most the
   * prize's cap) from the budget; `returned` of it went back to the budget with refunded goods.
   */
  clearCart?: { lotteryId: string; ticket: string; budget: string; cap: number; covered: number; returned?: number };
}

const DEFAULT_PAYMENT_MINUTES = 30;

const monthOf = (ctx: { now: number; campaign: { definition: { timezone: string } } }) => localDay(ctx.now, ctx.campaign.definition.timezone).slice(0, 7);

/** A player's open orders whose payment window has passed at `now`. */
function lapsedOrders(view: StateView, playerId: string, now: number): OrderRecord[] {
  const out: OrderRecord[] = [];
  for (const id of view.record<string[]>(playerId, records.openOrders) ?? []) {
    const order = view.record<OrderRecord>(playerId, records.order(id));
    if (order?.status === 'created' && now >= Date.parse(order.payBy)) out.push(order);
  }
  return out;
}

/**
 * What a settlement may use of a player's state at `now`: unused coupons, the member discount
 * already saved this month and the red-packet balance, counting lapsed orders as released.
 */
export function shopperOf(view: StateView, ctx: { playerId: string; now: number; tier: string | undefined; campaign: Campaign }): Shopper {
  const lapsed = lapsedOrders(view, ctx.playerId, ctx.now);
  const released = new Set(lapsed.map((o) => o.id));
  const month = monthOf(ctx);
  let memberSaved = view.counter(ctx.playerId, counters.memberSavedIn(month));
  let redPackets = view.balance(accounts.redPackets(ctx.playerId));
  for (const order of lapsed) {
    if (order.reserved.month === month) memberSaved -= order.reserved.memberDiscount;
    redPackets += order.reserved.redPackets;
  }
  const coupons = walletOf(view, ctx.playerId)
    .instances.filter((c) => c.status === 'owned' || (c.status === 'reserved' && released.has(c.order!)))
    .map((c) => ({ id: c.id, couponId: c.couponId }));
  const budgets = new Map<string, number>();
  for (const id of ctx.campaign.budgets.keys()) budgets.set(id, budgetRoom(view, ctx.campaign, id));
  for (const order of lapsed) for (const [id, held] of Object.entries(order.reserved.budgets ?? {})) budgets.set(id, (budgets.get(id) ?? 0) + held);
  return { tier: ctx.tier, coupons, memberDiscountUsed: memberSaved, redPackets, budgets };
}

/** Releases what an unpaid order reserved, and closes it. */
function release(plan: Plan, campaign: Campaign, playerId: string, order: OrderRecord, status: 'cancelled' | 'expired'): void {
  const wallet = walletOf(plan, playerId);
  plan.put(playerId, records.coupons, {
    instances: wallet.instances.map((c) => (c.order === order.id && c.status === 'reserved' ? { id: c.id, couponId: c.couponId, status: 'owned', source: c.source, at: c.at } : c)),
  } satisfies CouponWallet);
  if (order.reserved.memberDiscount > 0) plan.count(playerId, counters.memberSavedIn(order.reserved.month), -order.reserved.memberDiscount);
  if (order.reserved.redPackets > 0) plan.transfer(accounts.redPacketsHeld, accounts.redPackets(playerId), order.reserved.redPackets, 'order-released', order.id);
  for (const [budget, held] of Object.entries(order.reserved.budgets ?? {})) holdInBudget(plan, campaign, budget, -held);
  if (order.clearCart) {
    const key = records.clearCartPrize(order.clearCart.lotteryId, order.clearCart.ticket);
    const { order: _order, ...prize } = plan.record<ClearCartPrize>(playerId, key)!;
    plan.put(playerId, key, { ...prize, status: 'open' } satisfies ClearCartPrize);
  }
  plan.put(playerId, records.order(order.id), { ...order, status });
  closeOpen(plan, playerId, order.id);
}

function closeOpen(plan: Plan, playerId: string, orderId: string): void {
  const open = plan.record<string[]>(playerId, records.openOrders) ?? [];
  plan.put(playerId, records.openOrders, open.filter((id) => id !== orderId));
}

export interface CreateOrder {
  cart: Cart;
  coupons?: CouponChoice | undefined;
  useMemberDiscount?: boolean | undefined;
  useRedPackets?: boolean | undefined;
  expectPayable?: number | undefined;
  /** A clear-cart prize of the player's (a winning ticket) to pay this order with. */
  clearCart?: { lotteryId: string; ticket: string } | undefined;
}

export function createOrder(plan: Plan, ctx: CommandContext, command: CreateOrder): Result<Outcome> {
  const rules = pricingRules(ctx.campaign);
  if (!rules) return fail({ code: 'PRICING_NOT_DEFINED', campaignId: ctx.campaign.definition.id });
  const { playerId } = ctx;
  for (const lapsed of lapsedOrders(plan, playerId, ctx.now)) release(plan, ctx.campaign, playerId, lapsed, 'expired');

  const wallet = walletOf(plan, playerId);
  if (Array.isArray(command.coupons)) {
    for (const id of command.coupons) {
      const instance = wallet.instances.find((c) => c.id === id);
      if (instance?.status === 'reserved') return fail({ code: 'COUPON_ALREADY_RESERVED', coupon: id, orderId: instance.order! });
      if (instance?.status === 'used') return fail({ code: 'COUPON_ALREADY_USED', coupon: id, orderId: instance.order! });
    }
  }
  let prize: ClearCartPrize | undefined;
  if (command.clearCart) {
    const { lotteryId, ticket } = command.clearCart;
    // An unknown lottery is a wrong id, as on every other route, not a prize the player lacks.
    if (!ctx.campaign.lotteries.has(lotteryId)) return fail({ code: 'LOTTERY_NOT_FOUND', lotteryId });
    prize = plan.record<ClearCartPrize>(playerId, records.clearCartPrize(lotteryId, ticket));
    const reason = !prize ? 'not-won' : prize.status !== 'open' ? prize.status : ctx.now >= Date.parse(prize.until) ? 'lapsed' : null;
    if (reason !== null) return fail({ code: 'CLEAR_CART_NOT_AVAILABLE', lotteryId, ticket, reason });
  }
  const shopper = shopperOf(plan, { playerId, now: ctx.now, tier: ctx.claims.tier, campaign: ctx.campaign });
  const settled = settleOrder(rules, { cart: command.cart, coupons: command.coupons, useMemberDiscount: command.useMemberDiscount, useRedPackets: command.useRedPackets }, shopper, ctx.now);
  if (!settled.ok) return settled;
  const settlement = settled.value;
  if (command.expectPayable !== undefined && command.expectPayable !== settlement.payable) {
    return fail({ code: 'QUOTE_CHANGED', expected: command.expectPayable, payable: settlement.payable });
  }

  const orderId = orderIdFrom(ctx.random());
  const month = monthOf(ctx);
  let memberDiscount = 0;
  let redPackets = 0;
  const budgets: Record<string, number> = {};
  for (const report of settlement.rules) {
    if (report.kind === 'member-discount') memberDiscount += report.amount;
    if (report.kind === 'red-packets') redPackets += report.amount;
    if (report.budget !== undefined && report.amount > 0) budgets[report.budget] = (budgets[report.budget] ?? 0) + report.amount;
  }
  for (const [budget, amount] of Object.entries(budgets)) holdInBudget(plan, ctx.campaign, budget, amount);
  const used = new Set(settlement.coupons);
  plan.put(playerId, records.coupons, {
    instances: wallet.instances.map((c) => (used.has(c.id) ? { ...c, status: 'reserved', order: orderId } : c)),
  } satisfies CouponWallet);
  if (memberDiscount > 0) plan.count(playerId, counters.memberSavedIn(month), memberDiscount, rules.memberDiscount!.monthlyCap);
  if (redPackets > 0) plan.transfer(accounts.redPackets(playerId), accounts.redPacketsHeld, redPackets, 'order-reserved', orderId);

  const payBy = iso(ctx.now + (rules.paymentMinutes ?? DEFAULT_PAYMENT_MINUTES) * 60_000);
  // The campaign pays the balance up to the cap; a presale deposit stays the shopper's.
  const clearCart = prize && { lotteryId: prize.lotteryId, ticket: prize.ticket, budget: prize.budget, cap: prize.cap, covered: Math.min(prize.cap, settlement.payable - settlement.deposit) };
  if (prize) plan.put(playerId, records.clearCartPrize(prize.lotteryId, prize.ticket), { ...prize, status: 'reserved', order: orderId } satisfies ClearCartPrize);
  const order: OrderRecord = {
    id: orderId,
    status: 'created',
    version: ctx.campaign.version,
    createdAt: iso(ctx.now),
    payBy,
    tier: ctx.claims.tier ?? null,
    request: { cart: command.cart, useMemberDiscount: command.useMemberDiscount ?? false },
    memberSavedBefore: shopper.memberDiscountUsed,
    settlement: { ...settlement, rules: verdictsKept(settlement.rules, command.coupons) },
    reserved: { coupons: settlement.coupons, memberDiscount, month, redPackets, ...(Object.keys(budgets).length ? { budgets } : {}) },
    refundedUnits: {},
    refunds: [],
    refunded: { cash: 0, redPackets: 0 },
    forfeited: 0,
    ...(clearCart ? { clearCart } : {}),
  };
  plan.put(playerId, records.order(orderId), order);
  plan.put(playerId, records.openOrders, [...(plan.record<string[]>(playerId, records.openOrders) ?? []), orderId]);
  return ok({
    type: 'order.created',
    orderId,
    payable: settlement.payable,
    deposit: settlement.deposit,
    payBy,
    coupons: settlement.coupons,
    ...(clearCart ? { paidByCampaign: clearCart.covered } : {}),
  });
}

/**
 * The rule verdicts an order keeps: those that took something off, and those of the coupons the
 * shopper named (to say why a named coupon took nothing). A quote explains every rule, the ones
 * that did not apply too; an order, kept for the campaign's life, records what was applied, as
 * an order's discount breakdown does. Those verdicts were three fifths of an order's size.
 */
function verdictsKept(verdicts: readonly RuleReport[], coupons: CouponChoice | undefined): RuleReport[] {
  const named = Array.isArray(coupons) ? coupons : [];
  return verdicts.filter((verdict) => verdict.amount > 0 || (verdict.coupon !== undefined && named.includes(verdict.coupon)));
}

/** `o-` and 16 characters drawn from the command's random stream: unguessable, and the same on a retry. */
const orderIdFrom = (random: Random) => `o-${randomCode(random, CROCKFORD_UPPER.toLowerCase(), 16)}`;

function findOrder(view: StateView, playerId: string, orderId: string): Result<OrderRecord> {
  const order = view.record<OrderRecord>(playerId, records.order(orderId));
  return order ? ok(order) : fail({ code: 'ORDER_NOT_FOUND', orderId });
}

/**
 * The host platform reports a payment. A presale order is paid in two parts (`deposit`, then
 * `balance`), or at once (`full`). Paying in full commits the reservations and books the
 * discounts' funding to the platform and each merchant.
 */
export function payOrder(plan: Plan, ctx: CommandContext, orderId: string, part: 'deposit' | 'balance' | 'full'): Result<Outcome> {
  if (ctx.actor !== 'host') return fail({ code: 'HOST_ONLY', action: 'reporting payments' });
  const found = findOrder(plan, ctx.playerId, orderId);
  if (!found.ok) return found;
  const order = found.value;
  if (order.status === 'paid' || order.status === 'refunded') return fail({ code: 'ORDER_ALREADY_PAID', orderId });
  if (order.status === 'cancelled' || order.status === 'expired') return fail({ code: 'ORDER_CLOSED', orderId, orderStatus: order.status });
  if (order.status === 'created' && ctx.now >= Date.parse(order.payBy)) return fail({ code: 'ORDER_EXPIRED', orderId, payBy: order.payBy });
  const { payable, deposit } = order.settlement;
  if (part === 'deposit' && (deposit === 0 || order.status !== 'created')) {
    return fail({ code: 'PAYMENT_PART_INVALID', orderId, part, expected: deposit === 0 ? 'full' : 'balance or full' });
  }
  if (part === 'balance' && order.status !== 'deposit-paid') {
    return fail({ code: 'PAYMENT_PART_INVALID', orderId, part, expected: deposit === 0 ? 'full' : 'deposit or full' });
  }
  if (part === 'deposit') {
    plan.put(ctx.playerId, records.order(orderId), { ...order, status: 'deposit-paid' });
    return ok({ type: 'order.paid', orderId, status: 'deposit-paid', amount: deposit });
  }
  const covered = order.clearCart?.covered ?? 0;
  const amount = (order.status === 'deposit-paid' ? payable - deposit : payable) - covered;
  const wallet = walletOf(plan, ctx.playerId);
  plan.put(ctx.playerId, records.coupons, {
    instances: wallet.instances.map((c) => (c.order === orderId && c.status === 'reserved' ? { ...c, status: 'used' } : c)),
  } satisfies CouponWallet);
  if (order.reserved.redPackets > 0) plan.transfer(accounts.redPacketsHeld, accounts.redPacketsSpent, order.reserved.redPackets, 'order-paid', orderId);
  for (const [budget, held] of Object.entries(order.reserved.budgets ?? {})) spendHeld(plan, ctx.campaign, budget, held, held, accounts.discountsPaid, 'order-discount', orderId);
  if (order.clearCart) {
    const { lotteryId, ticket, budget, cap } = order.clearCart;
    spendHeld(plan, ctx.campaign, budget, cap, covered, accounts.clearCartsPaid, 'clear-cart', orderId);
    const key = records.clearCartPrize(lotteryId, ticket);
    plan.put(ctx.playerId, key, { ...plan.record<ClearCartPrize>(ctx.playerId, key)!, status: 'used' } satisfies ClearCartPrize);
  }
  for (const sub of order.settlement.stores) {
    if (sub.funding.platform > 0) plan.count(CAMPAIGN, campaignCounters.funded(sub.store, 'platform'), sub.funding.platform);
    if (sub.funding.merchant > 0) plan.count(CAMPAIGN, campaignCounters.funded(sub.store, 'merchant'), sub.funding.merchant);
  }
  plan.put(ctx.playerId, records.order(orderId), { ...order, status: 'paid' });
  closeOpen(plan, ctx.playerId, orderId);
  return ok({ type: 'order.paid', orderId, status: 'paid', amount });
}

/**
 * Cancels an order that is not paid in full: its reservations are released. A presale order
 * whose deposit is paid keeps or returns the deposit as the definition's forfeit rule says.
 */
export function cancelOrder(plan: Plan, ctx: CommandContext, orderId: string): Result<Outcome> {
  const found = findOrder(plan, ctx.playerId, orderId);
  if (!found.ok) return found;
  const order = found.value;
  if (order.status === 'paid' || order.status === 'refunded') return fail({ code: 'ORDER_ALREADY_PAID', orderId });
  if (order.status === 'cancelled' || order.status === 'expired') return fail({ code: 'ORDER_CLOSED', orderId, orderStatus: order.status });
  const rules = pricingRules(ctx.campaign);
  let refunded = 0;
  let forfeited = 0;
  if (order.status === 'deposit-paid') {
    if ((rules?.presaleDeposit ?? 'forfeit') === 'forfeit') forfeited = order.settlement.deposit;
    else refunded = order.settlement.deposit;
  }
  release(plan, ctx.campaign, ctx.playerId, { ...order, forfeited, refunded: { cash: refunded, redPackets: 0 } }, 'cancelled');
  return ok({ type: 'order.cancelled', orderId, refunded, forfeited });
}

/** `amount × units / quantity`, rounded down, exactly: what the first `units` of a line carry of it. */
export function unitsShare(amount: number, units: number, quantity: number): number {
  return Math.floor(amount / quantity) * units + Math.floor(((amount % quantity) * units) / quantity);
}

/**
 * Refunds some units of some lines of a paid order, from its settlement snapshot, never by
 * re-prorating a discount onto the lines that remain. A line's first `k` units carry
 * ⌊net × k / quantity⌋ of its net (and of its red packets), so the refunds of a line always sum
 * to its net. A sub-order's fees are returned with its last unit; a sub-order with fees and no
 * lines (shipping charged by a store the cart has nothing in) has no unit of its own, so its
 * fees go back with the order's last unit.
 *
 * Under `recompute`, the items kept are settled again with the same coupons at the order's
 * time; what is still held of the payment (the shopper's and a clear-cart prize's part alike)
 * must cover what they owe, and the rest of the refund is kept back.
 *
 * With a clear-cart prize, the shopper is refunded first and the rest returns to the prize's
 * budget. In either mode neither side ever gets back more than it paid, and refunding
 * everything returns exactly what the shopper paid to the shopper and exactly what the
 * campaign covered to its budget.
 *
 * The refunded units' share of each discount is taken off what the platform and the merchant
 * funded (their allocated shares, also under `recompute`), so the settlement report is net of
 * refunds and a fully refunded order leaves no funding behind.
 */
export function refundOrder(plan: Plan, ctx: CommandContext, orderId: string, lines: readonly { lineId: string; quantity: number }[]): Result<Outcome> {
  if (ctx.actor !== 'host') return fail({ code: 'HOST_ONLY', action: 'refunding orders' });
  const found = findOrder(plan, ctx.playerId, orderId);
  if (!found.ok) return found;
  const order = found.value;
  if (order.status !== 'paid') return fail({ code: 'ORDER_NOT_PAID', orderId, orderStatus: order.status });
  const settled = order.settlement.lines;
  const requested = new Map<string, number>();
  for (const line of lines) requested.set(line.lineId, (requested.get(line.lineId) ?? 0) + line.quantity);
  for (const [lineId, quantity] of requested) {
    const line = settled.find((l) => l.id === lineId);
    if (!line) return fail({ code: 'REFUND_LINE_NOT_FOUND', orderId, lineId });
    const refundable = line.quantity - (order.refundedUnits[lineId] ?? 0);
    if (quantity > refundable) return fail({ code: 'REFUND_EXCEEDS_PAID', orderId, lineId, requested: quantity, refundable });
  }

  const refundedUnits = { ...order.refundedUnits };
  const refundLines: OrderRefund['lines'] = [];
  let allocated = 0;
  let redPackets = 0;
  for (const line of settled) {
    const k = requested.get(line.id);
    if (!k) continue;
    const before = refundedUnits[line.id] ?? 0;
    const after = before + k;
    const packets = line.discounts.reduce((sum, d) => (d.kind === 'red-packets' ? sum + d.amount : sum), 0);
    const cash = unitsShare(line.net, after, line.quantity) - unitsShare(line.net, before, line.quantity);
    const back = unitsShare(packets, after, line.quantity) - unitsShare(packets, before, line.quantity);
    refundedUnits[line.id] = after;
    refundLines.push({ lineId: line.id, quantity: k, cash, redPackets: back });
    // The refunded units no longer cost their funders their part of each discount.
    for (const d of line.discounts) {
      const amount = unitsShare(d.amount, after, line.quantity) - unitsShare(d.amount, before, line.quantity);
      const platform = unitsShare(d.platform, after, line.quantity) - unitsShare(d.platform, before, line.quantity);
      if (platform !== 0) plan.count(CAMPAIGN, campaignCounters.funded(line.store, 'platform'), -platform);
      if (amount - platform !== 0) plan.count(CAMPAIGN, campaignCounters.funded(line.store, 'merchant'), platform - amount);
    }
    allocated += cash;
    redPackets += back;
  }
  for (const sub of order.settlement.stores) {
    if (sub.fees > 0 && feesHeld(settled, sub.store, order.refundedUnits) && !feesHeld(settled, sub.store, refundedUnits)) allocated += sub.fees;
  }
  // What was paid and has not gone back: the shopper's part, and the campaign's (a clear-cart prize's).
  const clearCart = order.clearCart && { ...order.clearCart, returned: order.clearCart.returned ?? 0 };
  const shopperLeft = order.settlement.payable - (clearCart?.covered ?? 0) - order.refunded.cash;
  const left = shopperLeft + (clearCart ? clearCart.covered - clearCart.returned : 0);
  let value = Math.min(allocated, left);
  let keptBack = 0;
  const rules = pricingRules(ctx.campaign);
  if (rules?.refundMode === 'recompute') {
    const due = dueForKept(rules, order, refundedUnits);
    // What stays held, whoever paid it, must cover what the kept units owe. Keeping nothing,
    // all that is left goes back, including what earlier refunds kept back.
    if (due === 0) value = left;
    else if (due !== undefined) {
      const recomputed = Math.min(value, Math.max(0, left - due));
      keptBack = value - recomputed;
      value = recomputed;
    }
  }
  // The shopper is refunded first; the rest was the campaign's and returns to the prize's budget
  // (the prize itself stays used). `value` never exceeds `left`, so neither side gets back more than it paid.
  const cash = Math.min(value, shopperLeft);
  const toBudget = value - cash;
  if (clearCart && toBudget > 0) {
    clearCart.returned += toBudget;
    plan.count(CAMPAIGN, campaignCounters.budgetSpent(clearCart.budget), -toBudget);
    plan.transfer(accounts.clearCartsPaid, accounts.budget(clearCart.budget), toBudget, 'clear-cart-refunded', orderId);
  }
  if (redPackets > 0) plan.transfer(accounts.redPacketsSpent, accounts.redPackets(ctx.playerId), redPackets, 'order-refunded', orderId);
  const refund: OrderRefund = { key: ctx.key, at: iso(ctx.now), lines: refundLines, cash, redPackets, keptBack };
  const everything = settled.every((l) => (refundedUnits[l.id] ?? 0) === l.quantity);
  plan.put(ctx.playerId, records.order(orderId), {
    ...order,
    status: everything ? 'refunded' : 'paid',
    refundedUnits,
    refunds: [...order.refunds, refund],
    refunded: { cash: order.refunded.cash + cash, redPackets: order.refunded.redPackets + redPackets },
    ...(clearCart ? { clearCart } : {}),
  } satisfies OrderRecord);
  return ok({ type: 'order.refunded', orderId, cash, redPackets, keptBack, lines: refundLines, ...(clearCart ? { toBudget } : {}) });
}

/**
 * Whether a sub-order's fees are still held once `refundedUnits` are refunded: while its store
 * has units left. A store with fees and no lines never had units, so its fees are held while the
 * order has any left; both refund modes use this, so they agree on when a fee goes back.
 */
function feesHeld(lines: readonly SettledLine[], store: string, refundedUnits: Record<string, number>): boolean {
  const own = lines.filter((l) => l.store === store);
  return (own.length > 0 ? own : lines).some((l) => l.quantity > (refundedUnits[l.id] ?? 0));
}

/**
 * `recompute`: the cash the kept units owe when settled again on their own (same coupons,
 * same member opt-in, the order's time), less the red packets they keep. Undefined when the
 * kept cart cannot be settled any more (the pricing changed under it): then the allocated
 * refund stands.
 */
function dueForKept(rules: PricingRules, order: OrderRecord, refundedUnits: Record<string, number>): number | undefined {
  const cartLines = order.request.cart.lines;
  const kept: Cart['lines'] = [];
  let packetsKept = 0;
  for (const [i, line] of order.settlement.lines.entries()) {
    const units = line.quantity - (refundedUnits[line.id] ?? 0);
    if (units === 0) continue;
    kept.push({ ...cartLines[i]!, id: line.id, quantity: units });
    const packets = line.discounts.reduce((sum, d) => (d.kind === 'red-packets' ? sum + d.amount : sum), 0);
    packetsKept += packets - unitsShare(packets, refundedUnits[line.id] ?? 0, line.quantity);
  }
  if (kept.length === 0) return 0;
  // The fees still held are owed too, those of a fees-only sub-order included.
  const fees = (order.request.cart.fees ?? []).filter((f) => feesHeld(order.settlement.lines, f.store, refundedUnits));
  const shopper: Shopper = {
    tier: order.tier ?? undefined,
    coupons: order.reserved.coupons.map((id) => ({ id, couponId: id.slice(0, id.lastIndexOf('#')) })),
    memberDiscountUsed: order.memberSavedBefore,
    redPackets: 0,
  };
  const settled = settleOrder(
    rules,
    { cart: { lines: kept, fees }, coupons: order.reserved.coupons, useMemberDiscount: order.request.useMemberDiscount, useRedPackets: false },
    shopper,
    Date.parse(order.createdAt),
  );
  return settled.ok ? Math.max(0, settled.value.payable - packetsKept) : undefined;
}

/**
 * An order as it stands at `now`: one unpaid past its window reads `expired`, although its
 * reservations are released only by the player's next order.
 */
export function orderAsOf(order: OrderRecord, now: number): OrderRecord {
  return order.status === 'created' && now >= Date.parse(order.payBy) ? { ...order, status: 'expired' } : order;
}

/** A player's orders as they stand at `now`, newest first. */
export function ordersOf(view: ReadView, playerId: string, now: number): OrderRecord[] {
  return view
    .recordsWithPrefix<OrderRecord>(playerId, records.orderPrefix)
    .map((order) => orderAsOf(order, now))
    .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? 1 : -1));
}

/** What the platform and each merchant funded on a campaign's paid orders, net of refunds. */
export interface SettlementReport {
  campaignId: string;
  currency: string;
  stores: { store: string; name: string; platform: number; merchant: number; total: number }[];
  totals: { platform: number; merchant: number; total: number };
}

/** The settlement report, read from the funding counters payments and refunds keep. */
export function settlementReport(view: StateView, rules: PricingRules): SettlementReport {
  const totals = { platform: 0, merchant: 0, total: 0 };
  const stores = [...rules.stores].map(([store, { name }]) => {
    const platform = view.counter(CAMPAIGN, campaignCounters.funded(store, 'platform'));
    const merchant = view.counter(CAMPAIGN, campaignCounters.funded(store, 'merchant'));
    totals.platform += platform;
    totals.merchant += merchant;
    totals.total += platform + merchant;
    return { store, name, platform, merchant, total: platform + merchant };
  });
  return { campaignId: rules.campaign.definition.id, currency: rules.currency, stores, totals };
}
