import { describe, expect, it } from 'vitest';
import { records, type Quote, type Receipt } from '@carnival/core';
import { CART_BODY_LIMIT } from './app.ts';
import { ADMIN_KEY, CAMPAIGN, exampleCampaign, FLASH_UNTIL, harness, okJson, outcomeOf, problemOf, shopCampaign } from './testing.ts';

const base = `/v1/campaigns/${CAMPAIGN}`;

type Line = { id?: string; sku: string; store: string; unitPrice: number; quantity: number };
const line = (store: string, unitPrice: number, quantity = 1, sku = `${store}-${unitPrice}`): Line => ({ sku, store, unitPrice, quantity });
/** ¥200 in each store: ¥400 earns ¥50 across stores, and reaches both Store One coupons. */
const TWO_STORES = { lines: [line('S1', 20000), line('S2', 20000)] };

interface MyCoupon {
  id: string;
  status: string;
  order?: string;
  usable: boolean;
}

/** A harness on the shop campaign, with the shop's requests by name. */
async function shop() {
  const h = await harness({ definition: shopCampaign() });
  const amy = await h.token('amy');
  const json = okJson;
  const asHost = (path: string, body?: unknown, key?: string) =>
    h.call('POST', `${base}/players/amy${path}`, { token: ADMIN_KEY, ...(body === undefined ? {} : { body }), ...(key ? { headers: { 'Idempotency-Key': key } } : {}) });
  return {
    ...h,
    amy,
    json,
    outcomeOf,
    asHost,
    quote: (body: unknown, token = amy) => h.call('POST', `${base}/quote`, { token, body }),
    order: (body: unknown, key?: string, token = amy) => h.call('POST', `${base}/orders`, { token, body, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) }),
    claim: (couponId: string) => h.call('POST', `${base}/coupons/${couponId}/claim`, { token: amy }),
    coupons: async (token = amy) => (await json<{ instances: MyCoupon[] }>(h.call('GET', `${base}/me/coupons`, { token }))).instances,
    /** Everything a refused request must leave as it was: the ledger, the player page, the wallet, the open orders. */
    snapshot: async () => ({
      ledger: await h.ledger(),
      me: await (await h.call('GET', `${base}/me`, { token: amy })).text(),
      coupons: await (await h.call('GET', `${base}/me/coupons`, { token: amy })).text(),
      open: await h.store.read(CAMPAIGN, (view) => view.record('amy', records.openOrders)),
    }),
  };
}

type Shop = Awaited<ReturnType<typeof shop>>;

