import { allocate, type LineDiscount, type RuleKind } from '@carnival/core';

/** What one discount source (a rule, a coupon, red packets) took off, and who funded it. */
export interface SourceCost {
  /** The rule's id (`red-packets` for red packets): what a discount's `source` names. */
  id: string;
  kind: RuleKind;
  /** Carts it took money off. */
  carts: number;
  amount: number;
  platform: number;
  merchant: number;
  /**
   * `amount` per settled cart in whole cents: the sources' `perCart` split the discount per cart
   * (rounded half up) by largest remainder, so they add up to it as the amounts add up to the total.
   */
  perCart: number;
}

interface SourceSums {
  kind: RuleKind;
  carts: number;
  amount: number;
  platform: number;
}

/**
 * The discount cost of many settled carts, summed by source from each line's discounts: what a
 * backtest reports of historical carts and a simulation of its orders. Sums are exact integers;
 * `perCart` is the one division, at the end.
 */
export class DiscountCosts {
  readonly #sources = new Map<string, SourceSums>();
  #carts = 0;

  /** Adds one settled cart: a quote or an order's settlement. */
  add(settlement: { lines: readonly { discounts: readonly LineDiscount[] }[] }): void {
    this.#carts++;
    // A source counts a cart once, however many of its lines it took money off.
    const seen = new Set<string>();
    for (const line of settlement.lines) {
      for (const d of line.discounts) {
        let sums = this.#sources.get(d.source);
        if (!sums) this.#sources.set(d.source, (sums = { kind: d.kind, carts: 0, amount: 0, platform: 0 }));
        sums.amount += d.amount;
        sums.platform += d.platform;
        if (!seen.has(d.source)) sums.carts++;
        seen.add(d.source);
      }
    }
  }

  /** Every source that took money off, the costliest first (ties by id). */
  result(): SourceCost[] {
    const sums = [...this.#sources].sort(([a, x], [b, y]) => y.amount - x.amount || (a < b ? -1 : a > b ? 1 : 0));
    const perCart = averagesAddingUp(sums.map(([, s]) => s.amount), this.#carts);
    return sums.map(([id, s], i) => ({ id, kind: s.kind, carts: s.carts, amount: s.amount, platform: s.platform, merchant: s.amount - s.platform, perCart: perCart[i]! }));
  }
}

/** A sum over a count of carts in whole cents, rounded half up; exact for any safe integers. */
export function averageCents(total: number, count: number): number {
  if (count === 0) return 0;
  const remainder = total % count;
  const quotient = (total - remainder) / count;
  return 2 * remainder >= count ? quotient + 1 : quotient;
}

/**
 * Parts of a whole, each per cart in whole cents, adding up to the whole's average: the average of
 * their sum (rounded half up) split over them in proportion by largest remainder (`allocate`),
 * so a table's per-cart column adds up as its totals do.
 */
export function averagesAddingUp(parts: readonly number[], count: number): number[] {
  const whole = averageCents(parts.reduce((sum, part) => sum + part, 0), count);
  return allocate(whole, parts.map((weight) => ({ weight }))).parts;
}
