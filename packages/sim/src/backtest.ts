import {
  compileCampaign,
  describeError,
  formatProblem,
  parseWith,
  pricingRules,
  settleCart,
  type CampaignDefinition,
  type PricingRules,
  type Problem,
  type Quote,
  type ThresholdDefinition,
} from '@carnival/core';
import { averageCents, averagesAddingUp, DiscountCosts, type SourceCost } from './discount-costs.ts';
import { cartRequest, cartShopper, CartFile, defaultMoment, unknownCoupons } from './cart-file.ts';
import { ratio } from './stats.ts';

/**
 * A backtest: historical carts settled under a campaign's pricing, one at a time, into
 * aggregates only (sums and counts keyed by rule id, step or bucket), so millions of carts take
 * the memory of one. `add` never throws for a bad cart: it counts it under its reason.
 */

/**
 * A top-up of ¥30 or less is "near" by default: a tenth of the ¥300 cross-store step festivals
 * use, about the price of the small items (snacks, tissues) shoppers add to reach a step (凑单).
 */
export const DEFAULT_NEAR = 3000;
/** Near top-ups are counted in this many equal buckets from 0 to `near` (fewer when `near` is under 10 cents). */
export const NEAR_BUCKETS = 10;
/** Repeating thresholds report their first steps; the last counts every cart at or past it. */
export const REPEAT_STEPS = 10;
/** Refusals keep their first few line numbers, and at most this many distinct reasons. */
export const REFUSAL_LINES = 5;
export const MAX_REASONS = 20;
/** Where refusals beyond `MAX_REASONS` distinct reasons are counted. */
export const OTHER_REASONS = 'other reasons';

export interface BacktestOptions {
  /** The moment every cart is settled at, overriding the carts' own `at`. */
  at?: string | undefined;
  /** The largest top-up (cents) counted as near the next threshold step. */
  near?: number | undefined;
}

export interface ThresholdStep {
  /** The eligible spend the step needs. */
  min: number;
  /** What reaching it takes off (a repeat step: all steps up to it). */
  off: number;
  /** Carts whose eligible spend reached it. */
  carts: number;
  share: number;
}

export interface ThresholdReach {
  id: string;
  title: string;
  mode: ThresholdDefinition['mode'];
  /** Carts with eligible items for it while it was in effect. */
  eligible: number;
  /** Carts it took money off. */
  reached: number;
  /** Of every cart settled. */
  share: number;
  /** Of the carts eligible for it. */
  shareOfEligible: number;
  /** Carts within `near` of its next step. */
  near: number;
  steps: ThresholdStep[];
}

export interface NearBucket {
  /** Top-ups above `from` (cents) … */
  from: number;
  /** … up to and including `to`. */
  to: number;
  carts: number;
}

export interface Refusal {
  reason: string;
  count: number;
  /** The first line numbers refused for it. */
  lines: number[];
  /** What was wrong with the first of them, with its line number. */
  example: string;
}

export interface BacktestResult {
  campaignId: string;
  currency: string;
  /** The `at` override, or null when each cart's own moment (or the campaign's last phase) was used. */
  at: string | null;
  near: number;
  carts: { read: number; settled: number; refused: number };
  totals: { list: number; fees: number; discount: number; payable: number; deposit: number; platform: number; merchant: number; discountRate: number };
  perCart: { list: number; discount: number; payable: number; platform: number; merchant: number };
  sources: SourceCost[];
  thresholds: ThresholdReach[];
  /** Carts whose smallest threshold top-up was within `near`, and how those top-ups spread. */
  nearMisses: { carts: number; share: number; buckets: NearBucket[] };
  refused: Refusal[];
}

interface ThresholdCounts {
  definition: ThresholdDefinition;
  eligible: number;
  reached: number;
  near: number;
  /** Carts at or past each step, by step index. */
  steps: number[];
}

export class Backtest {
  private readonly rules: PricingRules;
  private readonly near: number;
  private readonly bucketWidth: number;
  private read = 0;
  private settled = 0;
  private readonly totals = { list: 0, fees: 0, discount: 0, payable: 0, deposit: 0, platform: 0, merchant: 0 };
  private readonly sources = new DiscountCosts();
  private readonly thresholds: ReadonlyMap<string, ThresholdCounts>;
  private nearCarts = 0;
  private readonly nearBuckets: number[];
  private readonly refusals = new Map<string, Refusal>();

  /** Throws when the campaign has no pricing: there is nothing to backtest, for any cart. */
  constructor(
    private readonly definition: CampaignDefinition,
    private readonly options: BacktestOptions = {},
  ) {
    const rules = pricingRules(compileCampaign(definition, 1, 'backtest'));
    if (!rules) throw new Error(describeError({ code: 'PRICING_NOT_DEFINED', campaignId: definition.id }));
    this.rules = rules;
    this.near = options.near ?? DEFAULT_NEAR;
    if (!Number.isSafeInteger(this.near) || this.near < 0) throw new RangeError(`near: expected integer cents, 0 or more, got ${this.near}`);
    this.bucketWidth = Math.max(1, Math.ceil(this.near / NEAR_BUCKETS));
    this.nearBuckets = Array.from({ length: Math.ceil(this.near / this.bucketWidth) }, () => 0);
    this.thresholds = new Map(
      (definition.pricing?.thresholds ?? []).map((t) => [t.id, { definition: t, eligible: 0, reached: 0, near: 0, steps: stepsOf(t).map(() => 0) }]),
    );
  }

