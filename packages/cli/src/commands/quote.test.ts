import { readdirSync, readFileSync } from 'node:fs';
import { compileCampaign, pricingRules, settleCart, validateCampaign, type Quote } from '@carnival/core';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../io.ts';
import { quote } from './quote.ts';

const CAMPAIGN = 'examples/double11-cat-candy.json';
const root = new URL('../../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const campaignText = read(CAMPAIGN);
const cartNames = readdirSync(new URL('examples/carts/', root)).filter((name) => name.endsWith('.json')).sort();
const carts: Record<string, string> = Object.fromEntries(cartNames.map((name) => [`examples/carts/${name}`, read(`examples/carts/${name}`)]));

async function runQuote(args: string[], files: Record<string, string> = {}) {
  const { io, out } = memoryIo({ [CAMPAIGN]: campaignText, ...carts, ...files });
  const code = await quote.run(args, io);
  return { code, stdout: out.stdout, stderr: out.stderr };
}

async function quoteJson(cart: string, ...more: string[]): Promise<Quote> {
  const result = await runQuote([CAMPAIGN, cart, '--json', ...more]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Quote;
}

/** A receipt row: the label, then the amount as the last thing on the line. */
const row = (label: string, amount: string) => new RegExp(`^ *${escape(label)} +${escape(amount)}$`, 'm');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A cart file with one line changed, for the refusals. */
function cartWith(edit: (file: any) => void): string {
  const file = JSON.parse(carts['examples/carts/cross-store-just-short.json']!);
  edit(file);
  return JSON.stringify(file, null, 2);
}

describe('carnival quote: the example carts', () => {
  // What each example cart pays in all (cents), deposits included.
  const payables: Record<string, { payable: number; deposit: number }> = {
    '88vip-shopper.json': { payable: 111512, deposit: 5000 },
    'cross-store-just-short.json': { payable: 74400, deposit: 0 },
    'lucky-store-coupon.json': { payable: 32000, deposit: 0 },
    'presale-tv.json': { payable: 404900, deposit: 10000 },
    'shipping-fees.json': { payable: 67670, deposit: 0 },
  };

  it('has a pinned payable for every cart in examples/carts', () => {
    expect(cartNames).toEqual(Object.keys(payables).sort());
  });

  it.each(Object.entries(payables))('quotes %s against the example campaign', async (name, expected) => {
    const q = await quoteJson(`examples/carts/${name}`);
    expect({ payable: q.payable, deposit: q.deposit }).toEqual(expected);
    // The totals add up: list + fees − discounts = payable = Σ sub-order totals, and funding covers the discounts.
    expect(q.list + q.fees - q.discount).toBe(q.payable);
    expect(q.stores.reduce((sum, s) => sum + s.total, 0)).toBe(q.payable);
    expect(q.funding.platform + q.funding.merchant).toBe(q.discount);
  });

  it('the presale TV: pay ¥100 worth ¥300, thresholds tested on the price after the bonus', async () => {
    // List ¥5,999; the deposit inflation is worth ¥300 for ¥100 paid, a ¥200 bonus: event base ¥5,799.
    // Cross-store every ¥300 minus ¥50 on ¥5,799: 19 steps = ¥950 (the next step at ¥6,000, ¥201 away).
    // Parallel: the store coupon (¥600 off ¥5,000) and the category coupon (5% of ¥5,799 = ¥289.95, at
    // most ¥200) are tested on ¥5,799 too. ¥5,799 − ¥950 − ¥600 − ¥200 = ¥4,049: ¥100 deposit now,
    // ¥3,949 balance. The festival platform coupon is valid only from Nov 11, so it is not usable yet;
    // the ¥80-off-¥1,000 store coupon shares the store slot with the ¥600 one and loses to it.
    const q = await quoteJson('examples/carts/presale-tv.json');
    expect(q.lines[0]).toMatchObject({ list: 599900, net: 404900, deposit: 10000 });
    expect(q.lines[0]!.discounts.map((d) => [d.source, d.amount])).toEqual([
      ['haiyun-tv-75-presale', 20000],
      ['haiyun-5000-600', 60000],
      ['d11-cross-store', 95000],
      ['appliances-5pct', 20000],
    ]);
    expect(q.coupons).toEqual(['cp-2002', 'cp-2003']);
    expect(q.rules.find((r) => r.coupon === 'cp-2004')).toMatchObject({ status: 'not-usable' });
    // Funding: the platform pays 60% of the cross-store ¥950 (¥570) and the category coupon (¥200);
    // the merchant the presale bonus, its store coupon and the other 40% (¥200 + ¥600 + ¥380).
    expect(q.funding).toEqual({ platform: 77000, merchant: 118000 });
    expect(q.hints[0]).toMatchObject({ id: 'd11-cross-store', needed: 20100, saves: 5000 });
  });

  it('the cross-store cart just short of a step', async () => {
    // Event prices: nuts 2 × ¥89 = ¥178 (list 2 × ¥129), tea ¥39, cat food ¥329 − ¥60 = ¥269, cleanser ¥159,
    // fleece ¥279: ¥924 after item cuts, ¥885 of it badged d11 (the tea is not).
    // Maomi: tier ¥20 off ¥199 and its ¥15-off-¥200 coupon, both on ¥269. Sansong: the best of its
    // coupons is ¥25 off ¥199 on ¥217. Cross-store on ¥885: 2 × ¥50 = ¥100. Platform ¥20 off ¥200 on
    // the d11 items. ¥924 − ¥20 − ¥15 − ¥25 − ¥100 − ¥20 = ¥744. ¥15 more of d11 items saves ¥50.
    const q = await quoteJson('examples/carts/cross-store-just-short.json');
    expect(q.rules.find((r) => r.id === 'd11-cross-store')).toMatchObject({ status: 'applied', base: 88500, amount: 10000 });
    expect(q.coupons).toEqual(['cp-1002', 'cp-1003', 'cp-1004']);
    expect(q.hints[0]).toMatchObject({ id: 'd11-cross-store', needed: 1500, saves: 5000 });
  });

  it('the lucky store coupon: the cross-store share it cannot take moves to the other store', async () => {
    // ¥400 + ¥400 of d11 items: 2 × ¥50 = ¥100 cross-store, ¥50 per store by weight. The pillows owe
    // ¥20 after the ¥380-off-¥400 coupon, so their share is capped at ¥20 and ¥30 moves to the hamper:
    // ¥800 − ¥380 − ¥100 = ¥320, all of it in the Sansong sub-order.
    const q = await quoteJson('examples/carts/lucky-store-coupon.json');
    expect(q.stores.map((s) => [s.store, s.total])).toEqual([
      ['sansong-snacks', 32000],
      ['mianmian-home', 0],
    ]);
    expect(q.lines.map((l) => l.discounts.find((d) => d.source === 'd11-cross-store')?.amount)).toEqual([2000, 8000]);
  });

  it('fees are paid as they are and never count toward a threshold', async () => {
    const q = await quoteJson('examples/carts/shipping-fees.json');
    expect(q.fees).toBe(2300);
    expect(q.rules.find((r) => r.id === 'd11-cross-store')).toMatchObject({ status: 'not-reached', base: 13770 });
    // The litter item coupon shares Maomi's store-coupon slot, so at most one of the two is used.
    expect(q.coupons).toEqual(['cp-5002', 'cp-5001']);
  });

  it('--json prints exactly the quote the core settles', async () => {
    const definition = validateCampaign(JSON.parse(campaignText));
    if (!definition.ok) throw new Error('the example campaign is invalid');
    const rules = pricingRules(compileCampaign(definition.value, 1, 'cli'))!;
    const file = JSON.parse(carts['examples/carts/88vip-shopper.json']!);
    const direct = settleCart(
      rules,
      { cart: file.cart, coupons: 'best', useMemberDiscount: true },
      { tier: '88vip', coupons: file.player.coupons, memberDiscountUsed: 46000, redPackets: 1288 },
      Date.parse(file.at),
    );
    expect(direct.ok && direct.value).toEqual(await quoteJson('examples/carts/88vip-shopper.json'));
  });
});

describe('carnival quote: the receipt', () => {
  it('shows each sub-order line by line, the verdicts, the coupons, the total and the hints', async () => {
    const result = await runQuote([CAMPAIGN, 'examples/carts/presale-tv.json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const text = result.stdout;
    expect(text).toMatch(/^Quote: Double 11 Cat Candy Festival 2026/);
    expect(text).toContain('At 2026-10-21T20:00:00+08:00 · parallel thresholds · CNY');
    expect(text).toContain('Haiyun Appliances Flagship (海韵电器旗舰店) [haiyun-appliances]');
    expect(text).toMatch(row('L1  haiyun-tv-75  1 × ¥5,999.00', '¥5,999.00'));
    expect(text).toMatch(row('presale haiyun-tv-75-presale', '-¥200.00'));
    expect(text).toMatch(row('store coupon haiyun-5000-600 [cp-2002]', '-¥600.00'));
    expect(text).toMatch(row('cross-store threshold d11-cross-store', '-¥950.00'));
    expect(text).toMatch(row('category coupon appliances-5pct [cp-2003]', '-¥200.00'));
    expect(text).toMatch(row('net', '¥4,049.00'));
    expect(text).toMatch(row('deposit (now)', '¥100.00'));
    expect(text).toMatch(row('balance (later)', '¥3,949.00'));
    expect(text).toMatch(row('sub-order total', '¥4,049.00'));
    expect(text).toContain('discounts ¥1,950.00, funded by the platform ¥770.00, the merchant ¥1,180.00');
    expect(text).toMatch(/^  applied +cross-store threshold d11-cross-store: ¥950\.00 off on ¥5,799\.00 of eligible items across participating stores \(19 × ¥50\.00\)$/m);
    expect(text).toMatch(/^  not-usable +platform coupon tmall-d11-200-20 is valid from /m);
    expect(text).toContain('  cp-2002  haiyun-5000-600  Haiyun ¥600 off ¥5,000 (店铺券)');
    expect(text).toMatch(row('payable', '¥4,049.00'));
    expect(text).toContain('  add ¥201.00 more of eligible items across participating stores to save another ¥50.00 (cross-store threshold d11-cross-store)');
  });

  it('lists fees under their store and in the total', async () => {
    const { stdout } = await runQuote([CAMPAIGN, 'examples/carts/shipping-fees.json']);
    expect(stdout).toMatch(row('shipping', '¥15.00'));
    expect(stdout).toMatch(row('shipping', '¥8.00'));
    expect(stdout).toMatch(row('fees', '¥23.00'));
    expect(stdout).toMatch(row('sub-order total', '¥541.00'));
    expect(stdout).toMatch(row('payable', '¥676.70'));
  });

  it('agrees with --json on every cart', async () => {
    for (const cart of Object.keys(carts)) {
      const q = await quoteJson(cart);
      const { stdout } = await runQuote([CAMPAIGN, cart]);
      expect(stdout, cart).toMatch(row('payable', formatYuan(q.payable)));
      for (const sub of q.stores) expect(stdout, cart).toContain(`[${sub.store}]`);
      for (const rule of q.rules) expect(stdout, cart).toContain(rule.explanation);
    }
  });
});

const formatYuan = (cents: number) => `¥${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;

describe('carnival quote --coupons', () => {
  it('overrides the cart file: none, or the instances named', async () => {
    // Without coupons the TV pays ¥5,799 − ¥950; with only the ¥80-off-¥1,000 store coupon, ¥80 less.
    expect((await quoteJson('examples/carts/presale-tv.json', '--coupons', 'none')).payable).toBe(484900);
    const picked = await quoteJson('examples/carts/presale-tv.json', '--coupons', 'cp-2001');
    expect([picked.coupons, picked.payable]).toEqual([['cp-2001'], 476900]);
    expect((await quoteJson('examples/carts/presale-tv.json', '--coupons', 'best')).payable).toBe(404900);
  });

  it('overrides a choice the cart file makes', async () => {
    const files = { 'tv.json': JSON.stringify({ ...JSON.parse(carts['examples/carts/presale-tv.json']!), coupons: ['cp-2001'] }) };
    expect(JSON.parse((await runQuote([CAMPAIGN, 'tv.json', '--json'], files)).stdout).payable).toBe(476900);
    expect(JSON.parse((await runQuote([CAMPAIGN, 'tv.json', '--json', '--coupons', 'best'], files)).stdout).payable).toBe(404900);
  });

  it('exits 1 with the domain error for a choice the rules refuse', async () => {
    const stacked = await runQuote([CAMPAIGN, 'examples/carts/presale-tv.json', '--coupons', 'cp-2001,cp-2002']);
    expect(stacked).toEqual({
      code: 1,
      stdout: '',
      stderr: 'examples/carts/presale-tv.json: Coupons "cp-2002" and "cp-2001" are both in stacking group "store" for store haiyun-appliances; use one of them.\n',
    });
    const notOwned = await runQuote([CAMPAIGN, 'examples/carts/presale-tv.json', '--coupons', 'cp-9999']);
    expect(notOwned.code).toBe(1);
    expect(notOwned.stderr).toBe('examples/carts/presale-tv.json: Coupon "cp-9999" is not one of your unused coupons.\n');
  });
});

describe('carnival quote --catalog', () => {
  const CATALOG = 'examples/catalogs/wishlist.json';
  const withCatalog = (args: string[], files: Record<string, string> = {}) => runQuote(args, { [CATALOG]: read(CATALOG), ...files });

  it('names the cheapest catalog items that reach the best hints', async () => {
    const result = await withCatalog([CAMPAIGN, 'examples/carts/cross-store-just-short.json', '--catalog', CATALOG]);
    expect(result.code).toBe(0);
    // ¥15 short of the next ¥50: the ¥8.90 vitamin C would be cheaper, but its store is not in
    // the cross-store discount, so the wand and the catnip (¥9.90 + ¥6.90) are the cheapest cover.
    expect(result.stdout).toContain(
      '  add ¥15.00 more of eligible items across participating stores to save another ¥50.00 (cross-store threshold d11-cross-store)\n' +
        '    cheapest from the catalog: maomi-feather-wand [maomi-pet] ¥9.90 + maomi-catnip-ball-3pk [maomi-pet] ¥6.90 (adds ¥16.80)\n',
    );
    expect(result.stdout).toContain('    nothing in the catalog reaches it\n');
    const json = JSON.parse((await withCatalog([CAMPAIGN, 'examples/carts/cross-store-just-short.json', '--catalog', CATALOG, '--json'])).stdout) as Quote;
    expect(json.hints[0]?.suggestion).toMatchObject({ adds: 1680, exact: true });
  });

  it('reports a bad catalog item by its path (1) and an unreadable catalog (2)', async () => {
    const bad = await runQuote([CAMPAIGN, 'examples/carts/presale-tv.json', '--catalog', 'c.json'], { 'c.json': '[{ "sku": "x", "store": "maomi-pet", "unitPrice": -5 }]' });
    expect(bad).toEqual({ code: 1, stdout: '', stderr: 'c.json: [0].unitPrice: expected a unit price in integer cents, 0 or more, got -5\n' });
    expect((await runQuote([CAMPAIGN, 'examples/carts/presale-tv.json', '--catalog', 'none.json'])).code).toBe(2);
  });
});

describe('carnival quote: bad input', () => {
  it('exits 1 for a negative price, with the path of the line', async () => {
    const result = await runQuote([CAMPAIGN, 'bad.json'], { 'bad.json': cartWith((f) => (f.cart.lines[2].unitPrice = -100)) });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'bad.json: cart.lines[2].unitPrice: expected a unit price in integer cents, 0 or more, got -100\n',
    });
  });

  it('exits 1 for a line in a store the campaign does not have', async () => {
    const result = await runQuote([CAMPAIGN, 'bad.json'], { 'bad.json': cartWith((f) => (f.cart.lines[1].store = 'taobao-shop')) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^bad\.json: cart\.lines\[1\]\.store: expected a store of this campaign \(haiyun-appliances, .*global-direct\), got "taobao-shop"\.\n$/);
  });

  it('exits 1 for a cart file with unknown keys, and for coupons of no coupon of the campaign', async () => {
    const typo = await runQuote([CAMPAIGN, 'bad.json'], { 'bad.json': cartWith((f) => (f.useMemberDiscunt = true)) });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toBe('bad.json: useMemberDiscunt: expected no such field (check its spelling), got true\n');
    const coupon = await runQuote([CAMPAIGN, 'bad.json'], { 'bad.json': cartWith((f) => (f.player.coupons[1].couponId = 'sansong-199-250')) });
    expect(coupon.code).toBe(1);
    expect(coupon.stderr).toMatch(/^bad\.json: player\.coupons\[1\]\.couponId: expected one of the campaign's coupons \(haiyun-1000-80, .*\), got "sansong-199-250"\n$/);
  });

  it('exits 1 for an invalid campaign, and for one without pricing', async () => {
    const definition = JSON.parse(campaignText);
    definition.pricing.thresholds[0].every = 0;
    const invalid = await runQuote(['c.json', 'examples/carts/presale-tv.json'], { 'c.json': JSON.stringify(definition) });
    expect(invalid).toEqual({ code: 1, stdout: '', stderr: 'c.json: pricing.thresholds[0].every: expected a positive amount in integer cents, got 0\n' });
    delete definition.pricing;
    const none = await runQuote(['c.json', 'examples/carts/presale-tv.json'], { 'c.json': JSON.stringify(definition) });
    expect(none).toEqual({ code: 1, stdout: '', stderr: 'c.json: Campaign "double11-2026" has no pricing section, so it cannot settle carts.\n' });
  });

  it('exits 2 for a file that is not JSON or cannot be read, saying where', async () => {
    const broken = await runQuote([CAMPAIGN, 'bad.json'], { 'bad.json': '{\n  "cart": { "lines": [,] }\n}\n' });
    expect(broken).toEqual({ code: 2, stdout: '', stderr: 'bad.json: invalid JSON at line 2, column 23: expected a value, got ","\n' });
    const missing = await runQuote(['missing.json', 'examples/carts/presale-tv.json']);
    expect(missing).toEqual({ code: 2, stdout: '', stderr: 'missing.json: cannot read: no such file or directory\n' });
  });

  it('exits 2 for wrong usage', async () => {
    expect(await runQuote([])).toEqual({ code: 2, stdout: '', stderr: "carnival quote: missing CAMPAIGN and CART\nRun 'carnival quote --help' for usage.\n" });
    expect((await runQuote([CAMPAIGN])).stderr).toBe("carnival quote: missing CART\nRun 'carnival quote --help' for usage.\n");
    expect((await runQuote([CAMPAIGN, 'a.json', 'b.json'])).stderr).toMatch(/^carnival quote: unexpected argument 'b\.json'\n/);
    expect((await runQuote([CAMPAIGN, 'examples/carts/presale-tv.json', '--jsn'])).code).toBe(2);
    const coupons = await runQuote([CAMPAIGN, 'examples/carts/presale-tv.json', '--coupons', 'cp-2001,,cp-2002']);
    expect(coupons.code).toBe(2);
    expect(coupons.stderr).toMatch(/^carnival quote: --coupons: expected 'best', 'none' or coupon instance ids separated by commas, got "cp-2001,,cp-2002"\n/);
    expect((await runQuote([CAMPAIGN, 'examples/carts/presale-tv.json', '--coupons'])).code).toBe(2);
  });

  it('prints its help with --help and exits 0', async () => {
    const result = await runQuote(['--help']);
    expect(result).toEqual({ code: 0, stdout: quote.usage, stderr: '' });
    expect(result.stdout).toMatch(/^Usage: carnival quote CAMPAIGN CART \[--coupons best\|none\|ID,ID\.\.\.\] \[--catalog FILE\] \[--json\]/);
  });
});
