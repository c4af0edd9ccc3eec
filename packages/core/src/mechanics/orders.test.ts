import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from '../command.ts';
import { budgetBurn } from '../budget.ts';
import { compileCampaign } from '../campaign.ts';
import { accounts, CAMPAIGN, campaignCounters, counters, records } from '../keys.ts';
import type { PricingDefinition } from '../settlement/pricing.ts';
import type { CartLine } from '../settlement/cart.ts';
import { at, outcome, play, refusal, type CampaignParts } from '../testing.ts';
import type { CouponWallet } from './coupons.ts';
import { OPERATOR_ID } from './lotteries.ts';
import type { OrderRecord } from './orders.ts';

const NOW = at('2026-11-11 20:00');
const MINUTE = 60_000;
const HOST = { actor: 'host' as const };

const STORES = [
  { id: 'S1', name: 'Store 1' },
  { id: 'S2', name: 'Store 2' },
];
const everyThreeHundred = { id: 'X', title: 'Every ¥300 minus ¥50', kind: 'cross-store' as const, mode: 'repeat' as const, every: 30000, off: 5000 };
const storeCoupon = { id: 'S1-100-20', title: '¥20 off ¥100', kind: 'store' as const, store: 'S1', min: 10000, off: 2000, claim: { perPlayer: 2, stock: 3 } };

const line = (id: string, store: string, unitPrice: number, quantity = 1, more: Partial<CartLine> = {}): CartLine => ({ id, sku: `${store}-${id}`, store, unitPrice, quantity, ...more });
const create = (lines: CartLine[], more: Partial<Extract<Command, { type: 'order.create' }>> = {}): Command => ({ type: 'order.create', cart: { lines }, ...more });
const pay = (orderId: string, part?: 'deposit' | 'balance' | 'full'): Command => (part ? { type: 'order.pay', orderId, part } : { type: 'order.pay', orderId });
const refund = (orderId: string, ...lines: [string, number][]): Command => ({ type: 'order.refund', orderId, lines: lines.map(([lineId, quantity]) => ({ lineId, quantity })) });

async function shop(pricing: Partial<PricingDefinition> = {}, parts: CampaignParts = {}) {
  const game = await play({ ...parts, pricing: { stores: STORES, thresholds: [everyThreeHundred], coupons: [storeCoupon], ...pricing } });
  const read = <T>(scope: string, name: string) => game.store.read(game.definition.id, (view) => view.record<T>(scope, name));
  return {
    ...game,
    /** The 'prizes' budget's burn (see `prizeDraw`). */
    prizes: () => game.store.read(game.definition.id, (view) => budgetBurn(view, compileCampaign(game.definition, 1, 'test-seed')).find((b) => b.id === 'prizes')!),
    wallet: async (player: string) => (await read<CouponWallet>(player, records.coupons))?.instances ?? [],
    order: async (player: string, orderId: string) => (await read<OrderRecord>(player, records.order(orderId)))!,
    redPackets: (player: string) => game.store.read(game.definition.id, (view) => view.balance(accounts.redPackets(player))),
  };
}

/** A clear-cart lottery (prize up to `cap`, from the 'prizes' budget) drawn before NOW: pass to `shop`, then `winClearCart`. */
const prizeDraw = (cap: number): CampaignParts => ({
  budgets: [{ id: 'prizes', title: 'Prizes', amount: 100_000_000 }],
  lotteries: [
    {
      id: 'cc',
      title: 'Clear your cart',
      opensAt: '2026-11-01T00:00:00+08:00',
      drawAt: '2026-11-11T19:00:00+08:00',
      publicValue: 'drand round 5,000,000',
      budget: 'prizes',
      tiers: [{ id: 'clear', title: 'Cart cleared', count: 1, reward: { clearCart: { cap, payWithinHours: 24 } } }],
    },
  ],
});