  /** Settles one cart file (as parsed JSON) and adds it in, or counts why it was refused. */
  add(value: unknown, line = this.read + 1): void {
    this.read++;
    const parsed = parseWith(CartFile, value);
    if (!parsed.ok) return this.refuseProblems(line, parsed.problems);
    const file = parsed.value;
    const unknown = unknownCoupons(file, this.definition);
    if (unknown.length) return this.refuseProblems(line, unknown);
    const at = this.options.at ?? file.at ?? defaultMoment(this.definition);
    const quote = settleCart(this.rules, cartRequest(file), cartShopper(file), Date.parse(at));
    if (!quote.ok) {
      // A cart the pricing cannot settle names its field, as a schema problem does: grouped alike.
      const error = quote.error;
      return error.code === 'INVALID_CART' ? this.refuseProblems(line, [error]) : this.refuse(line, `refused: ${error.code}`, describeError(error));
    }
    this.count(quote.value);
  }

  /** Counts a line that could not be read as JSON at all. */
  unreadable(line: number, message: string): void {
    this.read++;
    this.refuse(line, 'not JSON', message);
  }

  result(): BacktestResult {
    const settled = this.settled;
    const t = this.totals;
    // Split from the discount per cart, so the funders' shares add up to it as their totals do.
    const funders = averagesAddingUp([t.platform, t.merchant], settled);
    const thresholds = [...this.thresholds].map(([id, counts]) => ({
      id,
      title: counts.definition.title,
      mode: counts.definition.mode,
      eligible: counts.eligible,
      reached: counts.reached,
      share: shareOf(counts.reached, settled),
      shareOfEligible: shareOf(counts.reached, counts.eligible),
      near: counts.near,
      steps: stepsOf(counts.definition).map((step, i) => ({ ...step, carts: counts.steps[i]!, share: shareOf(counts.steps[i]!, settled) })),
    }));
    return {
      campaignId: this.definition.id,
      currency: this.rules.currency,
      at: this.options.at ?? null,
      near: this.near,
      carts: { read: this.read, settled, refused: this.read - settled },
      totals: { ...t, discountRate: shareOf(t.discount, t.list) },
      perCart: {
        list: averageCents(t.list, settled),
        discount: averageCents(t.discount, settled),
        payable: averageCents(t.payable, settled),
        platform: funders[0]!,
        merchant: funders[1]!,
      },
      sources: this.sources.result(),
      thresholds,
      nearMisses: {
        carts: this.nearCarts,
        share: shareOf(this.nearCarts, settled),
        buckets: this.nearBuckets.map((carts, i) => ({ from: i * this.bucketWidth, to: Math.min((i + 1) * this.bucketWidth, this.near), carts })),
      },
      refused: [...this.refusals.values()].map((r) => ({ ...r, lines: [...r.lines] })),
    };
  }

  private count(quote: Quote): void {
    this.settled++;
    const t = this.totals;
    t.list += quote.list;
    t.fees += quote.fees;
    t.discount += quote.discount;
    t.payable += quote.payable;
    t.deposit += quote.deposit;
    t.platform += quote.funding.platform;
    t.merchant += quote.funding.merchant;

    this.sources.add(quote);

    for (const report of quote.rules) {
      const counts = report.kind === 'threshold' ? this.thresholds.get(report.id) : undefined;
      if (!counts || report.status === 'not-in-effect' || report.status === 'no-eligible-items') continue;
      counts.eligible++;
      if (report.amount > 0) counts.reached++;
      stepsOf(counts.definition).forEach((step, i) => {
        if (report.base >= step.min) counts.steps[i]!++;
      });
    }

    // The quote's hints say what each threshold's next step needs; the cart is near when the smallest is.
    let smallest = Infinity;
    for (const hint of quote.hints) {
      if (hint.kind !== 'threshold' || hint.needed > this.near) continue;
      this.thresholds.get(hint.id)!.near++;
      smallest = Math.min(smallest, hint.needed);
    }
    if (smallest !== Infinity) {
      this.nearCarts++;
      this.nearBuckets[Math.floor((smallest - 1) / this.bucketWidth)]!++;
    }
  }

  private refuseProblems(line: number, problems: readonly Problem[]): void {
    const first = problems[0]!;
    // Indices vary from cart to cart; the reason is the field and what it expected.
    const reason = `${first.path.replace(/\[\d+\]/g, '[]') || '(document)'}: expected ${first.expected}`;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    this.refuse(line, reason, `${formatProblem(first)}${more}`);
  }

  private refuse(line: number, reason: string, detail: string): void {
    const key = this.refusals.has(reason) || this.refusals.size < MAX_REASONS - 1 ? reason : OTHER_REASONS;
    const refusal = this.refusals.get(key) ?? { reason: key, count: 0, lines: [], example: `line ${line}: ${detail}` };
    refusal.count++;
    if (refusal.lines.length < REFUSAL_LINES) refusal.lines.push(line);
    this.refusals.set(key, refusal);
  }
}

/** A threshold's steps: its tiers, or a repeating threshold's first `REPEAT_STEPS` multiples (capped as it caps). */
function stepsOf(t: ThresholdDefinition): { min: number; off: number }[] {
  if (t.mode === 'tiered') return t.tiers.map((tier) => ({ min: tier.min, off: tier.off }));
  return Array.from({ length: REPEAT_STEPS }, (_, i) => ({ min: (i + 1) * t.every, off: Math.min((i + 1) * t.off, t.cap ?? Infinity) }));
}

/** A part of a whole as a report's ratio (six decimals, so the report reads the same everywhere); 0 of nothing. */
const shareOf = (part: number, whole: number) => (whole === 0 ? 0 : ratio(part / whole));
