import {
  compileCampaign,
  priceCatalog,
  pricingRules,
  settleCart,
  suggestTopUp,
  validateCampaign,
  type CartLine,
  type CatalogItem,
  type OwnedCoupon,
  type PricingDefinition,
  type QuoteRequest,
  type Shopper,
} from '@carnival/core';
import { mulberry32 } from './mulberry32.ts';

/**
 * Settlement benchmarks: a 30-line quote over 8 stores with 6 owned coupons, the best coupon
 * choice over 10 stores with 5 coupons each, and the top-up search over a 200-item catalog.
 * Inputs are generated from a fixed seed, so every run measures the same work.
 */

export interface LatencyFigure {
  runs: number;
  p50Us: number;
  p99Us: number;
  perSecond: number;
}

/** Times `fn` for about `seconds` after a warm-up, one call per sample. */
export function measureLatency(seconds: number, fn: () => void): LatencyFigure {
  const warmUntil = performance.now() + Math.min(1000, seconds * 250);
  while (performance.now() < warmUntil) fn();
  const samples: number[] = [];
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    const t = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  const elapsed = performance.now() - start;
  samples.sort((a, b) => a - b);
  const at = (q: number) => Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]! * 10) / 10;
  return { runs: samples.length, p50Us: at(0.5), p99Us: at(0.99), perSecond: (samples.length / elapsed) * 1000 };
}