/** Amy's only ticket wins the one clear-cart prize: what `order.create` takes as `clearCart`. */
async function winClearCart(game: Awaited<ReturnType<typeof shop>>) {
  const [ticket] = outcome(await game.run('amy', { type: 'lottery.grant', lotteryId: 'cc', count: 1 }, at('2026-11-05 12:00'), HOST), 'lottery.tickets').tickets;
  outcome(await game.run(OPERATOR_ID, { type: 'lottery.draw', lotteryId: 'cc', publicValue: 'round 5000000' }, at('2026-11-11 19:00'), HOST), 'lottery.drawn');
  return { lotteryId: 'cc', ticket: ticket! };
}

describe('coupons', () => {
  it('a player claims within the per-player limit and the stock; the host grants', async () => {
    const game = await shop({ coupons: [storeCoupon, { id: 'P', title: 'Platform', kind: 'platform', min: 0, off: 100 }] });
    const claim: Command = { type: 'coupon.claim', couponId: 'S1-100-20' };
    expect(outcome(await game.run('amy', claim, NOW), 'coupon.taken').coupon).toMatchObject({ id: 'S1-100-20#1', status: 'owned', source: 'claim' });
    outcome(await game.run('amy', claim, NOW), 'coupon.taken');
    expect(refusal(await game.run('amy', claim, NOW))).toMatchObject({ code: 'TOTAL_LIMIT_REACHED', limit: 2 });
    outcome(await game.run('bob', claim, NOW), 'coupon.taken');
    expect(refusal(await game.run('cat', claim, NOW))).toEqual({ code: 'COUPON_OUT_OF_STOCK', couponId: 'S1-100-20' });
    expect(refusal(await game.run('amy', { type: 'coupon.claim', couponId: 'P' }, NOW))).toEqual({ code: 'COUPON_NOT_CLAIMABLE', couponId: 'P' });
    expect(refusal(await game.run('amy', { type: 'coupon.grant', couponId: 'P' }, NOW))).toMatchObject({ code: 'HOST_ONLY' });
    expect(outcome(await game.run('amy', { type: 'coupon.grant', couponId: 'P' }, NOW, HOST), 'coupon.taken').coupon).toMatchObject({ id: 'P#1', source: 'grant' });
  });
});

