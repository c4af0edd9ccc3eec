import type { Lang } from './i18n.ts';

/**
 * Demo mode (the server runs with CARNIVAL_DEV=1): a few shoppers to sign in as and switch
 * between, so one person can play both sides of an invitation or a shared cart.
 */
export interface DemoShopper {
  id: string;
  name: Record<Lang, string>;
  /** Claims the host platform's login would vouch for. */
  newCustomer?: boolean;
  tier?: string;
}

export const DEMO_SHOPPERS: readonly DemoShopper[] = [
  { id: 'xiaomei', name: { zh: '小美', en: 'Mei' } },
  { id: 'ahao', name: { zh: '阿豪（新用户）', en: 'Hao (new)' }, newCustomer: true },
  { id: 'linlin', name: { zh: '琳琳 88VIP', en: 'Lin 88VIP' }, tier: '88vip' },
];

/** The admin key a dev-mode server accepts (apps/server/src/config.ts DEV_ADMIN_KEY; the e2e checks they agree). */
export const DEV_ADMIN_KEY = 'carnival-dev-admin-key';

/**
 * How the page names another shopper: a demo shopper by name, anyone else by a masked id
 * (`u8***41`), as festival pages show friends and winners without giving their accounts away.
 */
export const shopperName = (id: string, lang: Lang) => DEMO_SHOPPERS.find((s) => s.id === id)?.name[lang] ?? maskedId(id);

const maskedId = (id: string) => (id.length <= 4 ? `${id.slice(0, 1)}***` : `${id.slice(0, 2)}***${id.slice(-2)}`);
