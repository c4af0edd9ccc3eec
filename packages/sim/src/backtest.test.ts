import { readdirSync, readFileSync } from 'node:fs';
import { validateCampaign, type CampaignDefinition, type CartLine } from '@carnival/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Backtest, MAX_REASONS, OTHER_REASONS, REFUSAL_LINES } from './backtest.ts';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const campaign = validateCampaign(JSON.parse(read('examples/double11-cat-candy.json')));
if (!campaign.ok) throw new Error('the example campaign is invalid');
const definition: CampaignDefinition = campaign.value;
const example = (name: string) => JSON.stringify(JSON.parse(read(`examples/carts/${name}.json`)));

/** Feeds JSONL text line by line as `carnival backtest` does: blank lines skipped, JSON errors counted. */
function backtestOf(jsonl: string, options: ConstructorParameters<typeof Backtest>[1] = {}) {
  const backtest = new Backtest(definition, options);
  jsonl.split('\n').forEach((text, i) => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return backtest.unreadable(i + 1, (error as Error).message);
    }
    backtest.add(value, i + 1);
  });
  return backtest.result();
}

const line = (sku: string, store: string, unitPrice: number, quantity = 1, tags = ['d11']) => ({ sku, store, unitPrice, quantity, tags });

describe('a worked backtest of examples/carts plus hand-made carts', () => {
  // Just short of ¥300 of d11 items: nothing off, ¥21 from the first cross-store step.
  const fleece = { at: '2026-11-11T20:00:00+08:00', cart: { lines: [line('northpeak-fleece-jacket', 'northpeak-outdoor', 27900)] } };
  // Two ¥400 hampers on the festival's first minute (no `at`: the last phase's start): 2 × ¥50 off,
  // the platform funding 60% (¥60), ¥100 from the next step.
  const hampers = { cart: { lines: [line('sansong-new-year-hamper', 'sansong-snacks', 40000, 2)] } };
  const jsonl = [
    example('cross-store-just-short'), // 1
    example('lucky-store-coupon'), // 2
    JSON.stringify({ cart: { lines: [line('sansong-nut-box-750g', 'sansong-snacks', 12.5)] } }), // 3: not cents
    '', // 4: blank, skipped
    example('shipping-fees'), // 5
    '{"cart": {"lines": [', // 6: cut short
    JSON.stringify(fleece), // 7
    JSON.stringify(hampers), // 8
    JSON.stringify({ cart: { lines: [line('x-1', 'nowhere', 100)] } }), // 9: a store the campaign does not have
  ].join('\n');
  const result = backtestOf(jsonl);

  it('counts the carts read, settled and refused', () => {
    expect(result.carts).toEqual({ read: 8, settled: 5, refused: 3 });
  });

  it('sums list, fees, discounts and payable over the settled carts', () => {
    // Payables pinned by the quote tests: ¥744 + ¥320 + ¥676.70, and the two hand-made carts ¥279 + ¥700.
    // Lists: ¥1,064 + ¥800 + ¥793.70 + ¥279 + ¥800. Discounts: ¥320 + ¥480 + ¥140 + 0 + ¥100.
    // Platform: ¥92 + ¥250 + 0 + 0 + ¥60.
    expect(result.totals).toEqual({
      list: 373670,
      fees: 2300,
      discount: 104000,
      payable: 271970,
      deposit: 0,
      platform: 40200,
      merchant: 63800,
      discountRate: 0.27832,
    });
    expect(result.perCart).toEqual({ list: 74734, discount: 20800, payable: 54394, platform: 8040, merchant: 12760 });
  });

  it('costs every discount by its source and funder', () => {
    expect(result.sources.map((s) => [s.id, s.carts, s.amount, s.platform, s.merchant])).toEqual([
      ['mianmian-lucky-400-380', 1, 38000, 19000, 19000], // the lucky coupon, half platform-funded
      ['d11-cross-store', 3, 30000, 18000, 12000], // ¥100 off in each of three carts, 60% platform
      ['global-direct-tiers', 1, 8000, 0, 8000],
      ['sansong-nut-box-event-price', 1, 8000, 0, 8000], // 2 × (¥129 − ¥89)
      ['maomi-cat-food-cut', 1, 6000, 1200, 4800], // 20% platform
      ['global-direct-500-50', 1, 5000, 0, 5000],
      ['sansong-199-25', 1, 2500, 0, 2500],
      ['maomi-pet-tiers', 1, 2000, 0, 2000],
      ['tmall-d11-200-20', 1, 2000, 2000, 0], // a platform coupon
      ['maomi-200-15', 1, 1500, 0, 1500],
      ['maomi-litter-item-coupon', 1, 1000, 0, 1000],
    ]);
    expect(result.sources.find((s) => s.id === 'd11-cross-store')).toMatchObject({ kind: 'threshold', perCart: 6000 });
  });

  it('counts the carts reaching each threshold and each of its steps', () => {
    const [cross, maomi, global] = result.thresholds;
    // Cross-store bases: ¥885, ¥800, ¥137.70, ¥279, ¥800: three reach ¥300 and ¥600, none ¥900.
    expect(cross).toMatchObject({ id: 'd11-cross-store', mode: 'repeat', eligible: 5, reached: 3, share: 0.6, near: 2 });
    expect(cross!.steps.slice(0, 3)).toEqual([
      { min: 30000, off: 5000, carts: 3, share: 0.6 },
      { min: 60000, off: 10000, carts: 3, share: 0.6 },
      { min: 90000, off: 15000, carts: 0, share: 0 },
    ]);
    expect(cross!.steps).toHaveLength(10);
    // Maomi: ¥269 (the first tier; ¥30 from the second: near) and ¥137.70.
    expect(maomi).toMatchObject({ id: 'maomi-pet-tiers', mode: 'tiered', eligible: 2, reached: 1, near: 1 });
    expect(maomi!.steps.map((s) => [s.min, s.carts])).toEqual([[19900, 1], [29900, 0], [49900, 0]]);
    // Global Direct: ¥656, past its top tier, so never near.
    expect(global).toMatchObject({ id: 'global-direct-tiers', eligible: 1, reached: 1, near: 0 });
    expect(global!.steps.map((s) => [s.min, s.carts])).toEqual([[29900, 1], [59900, 1]]);
  });

  it('counts the carts a small top-up from the next step, by the smallest top-up', () => {
    // cross-store-just-short: ¥15 (not Maomi's ¥30); the fleece: ¥21. Buckets of ¥3 up to ¥30.
    expect(result.nearMisses.carts).toBe(2);
    expect(result.nearMisses.share).toBe(0.4);
    expect(result.nearMisses.buckets).toHaveLength(10);
    expect(result.nearMisses.buckets.filter((b) => b.carts > 0)).toEqual([
      { from: 1200, to: 1500, carts: 1 },
      { from: 1800, to: 2100, carts: 1 },
    ]);
  });

  it('counts each bad line under its reason, with its line number, and settles the rest', () => {
    expect(result.refused).toEqual([
      {
        reason: 'cart.lines[].unitPrice: expected a unit price in integer cents',
        count: 1,
        lines: [3],
        example: 'line 3: cart.lines[0].unitPrice: expected a unit price in integer cents, got 12.5',
      },
      { reason: 'not JSON', count: 1, lines: [6], example: expect.stringMatching(/^line 6: /) },
      { reason: expect.stringMatching(/^cart\.lines\[\]\.store: expected a store of this campaign/), count: 1, lines: [9], example: expect.stringMatching(/^line 9: cart\.lines\[0\]\.store: expected a store of this campaign .*, got "[^"]*"$/) },
    ]);
  });

  it('a wider --near counts more carts', () => {
    const wide = backtestOf(jsonl, { near: 10000 });
    // Now the two ¥800 carts (¥100 from ¥900) are near too, and the litter cart (¥61.30 from
    // Maomi's first tier); buckets of ¥10.
    expect(wide.nearMisses.carts).toBe(5);
    expect(wide.nearMisses.buckets.filter((b) => b.carts > 0)).toEqual([
      { from: 1000, to: 2000, carts: 1 },
      { from: 2000, to: 3000, carts: 1 },
      { from: 6000, to: 7000, carts: 1 },
      { from: 9000, to: 10000, carts: 2 },
    ]);
  });

  it('a --near under 10 cents has a bucket per cent, and 0 none', () => {
    expect(backtestOf('', { near: 3 }).nearMisses.buckets).toEqual([
      { from: 0, to: 1, carts: 0 },
      { from: 1, to: 2, carts: 0 },
      { from: 2, to: 3, carts: 0 },
    ]);
    expect(backtestOf(jsonl, { near: 0 }).nearMisses).toEqual({ carts: 0, share: 0, buckets: [] });
  });

  it('--at settles every cart at one moment', () => {
    // Before the warm-up no threshold or item cut is in effect; store coupons without dates still are.
    const early = backtestOf(jsonl, { at: '2026-10-01T00:00:00+08:00' });
    expect(early.at).toBe('2026-10-01T00:00:00+08:00');
    expect(early.sources.map((s) => s.id)).toEqual(['global-direct-500-50', 'sansong-199-25', 'maomi-200-15', 'maomi-litter-item-coupon']);
    expect(early.thresholds.every((t) => t.eligible === 0)).toBe(true);
  });
});

describe('costs add up', () => {
  // Items of the example carts: real SKUs, stores, categories, tags and prices of the example campaign.
  const items: Omit<CartLine, 'quantity'>[] = readdirSync(new URL('examples/carts/', root))
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => (JSON.parse(read(`examples/carts/${name}`)) as { cart: { lines: CartLine[] } }).cart.lines)
    .map(({ quantity: _, id: __, ...item }) => item);
  const coupons = (definition.pricing?.coupons ?? []).map((c) => c.id);
  const moments = ['2026-10-21T20:00:00+08:00', '2026-11-02T10:00:00+08:00', '2026-11-11T00:00:00+08:00', '2026-11-11T20:00:00+08:00'];
  const cartFile = fc.record({
    at: fc.constantFrom(...moments),
    cart: fc.record({ lines: fc.array(fc.record({ item: fc.constantFrom(...items), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 6 }) }),
    player: fc.record({
      tier: fc.constantFrom('88vip', 'none'),
      coupons: fc.uniqueArray(fc.constantFrom(...coupons)),
      redPackets: fc.integer({ min: 0, max: 5000 }),
    }),
    useMemberDiscount: fc.boolean(),
  });

  it('by source and by funder, the costs sum to the total discount', () => {
    fc.assert(
      fc.property(fc.array(cartFile, { minLength: 1, maxLength: 8 }), (files) => {
        const backtest = new Backtest(definition);
        for (const file of files) {
          backtest.add({
            ...file,
            cart: { lines: file.cart.lines.map(({ item, quantity }) => ({ ...item, quantity })) },
            player: { ...file.player, coupons: file.player.coupons.map((couponId, i) => ({ id: `cp-${i}`, couponId })) },
          });
        }
        const { totals, sources, carts, perCart } = backtest.result();
        expect(carts.settled).toBe(files.length);
        const sum = (pick: (s: (typeof sources)[number]) => number) => sources.reduce((total, s) => total + pick(s), 0);
        expect(sum((s) => s.amount)).toBe(totals.discount);
        expect(sum((s) => s.platform)).toBe(totals.platform);
        expect(sum((s) => s.merchant)).toBe(totals.merchant);
        expect(totals.platform + totals.merchant).toBe(totals.discount);
        expect(totals.list + totals.fees - totals.discount).toBe(totals.payable);
        // Per cart too, in whole cents: the funders' and the sources' columns add up to the discount's.
        expect(perCart.platform + perCart.merchant).toBe(perCart.discount);
        expect(sum((s) => s.perCart)).toBe(perCart.discount);
      }),
      { numRuns: 60 },
    );
  });
});

describe('constant memory', () => {
  /** Everything a value holds: entries of its maps, elements of its arrays, fields of its objects. */
  function size(value: unknown, seen = new Set<unknown>()): number {
    if (value === null || typeof value !== 'object' || seen.has(value)) return 1;
    seen.add(value);
    const children = value instanceof Map ? [...value.keys(), ...value.values()] : Object.values(value);
    return children.reduce<number>((total, child) => total + size(child, seen), 1);
  }
  /** The accumulator's own state, without the campaign and its compiled rules it was given. */
  const stateSize = (backtest: Backtest) => size(Object.entries(backtest).filter(([key]) => key !== 'definition' && key !== 'rules'));

  it('holds the same state after 100,000 carts as after 1,000, bad ones with many reasons included', () => {
    const backtest = new Backtest(definition);
    const cartAt = (i: number) => {
      if (i % 10 === 9) return { cart: { lines: [line('x', 'sansong-snacks', 100)] }, [`unknown-${i}`]: true }; // a new reason each time
      if (i % 10 === 8) return { cart: { lines: [line('x', `store-${i}`, 100)] } };
      return { cart: { lines: [line('sansong-new-year-hamper', 'sansong-snacks', 100 + ((i * 7919) % 120000))] } };
    };
    let sizeAfter1000 = 0;
    for (let i = 0; i < 100_000; i++) {
      backtest.add(cartAt(i));
      if (i === 999) sizeAfter1000 = stateSize(backtest);
    }
    expect(stateSize(backtest)).toBe(sizeAfter1000);
    const result = backtest.result();
    expect(result.carts).toEqual({ read: 100_000, settled: 80_000, refused: 20_000 });
    expect(result.refused).toHaveLength(MAX_REASONS);
    expect(result.refused.at(-1)).toMatchObject({ reason: OTHER_REASONS });
    expect(result.refused.every((r) => r.lines.length <= REFUSAL_LINES)).toBe(true);
  });
});
