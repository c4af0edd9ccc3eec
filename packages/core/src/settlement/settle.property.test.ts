/**
 * Property tests for the settlement engine: random pricing sections (stores, thresholds,
 * coupons, item cuts, member prices, presales, member discount), random carts and shoppers,
 * quoted with an explicit coupon choice and with `coupons: 'best'`.
 *
 * Scenarios are plain data (printed as they are when a property fails); the pricing is compiled
 * in each run through `definePricing`, which validates it, so only valid definitions are made.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CartFee, CartLine, QuoteRequest } from './cart.ts';
import { DEFAULT_ORDER, type CouponDefinition, type PricingDefinition, type Stage, type ThresholdDefinition } from './pricing.ts';
import type { Quote } from './quote.ts';
import type { PricingRules } from './rules.ts';
import type { OwnedCoupon, SettledLine, Shopper } from './settle.ts';
import { definePricing, quote, NOW } from './testing.ts';

// ---------------------------------------------------------------------------------------------
// Vocabulary: small sets so that filters, merges and stacking slots collide often.

const STORES = ['S1', 'S2', 'S3', 'S4'] as const;
const SKUS = ['k1', 'k2', 'k3', 'k4', 'k5'] as const;
const CATEGORIES = ['c1', 'c2', 'c3'] as const;
const TAGS = ['t1', 't2', 't3'] as const;
const TIERS = ['gold', 'vip'] as const;

/** Coupon windows around NOW (2026-11-11 20:00 +08:00). */
const VALIDITY = {
  always: {},
  window: { validFrom: '2026-11-01T00:00:00+08:00', validUntil: '2026-11-30T00:00:00+08:00' },
  expired: { validUntil: '2026-11-11T00:00:00+08:00' },
  future: { validFrom: '2026-11-12T00:00:00+08:00' },
} as const;

/** An object without its undefined keys, so the definitions look as a designer would write them. */
function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Mostly absent: undefined `absent` times out of `absent + 1`. */
const sometimes = <T>(arb: fc.Arbitrary<T>, absent = 3): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: absent }, { arbitrary: arb, weight: 1 });

const someOf = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });

// ---------------------------------------------------------------------------------------------
// Pricing

/** A store by index (modulo the number of stores), mostly the first two, so rules and lines meet. */
const storeIndexArb = fc.oneof(fc.constantFrom(0, 1), fc.nat(3));

const filtersArb = fc.record({
  categories: sometimes(someOf(CATEGORIES), 5),
  tags: sometimes(someOf(TAGS), 5),
  skus: sometimes(someOf(SKUS), 8),
  excludeSkus: sometimes(someOf(SKUS), 10),
  excludeTags: sometimes(someOf(TAGS), 10),
});
const fundingArb = sometimes(fc.record({ platformPercent: fc.oneof(fc.constantFrom(0, 50, 100), fc.integer({ min: 0, max: 100 })) }), 2);

const thresholdArb = fc.record({
  kind: fc.constantFrom('store' as const, 'cross-store' as const),
  store: storeIndexArb,
  filters: filtersArb,
  funding: fundingArb,
  phases: sometimes(fc.constant<string[]>(['festival']), 6),
  shape: fc.oneof(
    fc.record({
      mode: fc.constant('repeat' as const),
      every: fc.oneof(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1000, max: 60000 })),
      off: fc.oneof(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 100, max: 20000 })),
      cap: sometimes(fc.integer({ min: 1, max: 40000 }), 2),
    }),
    fc.record({
      mode: fc.constant('tiered' as const),
      steps: fc.array(fc.tuple(fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 100000 })), fc.oneof(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 20000 }))), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
  ),
});
type ThresholdRaw = typeof thresholdArb extends fc.Arbitrary<infer T> ? T : never;

function buildThreshold(raw: ThresholdRaw, id: string, stores: readonly string[]): ThresholdDefinition {
  const common = {
    id,
    title: `Threshold ${id}`,
    kind: raw.kind,
    store: raw.kind === 'store' ? stores[raw.store % stores.length]! : undefined,
    ...raw.filters,
    phases: raw.phases,
    funding: raw.funding,
  };
  if (raw.shape.mode === 'repeat') {
    // A threshold takes off at most the spend that reaches it (validation refuses more).
    return clean({ ...common, mode: 'repeat' as const, every: raw.shape.every, off: Math.min(raw.shape.off, raw.shape.every), cap: raw.shape.cap });
  }
  // Tiers strictly ascending by min, offs non-decreasing and each at most its min.
  const mins = [...new Set(raw.shape.steps.map(([min]) => min))].sort((a, b) => a - b);
  const offs = raw.shape.steps.map(([, off]) => off).sort((a, b) => a - b);
  return clean({ ...common, mode: 'tiered' as const, tiers: mins.map((min, i) => ({ min, off: Math.min(offs[i]!, min) })) });
}

