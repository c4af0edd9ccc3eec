/**
 * Writes examples/carts/history.jsonl: an example export of 400 historical carts of the example
 * campaign, one `carnival quote` cart file per line, for `carnival backtest`. Deterministic (a
 * seeded HMAC stream), so running it again writes the same file:
 *
 *   pnpm tsx examples/carts/make-history.ts
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { HmacRandom, type CartLine, type CatalogItem, type Random } from '@carnival/core';

const HISTORY_CARTS = 400;
const here = new URL('./', import.meta.url);
const read = (url: URL) => JSON.parse(readFileSync(url, 'utf8')) as unknown;

/** Items shoppers buy: those of the example carts and the wishlist, and the other SKUs the campaign's rules name. */
function catalog(): CatalogItem[] {
  const fromCarts = readdirSync(here)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => (read(new URL(name, here)) as { cart: { lines: CartLine[] } }).cart.lines)
    .map(({ quantity: _, id: __, ...item }) => item);
  const wishlist = read(new URL('../catalogs/wishlist.json', here)) as CatalogItem[];
  const ruled: CatalogItem[] = [
    { sku: 'haiyun-washer-10kg', store: 'haiyun-appliances', category: 'appliances', tags: ['d11'], unitPrice: 299900 },
    { sku: 'northpeak-down-jacket', store: 'northpeak-outdoor', category: 'apparel', tags: ['d11'], unitPrice: 129900 },
    { sku: 'northpeak-parka', store: 'northpeak-outdoor', category: 'apparel', tags: ['d11'], unitPrice: 219900 },
  ];
  const bySku = new Map([...fromCarts, ...wishlist, ...ruled].map((item) => [item.sku, item]));
  return [...bySku.values()].sort((a, b) => (a.sku < b.sku ? -1 : 1));
}

/** Coupons a shopper may hold, by the store whose items make them worth claiming; '*' for anyone. */
const COUPONS: Record<string, string[]> = {
  '*': ['tmall-d11-200-20', 'tmall-88vip-1000-100'],
  'haiyun-appliances': ['haiyun-1000-80', 'haiyun-5000-600', 'appliances-5pct'],
  'lanxin-beauty': ['lanxin-300-30', 'lanxin-600-80'],
  'sansong-snacks': ['sansong-99-10', 'sansong-199-25'],
  'maomi-pet': ['maomi-200-15', 'maomi-litter-item-coupon', 'pet-300-30'],
  'northpeak-outdoor': ['northpeak-500-40', 'northpeak-1000-100'],
  'mianmian-home': ['mianmian-800-100'],
  'global-direct': ['global-direct-500-50'],
};

/** When the carts were checked out: the presale, wave 1, the festival's first minutes and its evening. */
const MOMENTS = ['2026-10-24T20:10:00+08:00', '2026-11-01T20:05:00+08:00', '2026-11-11T00:05:00+08:00', '2026-11-11T20:30:00+08:00'];

const pick = <T>(random: Random, items: readonly T[]): T => items[random.int(items.length)]!;
const chance = (random: Random, percent: number) => random.int(100) < percent;

export function historyLines(count = HISTORY_CARTS): string[] {
  const random = new HmacRandom('carnival example history', 'carts');
  const items = catalog();
  return Array.from({ length: count }, (_, n) => {
    const chosen = new Map<string, CatalogItem>();
    const wanted = 1 + random.int(5);
    while (chosen.size < wanted) {
      const item = pick(random, items);
      chosen.set(item.sku, item);
    }
    const lines = [...chosen.values()].map((item) => ({ ...item, quantity: pick(random, [1, 1, 1, 1, 1, 1, 1, 2, 2, 3]) }));
    const stores = [...new Set(lines.map((line) => line.store))];
    const fees = stores.filter((store) => store === 'global-direct' || chance(random, 10)).map((store) => ({ store, kind: 'shipping' as const, amount: 800 + 100 * random.int(8) }));
    const candidates = [...COUPONS['*']!, ...stores.flatMap((store) => COUPONS[store] ?? [])];
    const coupons = candidates.filter(() => chance(random, 40)).map((couponId, i) => ({ id: `h${n + 1}-${i + 1}`, couponId }));
    const member = chance(random, 15);
    const file = {
      at: pick(random, MOMENTS),
      cart: fees.length ? { lines, fees } : { lines },
      player: {
        ...(member ? { tier: '88vip', memberDiscountUsed: 1000 * random.int(50) } : {}),
        coupons,
        ...(chance(random, 20) ? { redPackets: 100 + random.int(2000) } : {}),
      },
      ...(member ? { useMemberDiscount: true } : {}),
    };
    return JSON.stringify(file);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(new URL('history.jsonl', here), `${historyLines().join('\n')}\n`);
}