describe('quotes', () => {
  it('settle a cart for the token\'s player with their coupons, and write nothing', async () => {
    const s = await shop();
    const plain = await s.json<Quote>(s.quote({ cart: TWO_STORES }));
    expect(plain).toMatchObject({ currency: 'CNY', list: 40000, discount: 5000, payable: 35000, coupons: [] });
    expect(plain.stores.map((sub) => [sub.store, sub.name, sub.total])).toEqual([
      ['S1', 'Store One', 17500],
      ['S2', 'Store Two', 17500],
    ]);
    expect(plain.rules.find((r) => r.id === 'every-300-50')).toMatchObject({ status: 'applied', amount: 5000 });
    expect(plain.lines.map((l) => l.id)).toEqual(['L1', 'L2']);
    expect(plain.hints[0]).toMatchObject({ id: 'every-300-50', needed: 20000, saves: 5000 });

    await s.outcomeOf('coupon.taken', s.claim('S1-100-20'));
    const before = await s.snapshot();
    const withCoupon = await s.json<Quote>(s.quote({ cart: TWO_STORES }));
    expect(withCoupon).toMatchObject({ payable: 33000, coupons: ['S1-100-20#1'] });
    expect(withCoupon.stores[0]).toMatchObject({ store: 'S1', discount: 4500, funding: { platform: 2500, merchant: 2000 } });
    expect(await s.json<Quote>(s.quote({ cart: TWO_STORES, coupons: [] }))).toMatchObject({ payable: 35000, coupons: [] });
    expect(await s.snapshot()).toEqual(before);
  });

  it('take the member tier from the token, never from the body', async () => {
    const s = await shop();
    const refused = await problemOf(await s.quote({ cart: TWO_STORES, tier: '88vip' }));
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ path: 'tier' }] });
  });

  const refusals: [string, (s: Shop) => Promise<unknown>, unknown, number, Record<string, unknown>][] = [
    [
      'a negative unit price',
      async () => undefined,
      { cart: { lines: [line('S1', -1)] } },
      422,
      { code: 'VALIDATION_FAILED', problems: [{ path: 'cart.lines[0].unitPrice', expected: 'a unit price in integer cents, 0 or more', got: '-1' }] },
    ],
    [
      'a quantity of 0',
      async () => undefined,
      { cart: { lines: [line('S1', 100, 0)] } },
      422,
      { code: 'VALIDATION_FAILED', problems: [{ path: 'cart.lines[0].quantity', expected: 'a whole quantity from 1 to 9999', got: '0' }] },
    ],
    [
      'a store the pricing does not have',
      async () => undefined,
      { cart: { lines: [line('S1', 100), line('S9', 100)] } },
      422,
      { code: 'INVALID_CART', path: 'cart.lines[1].store', got: '"S9"' },
    ],
    ['a coupon the player does not own', async () => undefined, { cart: TWO_STORES, coupons: ['S1-100-20#1'] }, 422, { code: 'COUPON_NOT_OWNED', coupon: 'S1-100-20#1' }],
    [
      'an expired coupon',
      async (s) => {
        await s.outcomeOf('coupon.taken', s.asHost('/coupons', { couponId: 'flash-10' }));
        s.clock.set(Date.parse(FLASH_UNTIL));
      },
      { cart: TWO_STORES, coupons: ['flash-10#1'] },
      422,
      { code: 'COUPON_NOT_VALID', coupon: 'flash-10#1', validUntil: FLASH_UNTIL },
    ],
    [
      'two coupons of one stacking group',
      async (s) => {
        await s.claim('S1-100-20');
        await s.claim('S1-200-30');
      },
      { cart: TWO_STORES, coupons: ['S1-100-20#1', 'S1-200-30#1'] },
      422,
      { code: 'COUPONS_NOT_STACKABLE', coupon: 'S1-200-30#1', other: 'S1-100-20#1', store: 'S1' },
    ],
  ];

  it.each(refusals)('refuse %s with a problem, never a 500, and write nothing', async (_, setup, body, status, fields) => {
    const s = await shop();
    await setup(s);
    const before = await s.snapshot();
    const response = await s.quote(body);
    expect(response.status).toBe(status);
    expect(await problemOf(response)).toMatchObject({ status, ...fields });
    expect(await s.snapshot()).toEqual(before);
  });

  it('answer PRICING_NOT_DEFINED for a campaign without pricing', async () => {
    const definition = exampleCampaign();
    delete definition.pricing;
    const h = await harness({ definition });
    const response = await h.call('POST', `${base}/quote`, { token: await h.token('amy'), body: { cart: TWO_STORES } });
    expect(await problemOf(response)).toMatchObject({ code: 'PRICING_NOT_DEFINED', status: 404, campaignId: CAMPAIGN });
  });

  it('take a 500-line cart, within a body limit larger than play commands\'', async () => {
    const s = await shop();
    const lines = Array.from({ length: 500 }, (_, i) => ({
      id: `line-${i}`,
      sku: `sku-${String(i).padStart(6, '0')}-festival-edition`,
      store: i % 2 ? 'S1' : 'S2',
      category: 'home-appliances',
      tags: ['d11', 'free-shipping', 'new-arrival'],
      unitPrice: 12_345 + i,
      quantity: 1 + (i % 9),
    }));
    expect(JSON.stringify({ cart: { lines } }).length).toBeGreaterThan(64 * 1024);
    const quote = await s.json<Quote>(s.quote({ cart: { lines } }));
    expect(quote.lines).toHaveLength(500);

    const oversized = await s.quote({ cart: { lines }, padding: 'x'.repeat(CART_BODY_LIMIT) });
    expect(await problemOf(oversized)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: CART_BODY_LIMIT });
  });
});