const couponArb = fc.record({
  kind: fc.constantFrom('store' as const, 'platform' as const, 'category' as const),
  store: storeIndexArb,
  filters: filtersArb,
  categories: someOf(CATEGORIES),
  min: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 60000 })),
  amount: fc.oneof(
    fc.record({ off: fc.oneof(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 40000 })) }),
    fc.record({ percentOff: fc.integer({ min: 1, max: 99 }), maxOff: fc.integer({ min: 1, max: 30000 }) }),
  ),
  group: sometimes(fc.constantFrom('g1', 'g2'), 2),
  validity: fc.constantFrom<keyof typeof VALIDITY>('always', 'always', 'always', 'always', 'window', 'window', 'expired', 'future'),
  funding: fundingArb,
});
type CouponRaw = typeof couponArb extends fc.Arbitrary<infer T> ? T : never;

function buildCoupon(raw: CouponRaw, id: string, stores: readonly string[]): CouponDefinition {
  return clean({
    id,
    title: `Coupon ${id}`,
    kind: raw.kind,
    store: raw.kind === 'store' ? stores[raw.store % stores.length]! : undefined,
    ...raw.filters,
    // A category coupon needs its categories.
    categories: raw.kind === 'category' ? raw.categories : raw.filters.categories,
    min: raw.min,
    ...raw.amount,
    group: raw.group,
    ...VALIDITY[raw.validity],
    funding: raw.funding,
  });
}

const pricingArb = fc
  .record({
    stores: fc.array(sometimes(fc.boolean(), 1), { minLength: 2, maxLength: 4 }),
    thresholdMode: fc.constantFrom(undefined, 'parallel' as const, 'sequential' as const),
    order: sometimes(fc.shuffledSubarray([...DEFAULT_ORDER], { minLength: DEFAULT_ORDER.length, maxLength: DEFAULT_ORDER.length }), 4),
    thresholds: fc.array(thresholdArb, { maxLength: 3 }),
    coupons: fc.array(couponArb, { minLength: 1, maxLength: 4 }),
    itemCuts: fc.array(
      fc.record({
        skus: someOf(SKUS),
        how: fc.oneof(fc.record({ price: fc.integer({ min: 1, max: 50000 }) }), fc.record({ cut: fc.integer({ min: 1, max: 20000 }) })),
        funding: fundingArb,
      }),
      { maxLength: 2 },
    ),
    memberPrices: fc.array(
      fc.record({ skus: someOf(SKUS), price: fc.integer({ min: 1, max: 50000 }), tiers: someOf(TIERS), funding: fundingArb }),
      { maxLength: 1 },
    ),
    presales: fc.array(
      fc.record({
        skus: someOf(SKUS),
        deposit: fc.integer({ min: 1, max: 10000 }),
        terms: fc.oneof(
          fc.record({ bonus: fc.integer({ min: 0, max: 10000 }) }),
          fc.record({ cut: fc.integer({ min: 1, max: 5000 }) }),
          fc.record({ bonus: fc.integer({ min: 0, max: 10000 }), cut: fc.integer({ min: 1, max: 5000 }) }),
        ),
        funding: fundingArb,
      }),
      { maxLength: 2 },
    ),
    memberDiscount: sometimes(
      fc.record({
        tiers: someOf(TIERS),
        percentOff: fc.integer({ min: 1, max: 99 }),
        monthlyCap: fc.oneof(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 50000 })),
        filters: filtersArb,
        funding: fundingArb,
      }),
      1,
    ),
  })
  .map((raw): Partial<PricingDefinition> => {
    const stores = raw.stores.map((crossStore, i) => clean({ id: STORES[i]!, name: `Store ${i + 1}`, crossStore }));
    const storeIds = stores.map((s) => s.id);
    // Presale SKUs are disjoint: a SKU already on presale is dropped from a later presale.
    const onPresale = new Set<string>();
    const presales: PricingDefinition['presales'] = [];
    raw.presales.forEach((p, i) => {
      const skus = p.skus.filter((sku) => !onPresale.has(sku));
      skus.forEach((sku) => onPresale.add(sku));
      if (skus.length === 0) return;
      const worth = 'bonus' in p.terms ? p.deposit + p.terms.bonus : undefined;
      const cut = 'cut' in p.terms ? p.terms.cut : undefined;
      presales.push(clean({ id: `P${i}`, title: `Presale ${i}`, skus, deposit: p.deposit, worth, cut, funding: p.funding }));
    });
    return clean({
      stores,
      thresholdMode: raw.thresholdMode,
      order: raw.order as Stage[] | undefined,
      itemCuts: raw.itemCuts.map((c, i) => clean({ id: `I${i}`, title: `Cut ${i}`, skus: c.skus, ...c.how, funding: c.funding })),
      memberPrices: raw.memberPrices.map((m, i) => clean({ id: `M${i}`, title: `Member price ${i}`, skus: m.skus, price: m.price, tiers: m.tiers, funding: m.funding })),
      presales,
      thresholds: raw.thresholds.map((t, i) => buildThreshold(t, `T${i}`, storeIds)),
      coupons: raw.coupons.map((c, i) => buildCoupon(c, `C${i}`, storeIds)),
      memberDiscount:
        raw.memberDiscount &&
        clean({
          id: 'VIP',
          title: 'Member discount',
          tiers: raw.memberDiscount.tiers,
          percentOff: raw.memberDiscount.percentOff,
          monthlyCap: raw.memberDiscount.monthlyCap,
          ...raw.memberDiscount.filters,
          funding: raw.memberDiscount.funding,
        }),
    });
  });

