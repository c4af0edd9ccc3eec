import { describe, expect, it } from 'vitest';
import { crossStore, definePricing, discountsOf, line, quote, shopper, NOW } from './testing.ts';
import { settleCart } from './quote.ts';


describe('thresholds', () => {
  it('repeat: every ¥300 minus ¥40 takes ¥120 off ¥920, uncapped', () => {
    const rules = definePricing({ thresholds: [crossStore(30000, 4000)] });
    const q = quote(rules, { cart: { lines: [line('S1', 50000), line('S2', 42000)] } });
    expect(q.payable).toBe(92000 - 12000);
    expect(q.rules.find((r) => r.id === 'X')).toMatchObject({ status: 'applied', base: 92000, amount: 12000 });
    expect(q.rules.find((r) => r.id === 'X')!.explanation).toBe(
      'cross-store threshold X: ¥120.00 off on ¥920.00 of eligible items across participating stores (3 × ¥40.00)',
    );
  });

  it('repeat with a cap stops at the cap', () => {
    const rules = definePricing({ thresholds: [crossStore(30000, 4000, { cap: 8000 })] });
    expect(quote(rules, { cart: { lines: [line('S1', 200000)] } }).discount).toBe(8000);
  });

  it('tiered: the highest tier reached applies', () => {
    const rules = definePricing({
      thresholds: [
        { id: 'T', title: 'Tiers', kind: 'cross-store', mode: 'tiered', tiers: [{ min: 10000, off: 1000 }, { min: 20000, off: 2000 }, { min: 30000, off: 4000 }] },
      ],
    });
    expect(quote(rules, { cart: { lines: [line('S1', 9999)] } }).discount).toBe(0);
    expect(quote(rules, { cart: { lines: [line('S1', 25000)] } }).discount).toBe(2000);
    expect(quote(rules, { cart: { lines: [line('S1', 30000)] } }).discount).toBe(4000);
    expect(quote(rules, { cart: { lines: [line('S1', 90000)] } }).discount).toBe(4000);
  });

  it('counts only participating stores, badge tags, and never excluded SKUs or fees', () => {
    const rules = definePricing({
      stores: [
        { id: 'S1', name: 'In' },
        { id: 'S2', name: 'Out', crossStore: false },
      ],
      thresholds: [crossStore(30000, 4000, { tags: ['d11'], excludeSkus: ['gift-card'] })],
    });
    const q = quote(rules, {
      cart: {
        lines: [
          line('S1', 20000, { tags: ['d11'] }),
          line('S1', 10000, { sku: 'gift-card', tags: ['d11'] }),
          line('S1', 10000),
          line('S2', 50000, { tags: ['d11'] }),
        ],
        fees: [{ store: 'S1', kind: 'shipping', amount: 10000 }],
      },
    });
    expect(q.rules.find((r) => r.id === 'X')).toMatchObject({ status: 'not-reached', base: 20000 });
    expect(q.payable).toBe(90000 + 10000);
    expect(q.stores.find((s) => s.store === 'S1')).toMatchObject({ fees: 10000, total: 50000 });
  });
});

