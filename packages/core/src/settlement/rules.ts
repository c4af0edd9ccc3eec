import { availability, type Campaign } from '../campaign.ts';
import {
  DEFAULT_ORDER,
  type CouponDefinition,
  type FundingDefinition,
  type PricingDefinition,
  type Stage,
  type ThresholdDefinition,
} from './pricing.ts';

/** The pricing section compiled once per campaign version: lookups by SKU and store, matchers as sets. */
export interface PricingRules {
  readonly campaign: Campaign;
  readonly currency: string;
  readonly mode: 'parallel' | 'sequential';
  readonly order: readonly Stage[];
  readonly stores: ReadonlyMap<string, { name: string; crossStore: boolean; index: number }>;
  readonly itemCuts: ReadonlyMap<string, readonly ItemRule[]>;
  readonly memberPrices: ReadonlyMap<string, readonly ItemRule[]>;
  readonly presales: ReadonlyMap<string, PresaleRule>;
  readonly thresholds: readonly ThresholdRule[];
  readonly coupons: ReadonlyMap<string, CouponRule>;
  readonly memberDiscount: MemberDiscountRule | undefined;
  readonly refundMode: 'allocated' | 'recompute';
  readonly presaleDeposit: 'forfeit' | 'refund';
  readonly paymentMinutes: number | undefined;
}

/** What every rule that can take money off a line has. */
export interface RuleBase {
  readonly id: string;
  readonly title: string;
  /** The platform's percent of the cost; the merchant of each line funds the rest. */
  readonly platformPercent: number;
}

export interface ItemRule extends RuleBase {
  readonly kind: 'item-cut' | 'member-price';
  readonly phases: readonly string[] | undefined;
  /** Event (or member) unit price from the list price. */
  unitPrice(listPrice: number): number;
  readonly tiers?: ReadonlySet<string>;
}

export interface PresaleRule extends RuleBase {
  readonly kind: 'presale';
  readonly deposit: number;
  /** Off each unit beyond the deposit itself: the inflation bonus (worth − deposit) plus the fixed cut. */
  readonly bonus: number;
}

/** Which lines a threshold, coupon or member discount looks at. */
export interface Matcher {
  readonly store: string | undefined;
  readonly crossStoreOnly: boolean;
  readonly categories: ReadonlySet<string> | undefined;
  readonly tags: readonly string[] | undefined;
  readonly skus: ReadonlySet<string> | undefined;
  readonly excludeSkus: ReadonlySet<string> | undefined;
  readonly excludeTags: readonly string[] | undefined;
}

export interface ThresholdRule extends RuleBase {
  readonly kind: 'threshold';
  readonly budget: string | undefined;
  readonly stage: 'store-thresholds' | 'cross-store-thresholds';
  readonly definition: ThresholdDefinition;
  readonly matcher: Matcher;
  readonly phases: readonly string[] | undefined;
}

export interface CouponRule extends RuleBase {
  readonly kind: 'coupon';
  readonly budget: string | undefined;
  readonly stage: 'store-coupons' | 'platform-coupons';
  readonly index: number;
  readonly definition: CouponDefinition;
  readonly matcher: Matcher;
  /** The stacking group; one coupon of it per store (store coupons) or per order. */
  readonly group: string;
  /** The most it takes off: a presale line must owe more than this on its balance to count. */
  readonly faceValue: number;
  readonly validFrom: number;
  readonly validUntil: number;
}

export interface MemberDiscountRule extends RuleBase {
  readonly kind: 'member-discount';
  readonly budget: string | undefined;
  readonly percentOff: number;
  readonly monthlyCap: number;
  readonly tiers: ReadonlySet<string>;
  readonly matcher: Matcher;
}

const compiled = new WeakMap<Campaign, PricingRules | null>();

/** The compiled pricing of a campaign version, or undefined when it has no `pricing` section. */
export function pricingRules(campaign: Campaign): PricingRules | undefined {
  let rules = compiled.get(campaign);
  if (rules === undefined) {
    const pricing = campaign.definition.pricing;
    rules = pricing ? compile(campaign, pricing) : null;
    compiled.set(campaign, rules);
  }
  return rules ?? undefined;
}