describe('orders reserve what their discounts use', () => {
  it('two checkouts naming one coupon: exactly one gets it; cancelling frees it', async () => {
    const game = await shop();
    outcome(await game.run('amy', { type: 'coupon.claim', couponId: 'S1-100-20' }, NOW), 'coupon.taken');
    const cart = [line('a', 'S1', 15000)];
    const [first, second] = await Promise.all([
      game.store.execute(game.request('amy', create(cart, { coupons: ['S1-100-20#1'] }), NOW)),
      game.store.execute(game.request('amy', create(cart, { coupons: ['S1-100-20#1'] }), NOW)),
    ]);
    const created = outcome(first, 'order.created');
    expect(created).toMatchObject({ payable: 13000, coupons: ['S1-100-20#1'] });
    expect(refusal(second)).toEqual({ code: 'COUPON_ALREADY_RESERVED', coupon: 'S1-100-20#1', orderId: created.orderId });
    // 'best' simply cannot use it while it is held.
    expect(outcome(await game.run('amy', create(cart), NOW), 'order.created')).toMatchObject({ payable: 15000, coupons: [] });

    outcome(await game.run('amy', { type: 'order.cancel', orderId: created.orderId }, NOW), 'order.cancelled');
    expect((await game.wallet('amy'))[0]).toMatchObject({ status: 'owned' });
    expect(outcome(await game.run('amy', create(cart), NOW), 'order.created')).toMatchObject({ payable: 13000, coupons: ['S1-100-20#1'] });
  });

  it('an order unpaid after its window releases its coupon, and can no longer be paid', async () => {
    const game = await shop({ paymentMinutes: 30 });
    outcome(await game.run('amy', { type: 'coupon.claim', couponId: 'S1-100-20' }, NOW), 'coupon.taken');
    const created = outcome(await game.run('amy', create([line('a', 'S1', 15000)]), NOW), 'order.created');
    expect(created.payBy).toBe('2026-11-11T12:30:00.000Z');
    expect(refusal(await game.run('amy', pay(created.orderId), NOW + 30 * MINUTE, HOST))).toMatchObject({ code: 'ORDER_EXPIRED' });
    const again = outcome(await game.run('amy', create([line('a', 'S1', 15000)]), NOW + 31 * MINUTE), 'order.created');
    expect(again.coupons).toEqual(['S1-100-20#1']);
    expect((await game.order('amy', created.orderId)).status).toBe('expired');
  });

  it('payment commits: the coupon is used, and the funding is booked per store', async () => {
    const game = await shop();
    outcome(await game.run('amy', { type: 'coupon.claim', couponId: 'S1-100-20' }, NOW), 'coupon.taken');
    const created = outcome(await game.run('amy', create([line('a', 'S1', 20000), line('b', 'S2', 20000)]), NOW), 'order.created');
    // ¥400: coupon ¥20 in S1, every ¥300 minus ¥50 across stores (platform-funded by default).
    expect(created.payable).toBe(40000 - 2000 - 5000);
    expect(refusal(await game.run('amy', pay(created.orderId), NOW))).toMatchObject({ code: 'HOST_ONLY' });
    expect(outcome(await game.run('amy', pay(created.orderId), NOW, HOST), 'order.paid')).toMatchObject({ status: 'paid', amount: 33000 });
    expect((await game.wallet('amy'))[0]).toMatchObject({ status: 'used', order: created.orderId });
    expect(refusal(await game.run('amy', create([line('a', 'S1', 20000)], { coupons: ['S1-100-20#1'] }), NOW))).toMatchObject({ code: 'COUPON_ALREADY_USED' });
    expect(refusal(await game.run('amy', { type: 'order.cancel', orderId: created.orderId }, NOW))).toMatchObject({ code: 'ORDER_ALREADY_PAID' });
    const funded = (store: string, by: 'platform' | 'merchant') => game.counter(CAMPAIGN, campaignCounters.funded(store, by));
    expect([await funded('S1', 'merchant'), await funded('S1', 'platform'), await funded('S2', 'platform')]).toEqual([2000, 2500, 2500]);
  });

  it('keeps the verdicts of the rules that took something off and of the coupons named, not every rule a quote explains', async () => {
    const game = await shop({ coupons: [storeCoupon, { id: 'S2-50-5', title: '¥5 off ¥50', kind: 'store', store: 'S2', min: 5000, off: 500 }] });
    outcome(await game.run('amy', { type: 'coupon.claim', couponId: 'S1-100-20' }, NOW), 'coupon.taken');
    outcome(await game.run('amy', { type: 'coupon.grant', couponId: 'S2-50-5' }, NOW, HOST), 'coupon.taken');
    // ¥150 in S1: the S1 coupon applies, ¥300 across stores is not reached, the S2 coupon has nothing to take from.
    const best = outcome(await game.run('amy', create([line('a', 'S1', 15000)]), NOW), 'order.created');
    const verdicts = async (orderId: string) => (await game.order('amy', orderId)).settlement.rules.map(({ id, status }) => ({ id, status }));
    expect(await verdicts(best.orderId)).toEqual([{ id: 'S1-100-20', status: 'applied' }]);
    outcome(await game.run('amy', { type: 'order.cancel', orderId: best.orderId }, NOW), 'order.cancelled');
    const named = outcome(await game.run('amy', create([line('a', 'S1', 15000)], { coupons: ['S2-50-5#1'] }), NOW), 'order.created');
    expect(named.payable).toBe(15000);
    expect(await verdicts(named.orderId)).toEqual([{ id: 'S2-50-5', status: 'no-eligible-items' }]);
  });

  it('refuses a changed quote when the shopper confirmed a payable', async () => {
    const game = await shop();
    expect(refusal(await game.run('amy', create([line('a', 'S1', 15000)], { expectPayable: 14000 }), NOW))).toEqual({ code: 'QUOTE_CHANGED', expected: 14000, payable: 15000 });
  });
});