// ---------------------------------------------------------------------------------------------
// Cart and shopper

/** A product as a host platform lists it; lines of one product are identical items. */
const productArb = fc.record({
  store: storeIndexArb,
  sku: fc.constantFrom(...SKUS),
  unitPrice: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 50000 })),
  category: fc.oneof({ arbitrary: fc.constantFrom(...CATEGORIES), weight: 3 }, { arbitrary: fc.constant(undefined), weight: 1 }),
  tags: fc.oneof({ arbitrary: fc.subarray([...TAGS]), weight: 3 }, { arbitrary: fc.constant(undefined), weight: 1 }),
});
type ProductRaw = typeof productArb extends fc.Arbitrary<infer T> ? T : never;

const cartArb = fc.record({
  products: fc.array(productArb, { minLength: 1, maxLength: 4 }),
  lines: fc.array(fc.record({ product: fc.nat(3), quantity: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 8 }),
  fees: sometimes(
    fc.array(fc.record({ store: fc.nat(3), kind: fc.constantFrom('shipping' as const, 'service' as const), amount: fc.integer({ min: 0, max: 3000 }) }), { maxLength: 3 }),
    1,
  ),
});
type CartRaw = typeof cartArb extends fc.Arbitrary<infer T> ? T : never;

const shopperArb = fc.record({
  tier: fc.constantFrom(undefined, 'gold', 'gold', 'vip', 'vip', 'basic'),
  coupons: fc.array(fc.nat(), { maxLength: 5 }),
  memberDiscountUsed: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 30000 }), weight: 1 }),
  redPackets: fc.oneof(
    { arbitrary: fc.constant(0), weight: 3 },
    { arbitrary: fc.integer({ min: 1, max: 20 }), weight: 1 },
    { arbitrary: fc.integer({ min: 1, max: 3000 }), weight: 1 },
    { arbitrary: fc.integer({ min: 1, max: 60000 }), weight: 1 },
    { arbitrary: fc.constant(10_000_000), weight: 1 }, // pays every balance off
  ),
});

/** Everything one quote needs, as plain data. */
interface Scenario {
  pricing: Partial<PricingDefinition>;
  lines: CartLine[];
  fees: CartFee[] | undefined;
  shopper: Shopper;
  /** Random numbers from which the explicit coupon choice is drawn. */
  picks: number[];
  useMemberDiscount: boolean;
  useRedPackets: boolean | undefined;
}

function toLine(product: ProductRaw, id: string, quantity: number, stores: readonly string[]): CartLine {
  return clean({
    id,
    sku: product.sku,
    store: stores[product.store % stores.length]!,
    category: product.category,
    tags: product.tags,
    unitPrice: product.unitPrice,
    quantity,
  });
}