describe('coupons', () => {
  it('a claimed coupon is mine, usable, and the quote uses it', async () => {
    const s = await shop();
    const response = await s.call('POST', `${base}/coupons/S1-100-20/claim`, { token: s.amy, headers: { 'Idempotency-Key': 'claim-1' } });
    const taken = (await response.json()) as Receipt;
    expect(taken.outcome).toMatchObject({ type: 'coupon.taken', coupon: { id: 'S1-100-20#1', couponId: 'S1-100-20', status: 'owned', source: 'claim' } });
    const retry = await s.call('POST', `${base}/coupons/S1-100-20/claim`, { token: s.amy, headers: { 'Idempotency-Key': 'claim-1' } });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(taken);

    expect(await s.coupons()).toEqual([{ id: 'S1-100-20#1', couponId: 'S1-100-20', status: 'owned', source: 'claim', at: '2026-11-11T02:00:00.000Z', usable: true }]);
    expect(await s.coupons(await s.token('bob'))).toEqual([]);
    expect(await s.json<Quote>(s.quote({ cart: TWO_STORES }))).toMatchObject({ coupons: ['S1-100-20#1'] });
  });

  it('lists an expired or reserved coupon as not usable', async () => {
    const s = await shop();
    await s.outcomeOf('coupon.taken', s.asHost('/coupons', { couponId: 'flash-10' }));
    await s.outcomeOf('coupon.taken', s.claim('S1-100-20'));
    await s.outcomeOf('order.created', s.order({ cart: TWO_STORES, coupons: ['S1-100-20#1'] }));
    expect((await s.coupons()).map((c) => [c.id, c.status, c.usable])).toEqual([
      ['flash-10#1', 'owned', true],
      ['S1-100-20#1', 'reserved', false],
    ]);
    // By noon the flash coupon has expired, and the unpaid order has lapsed: its coupon is free again.
    s.clock.set(Date.parse(FLASH_UNTIL));
    expect((await s.coupons()).map((c) => [c.id, c.status, c.usable])).toEqual([
      ['flash-10#1', 'owned', false],
      ['S1-100-20#1', 'reserved', true],
    ]);
  });

  it('the host grants coupons and red packets; red packets pay after every discount', async () => {
    const s = await shop();
    expect(await s.outcomeOf('allowance.granted', s.asHost('/allowance', { amount: 1000, memo: 'welcome' }))).toEqual({ type: 'allowance.granted', amount: 1000, balance: 1000 });
    expect(await s.json<Quote>(s.quote({ cart: TWO_STORES }))).toMatchObject({ payable: 34000 });
    expect(await s.json<Quote>(s.quote({ cart: TWO_STORES, useRedPackets: false }))).toMatchObject({ payable: 35000 });
    expect(await problemOf(await s.asHost('/allowance', { amount: 0 }))).toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ path: 'amount' }] });
    expect(await problemOf(await s.asHost('/coupons', { couponId: 'nope' }))).toMatchObject({ code: 'COUPON_NOT_FOUND', status: 404 });
  });
});