describe('refunds', () => {
  it('return each line’s allocated net, never more in total than was paid', async () => {
    const game = await shop();
    const created = outcome(await game.run('amy', create([line('a', 'S1', 10000, 3), line('b', 'S2', 10000)]), NOW), 'order.created');
    expect(refusal(await game.run('amy', refund(created.orderId, ['a', 1]), NOW, HOST))).toMatchObject({ code: 'ORDER_NOT_PAID', orderStatus: 'created' });
    outcome(await game.run('amy', pay(created.orderId), NOW, HOST), 'order.paid');
    // ¥400 earns ¥50: line a (¥300) carries ¥37.50 and b ¥12.50, so a nets ¥262.50 over 3 units.
    const first = outcome(await game.run('amy', refund(created.orderId, ['a', 1]), NOW, HOST), 'order.refunded');
    expect(first).toMatchObject({ cash: 8750, keptBack: 0 });
    expect(refusal(await game.run('amy', refund(created.orderId, ['a', 3]), NOW, HOST))).toMatchObject({ code: 'REFUND_EXCEEDS_PAID', refundable: 2 });
    expect(refusal(await game.run('amy', refund(created.orderId, ['zz', 1]), NOW, HOST))).toMatchObject({ code: 'REFUND_LINE_NOT_FOUND' });
    const platform = () => Promise.all(['S1', 'S2'].map((store) => game.counter(CAMPAIGN, campaignCounters.funded(store, 'platform'))));
    // One of a's three units gave back a third of its ¥37.50 share of the platform-funded discount.
    expect(await platform()).toEqual([3750 - 1250, 1250]);
    const rest = outcome(await game.run('amy', refund(created.orderId, ['a', 2], ['b', 1]), NOW, HOST), 'order.refunded');
    expect(first.cash + rest.cash).toBe(created.payable);
    expect((await game.order('amy', created.orderId)).status).toBe('refunded');
    expect(await platform()).toEqual([0, 0]);
  });

  it('recompute keeps back the discount the kept items no longer reach; refunding the rest returns it', async () => {
    const game = await shop({ refunds: { mode: 'recompute' } });
    const created = outcome(await game.run('amy', create([line('a', 'S1', 20000), line('b', 'S2', 20000)]), NOW), 'order.created');
    outcome(await game.run('amy', pay(created.orderId), NOW, HOST), 'order.paid');
    // Paid ¥350. Kept alone, b (¥200) no longer reaches ¥300: it owes ¥200, so a returns ¥150, not its ¥175.
    expect(outcome(await game.run('amy', refund(created.orderId, ['a', 1]), NOW, HOST), 'order.refunded')).toMatchObject({ cash: 15000, keptBack: 2500 });
    expect(outcome(await game.run('amy', refund(created.orderId, ['b', 1]), NOW, HOST), 'order.refunded')).toMatchObject({ cash: 20000 });
  });

  it('returns a sub-order’s shipping with its last unit', async () => {
    const game = await shop();
    const created = outcome(
      await game.run('amy', { type: 'order.create', cart: { lines: [line('a', 'S1', 1000, 2)], fees: [{ store: 'S1', kind: 'shipping', amount: 600 }] } }, NOW),
      'order.created',
    );
    outcome(await game.run('amy', pay(created.orderId), NOW, HOST), 'order.paid');
    expect(outcome(await game.run('amy', refund(created.orderId, ['a', 1]), NOW, HOST), 'order.refunded').cash).toBe(1000);
    expect(outcome(await game.run('amy', refund(created.orderId, ['a', 1]), NOW, HOST), 'order.refunded').cash).toBe(1600);
  });

  it('returns the fee of a sub-order with no lines with the order’s last unit, in both modes', async () => {
    for (const mode of ['allocated', 'recompute'] as const) {
      const game = await shop({ refunds: { mode } });
      // S2 charges ¥8 shipping and sells nothing here: its sub-order has no unit of its own to go back with.
      const cart = { lines: [line('a', 'S1', 10000, 2)], fees: [{ store: 'S2', kind: 'shipping' as const, amount: 800 }] };
      const created = outcome(await game.run('amy', { type: 'order.create', cart }, NOW), 'order.created');
      expect(created.payable).toBe(20800);
      outcome(await game.run('amy', pay(created.orderId), NOW, HOST), 'order.paid');
      expect(outcome(await game.run('amy', refund(created.orderId, ['a', 1]), NOW, HOST), 'order.refunded').cash).toBe(10000);
      expect(outcome(await game.run('amy', refund(created.orderId, ['a', 1]), NOW, HOST), 'order.refunded').cash).toBe(10800);
      expect(await game.order('amy', created.orderId)).toMatchObject({ status: 'refunded', refunded: { cash: 20800 } });
    }
  });

  it('recompute counts a fee still held as owed by the kept items', async () => {
    const game = await shop({ refunds: { mode: 'recompute' } });
    const cart = { lines: [line('a', 'S1', 20000), line('b', 'S1', 20000)], fees: [{ store: 'S2', kind: 'shipping' as const, amount: 800 }] };
    const created = outcome(await game.run('amy', { type: 'order.create', cart }, NOW), 'order.created');
    outcome(await game.run('amy', pay(created.orderId), NOW, HOST), 'order.paid');
    // Paid ¥358. Kept, b (¥200) misses ¥300 and S2's ¥8 shipping is still held: they owe ¥208, so a returns ¥150, not ¥158.
    expect(outcome(await game.run('amy', refund(created.orderId, ['a', 1]), NOW, HOST), 'order.refunded')).toMatchObject({ cash: 15000, keptBack: 2500 });
    expect(outcome(await game.run('amy', refund(created.orderId, ['b', 1]), NOW, HOST), 'order.refunded')).toMatchObject({ cash: 20800, keptBack: 0 });
  });

  it('with a clear-cart prize, a full refund returns the shopper’s part to the shopper and the campaign’s to the budget, in both modes', async () => {
    const expected = {
      allocated: [{ cash: 30000, keptBack: 0, toBudget: 15000 }, { cash: 0, keptBack: 0, toBudget: 45000 }],
      // Kept alone, b (¥500) misses ¥1,000 and owes ¥500: of the ¥900 paid (¥300 by amy, ¥600 by the
      // campaign) ¥500 stays held, so a returns ¥400 of its ¥450, amy's ¥300 first.
      recompute: [{ cash: 30000, keptBack: 5000, toBudget: 10000 }, { cash: 0, keptBack: 0, toBudget: 50000 }],
    };
    for (const mode of ['allocated', 'recompute'] as const) {
      const game = await shop({ refunds: { mode }, coupons: [], thresholds: [{ ...everyThreeHundred, every: 100000, off: 10000 }] }, prizeDraw(60000));
      const clearCart = await winClearCart(game);
      const created = outcome(await game.run('amy', create([line('a', 'S1', 50000), line('b', 'S1', 50000)], { clearCart }), NOW), 'order.created');
      expect(created).toMatchObject({ payable: 90000, paidByCampaign: 60000 });
      expect(outcome(await game.run('amy', pay(created.orderId), NOW, HOST), 'order.paid').amount).toBe(30000);
      expect(await game.prizes()).toMatchObject({ spent: 60000, reserved: 0 });
      expect(outcome(await game.run('amy', refund(created.orderId, ['a', 1]), NOW, HOST), 'order.refunded')).toMatchObject(expected[mode][0]!);
      expect(outcome(await game.run('amy', refund(created.orderId, ['b', 1]), NOW, HOST), 'order.refunded')).toMatchObject(expected[mode][1]!);
      expect(await game.order('amy', created.orderId)).toMatchObject({ status: 'refunded', refunded: { cash: 30000 }, clearCart: { covered: 60000, returned: 60000 } });
      expect(await game.prizes()).toMatchObject({ spent: 0, reserved: 0 });
    }
  });
});