/** Integers and picks from a fixed seed, so the inputs are the same on every run. */
function generator(seed: number) {
  const word = mulberry32(seed);
  const next = () => word() / 4294967296;
  return { int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

const CATEGORIES = ['apparel', 'beauty', 'digital', 'home', 'food'];

/** A festival's pricing over `stores` stores, each with `couponsPerStore` store coupons, plus platform coupons. */
function festivalPricing(stores: number, couponsPerStore: number): PricingDefinition {
  const ids = Array.from({ length: stores }, (_, i) => `S${i + 1}`);
  return {
    stores: ids.map((id, i) => ({ id, name: `Store ${i + 1}`, crossStore: i % 7 !== 6 })),
    itemCuts: [{ id: 'cut', title: 'Event price', skus: ['sku-1', 'sku-5', 'sku-9'], cut: 1000 }],
    memberPrices: [],
    presales: [{ id: 'presale', title: 'Pay ¥100, worth ¥150', skus: ['sku-3'], deposit: 10000, worth: 15000 }],
    thresholds: [
      { id: 'cross', title: 'Every ¥300 minus ¥50', kind: 'cross-store', mode: 'repeat', every: 30000, off: 5000, tags: ['d11'] },
      ...ids.slice(0, 4).map((store) => ({
        id: `${store}-tiers`,
        title: 'Store tiers',
        kind: 'store' as const,
        store,
        mode: 'tiered' as const,
        tiers: [
          { min: 10000, off: 500 },
          { min: 30000, off: 2000 },
        ],
      })),
    ],
    coupons: [
      ...ids.flatMap((store) =>
        Array.from({ length: couponsPerStore }, (_, k) => ({
          id: `${store}-c${k + 1}`,
          title: 'Store coupon',
          kind: 'store' as const,
          store,
          min: 5000 * (k + 1),
          off: 400 * (k + 1) + 100 * (k % 2),
          ...(k === couponsPerStore - 1 ? { group: 'item', skus: ['sku-2', 'sku-4', 'sku-6'] } : {}),
        })),
      ),
      { id: 'platform-600-60', title: '¥60 off ¥600', kind: 'platform', min: 60000, off: 6000 },
      { id: 'platform-10pct', title: '10% off up to ¥50', kind: 'platform', min: 20000, percentOff: 10, maxOff: 5000 },
      { id: 'beauty-200-30', title: '¥30 off ¥200 beauty', kind: 'category', categories: ['beauty'], min: 20000, off: 3000 },
    ],
    memberDiscount: { id: 'vip', title: '88VIP 5% off', tiers: ['88vip'], percentOff: 5, monthlyCap: 80000, tags: ['vip'] },
  };
}

function festivalRules(pricing: PricingDefinition) {
  const checked = validateCampaign({
    id: 'bench-settlement',
    name: 'Settlement bench',
    timezone: 'Asia/Shanghai',
    currency: 'CNY',
    phases: [{ id: 'festival', name: 'Festival', start: '2026-10-20T20:00:00+08:00', end: '2026-11-12T00:00:00+08:00' }],
    pricing,
  });
  if (!checked.ok) throw new Error(`bench pricing is invalid: ${JSON.stringify(checked.problems)}`);
  return pricingRules(compileCampaign(checked.value, 1, 'bench'))!;
}

function cart(random: ReturnType<typeof generator>, stores: number, lines: number): CartLine[] {
  return Array.from({ length: lines }, (_, i) => ({
    id: `L${i + 1}`,
    sku: `sku-${random.int(1, 40)}`,
    store: `S${(i % stores) + 1}`,
    category: random.pick(CATEGORIES),
    tags: random.int(0, 3) === 0 ? ['vip'] : ['d11', 'vip'],
    unitPrice: random.int(10, 600) * 100 - random.pick([0, 1, 10, 11]),
    quantity: random.int(1, 3),
  }));
}

const NOW = Date.parse('2026-11-11T20:00:00+08:00');

export function benchSettlement(seconds: number) {
  const random = generator(20261111);

  // 30 lines over 8 stores, 6 owned coupons, best choice, member discount and red packets on.
  const eight = festivalRules(festivalPricing(8, 2));
  const sixCoupons: OwnedCoupon[] = ['S1-c1', 'S1-c2', 'S2-c2', 'S3-c1', 'platform-600-60', 'beauty-200-30'].map((couponId, i) => ({ id: `${couponId}#${i}`, couponId }));
  const shopper: Shopper = { tier: '88vip', coupons: sixCoupons, memberDiscountUsed: 0, redPackets: 2000 };
  const quote30: QuoteRequest = { cart: { lines: cart(random, 8, 30), fees: [{ store: 'S2', kind: 'shipping', amount: 800 }] }, useMemberDiscount: true };
  const check = settleCart(eight, quote30, shopper, NOW);
  if (!check.ok) throw new Error(`bench quote refused: ${JSON.stringify(check.error)}`);
  const quote = measureLatency(seconds, () => {
    settleCart(eight, quote30, shopper, NOW);
  });

  // The best choice over 10 stores × 5 owned store coupons (plus the platform ones).
  const ten = festivalRules(festivalPricing(10, 5));
  const owned: OwnedCoupon[] = [];
  for (let s = 1; s <= 10; s++) for (let k = 1; k <= 5; k++) owned.push({ id: `S${s}-c${k}#1`, couponId: `S${s}-c${k}` });
  for (const couponId of ['platform-600-60', 'platform-10pct', 'beauty-200-30']) owned.push({ id: `${couponId}#1`, couponId });
  const bestShopper: Shopper = { tier: '88vip', coupons: owned, memberDiscountUsed: 0, redPackets: 0 };
  const bestRequest: QuoteRequest = { cart: { lines: cart(random, 10, 40) }, coupons: 'best', useMemberDiscount: true };
  const best = measureLatency(seconds, () => {
    settleCart(ten, bestRequest, bestShopper, NOW);
  });
  const chosen = settleCart(ten, bestRequest, bestShopper, NOW);

  // Top-up over a 200-item catalog (¥5–¥500) for the cross-store step, from ¥0.01 to ¥300 short:
  // pricing the catalog for the shopper, then the exact cheapest set of items.
  const catalog: CatalogItem[] = Array.from({ length: 200 }, (_, i) => ({
    sku: `cat-${i}`,
    store: `S${(i % 8) + 1}`,
    category: random.pick(CATEGORIES),
    tags: random.int(0, 4) === 0 ? [] : ['d11'],
    unitPrice: random.int(500, 50000),
  }));
  const shortBy = Array.from({ length: 97 }, () => random.int(1, 30000));
  const suggest = (needed: number) => suggestTopUp(priceCatalog(eight, catalog, shopper, NOW), { id: 'cross', kind: 'threshold', needed });
  let n = 0;
  const topUp = measureLatency(seconds, () => {
    suggest(shortBy[n++ % shortBy.length]!);
  });
  const exact = shortBy.filter((needed) => suggest(needed)?.exact).length / shortBy.length;
  return { quote, best, bestCoupons: chosen.ok ? chosen.value.coupons.length : 0, topUp, topUpExact: exact };
}