describe('orders over HTTP', () => {
  it('create (idempotently), read, pay, refund', async () => {
    const s = await shop();
    await s.claim('S1-100-20');
    const body = { cart: TWO_STORES, coupons: ['S1-100-20#1'], expectPayable: 33000 };
    const first = await s.order(body, 'checkout-1');
    const receipt = (await first.json()) as Receipt;
    expect(receipt.outcome).toMatchObject({ type: 'order.created', payable: 33000, deposit: 0, payBy: '2026-11-11T02:30:00.000Z', coupons: ['S1-100-20#1'] });
    const orderId = receipt.outcome.type === 'order.created' ? receipt.outcome.orderId : '';

    s.clock.advance(1000);
    const retry = await s.order(body, 'checkout-1');
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(receipt);
    expect(await s.store.read(CAMPAIGN, (view) => view.record('amy', records.openOrders))).toEqual([orderId]);

    const order = await s.json<{ id: string; status: string; settlement: { payable: number }; reserved: { coupons: string[] } }>(
      s.call('GET', `${base}/orders/${orderId}`, { token: s.amy }),
    );
    expect(order).toMatchObject({ id: orderId, status: 'created', settlement: { payable: 33000 }, reserved: { coupons: ['S1-100-20#1'] } });
    expect(await problemOf(await s.call('GET', `${base}/orders/${orderId}`, { token: await s.token('bob') }))).toMatchObject({ code: 'ORDER_NOT_FOUND', status: 404, orderId });

    expect(await s.outcomeOf('order.paid', s.asHost(`/orders/${orderId}/pay`, undefined, 'pay-1'))).toEqual({ type: 'order.paid', orderId, status: 'paid', amount: 33000 });
    const replayedPay = await s.asHost(`/orders/${orderId}/pay`, undefined, 'pay-1');
    expect(replayedPay.headers.get('idempotent-replayed')).toBe('true');
    expect((await s.coupons())[0]).toMatchObject({ status: 'used', order: orderId, usable: false });

    // ¥400 earned ¥50 and ¥20 in S1: L1 (S1) nets ¥155, L2 (S2) ¥175.
    const refund = { lines: [{ lineId: 'L2', quantity: 1 }] };
    const refunded = await s.outcomeOf('order.refunded', s.asHost(`/orders/${orderId}/refund`, refund, 'refund-1'));
    expect(refunded).toMatchObject({ cash: 17500, redPackets: 0, keptBack: 0, lines: [{ lineId: 'L2', quantity: 1, cash: 17500 }] });
    expect(await problemOf(await s.asHost(`/orders/${orderId}/refund`, refund))).toMatchObject({ code: 'REFUND_EXCEEDS_PAID', refundable: 0 });
    const after = await s.json<{ status: string; refunded: { cash: number } }>(s.call('GET', `${base}/orders/${orderId}`, { token: s.amy }));
    expect(after).toMatchObject({ status: 'paid', refunded: { cash: 17500 } });
  });

  it('take an optional payment body; a part the order cannot take is refused', async () => {
    const s = await shop();
    const { orderId } = await s.outcomeOf('order.created', s.order({ cart: TWO_STORES }));
    expect(await problemOf(await s.asHost(`/orders/${orderId}/pay`, { part: 'deposit' }))).toMatchObject({ code: 'PAYMENT_PART_INVALID', expected: 'full' });
    expect(await problemOf(await s.asHost(`/orders/${orderId}/pay`, { part: 'all' }))).toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ path: 'part' }] });
    expect(await s.outcomeOf('order.paid', s.asHost(`/orders/${orderId}/pay`, { part: 'full' }))).toMatchObject({ amount: 35000 });
  });

  it('cancelling, by the player or the host, releases the coupon for the next order', async () => {
    const s = await shop();
    await s.claim('S1-100-20');
    const first = await s.outcomeOf('order.created', s.order({ cart: TWO_STORES }));
    expect(first.coupons).toEqual(['S1-100-20#1']);
    expect(await s.outcomeOf('order.cancelled', s.call('POST', `${base}/orders/${first.orderId}/cancel`, { token: s.amy }))).toEqual({
      type: 'order.cancelled',
      orderId: first.orderId,
      refunded: 0,
      forfeited: 0,
    });
    expect((await s.coupons())[0]).toMatchObject({ status: 'owned', usable: true });
    expect(await s.json<{ status: string }>(s.call('GET', `${base}/orders/${first.orderId}`, { token: s.amy }))).toMatchObject({ status: 'cancelled' });

    const second = await s.outcomeOf('order.created', s.order({ cart: TWO_STORES }));
    expect(second.coupons).toEqual(['S1-100-20#1']);
    await s.outcomeOf('order.cancelled', s.asHost(`/orders/${second.orderId}/cancel`));
    expect(await problemOf(await s.call('POST', `${base}/orders/${second.orderId}/cancel`, { token: s.amy }))).toMatchObject({ code: 'ORDER_CLOSED', orderStatus: 'cancelled' });
  });

  it('an unpaid order past its window reads as expired, and its coupon is usable again', async () => {
    const s = await shop();
    await s.claim('S1-100-20');
    const { orderId } = await s.outcomeOf('order.created', s.order({ cart: TWO_STORES }));
    s.clock.advance(30 * 60_000);
    expect(await s.json<{ status: string }>(s.call('GET', `${base}/orders/${orderId}`, { token: s.amy }))).toMatchObject({ status: 'expired' });
    expect((await s.coupons())[0]).toMatchObject({ status: 'reserved', usable: true });
    expect(await s.json<Quote>(s.quote({ cart: TWO_STORES }))).toMatchObject({ coupons: ['S1-100-20#1'] });
    const again = await s.outcomeOf('order.created', s.order({ cart: TWO_STORES }));
    expect(again).toMatchObject({ coupons: ['S1-100-20#1'] });
    // My orders, newest first, each as it stands now.
    const { orders } = await s.json<{ orders: { id: string; status: string }[] }>(s.call('GET', `${base}/orders`, { token: s.amy }));
    expect(orders.map((o) => [o.id, o.status])).toEqual([
      [again.orderId, 'created'],
      [orderId, 'expired'],
    ]);
    expect(await s.json<{ orders: unknown[] }>(s.call('GET', `${base}/orders`, { token: await s.token('bob') }))).toEqual({ orders: [] });
  });
});

