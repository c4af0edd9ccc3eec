import type { CampaignDefinition } from './definition.ts';
import { definitionWith } from './experiments.ts';
import { formatMoney } from './settlement/money.ts';

/**
 * What a campaign can pay at worst, per budget, so a designer sees before launch that a prize
 * table cannot be honoured (its worst case exceeds its budget) or that a budget is dead weight.
 * Budgets are hard limits at run time either way; the lint says where they will bite. With
 * experiments, each source is priced at its worst over the variants: a variant's players may
 * win the whole stock.
 */

/** One mechanic that pays from a budget, and the most it can pay over the whole campaign. */
export interface PayoutSource {
  budget: string;
  /** Where it is defined: `boxes[0].rewards[2]`. */
  path: string;
  /** How a designer names it: `box "lucky" reward "red-88"`. */
  label: string;
  /** Cents at worst; null when only the budget bounds it (no stock, any number of players). */
  worstCase: number | null;
  /** How the worst case comes about: `100 × ¥5.00`. */
  reckoning: string;
}

export interface BudgetLint {
  id: string;
  amount: number;
  sources: PayoutSource[];
  /** Σ of the sources' worst cases; null when any is unbounded. */
  worstCase: number | null;
}

export interface CampaignLint {
  budgets: BudgetLint[];
  warnings: string[];
}

/** Every source of money in a definition, with its worst case. */
export function payoutSources(def: CampaignDefinition): PayoutSource[] {
  const money = (cents: number) => formatMoney(cents, def.currency);
  const sources: PayoutSource[] = [];
  def.boxes.forEach((box, i) => {
    box.rewards.forEach((row, j) => {
      const cash = row.reward.cash;
      if (cash === undefined || box.budget === undefined) return;
      const bounded = row.stock !== undefined;
      sources.push({
        budget: box.budget,
        path: `boxes[${i}].rewards[${j}]`,
        label: `box "${box.id}" reward "${row.id}"`,
        worstCase: bounded ? row.stock! * cash : null,
        reckoning: bounded ? `${row.stock} × ${money(cash)}` : `${money(cash)} a win, no stock: only the budget stops it`,
      });
    });
  });
  const pricing = def.pricing;
  const discount = (budget: string | undefined, path: string, label: string) => {
    if (budget !== undefined) sources.push({ budget, path, label, worstCase: null, reckoning: 'a discount on every order that reaches it: only the budget stops it' });
  };
  pricing?.thresholds.forEach((rule, i) => discount(rule.budget, `pricing.thresholds[${i}]`, `${rule.kind} threshold "${rule.id}"`));
  pricing?.coupons.forEach((rule, i) => discount(rule.budget, `pricing.coupons[${i}]`, `${rule.kind} coupon "${rule.id}"`));
  if (pricing?.memberDiscount) discount(pricing.memberDiscount.budget, 'pricing.memberDiscount', `member discount "${pricing.memberDiscount.id}"`);
  def.pools.forEach((pool, i) => {
    sources.push({ budget: pool.budget, path: `pools[${i}]`, label: `pool "${pool.id}"`, worstCase: pool.amount, reckoning: `the pool of ${money(pool.amount)}` });
  });
  def.luckyPackets.forEach((packet, i) => {
    const bounded = packet.stock !== undefined;
    sources.push({
      budget: packet.budget,
      path: `luckyPackets[${i}]`,
      label: `lucky packet "${packet.id}"`,
      worstCase: bounded ? packet.stock! * packet.amount : null,
      reckoning: bounded ? `${packet.stock} × ${money(packet.amount)}` : `${money(packet.amount)} a packet, no stock: only the budget stops it`,
    });
  });
  def.lotteries.forEach((lottery, i) => {
    lottery.tiers.forEach((tier, j) => {
      const most = tier.reward.cash ?? tier.reward.clearCart?.cap;
      if (most === undefined || lottery.budget === undefined) return;
      sources.push({
        budget: lottery.budget,
        path: `lotteries[${i}].tiers[${j}]`,
        label: `lottery "${lottery.id}" tier "${tier.id}"`,
        worstCase: tier.count * most,
        reckoning: `${tier.count} × ${money(most)}${tier.reward.clearCart ? ' (carts cleared up to the cap)' : ''}`,
      });
    });
  });
  return sources;
}

/**
 * Every source of money in the definition or any experiment variant of it, each at its worst
 * over the variants (unbounded being the worst), the variant named in its reckoning.
 */
export function worstPayoutSources(def: CampaignDefinition): PayoutSource[] {
  const sources = payoutSources(def);
  for (const experiment of def.experiments) {
    for (const variant of experiment.variants) {
      if (!variant.overrides.length) continue;
      for (const source of payoutSources(definitionWith(def, [variant]))) {
        const i = sources.findIndex((s) => s.path === source.path);
        const known = sources[i];
        if (known && (known.worstCase === null || (source.worstCase !== null && source.worstCase <= known.worstCase))) continue;
        const named = { ...source, reckoning: `${source.reckoning} (variant "${variant.id}" of experiment "${experiment.id}")` };
        if (known) sources[i] = named;
        else sources.push(named);
      }
    }
  }
  return sources;
}

/**
 * The worst case per budget, and warnings: a source or a budget's sources together that can pay
 * more than the budget ("box "lucky" reward "red-88" can pay up to ¥55,400,000.00 but budget
 * "cash" is ¥50,000,000.00"), budgets no mechanic draws from, and budgets their sources can
 * never spend; and lotteries whose public value may be written more than one way.
 */
export function lintCampaign(def: CampaignDefinition): CampaignLint {
  const money = (cents: number) => formatMoney(cents, def.currency);
  const sources = worstPayoutSources(def);
  const warnings: string[] = [];
  const budgets = def.budgets.map((budget): BudgetLint => {
    const own = sources.filter((s) => s.budget === budget.id);
    const bounded = own.filter((s) => s.worstCase !== null);
    const boundedWorst = bounded.reduce((sum, s) => sum + s.worstCase!, 0);
    const worstCase = bounded.length === own.length ? boundedWorst : null;
    for (const source of bounded) {
      if (source.worstCase! > budget.amount) {
        warnings.push(`${source.label} can pay up to ${money(source.worstCase!)} but budget "${budget.id}" is ${money(budget.amount)}`);
      }
    }
    if (own.length === 0) warnings.push(`budget "${budget.id}" is not drawn on by any mechanic`);
    // Unbounded sources only add to what the budget must stop, so the bounded ones alone are warned about too.
    else if (boundedWorst > budget.amount && bounded.length > 1) {
      const which = worstCase === null ? 'stock-limited sources' : 'sources';
      warnings.push(`the ${which} of budget "${budget.id}" together can pay up to ${money(boundedWorst)}, more than its ${money(budget.amount)}: the last winners would get the fallback`);
    } else if (worstCase !== null && worstCase < budget.amount) {
      warnings.push(`budget "${budget.id}" can never be spent: its sources pay at most ${money(worstCase)} of its ${money(budget.amount)}`);
    }
    return { id: budget.id, amount: budget.amount, sources: own, worstCase };
  });
  for (const lottery of def.lotteries) {
    if (!lottery.publicValueFormat) warnings.push(`lottery "${lottery.id}" names no publicValueFormat: its operator could draw with any spelling of the public value (upper case, a 0x prefix), each giving other winners`);
  }
  return { budgets, warnings };
}