describe('presale', () => {
  const presales = [{ id: 'PS', title: 'Pay ¥100, worth ¥150', skus: ['tv'], deposit: 10000, worth: 15000 }];
  const tv = [line('tv', 'S1', 100000, 1, { sku: 'tv' })];

  it('is paid as deposit then balance', async () => {
    const game = await shop({ presales });
    const created = outcome(await game.run('amy', create(tv), NOW), 'order.created');
    expect(created).toMatchObject({ payable: 80000, deposit: 10000 });
    expect(refusal(await game.run('amy', pay(created.orderId, 'balance'), NOW, HOST))).toMatchObject({ code: 'PAYMENT_PART_INVALID' });
    expect(outcome(await game.run('amy', pay(created.orderId, 'deposit'), NOW, HOST), 'order.paid')).toMatchObject({ status: 'deposit-paid', amount: 10000 });
    // A paid deposit holds the order past the payment window.
    expect(outcome(await game.run('amy', pay(created.orderId, 'balance'), NOW + 600 * MINUTE, HOST), 'order.paid')).toMatchObject({ status: 'paid', amount: 70000 });
  });

  it('forfeits the deposit when the balance is never paid, unless the definition refunds it', async () => {
    for (const [presaleDeposit, refunded, forfeited] of [['forfeit', 0, 10000], ['refund', 10000, 0]] as const) {
      const game = await shop({ presales, refunds: { presaleDeposit } });
      const created = outcome(await game.run('amy', create(tv), NOW), 'order.created');
      outcome(await game.run('amy', pay(created.orderId, 'deposit'), NOW, HOST), 'order.paid');
      expect(outcome(await game.run('amy', { type: 'order.cancel', orderId: created.orderId }, NOW), 'order.cancelled')).toEqual({
        type: 'order.cancelled',
        orderId: created.orderId,
        refunded,
        forfeited,
      });
    }
  });
});

