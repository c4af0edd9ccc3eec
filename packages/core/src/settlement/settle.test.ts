import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCampaign } from '../campaign.ts';
import { defineCampaign } from '../testing.ts';
import type { CartLine } from './cart.ts';
import { MAX_AMOUNT } from './money.ts';
import type { PricingDefinition } from './pricing.ts';
import { pricingRules } from './rules.ts';
import { crossStore, definePricing, discountsOf, line, quote, shopper, NOW } from './testing.ts';
import { settleCart } from './quote.ts';
import { fundedByPlatform, percentOf } from './settle.ts';


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

describe('percentages', () => {
  // ¥9,212,811.59 × 4,634,942 units (464 lines of at most 9,999): a valid cart whose list times
  // 73 passes 2^53. Caps are at most MAX_AMOUNT, so its 73% is capped, exactly; below the cap,
  // list × percent stays where floats are exact, and percentOf is exact everywhere (below).
  const units = 4_634_942;
  const list = 921_281_159 * units; // 4,270,084,737,657,778
  const lines: CartLine[] = [];
  for (let left = units, i = 0; left > 0; left -= 9_999, i++) lines.push(line('S1', 921_281_159, { id: `g${i}`, sku: 'gold', quantity: Math.min(9_999, left) }));

  it('a member discount or a percent coupon on a list past 2^53 / 73 is capped exactly at the largest cap a definition allows', () => {
    const member = definePricing({ memberDiscount: { id: 'VIP', title: '73% off', tiers: ['gold'], percentOff: 73, monthlyCap: MAX_AMOUNT } });
    const q = quote(member, { cart: { lines }, useMemberDiscount: true }, shopper({ tier: 'gold' }));
    expect(q.list).toBe(list);
    expect(q.rules.find((r) => r.id === 'VIP')).toMatchObject({ base: list, amount: MAX_AMOUNT });
    const coupon = definePricing({ coupons: [{ id: 'P', title: '73% off', kind: 'platform', min: 0, percentOff: 73, maxOff: MAX_AMOUNT }] });
    expect(quote(coupon, { cart: { lines } }, shopper({ coupons: [{ id: 'p1', couponId: 'P' }] })).rules.find((r) => r.id === 'P')).toMatchObject({ base: list, amount: MAX_AMOUNT });
  });

  it('percentOf equals the BigInt floor (and half-up rounding) over every safe amount and percent', () => {
    const amount = fc.oneof(fc.maxSafeNat(), fc.integer({ min: Math.ceil(2 ** 53 / 100), max: Number.MAX_SAFE_INTEGER }), fc.nat(10_000));
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 100 }), (a, p) => {
        expect(percentOf(a, p)).toBe(Number((BigInt(a) * BigInt(p)) / 100n));
        expect(percentOf(a, p, 'half-up')).toBe(Number((BigInt(a) * BigInt(p) + 50n) / 100n));
        expect(fundedByPlatform(a, p)).toBe(Number((BigInt(a) * BigInt(p) + 50n) / 100n));
      }),
      { numRuns: 2000 },
    );
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

  it('when they pay everything, the best choice still uses a coupon that saves some of them', () => {
    const rules = definePricing({ coupons: [{ id: 'C', title: '¥50 off ¥200', kind: 'store', store: 'S1', min: 20000, off: 5000 }] });
    const who = shopper({ coupons: [{ id: 'c1', couponId: 'C' }], redPackets: 100000 });
    const q = quote(rules, { cart: { lines: [line('S1', 30000)] } }, who);
    expect(q.payable).toBe(0);
    expect(q.coupons).toEqual(['c1']);
    expect(q.rules.find((r) => r.kind === 'red-packets')).toMatchObject({ amount: 25000 });
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

/** Like `definePricing`, in a campaign with budget B1 for discounts to draw on. */
function pricingWithBudget(parts: Partial<PricingDefinition>) {
  const definition = defineCampaign({ budgets: [{ id: 'B1', title: 'Allowance', amount: 1_000_000 }], pricing: { stores: [{ id: 'S1', name: 'Store 1' }, { id: 'S2', name: 'Store 2' }], ...parts } });
  return pricingRules(compileCampaign(definition, 1, 'seed'))!;
}

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

  it('a coupon with no minimum hints at enough of its items for its whole amount, not at one cent', () => {
    const rules = definePricing({ coupons: [{ id: 'C', title: '¥10 off litter', kind: 'store', store: 'S1', min: 0, off: 1000, skus: ['litter'] }] });
    const q = quote(rules, { cart: { lines: [line('S1', 29900, { sku: 'tree' })] } }, shopper({ coupons: [{ id: 'c1', couponId: 'C' }] }));
    // A cent of litter would save a cent: ¥10 of it saves the ¥10.
    expect(q.hints).toMatchObject([{ id: 'C', coupon: 'c1', base: 0, needed: 1000, saves: 1000 }]);
  });

  it('a coupon counts a presale item by its balance per unit: two balances of ¥850 do not carry a ¥1,000 coupon', () => {
    const rules = definePricing({
      presales: [{ id: 'PS', title: 'Presale', skus: ['tv'], deposit: 10000, worth: 15000 }],
      coupons: [{ id: 'C', title: '¥1,000 off', kind: 'platform', min: 0, off: 100000 }],
    });
    const who = shopper({ coupons: [{ id: 'c1', couponId: 'C' }] });
    const two = quote(rules, { cart: { lines: [line('S1', 100000, { sku: 'tv', quantity: 2 })] }, coupons: ['c1'] }, who);
    expect(two.rules.find((r) => r.coupon === 'c1')).toMatchObject({ status: 'no-eligible-items', amount: 0 });
    const dear = quote(rules, { cart: { lines: [line('S1', 200000, { sku: 'tv' })] }, coupons: ['c1'] }, who);
    expect(dear.rules.find((r) => r.coupon === 'c1')).toMatchObject({ status: 'applied', amount: 100000 });
  });

  it('a coupon’s hint counts only what the coupon counts: not a presale item whose balance is at or below its face value', () => {
    const rules = definePricing({
      presales: [{ id: 'PS', title: 'Presale', skus: ['tv'], deposit: 35000, worth: 35000, cut: 5000 }],
      coupons: [{ id: 'C', title: '¥100 off ¥500', kind: 'store', store: 'S1', min: 50000, off: 10000 }],
    });
    const who = shopper({ coupons: [{ id: 'c1', couponId: 'C' }] });
    // The tv: event price ¥400, ¥350 deposit, ¥50 balance, not above the coupon's ¥100.
    const tv = line('S1', 45000, { id: 'tv', sku: 'tv' });
    const catalog = [{ sku: 'mug', store: 'S1', unitPrice: 10000 }, { sku: 'pan', store: 'S1', unitPrice: 50000 }];
    const q = quote(rules, { cart: { lines: [tv] }, catalog }, who);
    expect(q.coupons).toEqual([]);
    expect(q.hints).toMatchObject([{ id: 'C', coupon: 'c1', base: 0, needed: 50000, saves: 10000 }]);
    expect(q.hints[0]!.suggestion!.items.map((i) => i.sku)).toEqual(['pan']);
    // The suggestion unlocks it: the best choice then uses the coupon.
    const after = quote(rules, { cart: { lines: [tv, line('S1', 50000, { id: 'pan', sku: 'pan' })] } }, who);
    expect(after.coupons).toEqual(['c1']);
    expect(after.payable).toBe(40000 + 50000 - 10000);
  });

  it('promises no more than the rule’s budget can still pay', () => {
    const rules = pricingWithBudget({ thresholds: [crossStore(30000, 5000, { budget: 'B1' })] });
    const hintFor = (cart: number, left: number) => quote(rules, { cart: { lines: [line('S1', cart)] } }, shopper({ budgets: new Map([['B1', left]]) })).hints.find((h) => h.id === 'X');
    // Spent: nothing to promise. ¥50 left, all of it taken at ¥580: nothing more.
    expect(hintFor(28000, 0)).toBeUndefined();
    expect(hintFor(58000, 5000)).toBeUndefined();
    // ¥80 left, ¥50 of it taken: the next step saves ¥30, not ¥50.
    expect(hintFor(58000, 8000)).toMatchObject({ needed: 2000, saves: 3000 });
    // Budgets unknown (a quote outside the engine): not limited.
    expect(quote(rules, { cart: { lines: [line('S1', 28000)] } }).hints[0]).toMatchObject({ id: 'X', saves: 5000 });
  });

  it('a hint’s saving is what its top-up really adds, within the budget, and without a hint a top-up adds nothing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 50000 }),
        fc.integer({ min: 1, max: 99 }),
        fc.option(fc.integer({ min: 1, max: 40000 }), { nil: undefined }),
        fc.integer({ min: 1, max: 200000 }),
        fc.integer({ min: 0, max: 30000 }),
        (every, offPercent, cap, cart, left) => {
          const off = Math.max(1, Math.floor((every * offPercent) / 100));
          const rules = pricingWithBudget({ thresholds: [crossStore(every, off, { budget: 'B1', cap })] });
          const who = shopper({ budgets: new Map([['B1', left]]) });
          const amountOf = (lines: CartLine[]) => quote(rules, { cart: { lines } }, who).rules.find((r) => r.id === 'X')!.amount;
          const lines = [line('S1', cart, { id: 'a' })];
          const hint = quote(rules, { cart: { lines } }, who).hints.find((h) => h.id === 'X');
          const topUp = (amount: number) => amountOf([...lines, line('S2', amount, { id: 'b' })]) - amountOf(lines);
          if (hint) expect(topUp(hint.needed)).toBe(hint.saves);
          else expect(topUp(every)).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
