import type { LineDiscount, RuleKind } from '@carnival/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageCents, DiscountCosts } from './discount-costs.ts';

const discount = (source: string, kind: RuleKind, amount: number, platform: number): LineDiscount => ({ source, kind, amount, platform });
const cart = (...lines: LineDiscount[][]) => ({ lines: lines.map((discounts) => ({ discounts })) });

describe('DiscountCosts', () => {
  it('sums each source over lines and carts, counting a cart once per source', () => {
    const costs = new DiscountCosts();
    costs.add(cart([discount('d11', 'threshold', 3000, 3000), discount('shop-99-10', 'coupon', 500, 0)], [discount('d11', 'threshold', 2000, 2000)]));
    costs.add(cart([discount('shop-99-10', 'coupon', 1000, 0)]));
    costs.add(cart([]));
    expect(costs.result()).toEqual([
      { id: 'd11', kind: 'threshold', carts: 1, amount: 5000, platform: 5000, merchant: 0, perCart: 1667 },
      { id: 'shop-99-10', kind: 'coupon', carts: 2, amount: 1500, platform: 0, merchant: 1500, perCart: 500 },
    ]);
  });

  it('keeps every cent: sources add up to the discounts, platform and merchants to each source', () => {
    const line = fc.array(fc.record({ source: fc.constantFrom('a', 'b', 'c'), amount: fc.nat(1_000_000), share: fc.nat(100) }), { maxLength: 4 });
    fc.assert(
      fc.property(fc.array(fc.array(line, { maxLength: 5 }), { maxLength: 20 }), (carts) => {
        const costs = new DiscountCosts();
        let total = 0;
        for (const lines of carts) {
          costs.add(cart(...lines.map((ds) => ds.map((d) => discount(d.source, 'coupon', d.amount, Math.floor((d.amount * d.share) / 100))))));
          for (const ds of lines) for (const d of ds) total += d.amount;
        }
        const sources = costs.result();
        expect(sources.reduce((sum, s) => sum + s.amount, 0)).toBe(total);
        // Per cart, rounded, and still adding up: each within a cent and a half of its own average
        // (under a cent from its share of the rounded whole, which is half a cent from the exact one).
        expect(sources.reduce((sum, s) => sum + s.perCart, 0)).toBe(averageCents(total, carts.length));
        for (const s of sources) expect(Math.abs(s.perCart - s.amount / carts.length)).toBeLessThan(1.5);
        for (const s of sources) {
          expect(s.platform + s.merchant).toBe(s.amount);
          expect(s.carts).toBeLessThanOrEqual(carts.length);
        }
        // Costliest first.
        for (let i = 1; i < sources.length; i++) expect(sources[i - 1]!.amount).toBeGreaterThanOrEqual(sources[i]!.amount);
      }),
    );
  });
});

describe('averageCents', () => {
  it('rounds half up to the cent, exactly', () => {
    expect(averageCents(10, 4)).toBe(3); // 2.5
    expect(averageCents(9, 4)).toBe(2); // 2.25
    expect(averageCents(0, 0)).toBe(0);
    // Near 2^53 a floating division would round; the remainder keeps it exact.
    expect(averageCents(Number.MAX_SAFE_INTEGER, 2)).toBe(4503599627370496);
  });
});