describe('red packets and the member discount', () => {
  it('are held by an order, returned on cancel, spent on payment and returned with refunds', async () => {
    const game = await shop({
      thresholds: [],
      coupons: [],
      memberDiscount: { id: 'VIP', title: '88VIP', tiers: ['88vip'], percentOff: 5, monthlyCap: 1000 },
    });
    outcome(await game.run('amy', { type: 'allowance.grant', amount: 3000 }, NOW, HOST), 'allowance.granted');
    const vip = { claims: { tier: '88vip' } };
    const cart = [line('a', 'S1', 10000, 2)];
    const created = outcome(await game.run('amy', create(cart, { useMemberDiscount: true }), NOW, vip), 'order.created');
    // ¥200: 5% is ¥10 (the whole month's ceiling), then ¥30 of red packets.
    expect(created.payable).toBe(20000 - 1000 - 3000);
    expect(await game.redPackets('amy')).toBe(0);
    expect(await game.counter('amy', counters.memberSavedIn('2026-11'))).toBe(1000);
    const capped = outcome(await game.run('amy', create(cart, { useMemberDiscount: true }), NOW, vip), 'order.created');
    expect(capped.payable).toBe(20000);

    outcome(await game.run('amy', { type: 'order.cancel', orderId: created.orderId }, NOW), 'order.cancelled');
    expect(await game.redPackets('amy')).toBe(3000);
    expect(await game.counter('amy', counters.memberSavedIn('2026-11'))).toBe(0);

    const paid = outcome(await game.run('amy', create(cart, { useMemberDiscount: true }), NOW, vip), 'order.created');
    outcome(await game.run('amy', pay(paid.orderId), NOW, HOST), 'order.paid');
    const back = outcome(await game.run('amy', refund(paid.orderId, ['a', 1]), NOW, HOST), 'order.refunded');
    expect(back).toMatchObject({ cash: 8000, redPackets: 1500 });
    expect(await game.redPackets('amy')).toBe(1500);
  });
});