describe('parallel and sequential', () => {
  const storeCoupon = { id: 'S1-400-380', title: '¥380 off ¥400', kind: 'store' as const, store: 'S1', min: 40000, off: 38000 };

  it('parallel: the published example pays ¥0, the cross-store discount capped at the ¥20 left', () => {
    const rules = definePricing({ thresholds: [crossStore(40000, 5000)], coupons: [storeCoupon] });
    const q = quote(rules, { cart: { lines: [line('S1', 40000)] } }, shopper({ coupons: [{ id: 'c1', couponId: 'S1-400-380' }] }));
    expect(q.payable).toBe(0);
    expect(q.rules.find((r) => r.id === 'X')).toMatchObject({ status: 'capped', nominal: 5000, amount: 2000 });
    expect(q.rules.find((r) => r.id === 'X')!.explanation).toContain('capped at the ¥20.00 still payable');
  });

  it('a store coupon that absorbs nearly all of a sub-order sends the cross-store share to the other stores', () => {
    const rules = definePricing({ thresholds: [crossStore(20000, 3000)], coupons: [storeCoupon] });
    const q = quote(
      rules,
      { cart: { lines: [line('S1', 40000, { id: 'a' }), line('S2', 40000, { id: 'b' })] } },
      shopper({ coupons: [{ id: 'c1', couponId: 'S1-400-380' }] }),
    );
    // ¥800 earns 4 × ¥30 = ¥120; S1's half (¥60) is capped at the ¥20 it still owes, and the ¥40 goes to S2.
    expect(discountsOf(q, 'X')).toEqual({ a: 2000, b: 10000 });
    expect(q.stores.map((s) => [s.store, s.total])).toEqual([
      ['S1', 0],
      ['S2', 30000],
    ]);
    expect(q.payable).toBe(30000);
  });

  it('sequential: each threshold is tested on what the stages before it left', () => {
    const parts = {
      thresholds: [crossStore(30000, 5000)],
      coupons: [{ id: 'S1-200-30', title: '¥30 off ¥200', kind: 'store' as const, store: 'S1', min: 20000, off: 3000 }],
    };
    const owner = shopper({ coupons: [{ id: 'c1', couponId: 'S1-200-30' }] });
    const cart = { lines: [line('S1', 32000)] };
    expect(quote(definePricing(parts), { cart, coupons: ['c1'] }, owner).payable).toBe(32000 - 3000 - 5000);
    const sequential = quote(definePricing({ ...parts, thresholdMode: 'sequential' }), { cart, coupons: ['c1'] }, owner);
    expect(sequential.payable).toBe(29000);
    expect(sequential.rules.find((r) => r.id === 'X')!.explanation).toBe(
      'cross-store threshold X needs ¥300.00 of eligible items across participating stores, has ¥290.00',
    );
  });
});

describe('coupons', () => {
  it('says why a coupon does not apply', () => {
    const rules = definePricing({ coupons: [{ id: 'S1-200-50', title: '¥50 off ¥200', kind: 'store', store: 'S1', min: 20000, off: 5000 }] });
    const q = quote(rules, { cart: { lines: [line('S1', 10000)] }, coupons: ['c1'] }, shopper({ coupons: [{ id: 'c1', couponId: 'S1-200-50' }] }));
    expect(q.rules.find((r) => r.coupon === 'c1')!.explanation).toBe('store coupon S1-200-50 needs ¥200.00 of eligible items in store S1, has ¥100.00');
    expect(q.payable).toBe(10000);
  });

  it('a percent coupon rounds down and stops at its ceiling', () => {
    const rules = definePricing({ coupons: [{ id: 'P', title: '10% off', kind: 'platform', min: 0, percentOff: 10, maxOff: 2000 }] });
    const owner = shopper({ coupons: [{ id: 'c1', couponId: 'P' }] });
    expect(quote(rules, { cart: { lines: [line('S1', 12345)] } }, owner).discount).toBe(1234);
    expect(quote(rules, { cart: { lines: [line('S1', 50000)] } }, owner).discount).toBe(2000);
  });

  it('allocates to lines without losing a cent: three ¥100 lines and a ¥10 coupon', () => {
    const rules = definePricing({ coupons: [{ id: 'P', title: '¥10 off', kind: 'platform', min: 0, off: 1000 }] });
    const q = quote(
      rules,
      { cart: { lines: [line('S1', 10000, { id: 'a' }), line('S1', 10000, { id: 'b', sku: 'b' }), line('S1', 10000, { id: 'c', sku: 'c' })] } },
      shopper({ coupons: [{ id: 'c1', couponId: 'P' }] }),
    );
    expect(Object.values(discountsOf(q, 'P')).sort()).toEqual([333, 333, 334]);
    expect(q.payable).toBe(29000);
  });

  it('refuses coupons the player does not own, expired ones, and two of one stacking group', () => {
    const rules = definePricing({
      coupons: [
        { id: 'A', title: 'A', kind: 'store', store: 'S1', min: 0, off: 100 },
        { id: 'B', title: 'B', kind: 'store', store: 'S1', min: 0, off: 200 },
        { id: 'Old', title: 'Old', kind: 'platform', min: 0, off: 100, validUntil: '2026-11-01T00:00:00+08:00' },
      ],
    });
    const owner = shopper({ coupons: [{ id: 'a', couponId: 'A' }, { id: 'b', couponId: 'B' }, { id: 'old', couponId: 'Old' }] });
    const cart = { lines: [line('S1', 10000)] };
    const refusal = (coupons: string[]) => {
      const result = settleCart(rules, { cart, coupons }, owner, NOW);
      return result.ok ? undefined : result.error;
    };
    expect(refusal(['zzz'])).toEqual({ code: 'COUPON_NOT_OWNED', coupon: 'zzz' });
    expect(refusal(['old'])).toMatchObject({ code: 'COUPON_NOT_VALID', coupon: 'old' });
    expect(refusal(['a', 'b'])).toEqual({ code: 'COUPONS_NOT_STACKABLE', coupon: 'b', other: 'a', group: 'store', store: 'S1' });
    // 'best' skips the expired one and uses the larger of the two store coupons.
    const best = quote(rules, { cart }, owner);
    expect(best.coupons).toEqual(['b']);
    expect(best.rules.find((r) => r.coupon === 'old')).toMatchObject({ status: 'not-usable' });
  });
});