describe('host-only shop routes', () => {
  const routes: [string, string, unknown][] = [
    ['POST', `${base}/players/amy/coupons`, { couponId: 'flash-10' }],
    ['POST', `${base}/players/amy/allowance`, { amount: 100 }],
    ['POST', `${base}/players/amy/orders/o-1/pay`, {}],
    ['POST', `${base}/players/amy/orders/o-1/cancel`, undefined],
    ['POST', `${base}/players/amy/orders/o-1/refund`, { lines: [{ lineId: 'L1', quantity: 1 }] }],
    ['GET', `${base}/settlement-report`, undefined],
  ];

  it.each(routes)('%s %s refuses a player token with 403', async (method, path, body) => {
    const s = await shop();
    const before = await s.snapshot();
    const response = await s.call(method, path, { token: s.amy, ...(body === undefined ? {} : { body }) });
    expect(await problemOf(response)).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await s.snapshot()).toEqual(before);
  });
});

describe('the settlement report', () => {
  it('sums the funding of paid orders per store, net of refunds', async () => {
    const s = await shop();
    const report = () => s.json<{ stores: unknown[]; totals: unknown }>(s.call('GET', `${base}/settlement-report`, { token: ADMIN_KEY }));
    expect(await report()).toEqual({
      campaignId: CAMPAIGN,
      currency: 'CNY',
      stores: [
        { store: 'S1', name: 'Store One', platform: 0, merchant: 0, total: 0 },
        { store: 'S2', name: 'Store Two', platform: 0, merchant: 0, total: 0 },
      ],
      totals: { platform: 0, merchant: 0, total: 0 },
    });

    await s.claim('S1-100-20');
    const withCoupon = await s.outcomeOf('order.created', s.order({ cart: TWO_STORES }));
    const plain = await s.outcomeOf('order.created', s.order({ cart: { lines: [line('S2', 30000)] } }));
    const unpaid = await s.outcomeOf('order.created', s.order({ cart: { lines: [line('S1', 90000)] } }));
    expect(unpaid.payable).toBe(90000 - 15000);
    await s.outcomeOf('order.paid', s.asHost(`/orders/${withCoupon.orderId}/pay`));
    await s.outcomeOf('order.paid', s.asHost(`/orders/${plain.orderId}/pay`));

    // The first order: ¥50 across stores (the platform's, ¥25 a store) and ¥20 in S1 (its
    // merchant's); the second: ¥50 in S2 (the platform's). The unpaid order books nothing.
    expect(await report()).toMatchObject({
      stores: [
        { store: 'S1', platform: 2500, merchant: 2000, total: 4500 },
        { store: 'S2', platform: 7500, merchant: 0, total: 7500 },
      ],
      totals: { platform: 10000, merchant: 2000, total: 12000 },
    });
    await s.outcomeOf('order.refunded', s.asHost(`/orders/${plain.orderId}/refund`, { lines: [{ lineId: 'L1', quantity: 1 }] }));
    expect(await report()).toMatchObject({
      stores: [
        { store: 'S1', platform: 2500, merchant: 2000, total: 4500 },
        { store: 'S2', platform: 2500, merchant: 0, total: 2500 },
      ],
      totals: { platform: 5000, merchant: 2000, total: 7000 },
    });
  });

  it('is PRICING_NOT_DEFINED without pricing', async () => {
    const definition = exampleCampaign();
    delete definition.pricing;
    const h = await harness({ definition });
    expect(await problemOf(await h.call('GET', `${base}/settlement-report`, { token: ADMIN_KEY }))).toMatchObject({ code: 'PRICING_NOT_DEFINED', status: 404 });
  });
});
