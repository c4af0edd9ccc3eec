import wishlist from '../../../examples/catalogs/wishlist.json' with { type: 'json' };
import type { Lang } from './i18n.ts';

/**
 * The demo shop: the example wishlist (seven stores of the example campaign's pricing), with the
 * names a shopper reads. Prices are the host platform's list prices in cents; the campaign's
 * pricing decides the rest in every quote.
 */
export interface CatalogItem {
  sku: string;
  store: string;
  category?: string;
  tags?: string[];
  unitPrice: number;
}

const NAMES: Record<string, { zh: string; en: string }> = {
  'sansong-dried-mango-200g': { zh: '芒果干 200g', en: 'Dried mango 200 g' },
  'sansong-jasmine-tea-250g': { zh: '茉莉花茶 250g', en: 'Jasmine tea 250 g' },
  'sansong-nut-box-750g': { zh: '每日坚果礼盒 750g', en: 'Daily nuts gift box 750 g' },
  'maomi-feather-wand': { zh: '逗猫羽毛棒', en: 'Feather wand cat toy' },
  'maomi-catnip-ball-3pk': { zh: '猫薄荷球 3 只装', en: 'Catnip balls, 3-pack' },
  'maomi-litter-6l': { zh: '豆腐猫砂 6L', en: 'Tofu cat litter 6 L' },
  'lanxin-lip-balm': { zh: '润唇膏', en: 'Lip balm' },
  'lanxin-sheet-mask-5pk': { zh: '补水面膜 5 片', en: 'Sheet masks, 5-pack' },
  'northpeak-wool-socks': { zh: '美利奴羊毛袜', en: 'Merino wool socks' },
  'mianmian-pillowcase': { zh: '真丝枕套', en: 'Silk pillowcase' },
  'global-direct-vitamin-c': { zh: '维生素 C 泡腾片', en: 'Vitamin C tablets' },
  'haiyun-hdmi-cable': { zh: 'HDMI 高清线', en: 'HDMI cable' },
};

export const CATALOG: readonly CatalogItem[] = wishlist;

/** The item's name in the language; an item the page has no name for shows its SKU. */
export function itemName(sku: string, lang: Lang): string {
  return NAMES[sku]?.[lang] ?? sku;
}

export function catalogItem(sku: string, store: string): CatalogItem | undefined {
  return CATALOG.find((item) => item.sku === sku && item.store === store);
}