function compile(campaign: Campaign, pricing: PricingDefinition): PricingRules {
  const bySku = <R extends { skus: readonly string[] }, T>(rules: readonly R[], make: (rule: R) => T) => {
    const map = new Map<string, T[]>();
    for (const rule of rules) {
      const made = make(rule);
      for (const sku of rule.skus) map.set(sku, [...(map.get(sku) ?? []), made]);
    }
    return map;
  };
  const presales = new Map<string, PresaleRule>();
  for (const p of pricing.presales) {
    const rule: PresaleRule = {
      kind: 'presale',
      id: p.id,
      title: p.title,
      platformPercent: platformPercent(p.funding, 0),
      deposit: p.deposit,
      bonus: (p.worth === undefined ? 0 : p.worth - p.deposit) + (p.cut ?? 0),
    };
    for (const sku of p.skus) presales.set(sku, rule);
  }
  return {
    campaign,
    currency: campaign.definition.currency,
    mode: pricing.thresholdMode ?? 'parallel',
    order: pricing.order ?? DEFAULT_ORDER,
    stores: new Map(pricing.stores.map((s, index) => [s.id, { name: s.name, crossStore: s.crossStore ?? true, index }])),
    itemCuts: bySku(pricing.itemCuts, (cut) => {
      return {
        kind: 'item-cut' as const,
        id: cut.id,
        title: cut.title,
        platformPercent: platformPercent(cut.funding, 0),
        phases: cut.phases,
        unitPrice: (list: number) => Math.max(0, cut.price !== undefined ? Math.min(list, cut.price) : list - cut.cut!),
      };
    }),
    memberPrices: bySku(pricing.memberPrices, (price) => {
      return {
        kind: 'member-price' as const,
        id: price.id,
        title: price.title,
        platformPercent: platformPercent(price.funding, 0),
        phases: price.phases,
        tiers: new Set(price.tiers),
        unitPrice: (list: number) => Math.min(list, price.price),
      };
    }),
    presales,
    thresholds: pricing.thresholds.map((t) => ({
      kind: 'threshold' as const,
      id: t.id,
      title: t.title,
      stage: t.kind === 'store' ? ('store-thresholds' as const) : ('cross-store-thresholds' as const),
      platformPercent: platformPercent(t.funding, t.kind === 'store' ? 0 : 100),
      definition: t,
      budget: t.budget,
      matcher: matcher(t, t.kind === 'store' ? t.store : undefined, t.kind === 'cross-store'),
      phases: t.phases,
    })),
    coupons: new Map(
      pricing.coupons.map((c, index) => [
        c.id,
        {
          kind: 'coupon' as const,
          id: c.id,
          title: c.title,
          stage: c.kind === 'store' ? ('store-coupons' as const) : ('platform-coupons' as const),
          index,
          platformPercent: platformPercent(c.funding, c.kind === 'store' ? 0 : 100),
          definition: c,
          budget: c.budget,
          matcher: matcher(c, c.kind === 'store' ? c.store : undefined, false),
          group: c.group ?? c.kind,
          faceValue: c.off ?? c.maxOff ?? 0,
          validFrom: c.validFrom === undefined ? -Infinity : Date.parse(c.validFrom),
          validUntil: c.validUntil === undefined ? Infinity : Date.parse(c.validUntil),
        },
      ]),
    ),
    memberDiscount: pricing.memberDiscount && {
      kind: 'member-discount',
      id: pricing.memberDiscount.id,
      title: pricing.memberDiscount.title,
      platformPercent: platformPercent(pricing.memberDiscount.funding, 100),
      percentOff: pricing.memberDiscount.percentOff,
      monthlyCap: pricing.memberDiscount.monthlyCap,
      tiers: new Set(pricing.memberDiscount.tiers),
      budget: pricing.memberDiscount.budget,
      matcher: matcher(pricing.memberDiscount, undefined, false),
    },
    refundMode: pricing.refunds?.mode ?? 'allocated',
    presaleDeposit: pricing.refunds?.presaleDeposit ?? 'forfeit',
    paymentMinutes: pricing.paymentMinutes,
  };
}

const platformPercent = (funding: FundingDefinition | undefined, fallback: number) => funding?.platformPercent ?? fallback;

interface Filters {
  categories?: readonly string[] | undefined;
  tags?: readonly string[] | undefined;
  skus?: readonly string[] | undefined;
  excludeSkus?: readonly string[] | undefined;
  excludeTags?: readonly string[] | undefined;
}

function matcher(filters: Filters, store: string | undefined, crossStoreOnly: boolean): Matcher {
  const set = (values: readonly string[] | undefined) => (values ? new Set(values) : undefined);
  return {
    store,
    crossStoreOnly,
    categories: set(filters.categories),
    tags: filters.tags,
    skus: set(filters.skus),
    excludeSkus: set(filters.excludeSkus),
    excludeTags: filters.excludeTags,
  };
}

/** Whether a line's item falls under a rule's filters. */
export function matches(m: Matcher, rules: PricingRules, item: MatchedItem): boolean {
  if (m.store !== undefined && item.store !== m.store) return false;
  if (m.crossStoreOnly && !rules.stores.get(item.store)?.crossStore) return false;
  if (m.skus && !m.skus.has(item.sku)) return false;
  if (m.excludeSkus?.has(item.sku)) return false;
  if (m.categories && (item.category === undefined || !m.categories.has(item.category))) return false;
  if (m.tags && !sharesTag(m.tags, item.tags)) return false;
  if (m.excludeTags && sharesTag(m.excludeTags, item.tags)) return false;
  return true;
}

interface MatchedItem {
  store: string;
  sku: string;
  category: string | undefined;
  tags: readonly string[];
}

/** The indices of the items a rule looks at, in item order. */
export function eligibleItems(m: Matcher, rules: PricingRules, items: readonly MatchedItem[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < items.length; i++) if (matches(m, rules, items[i]!)) out.push(i);
  return out;
}

function sharesTag(wanted: readonly string[], tags: readonly string[]): boolean {
  for (const tag of tags) if (wanted.includes(tag)) return true;
  return false;
}

/** Whether a coupon may be used at `now`: within its validity window. */
export const couponValidAt = (rule: CouponRule, now: number) => now >= rule.validFrom && now < rule.validUntil;

/** Whether a rule restricted to phases is in effect at `now`. */
export const inEffect = (rules: PricingRules, phases: readonly string[] | undefined, now: number) =>
  phases === undefined || availability(rules.campaign, phases, now).open;

/** Where a rule looks, for explanations: "in store S1", "across participating stores". */
export function scopeText(rule: ThresholdRule | CouponRule): string {
  const def = rule.definition;
  if (def.kind === 'store') return `in store ${def.store}`;
  if (def.kind === 'cross-store') return 'across participating stores';
  if (def.kind === 'category') return `in ${def.categories!.length === 1 ? 'category' : 'categories'} ${def.categories!.join(', ')}`;
  return 'in the cart';
}

export const ruleLabel = (rule: ThresholdRule | CouponRule): string =>
  rule.kind === 'threshold' ? `${rule.definition.kind} threshold` : `${rule.definition.kind} coupon`;