function buildCart(raw: CartRaw, stores: readonly string[]): { lines: CartLine[]; fees: CartFee[] | undefined } {
  const lines = raw.lines.map((l, i) => toLine(raw.products[l.product % raw.products.length]!, `a${i}`, l.quantity, stores));
  const fees = raw.fees?.map((f) => ({ store: stores[f.store % stores.length]!, kind: f.kind, amount: f.amount }));
  return { lines, fees };
}

interface ScenarioOptions {
  /** Force the threshold mode. */
  mode?: 'parallel' | 'sequential';
  /** Red packets that pay every balance off, so lines end at their deposit (or 0) and every cent of rounding shows. */
  payOff?: boolean;
}

const scenarioArb = ({ mode, payOff = false }: ScenarioOptions = {}): fc.Arbitrary<Scenario> =>
  fc
    .record({
      pricing: pricingArb,
      cart: cartArb,
      shopper: shopperArb,
      picks: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
      useMemberDiscount: fc.boolean(),
      useRedPackets: fc.constantFrom(undefined, true, false),
    })
    .map((raw): Scenario => {
      const pricing = mode ? { ...raw.pricing, thresholdMode: mode } : raw.pricing;
      const stores = pricing.stores!.map((s) => s.id);
      const coupons = pricing.coupons ?? [];
      const owned: OwnedCoupon[] = coupons.length ? raw.shopper.coupons.map((c, i) => ({ id: `i${i}`, couponId: coupons[c % coupons.length]!.id })) : [];
      return {
        pricing,
        ...buildCart(raw.cart, stores),
        shopper: clean({
          tier: raw.shopper.tier,
          coupons: owned,
          memberDiscountUsed: raw.shopper.memberDiscountUsed,
          redPackets: payOff ? 10_000_000 : raw.shopper.redPackets,
        }),
        picks: raw.picks,
        useMemberDiscount: raw.useMemberDiscount,
        useRedPackets: payOff ? true : raw.useRedPackets,
      };
    });

function request(s: Scenario, coupons: QuoteRequest['coupons'], lines: CartLine[] = s.lines): QuoteRequest {
  return clean({ cart: clean({ lines, fees: s.fees }), coupons, useMemberDiscount: s.useMemberDiscount, useRedPackets: s.useRedPackets });
}

// ---------------------------------------------------------------------------------------------
// Coupon choices, computed independently of best-choice.ts

/** The stacking slot: store and group for store coupons, the group for the rest (the group defaults to the kind). */
function slotKey(coupon: CouponDefinition): string {
  const group = coupon.group ?? coupon.kind;
  return coupon.kind === 'store' ? `store:${coupon.store}:${group}` : `order:${group}`;
}

/** The owned instances valid at NOW, by stacking slot (slots sorted, instances in owned order). */
function slotsOf(s: Scenario): string[][] {
  const definitions = new Map((s.pricing.coupons ?? []).map((c) => [c.id, c]));
  const slots = new Map<string, string[]>();
  for (const owned of s.shopper.coupons) {
    const coupon = definitions.get(owned.couponId)!;
    const from = coupon.validFrom === undefined ? -Infinity : Date.parse(coupon.validFrom);
    const until = coupon.validUntil === undefined ? Infinity : Date.parse(coupon.validUntil);
    if (NOW < from || NOW >= until) continue;
    const key = slotKey(coupon);
    slots.set(key, [...(slots.get(key) ?? []), owned.id]);
  }
  return [...slots.keys()].sort().map((key) => slots.get(key)!);
}

/** A stackable choice drawn from `picks`: one instance or none per slot. */
function explicitChoice(s: Scenario, picks: readonly number[] = s.picks): string[] {
  const chosen: string[] = [];
  slotsOf(s).forEach((options, j) => {
    const pick = picks[j % picks.length]! % (options.length + 1);
    if (pick < options.length) chosen.push(options[pick]!);
  });
  return chosen;
}