describe('presale', () => {
  const presale = { id: 'PS', title: 'Pay ¥100, worth ¥150', skus: ['tv'], deposit: 10000, worth: 15000 };

  it('tests thresholds on the price after the inflation bonus: ¥1,000 item, ¥100 worth ¥150, every ¥300 minus ¥50', () => {
    const rules = definePricing({ presales: [presale], thresholds: [crossStore(30000, 5000)] });
    const q = quote(rules, { cart: { lines: [line('S1', 100000, { sku: 'tv' })] } });
    expect(q.rules.find((r) => r.id === 'X')).toMatchObject({ base: 95000, amount: 15000 });
    expect(q.payable).toBe(80000);
    expect(q.deposit).toBe(10000);
    expect(q.lines[0]).toMatchObject({ net: 80000, deposit: 10000 });
  });

  it('a coupon counts a presale item only while its balance exceeds the face value', () => {
    const rules = definePricing({
      presales: [{ id: 'PS', title: 'Deposit', skus: ['tv'], deposit: 10000, cut: 1000 }],
      coupons: [{ id: 'Big', title: '¥200 off', kind: 'platform', min: 0, off: 20000 }],
    });
    const owner = shopper({ coupons: [{ id: 'c1', couponId: 'Big' }] });
    // Balance ¥289 − ... : ¥300 − ¥10 cut − ¥100 deposit = ¥190, not above ¥200: the coupon has nothing to apply to.
    const small = quote(rules, { cart: { lines: [line('S1', 30000, { sku: 'tv' })] }, coupons: ['c1'] }, owner);
    expect(small.rules.find((r) => r.coupon === 'c1')).toMatchObject({ status: 'no-eligible-items' });
    const large = quote(rules, { cart: { lines: [line('S1', 40000, { sku: 'tv' })] }, coupons: ['c1'] }, owner);
    expect(large.payable).toBe(40000 - 1000 - 20000);
  });

  it('the member discount applies to the balance only', () => {
    const rules = definePricing({
      presales: [presale],
      memberDiscount: { id: 'VIP', title: '88VIP 5% off', tiers: ['88vip'], percentOff: 5, monthlyCap: 100000 },
    });
    const q = quote(rules, { cart: { lines: [line('S1', 100000, { sku: 'tv' })] }, useMemberDiscount: true }, shopper({ tier: '88vip' }));
    // ¥1,000 − ¥50 bonus = ¥950 owed, ¥100 of it deposit: 5% of the ¥850 balance is ¥42.50.
    expect(q.rules.find((r) => r.id === 'VIP')).toMatchObject({ base: 85000, amount: 4250 });
    expect(q.payable).toBe(95000 - 4250);
  });
});

