/**
 * Helpers for the settlement tests: pricing rules from the parts a test cares about, and carts
 * written tersely. Not exported from the package.
 */
import { compileCampaign } from '../campaign.ts';
import type { Result } from '../errors.ts';
import { defineCampaign, at } from '../testing.ts';
import type { CartLine, QuoteRequest } from './cart.ts';
import type { PricingDefinition } from './pricing.ts';
import { settleCart, type Quote } from './quote.ts';
import { pricingRules, type PricingRules } from './rules.ts';
import type { Shopper } from './settle.ts';

/** During the festival, when every rule without phases is in effect. */
export const NOW = at('2026-11-11 20:00');

/** Pricing with stores S1, S2, S3 (all cross-store) unless the test names its own. */
export function definePricing(parts: Partial<PricingDefinition> = {}): PricingRules {
  const definition = defineCampaign({
    pricing: {
      stores: [
        { id: 'S1', name: 'Store 1' },
        { id: 'S2', name: 'Store 2' },
        { id: 'S3', name: 'Store 3' },
      ],
      ...parts,
    },
  });
  return pricingRules(compileCampaign(definition, 1, 'seed'))!;
}

/** `line('S1', 40000)`: one unit of a SKU named after its store and price unless given. */
export function line(store: string, unitPrice: number, more: Partial<CartLine> = {}): CartLine {
  return { sku: `${store}-${unitPrice}`, store, unitPrice, quantity: 1, ...more };
}

export const noCoupons: Shopper = { coupons: [], memberDiscountUsed: 0, redPackets: 0 };

export function shopper(parts: Partial<Shopper> = {}): Shopper {
  return { ...noCoupons, ...parts };
}

/** A quote that must succeed. */
export function quote(rules: PricingRules, request: QuoteRequest, who: Shopper = noCoupons, now = NOW): Quote {
  const result: Result<Quote> = settleCart(rules, request, who, now);
  if (!result.ok) throw new Error(`quote refused: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** Each line's discount from one source, by line id. */
export function discountsOf(q: Quote, source: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of q.lines) {
    const amount = l.discounts.filter((d) => d.source === source).reduce((sum, d) => sum + d.amount, 0);
    if (amount) out[l.id] = amount;
  }
  return out;
}

/** `crossStore(30000, 4000)`: the cross-store threshold "every ¥300 minus ¥40", id X. */
export const crossStore = (every: number, off: number, more = {}) => ({
  id: 'X',
  title: 'Cross-store',
  kind: 'cross-store' as const,
  mode: 'repeat' as const,
  every,
  off,
  ...more,
});
