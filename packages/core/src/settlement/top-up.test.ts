import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCampaign } from '../campaign.ts';
import { at, defineCampaign } from '../testing.ts';
import { pricingRules } from './rules.ts';
import type { CartLine, QuoteRequest } from './cart.ts';
import type { PricingDefinition } from './pricing.ts';
import type { Quote, TopUpHint } from './quote.ts';
import { crossStore, definePricing, line, quote, shopper, NOW } from './testing.ts';
import { CatalogItem, catalogPricingKey, cheapestCover, priceCatalog, suggestTopUp, type Cover } from './top-up.ts';


/** `item('S1', 800)`: a catalog unit, its SKU named after its store and price unless given. */
const item = (store: string, unitPrice: number, more: Partial<CatalogItem> = {}): CatalogItem => ({ sku: `${store}-${unitPrice}`, store, unitPrice, ...more });

const skus = (hint: TopUpHint | undefined) => hint?.suggestion?.items.map((i) => i.sku);

describe('top-up suggestions in a quote', () => {
  it('a cart ¥277 short of every ¥300 minus ¥30: the cheapest catalog items reaching ¥23', () => {
    const rules = definePricing({ thresholds: [crossStore(30000, 3000)] });
    const catalog = [item('S1', 3000), item('S2', 1200), item('S3', 1150), item('S1', 2500), item('S2', 800), item('S3', 1500), item('S2', 2400)];
    const q = quote(rules, { cart: { lines: [line('S1', 27700)] }, catalog });
    expect(q.hints[0]).toMatchObject({ id: 'X', needed: 2300, saves: 3000 });
    // ¥8 + ¥15 is exactly ¥23; ¥12 + ¥11.50 (¥23.50) and ¥24 alone cost more.
    expect(q.hints[0]!.suggestion).toEqual({
      items: [
        { sku: 'S2-800', store: 'S2', unitPrice: 800, eligible: 800 },
        { sku: 'S3-1500', store: 'S3', unitPrice: 1500, eligible: 1500 },
      ],
      adds: 2300,
      exact: true,
    });
    // The suggestion does reach the step: ¥300 of eligible items, ¥30 off.
    const after = quote(rules, { cart: { lines: [line('S1', 27700), line('S2', 800), line('S3', 1500)] } });
    expect(after.rules.find((r) => r.id === 'X')).toMatchObject({ status: 'applied', base: 30000, amount: 3000 });
  });

  it('without a catalog, hints carry no suggestion', () => {
    const rules = definePricing({ thresholds: [crossStore(30000, 3000)] });
    expect(quote(rules, { cart: { lines: [line('S1', 27700)] } }).hints[0]).not.toHaveProperty('suggestion');
  });

  it('prefers fewer items at the same total, then the earlier ones', () => {
    const rules = definePricing({ thresholds: [crossStore(30000, 3000)] });
    const catalog = [item('S1', 1000, { sku: 'a' }), item('S1', 1300, { sku: 'b' }), item('S1', 2300, { sku: 'c' }), item('S1', 2300, { sku: 'd' })];
    expect(skus(quote(rules, { cart: { lines: [line('S1', 27700)] }, catalog }).hints[0])).toEqual(['c']);
    const pairs = [item('S1', 1000, { sku: 'a' }), item('S1', 1300, { sku: 'b' }), item('S1', 1200, { sku: 'c' }), item('S1', 1100, { sku: 'd' })];
    // a + b and c + d both make ¥23 with two items: a + b come first.
    expect(skus(quote(rules, { cart: { lines: [line('S1', 27700)] }, catalog: pairs }).hints[0])).toEqual(['a', 'b']);
  });

  it('never suggests items the rule does not count: another store, an excluded tag, a store outside cross-store thresholds', () => {
    const rules = definePricing({
      stores: [
        { id: 'S1', name: 'In' },
        { id: 'S2', name: 'Also in' },
        { id: 'S3', name: 'Out', crossStore: false },
      ],
      thresholds: [
        crossStore(30000, 3000, { excludeTags: ['gift'] }),
        { id: 'T', title: 'Store 1', kind: 'store', store: 'S1', mode: 'tiered', tiers: [{ min: 30000, off: 2000 }] },
      ],
    });
    const catalog = [
      item('S3', 2300, { sku: 'outside' }),
      item('S2', 2300, { sku: 'gift', tags: ['gift'] }),
      item('S2', 2400, { sku: 'other-store' }),
      item('S9', 2300, { sku: 'unknown-store' }),
      item('S1', 2600, { sku: 'store-1' }),
    ];
    const q = quote(rules, { cart: { lines: [line('S1', 27700)] }, catalog });
    expect(q.hints.map((h) => [h.id, h.needed])).toEqual([
      ['X', 2300],
      ['T', 2300],
    ]);
    expect(skus(q.hints[0])).toEqual(['other-store']);
    expect(skus(q.hints[1])).toEqual(['store-1']);
  });

  it('counts the price after item cuts and the shopper’s member price', () => {
    const rules = definePricing({
      thresholds: [crossStore(30000, 3000)],
      itemCuts: [{ id: 'C', title: 'Festival price', skus: ['tea'], price: 2300 }],
      memberPrices: [{ id: 'M', title: 'Member price', skus: ['cake'], price: 2350, tiers: ['gold'] }],
    });
    const catalog = [item('S1', 2400, { sku: 'plain' }), item('S1', 3000, { sku: 'tea' }), item('S1', 2500, { sku: 'cake' })];
    const q = quote(rules, { cart: { lines: [line('S1', 27700)] }, catalog });
    expect(q.hints[0]!.suggestion).toEqual({ items: [{ sku: 'tea', store: 'S1', unitPrice: 3000, eligible: 2300 }], adds: 2300, exact: true });
    // Without the cut, the ¥24 item is cheaper than the ¥25 cake at list price …
    const noCut = definePricing({ thresholds: [crossStore(30000, 3000)], memberPrices: [{ id: 'M', title: 'Member price', skus: ['cake'], price: 2350, tiers: ['gold'] }] });
    expect(skus(quote(noCut, { cart: { lines: [line('S1', 27700)] }, catalog }).hints[0])).toEqual(['plain']);
    // … and a gold member gets the cake at ¥23.50.
    expect(quote(noCut, { cart: { lines: [line('S1', 27700)] }, catalog }, shopper({ tier: 'gold' })).hints[0]!.suggestion).toMatchObject({
      items: [{ sku: 'cake', unitPrice: 2500, eligible: 2350 }],
      adds: 2350,
    });
  });

  it('is null when even every eligible item together does not reach the step', () => {
    const rules = definePricing({ thresholds: [crossStore(30000, 3000, { tags: ['d11'] })] });
    const catalog = [item('S1', 1000, { tags: ['d11'] }), item('S1', 1000, { sku: 'untagged' }), item('S2', 1200, { tags: ['d11'] })];
    const q = quote(rules, { cart: { lines: [line('S1', 27700, { tags: ['d11'] })] }, catalog });
    expect(q.hints[0]).toMatchObject({ id: 'X', needed: 2300, suggestion: null });
    expect(quote(rules, { cart: { lines: [line('S1', 27700, { tags: ['d11'] })] }, catalog: [] }).hints[0]!.suggestion).toBeNull();
  });

  it('suggests for coupons the player owns, and only on the first three hints', () => {
    const rules = definePricing({
      thresholds: [
        crossStore(30000, 3000),
        { id: 'T1', title: 'S1 tiers', kind: 'store', store: 'S1', mode: 'tiered', tiers: [{ min: 40000, off: 1000 }] },
        { id: 'T2', title: 'S2 tiers', kind: 'store', store: 'S2', mode: 'tiered', tiers: [{ min: 5000, off: 100 }] },
      ],
      coupons: [{ id: 'S1-350-20', title: '¥20 off ¥350', kind: 'store', store: 'S1', min: 35000, off: 2000 }],
    });
    const owner = shopper({ coupons: [{ id: 'c1', couponId: 'S1-350-20' }] });
    const catalog = [item('S1', 7300), item('S2', 1300), item('S1', 12300)];
    const q = quote(rules, { cart: { lines: [line('S1', 27700), line('S2', 1000)] }, catalog }, owner);
    expect(q.hints.map((h) => [h.id, h.needed, skus(h)])).toEqual([
      ['X', 1300, ['S2-1300']],
      ['S1-350-20', 7300, ['S1-7300']],
      ['T1', 12300, ['S1-12300']],
      ['T2', 4000, undefined],
    ]);
    expect(q.hints[1]).toMatchObject({ kind: 'coupon', coupon: 'c1' });
    expect(q.hints[3]).not.toHaveProperty('suggestion');
  });

  it('the same answer from the pure function, given the catalog priced once', () => {
    const rules = definePricing({ thresholds: [crossStore(30000, 3000)] });
    const priced = priceCatalog(rules, [item('S1', 1500), item('S2', 900), item('S3', 800)], shopper(), NOW);
    expect(suggestTopUp(priced, { id: 'X', kind: 'threshold', needed: 2300 })).toMatchObject({ adds: 2300, items: [{ sku: 'S1-1500' }, { sku: 'S3-800' }] });
    expect(suggestTopUp(priced, { id: 'X', kind: 'threshold', needed: 1000 })).toMatchObject({ adds: 1500, items: [{ sku: 'S1-1500' }] });
    expect(suggestTopUp(priced, { id: 'nope', kind: 'threshold', needed: 2300 })).toBeNull();
  });

  it('prices alike wherever the catalog pricing key is the same, and the key tells apart what prices differently', () => {
    // A warm-up with a gold member price, a gap, and the festival day with an item cut; silver's member price always.
    const phases = [
      { id: 'warm-up', name: 'Warm-up', start: '2026-10-20T20:00:00+08:00', end: '2026-10-31T00:00:00+08:00' },
      { id: 'day', name: 'Festival day', start: '2026-11-11T00:00:00+08:00', end: '2026-11-12T00:00:00+08:00' },
    ];
    const definition = defineCampaign({
      phases,
      pricing: {
        stores: [{ id: 'S1', name: 'Store 1' }],
        itemCuts: [{ id: 'C', title: 'Festival price', skus: ['tea'], price: 2300, phases: ['day'] }],
        memberPrices: [
          { id: 'G', title: 'Gold price', skus: ['cake'], price: 2350, tiers: ['gold'], phases: ['warm-up'] },
          { id: 'S', title: 'Silver price', skus: ['tea'], price: 2700, tiers: ['silver'] },
        ],
      },
    });
    const rules = pricingRules(compileCampaign(definition, 1, 'seed'))!;
    const catalog = [item('S1', 3000, { sku: 'tea' }), item('S1', 2500, { sku: 'cake' }), item('S1', 900, { sku: 'socks' })];
    const pricesOf = (tier: string | undefined, now: number) => priceCatalog(rules, catalog, shopper({ tier }), now).units.map((u) => [u!.event, u!.deposit]);
    const instant = fc.integer({ min: at('2026-10-19 00:00'), max: at('2026-11-13 00:00') });
    const tier = fc.constantFrom(undefined, 'gold', 'silver', 'bronze');
    fc.assert(
      fc.property(tier, instant, tier, instant, (tierA, a, tierB, b) => {
        const same = catalogPricingKey(rules, shopper({ tier: tierA }), a) === catalogPricingKey(rules, shopper({ tier: tierB }), b);
        if (same) expect(pricesOf(tierA, a)).toEqual(pricesOf(tierB, b));
      }),
      { numRuns: 500 },
    );
    // Each of these prices differently from the others, so the key must tell them apart.
    const cases = [
      [undefined, at('2026-10-25 12:00')],
      ['gold', at('2026-10-25 12:00')],
      [undefined, at('2026-11-11 12:00')],
      ['silver', at('2026-11-05 12:00')],
    ] as const;
    expect(new Set(cases.map(([t, now]) => JSON.stringify(pricesOf(t, now)))).size).toBe(cases.length);
    expect(new Set(cases.map(([t, now]) => catalogPricingKey(rules, shopper({ tier: t }), now))).size).toBe(cases.length);
  });

  it('validates catalog items like cart lines', () => {
    expect(CatalogItem.safeParse({ sku: 'a', store: 'S1', unitPrice: 100 }).success).toBe(true);
    expect(CatalogItem.safeParse({ sku: 'a', store: 'S1', unitPrice: 100, quantity: 1 }).success).toBe(false);
    expect(CatalogItem.safeParse({ sku: 'a b', store: 'S1', unitPrice: -1 }).error?.issues.map((i) => i.message)).toEqual([
      "a SKU of 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
      'a unit price in integer cents, 0 or more',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// The search, against brute force

/** Every subset, best first: smallest sum ≥ needed, then fewest items, then earliest positions. */
function bruteForce(prices: readonly number[], needed: number): { picks: number[]; sum: number } | null {
  let best: { picks: number[]; sum: number } | null = null;
  for (let mask = 0; mask < 1 << prices.length; mask++) {
    const picks: number[] = [];
    let sum = 0;
    for (const [i, price] of prices.entries()) {
      if (mask & (1 << i)) {
        picks.push(i);
        sum += price;
      }
    }
    if (sum < needed) continue;
    if (!best || sum < best.sum || (sum === best.sum && (picks.length < best.picks.length || (picks.length === best.picks.length && earlier(picks, best.picks))))) {
      best = { picks, sum };
    }
  }
  return best;
}

const earlier = (a: readonly number[], b: readonly number[]) => {
  const at = a.findIndex((x, i) => x !== b[i]);
  return at >= 0 && a[at]! < b[at]!;
};

/** Small prices make ties (equal sums, equal counts) common; large ones test the bounds. */
const pricesArb = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 12 }),
  fc.array(fc.integer({ min: 0, max: 60 }).map((p) => p * 50), { maxLength: 12 }),
  fc.array(fc.integer({ min: 1, max: 50000 }), { maxLength: 12 }),
);

describe('cheapestCover', () => {
  it('finds the brute-force optimum, tie rule included, by the bitsets, by the search, and by both within a work limit', () => {
    fc.assert(
      fc.property(pricesArb, fc.integer({ min: -5, max: 400 }), fc.integer({ min: 0, max: 1000 }), (prices, raw, scale) => {
        const total = prices.reduce((a, b) => a + b, 0);
        // Targets around the total, below it, and above it.
        const needed = scale < 500 ? Math.round((total * raw) / 300) : raw;
        const want = bruteForce(prices, needed);
        // Work limits: the default (bitsets), none (the search alone), and a little (step 1, then the search or some layers).
        for (const limit of [undefined, 0, 30, 100, 400]) {
          const got: Cover | null = cheapestCover(prices, needed, limit);
          if (want === null) {
            expect(got).toBeNull();
            continue;
          }
          expect(got).not.toBeNull();
          expect(got!.exact).toBe(true);
          expect(got!.picks).toEqual(want.picks);
          expect(got!.sum).toBe(want.sum);
          expect(got!.picks.reduce((sum, i) => sum + prices[i]!, 0)).toBe(got!.sum);
          expect(got!.sum).toBeGreaterThanOrEqual(needed);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('the search agrees with the bitsets on catalogs too large for brute force, whenever it claims to be exact', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 100 }).map((p) => p * 100)), { minLength: 20, maxLength: 120 }),
        fc.integer({ min: 1, max: 30000 }),
        (prices, needed) => {
          const bitsets = cheapestCover(prices, needed);
          const search = cheapestCover(prices, needed, 0);
          if (bitsets === null) return expect(search).toBeNull();
          expect(bitsets.exact).toBe(true);
          expect(search!.sum).toBeGreaterThanOrEqual(bitsets.sum);
          if (search!.exact) expect(search).toEqual(bitsets);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reaches 0 with nothing, and never picks an item priced 0', () => {
    expect(cheapestCover([5, 0], 0)).toEqual({ picks: [], sum: 0, exact: true });
    expect(cheapestCover([0, 0, 3], 3)).toEqual({ picks: [2], sum: 3, exact: true });
    expect(cheapestCover([0, 2], 3)).toBeNull();
  });

  it('divides by the gcd of the prices: ¥99.00 steps to a ¥5,000 target stay exact and quick', () => {
    const prices = Array.from({ length: 200 }, (_, i) => 9900 * (1 + (i % 7)));
    const cover = cheapestCover(prices, 500000)!;
    expect(cover.exact).toBe(true);
    expect(cover.sum).toBe(504900); // 51 × ¥99 is the first multiple at or above ¥5,000
    expect(cover.picks.length).toBe(8); // ¥693 × 7 + ¥198 (and no 7 items reach it exactly)
  });

  it('a large target past the work limit still finds a set that reaches it', () => {
    let seed = 1;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const prices = Array.from({ length: 500 }, () => 500 + Math.floor(random() * 49500));
    const cover = cheapestCover(prices, 2_000_000)!;
    expect(cover.sum).toBeGreaterThanOrEqual(2_000_000);
    expect(new Set(cover.picks).size).toBe(cover.picks.length);
    expect(cover.picks.reduce((sum, i) => sum + prices[i]!, 0)).toBe(cover.sum);
  });
});

// ---------------------------------------------------------------------------------------------
// End to end: what a suggestion counts is what the settlement counts

const STORES = ['S1', 'S2', 'S3', 'S9'] as const; // S3 outside cross-store thresholds; S9 unknown
const SKUS = ['k1', 'k2', 'k3', 'k4', 'k5'] as const;

const PRICING: Partial<PricingDefinition> = {
  // The platform coupon first: a coupon counts a presale item only while the balance it still
  // owes exceeds the face value, and thresholds taken before it would make that depend on the
  // rest of the cart (see the note in top-up.ts). Thresholds test the event price in any order.
  order: ['platform-coupons', 'store-thresholds', 'store-coupons', 'cross-store-thresholds', 'member-discount', 'red-packets'],
  stores: [
    { id: 'S1', name: 'Store 1' },
    { id: 'S2', name: 'Store 2' },
    { id: 'S3', name: 'Store 3', crossStore: false },
  ],
  thresholds: [
    crossStore(9000, 500, { excludeTags: ['t2'] }),
    { id: 'T', title: 'S1 tiers', kind: 'store', store: 'S1', mode: 'tiered', tiers: [{ min: 6000, off: 300 }, { min: 15000, off: 900 }] },
  ],
  coupons: [{ id: 'C', title: '¥20 off ¥120 of k1–k3 and k5', kind: 'platform', skus: ['k1', 'k2', 'k3', 'k5'], min: 12000, off: 2000 }],
  itemCuts: [
    { id: 'I1', title: 'Cut', skus: ['k1'], cut: 700 },
    { id: 'I2', title: 'Event price', skus: ['k2'], price: 1900 },
  ],
  memberPrices: [{ id: 'M', title: 'Member price', skus: ['k3'], price: 1500, tiers: ['gold'] }],
  presales: [{ id: 'P', title: 'Deposit', skus: ['k5'], deposit: 1000, worth: 1500 }],
};

const unitArb = (maxPrice: number) =>
  fc.record({
    sku: fc.constantFrom(...SKUS),
    store: fc.constantFrom(...STORES),
    tags: fc.subarray(['t1', 't2']),
    unitPrice: fc.oneof(fc.integer({ min: 0, max: maxPrice / 4 }), fc.integer({ min: 100, max: maxPrice })),
  });

describe('suggestions against the settlement', () => {
  const rules = definePricing(PRICING);
  const owner = (tier: boolean) => shopper({ tier: tier ? 'gold' : undefined, coupons: [{ id: 'c', couponId: 'C' }] });
  const asLine = (u: CatalogItem): CartLine => ({ ...u, quantity: 1 });
  /** The base a quote tests the hint's rule on (the coupon is chosen in the quotes this is asked of). */
  const baseOf = (q: Quote, hint: TopUpHint) => q.rules.find((r) => r.id === hint.id && (hint.coupon === undefined || r.coupon === hint.coupon))?.base ?? 0;

  // With the coupon chosen, its hint reads the base the run tested; without, the hint tests it
  // itself, and must count what the settlement counts once the coupon is used.
  it('each suggestion reaches its step when added, adds exactly what it says, and no subset of the catalog does it cheaper', () => {
    fc.assert(
      fc.property(
        fc.array(unitArb(20000).filter((u) => u.store !== 'S9'), { minLength: 1, maxLength: 3 }),
        // Distinct (sku, store, price) so a suggested item names its catalog entry.
        fc.uniqueArray(unitArb(12000), { minLength: 1, maxLength: 10, selector: (u) => `${u.sku}/${u.store}/${u.unitPrice}` }),
        fc.boolean(),
        fc.boolean(),
        (cartUnits, catalog, gold, chosen) => {
          const who = owner(gold);
          const cart = { lines: cartUnits.map(asLine) };
          const request: QuoteRequest = { cart, coupons: chosen ? ['c'] : [], catalog };
          const q = quote(rules, request, who);
          for (const [h, hint] of q.hints.entries()) {
            if (h >= 3) {
              expect(hint).not.toHaveProperty('suggestion');
              continue;
            }
            // What each catalog entry adds to the rule's base, by the settlement itself.
            const counted = catalog.map((u) =>
              u.store === 'S9' ? 0 : baseOf(quote(rules, { cart: { lines: [...cart.lines, asLine(u)] }, coupons: ['c'] }, who), hint) - hint.base,
            );
            const want = bruteForce(counted, hint.needed);
            const suggestion = hint.suggestion!;
            if (want === null) {
              expect(suggestion).toBeNull();
              continue;
            }
            expect(suggestion).not.toBeNull();
            const picks = suggestion.items.map((s) => catalog.findIndex((u) => u.sku === s.sku && u.store === s.store && u.unitPrice === s.unitPrice));
            expect(picks).toEqual(want.picks);
            expect(suggestion.items.map((s) => s.eligible)).toEqual(picks.map((i) => counted[i]));
            expect(suggestion.adds).toBe(want.sum);
            // Adding the suggestion reaches the step.
            const after = quote(rules, { cart: { lines: [...cart.lines, ...picks.map((i) => asLine(catalog[i]!))] }, coupons: ['c'] }, who);
            expect(baseOf(after, hint)).toBe(hint.base + suggestion.adds);
            expect(baseOf(after, hint)).toBeGreaterThanOrEqual(hint.base + hint.needed);
          }
        },
      ),
      { numRuns: 600 },
    );
  });
});