describe('refund properties', () => {
  const units = fc.array(fc.record({ price: fc.integer({ min: 1, max: 40000 }), quantity: fc.integer({ min: 1, max: 4 }), store: fc.constantFrom('S1', 'S2') }), { minLength: 1, maxLength: 4 });
  // Shipping per store, or none: a store with a fee and no lines is a fees-only sub-order.
  const fees = fc.record({ S1: fc.option(fc.integer({ min: 1, max: 2000 }), { nil: undefined }), S2: fc.option(fc.integer({ min: 1, max: 2000 }), { nil: undefined }) });
  const clearCartCap = fc.option(fc.integer({ min: 1, max: 200000 }), { nil: undefined });

  it('refunding everything, in any order of partial refunds, returns exactly what the shopper paid and what the campaign covered, and no step more', async () => {
    await fc.assert(
      fc.asyncProperty(
        units,
        fees,
        clearCartCap,
        fc.constantFrom('allocated' as const, 'recompute' as const),
        fc.nat(5000),
        fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
        async (lines, shipping, cap, mode, packets, picks) => {
          const game = await shop({ refunds: { mode }, memberDiscount: { id: 'VIP', title: 'VIP', tiers: ['vip'], percentOff: 5, monthlyCap: 100000 } }, cap === undefined ? {} : prizeDraw(cap));
          const clearCart = cap === undefined ? undefined : await winClearCart(game);
          if (packets > 0) outcome(await game.run('amy', { type: 'allowance.grant', amount: packets }, NOW, HOST), 'allowance.granted');
          outcome(await game.run('amy', { type: 'coupon.claim', couponId: 'S1-100-20' }, NOW), 'coupon.taken');
          const cart = lines.map((l, i) => line(`l${i}`, l.store, l.price, l.quantity));
          const cartFees = (['S1', 'S2'] as const).flatMap((store) => (shipping[store] === undefined ? [] : [{ store, kind: 'shipping' as const, amount: shipping[store] }]));
          const command: Command = { type: 'order.create', cart: { lines: cart, fees: cartFees }, useMemberDiscount: true, ...(clearCart ? { clearCart } : {}) };
          const created = outcome(await game.run('amy', command, NOW, { claims: { tier: 'vip' } }), 'order.created');
          const covered = created.paidByCampaign ?? 0;
          const shopperPaid = outcome(await game.run('amy', pay(created.orderId), NOW, HOST), 'order.paid').amount;
          expect(shopperPaid + covered).toBe(created.payable);
          const packetsUsed = packets - (await game.redPackets('amy'));

          const left = new Map(cart.map((l) => [l.id!, l.quantity]));
          let cash = 0;
          let toBudget = 0;
          let returned = 0;
          const take = (refunded: { cash: number; toBudget?: number | undefined; redPackets: number }) => {
            expect(refunded.cash).toBeGreaterThanOrEqual(0);
            expect(refunded.toBudget ?? 0).toBeGreaterThanOrEqual(0);
            cash += refunded.cash;
            toBudget += refunded.toBudget ?? 0;
            returned += refunded.redPackets;
            expect(cash).toBeLessThanOrEqual(shopperPaid);
            expect(toBudget).toBeLessThanOrEqual(covered);
            expect(returned).toBeLessThanOrEqual(packetsUsed);
          };
          for (const pick of picks) {
            const open = [...left].filter(([, n]) => n > 0);
            if (open.length === 0) break;
            const [lineId, n] = open[pick % open.length]!;
            const quantity = 1 + (pick % n);
            take(outcome(await game.run('amy', refund(created.orderId, [lineId, quantity]), NOW, HOST), 'order.refunded'));
            left.set(lineId, n - quantity);
          }
          const rest = [...left].filter(([, n]) => n > 0);
          if (rest.length) take(outcome(await game.run('amy', refund(created.orderId, ...rest), NOW, HOST), 'order.refunded'));
          expect(cash).toBe(shopperPaid);
          expect(toBudget).toBe(covered);
          expect(returned).toBe(packetsUsed);
          expect((await game.order('amy', created.orderId)).status).toBe('refunded');
          if (cap !== undefined) expect(await game.prizes()).toMatchObject({ spent: 0, reserved: 0 });
          const funded = await Promise.all(['S1', 'S2'].flatMap((s) => [game.counter(CAMPAIGN, campaignCounters.funded(s, 'platform')), game.counter(CAMPAIGN, campaignCounters.funded(s, 'merchant'))]));
          expect(funded).toEqual([0, 0, 0, 0]);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('discounts that draw on a budget', () => {
  it('take no more than the budget has left, are held by unpaid orders, released on cancel and spent on payment', async () => {
    const game = await play({
      budgets: [{ id: 'coupons', title: 'Platform coupon money', amount: 5000 }],
      pricing: { stores: STORES, coupons: [{ id: 'P-30', title: '¥30 off', kind: 'platform', min: 0, off: 3000, budget: 'coupons', claim: { perPlayer: 1 } }] },
    });
    for (const player of ['amy', 'bob', 'cat']) outcome(await game.run(player, { type: 'coupon.claim', couponId: 'P-30' }, NOW), 'coupon.taken');
    const burn = () => game.store.read(game.definition.id, (view) => budgetBurn(view, compileCampaign(game.definition, 1, 'seed'))[0]!);
    const verdict = async (player: string, orderId: string) =>
      (await game.store.read(game.definition.id, (view) => view.record<OrderRecord>(player, records.order(orderId))))!.settlement.rules.find((r) => r.id === 'P-30')!;
    const cart = [line('a', 'S1', 10000)];

    const amy = outcome(await game.run('amy', create(cart), NOW), 'order.created');
    expect(amy.payable).toBe(7000);
    expect(await burn()).toMatchObject({ spent: 0, reserved: 3000, left: 2000 });
    // Bob's coupon finds ¥20 left in the budget: it takes ¥20, and says so.
    const bob = outcome(await game.run('bob', create(cart), NOW), 'order.created');
    expect(bob.payable).toBe(8000);
    expect((await verdict('bob', bob.orderId)).explanation).toContain('capped at the ¥20.00 left in budget "coupons"');
    // Nothing is left for cat: the best choice leaves the coupon unused (cat keeps it); naming it, it takes nothing.
    const cat = outcome(await game.run('cat', create(cart), NOW), 'order.created');
    expect(cat).toMatchObject({ payable: 10000, coupons: [] });
    const named = outcome(await game.run('cat', create(cart, { coupons: ['P-30#1'] }), NOW), 'order.created');
    expect(await verdict('cat', named.orderId)).toMatchObject({ status: 'not-usable', explanation: 'platform coupon P-30: budget "coupons" is spent' });

    outcome(await game.run('bob', { type: 'order.cancel', orderId: bob.orderId }, NOW), 'order.cancelled');
    expect(await burn()).toMatchObject({ spent: 0, reserved: 3000, left: 2000 });
    outcome(await game.run('amy', pay(amy.orderId), NOW, HOST), 'order.paid');
    expect(await burn()).toMatchObject({ spent: 3000, reserved: 0, left: 2000 });
  });
});