/** Every stackable choice: the product over slots of (one of its instances, or none). */
function everyChoice(s: Scenario): string[][] {
  let out: string[][] = [[]];
  for (const options of slotsOf(s)) out = out.flatMap((choice) => [choice, ...options.map((o) => [...choice, o])]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checks shared by the properties

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Property 1, for the order and each item (identical lines together): amounts stay in range and add up. */
function checkTotals(q: Quote, rules: PricingRules, cart: readonly CartLine[]): void {
  const list = sum(q.lines.map((l) => l.list));
  const fees = sum(q.stores.map((s) => s.fees));
  expect(q.list).toBe(list);
  expect(q.fees).toBe(fees);
  expect(q.payable).toBeGreaterThanOrEqual(0);
  expect(q.payable).toBeLessThanOrEqual(list + fees);
  expect(q.payable).toBe(sum(q.lines.map((l) => l.net)) + fees);
  expect(q.discount).toBe(list + fees - q.payable);
  expect(q.deposit).toBe(sum(q.lines.map((l) => l.deposit)));
  const items = new Map<string, SettledLine[]>();
  for (const [i, line] of q.lines.entries()) {
    expect(line.list).toBe(line.unitPrice * line.quantity);
    const key = itemKey(cart[i]!);
    items.set(key, [...(items.get(key) ?? []), line]);
  }
  for (const [key, lines] of items) {
    const net = sum(lines.map((l) => l.net));
    const deposit = sum(lines.map((l) => l.deposit));
    expect(net, `net of item ${key}`).toBeGreaterThanOrEqual(0);
    expect(net, `net of item ${key}`).toBeLessThanOrEqual(sum(lines.map((l) => l.list)));
    if (rules.presales.has(lines[0]!.sku)) expect(deposit, `deposit of presale item ${key}`).toBeLessThanOrEqual(net);
    else expect(deposit).toBe(0);
  }
}

/** Property 1, for each line on its own: 0 ≤ net ≤ list, and a presale line's deposit ≤ its net. */
function checkLines(q: Quote, rules: PricingRules): void {
  for (const line of q.lines) {
    expect(line.net, `net of line ${line.id}`).toBeGreaterThanOrEqual(0);
    expect(line.net, `net of line ${line.id}`).toBeLessThanOrEqual(line.list);
    if (rules.presales.has(line.sku)) expect(line.deposit, `deposit of presale line ${line.id}`).toBeLessThanOrEqual(line.net);
  }
}

/** Property 2: every applied report is exactly its lines' discounts. */
function checkReports(q: Quote): void {
  const discounts = q.lines.flatMap((l) => l.discounts);
  const applied = q.rules.filter((r) => r.status === 'applied' || r.status === 'capped');
  for (const report of applied) {
    const mine = discounts.filter((d) => d.source === report.id && d.coupon === report.coupon);
    expect(sum(mine.map((d) => d.amount)), `line discounts of ${report.id}${report.coupon ? ` (${report.coupon})` : ''}`).toBe(report.amount);
  }
  for (const report of q.rules) expect(report.amount).toBeLessThanOrEqual(report.nominal);
  for (const d of discounts) expect(d.amount).toBeGreaterThan(0);
  const all = sum(discounts.map((d) => d.amount));
  expect(all).toBe(sum(q.lines.map((l) => l.list - l.net)));
  expect(all).toBe(sum(applied.map((r) => r.amount)));
}

/** Property 3: funding splits each sub-order's discount, and the order's is the sum. */
function checkFunding(q: Quote): void {
  for (const store of q.stores) {
    expect(store.funding.platform).toBeGreaterThanOrEqual(0);
    expect(store.funding.merchant).toBeGreaterThanOrEqual(0);
    expect(store.funding.platform + store.funding.merchant, `funding of ${store.store}`).toBe(store.discount);
    const lines = q.lines.filter((l) => l.store === store.store);
    expect(store.discount).toBe(sum(lines.map((l) => l.list - l.net)));
    expect(store.total).toBe(sum(lines.map((l) => l.net)) + store.fees);
  }
  expect(q.funding).toEqual({ platform: sum(q.stores.map((s) => s.funding.platform)), merchant: sum(q.stores.map((s) => s.funding.merchant)) });
  expect(q.funding.platform + q.funding.merchant).toBe(sum(q.stores.map((s) => s.discount)));
}

/** A quote with its lines sorted by id, for comparing carts whose lines come in another order. */
const byId = (q: Quote): Quote => ({ ...q, lines: [...q.lines].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) });

/** The key prepareCart merges identical lines by. */
const itemKey = (l: CartLine) => JSON.stringify([l.store, l.sku, l.unitPrice, l.category ?? '', [...new Set(l.tags ?? [])].sort()]);

// Each run compiles a pricing section and quotes 2 to 10 times (exhaustive search: up to 32 choices):
// the whole file takes 2 to 4 s on 2 cores. Raise RUNS locally to search harder (all but 1b passed 3000).
const RUNS = 120;

describe('settlement properties', () => {
  it('1a. payable and item nets stay in range and add up', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const rules = definePricing(s.pricing);
        checkTotals(quote(rules, request(s, explicitChoice(s)), s.shopper), rules, s.lines);
        checkTotals(quote(rules, request(s, 'best'), s.shopper), rules, s.lines);
      }),
      { numRuns: RUNS },
    );
  });

  // KNOWN FAILURE (engine, describeSettlement): identical lines are settled as one item, and each
  // discount's share of the item is split over its lines by quantity on its own, largest remainder
  // with ties to the earlier line id. Every discount rounds the same way, so the earlier line can get
  // more cents than it owes: with red packets paying the rest, two lines of 1 × ¥0.01 and a ¥0.01
  // coupon give line 1 discounts of 1 + 1 cents, net −1 and line 2 net +1; a presale line can end
  // below its deposit the same way. Order and item totals are right (1a); the lines are not.
  it('1b. every line on its own: 0 ≤ net ≤ list, and a presale line’s deposit ≤ its net', () => {
    fc.assert(
      fc.property(fc.oneof(scenarioArb(), scenarioArb({ payOff: true })), (s) => {
        const rules = definePricing(s.pricing);
        checkLines(quote(rules, request(s, explicitChoice(s)), s.shopper), rules);
        checkLines(quote(rules, request(s, 'best'), s.shopper), rules);
      }),
      { numRuns: 3 * RUNS },
    );
  });

  it('2. every applied rule report equals the sum of its line discounts', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const rules = definePricing(s.pricing);
        checkReports(quote(rules, request(s, explicitChoice(s)), s.shopper));
        checkReports(quote(rules, request(s, 'best'), s.shopper));
      }),
      { numRuns: RUNS },
    );
  });

  it('3. funding: platform + merchant = discount per store, both ≥ 0; the order sums the stores', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const rules = definePricing(s.pricing);
        checkFunding(quote(rules, request(s, explicitChoice(s)), s.shopper));
        checkFunding(quote(rules, request(s, 'best'), s.shopper));
      }),
      { numRuns: RUNS },
    );
  });

  it('4. the order of the lines does not matter', () => {
    fc.assert(
      fc.property(scenarioArb(), fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), (s, keys) => {
        const rules = definePricing(s.pricing);
        // A permutation: lines sorted by a random key each (ties keep their order).
        const shuffled = s.lines.map((l, i) => ({ l, key: keys[i]! })).sort((a, b) => a.key - b.key).map(({ l }) => l);
        for (const coupons of [explicitChoice(s), 'best' as const]) {
          const a = quote(rules, request(s, coupons), s.shopper);
          const b = quote(rules, request(s, coupons, shuffled), s.shopper);
          expect(byId(b)).toEqual(byId(a));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('5. splitting a line over two lines of the same item changes nothing but the lines', () => {
    fc.assert(
      fc.property(scenarioArb(), fc.nat(), fc.nat(), fc.nat(), (s, which, cut, where) => {
        const rules = definePricing(s.pricing);
        const k = which % s.lines.length;
        const original = s.lines[k]!;
        // The line to split has at least 2 units.
        const whole: CartLine = { ...original, quantity: Math.max(2, original.quantity) };
        const lines = s.lines.map((l, i) => (i === k ? whole : l));
        const first = 1 + (cut % (whole.quantity - 1));
        const x: CartLine = { ...whole, id: `${whole.id}x`, quantity: first };
        const y: CartLine = { ...whole, id: `${whole.id}y`, quantity: whole.quantity - first };
        const split = lines.map((l, i) => (i === k ? x : l));
        split.splice(where % (split.length + 1), 0, y);
        const twins = lines.filter((l) => itemKey(l) === itemKey(whole)).map((l) => l.id!);
        for (const coupons of [explicitChoice(s), 'best' as const]) {
          const a = quote(rules, request(s, coupons, lines), s.shopper);
          const b = quote(rules, request(s, coupons, split), s.shopper);
          expect(b.payable).toBe(a.payable);
          expect(b.stores).toEqual(a.stores);
          expect(b.funding).toEqual(a.funding);
          expect(b.coupons).toEqual(a.coupons);
          expect(b.rules.map((r) => [r.id, r.coupon, r.status, r.amount])).toEqual(a.rules.map((r) => [r.id, r.coupon, r.status, r.amount]));
          const netOf = (q: Quote, id: string) => q.lines.find((l) => l.id === id)!.net;
          if (twins.length === 1) expect(netOf(b, x.id!) + netOf(b, y.id!)).toBe(netOf(a, whole.id!));
          // Lines of the same item share its amounts; every other line is untouched.
          const itemNet = (q: Quote, ids: readonly string[]) => sum(ids.map((id) => netOf(q, id)));
          expect(itemNet(b, [...twins.filter((id) => id !== whole.id), x.id!, y.id!])).toBe(itemNet(a, twins));
          for (const l of a.lines) if (!twins.includes(l.id)) expect(b.lines.find((m) => m.id === l.id)).toEqual(l);
        }
      }),
      { numRuns: RUNS },
    );
  });

  // Sequential mode has no such bound, by design: a stage that a new line lets reach its threshold
  // lowers what later stages are tested on. Store threshold every ¥200 minus ¥20 and cross-store
  // every ¥190 minus ¥100: ¥199 in S1 pays ¥99; adding a ¥1 line pays ¥180 (parallel: ¥80).
  it('6. parallel: adding a line never raises the payable by more than its own list price', () => {
    fc.assert(
      fc.property(scenarioArb({ mode: 'parallel' }), productArb, fc.integer({ min: 1, max: 4 }), fc.nat(), fc.boolean(), (s, product, quantity, which, copy) => {
        const rules = definePricing(s.pricing);
        const stores = s.pricing.stores!.map((st) => st.id);
        // A new product, or more of one already in the cart (merged into its item).
        const added = copy ? { ...s.lines[which % s.lines.length]!, id: 'added', quantity } : toLine(product, 'added', quantity, stores);
        const more = [...s.lines, added];
        const extra = added.unitPrice * added.quantity;
        const explicit = explicitChoice(s);
        expect(quote(rules, request(s, explicit, more), s.shopper).payable).toBeLessThanOrEqual(quote(rules, request(s, explicit), s.shopper).payable + extra);
        expect(quote(rules, request(s, 'best', more), s.shopper).payable).toBeLessThanOrEqual(quote(rules, request(s, 'best'), s.shopper).payable + extra);
      }),
      { numRuns: RUNS },
    );
  });

  it('7a. the best choice pays no more than any explicit stackable choice', () => {
    fc.assert(
      fc.property(scenarioArb(), fc.array(fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 4 }), (s, choices) => {
        const rules = definePricing(s.pricing);
        const best = quote(rules, request(s, 'best'), s.shopper);
        for (const picks of [s.picks, ...choices]) {
          expect(best.payable).toBeLessThanOrEqual(quote(rules, request(s, explicitChoice(s, picks)), s.shopper).payable);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('7b. the best choice equals an exhaustive search over every stackable choice: lowest payable, then fewest red packets, then fewest coupons', () => {
    /** What a choice is ranked by, in order. */
    const rank = (q: Quote) => [q.payable, q.rules.find((r) => r.kind === 'red-packets')?.amount ?? 0, q.coupons.length] as const;
    const before = (a: readonly number[], b: readonly number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const rules = definePricing(s.pricing);
        const choices = everyChoice(s);
        expect(choices.length).toBeLessThanOrEqual(32);
        const exhaustive = choices.map((coupons) => rank(quote(rules, request(s, coupons), s.shopper))).sort(before)[0]!;
        const best = quote(rules, request(s, 'best'), s.shopper);
        expect(rank(best)).toEqual(exhaustive);
        // What 'best' reports is what its choice costs when named explicitly.
        expect(rank(quote(rules, request(s, best.coupons), s.shopper))).toEqual(rank(best));
      }),
      { numRuns: RUNS },
    );
  });

  it('8. the same input gives the same quote', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const rules = definePricing(s.pricing);
        const again = definePricing(s.pricing);
        for (const coupons of [explicitChoice(s), 'best' as const]) {
          const first = JSON.stringify(quote(rules, request(s, coupons), s.shopper));
          expect(JSON.stringify(quote(rules, request(s, coupons), s.shopper))).toBe(first);
          expect(JSON.stringify(quote(again, request(s, coupons), s.shopper))).toBe(first);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