describe('member discount', () => {
  const vip = { id: 'VIP', title: '88VIP', tiers: ['88vip'], percentOff: 5, monthlyCap: 2000, tags: ['vip'] };

  it('is opt-in, for members, on marked items, within the month’s ceiling', () => {
    const rules = definePricing({ memberDiscount: vip });
    const cart = { lines: [line('S1', 30000, { tags: ['vip'] }), line('S1', 10000)] };
    expect(quote(rules, { cart }, shopper({ tier: '88vip' })).discount).toBe(0);
    expect(quote(rules, { cart, useMemberDiscount: true }, shopper({ tier: 'gold' })).discount).toBe(0);
    expect(quote(rules, { cart, useMemberDiscount: true }, shopper({ tier: '88vip' })).discount).toBe(1500);
    const capped = quote(rules, { cart, useMemberDiscount: true }, shopper({ tier: '88vip', memberDiscountUsed: 1200 }));
    expect(capped.discount).toBe(800);
    expect(capped.rules.find((r) => r.id === 'VIP')!.explanation).toContain("capped at the ¥8.00 left of this month's ¥20.00");
  });
});

describe('red packets', () => {
  it('are applied last and capped at what is still payable', () => {
    const rules = definePricing({ thresholds: [crossStore(10000, 1000)] });
    const q = quote(rules, { cart: { lines: [line('S1', 10000)], fees: [{ store: 'S1', kind: 'shipping', amount: 800 }] } }, shopper({ redPackets: 50000 }));
    expect(q.rules.at(-1)).toMatchObject({ kind: 'red-packets', status: 'capped', amount: 9000 });
    expect(q.payable).toBe(800); // shipping is paid as it is
  });
});

describe('funding', () => {
  it('splits each store’s share between platform and merchant as the definition says', () => {
    const rules = definePricing({ thresholds: [crossStore(30000, 5000, { funding: { platformPercent: 60 } })] });
    const q = quote(rules, { cart: { lines: [line('S1', 20001), line('S2', 9999)] } });
    // ¥50 over ¥200.01 and ¥99.99 is 3333.5 and 1666.5: the tied cent goes to the larger line.
    // The platform pays 60% of each store's share, rounded half up; the merchant the rest.
    expect(q.stores.map((s) => [s.store, s.discount, s.funding])).toEqual([
      ['S1', 3334, { platform: 2000, merchant: 1334 }],
      ['S2', 1666, { platform: 1000, merchant: 666 }],
    ]);
  });
});

describe('cart validation', () => {
  it('names the line in an unknown store, and a repeated line id', () => {
    const rules = definePricing();
    expect(settleCart(rules, { cart: { lines: [line('S1', 100), line('S9', 100)] } }, shopper(), NOW)).toEqual({
      ok: false,
      error: { code: 'INVALID_CART', path: 'cart.lines[1].store', expected: 'a store of this campaign (S1, S2, S3)', got: '"S9"' },
    });
    expect(settleCart(rules, { cart: { lines: [line('S1', 100, { id: 'x' }), line('S2', 100, { id: 'x' })] } }, shopper(), NOW)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_CART', path: 'cart.lines[1].id' },
    });
  });
});

describe('top-up hints', () => {
  it('says how much more unlocks the next step, best saving per extra yuan first', () => {
    const rules = definePricing({
      thresholds: [crossStore(30000, 3000), { id: 'T', title: 'Store tiers', kind: 'store', store: 'S1', mode: 'tiered', tiers: [{ min: 10000, off: 500 }, { min: 50000, off: 6000 }] }],
    });
    const q = quote(rules, { cart: { lines: [line('S1', 27700)] } });
    expect(q.hints.map((h) => [h.id, h.needed, h.saves])).toEqual([
      ['X', 2300, 3000],
      ['T', 22300, 5500],
    ]);
    expect(q.hints[0]!.explanation).toBe('add ¥23.00 more of eligible items across participating stores to save another ¥30.00 (cross-store threshold X)');
  });
});
