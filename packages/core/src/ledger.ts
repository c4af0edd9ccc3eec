import type { Campaign } from './campaign.ts';
import { accounts, counters, type Account } from './keys.ts';
import type { Plan } from './state.ts';

/** What the candy ledger reads of a command: the campaign (its pools and wallet), the clock, the day. */
export interface CandyContext {
  campaign: Campaign;
  now: number;
  day: string;
}

/** Candy a command meant to credit, what it actually credited, and whether a cap cut it. */
export interface Credit {
  requested: number;
  credited: number;
  /** Set when the daily earning cap cut the credit. */
  cappedBy?: 'dailyEarnCap';
}

/**
 * Credits candy to a player as a balanced posting from the issuance account. A reward that
 * would take the player past the daily earning cap is cut to what fits (possibly nothing), and
 * the credit says so: the task still counts, the player just earns less. The caller passes the
 * player's account (`accounts.player(playerId)`) so that a command builds it once.
 *
 * @example
 * creditCandy(plan, ctx, accounts.player('p1'), 100, 'task', 'browse-venue')
 */
export function creditCandy(plan: Plan, ctx: CandyContext, account: Account, amount: number, reason: string, memo?: string): Credit {
  const { scope } = account;
  const dailyCap = ctx.campaign.definition.wallet?.dailyEarnCap;
  const earned = counters.earnedOn(ctx.day);
  const room = dailyCap === undefined ? amount : Math.max(0, dailyCap - plan.counter(scope, earned));
  const credited = Math.min(amount, room);
  if (credited > 0) {
    keepPoolBases(plan, ctx, account);
    plan.count(scope, earned, credited, dailyCap);
    plan.transfer(accounts.issuance, account, credited, reason, memo);
  }
  return credited < amount ? { requested: amount, credited, cappedBy: 'dailyEarnCap' } : { requested: amount, credited };
}

/**
 * Spends a player's candy (from `accounts.player`) into the redeemed account; the caller has
 * checked the balance. What was spent is counted, so that candy earned (balance plus spent) can
 * be a pool's basis without a counter on every credit, the engine's hottest path.
 */
export function spendCandy(plan: Plan, ctx: CandyContext, account: Account, amount: number, reason: string, memo?: string): void {
  keepPoolBases(plan, ctx, account);
  plan.count(account.scope, counters.candySpent, amount);
  plan.transfer(account, accounts.redeemed, amount, reason, memo);
}

/**
 * A pool splits by candy as of its `settleAt`, however late its settle runs: so before a
 * player's candy first changes at or after that moment, their basis then is kept (`poolBasis`).
 * A player whose candy has not changed since still holds it. Nothing is kept before `settleAt`,
 * and once per player and pool after it.
 */
function keepPoolBases(plan: Plan, ctx: CandyContext, account: Account): void {
  for (const pool of ctx.campaign.poolSettles) {
    if (ctx.now < pool.settleAt) continue;
    const kept = counters.poolBasis(pool.id);
    if (plan.counter(account.scope, kept) > 0) continue;
    const held = plan.balance(account);
    plan.count(account.scope, kept, 1 + (pool.basis === 'held' ? held : held + plan.counter(account.scope, counters.candySpent)));
  }
}

/**
 * What postings add up to, per ledger account id: the named ones (zero if never posted to) and
 * any other. A balanced ledger's sums add up to zero, and each equals the account's stored balance.
 */
export function postedBalances(entries: Iterable<{ from: string; to: string; amount: number }>, names: readonly string[] = []): Record<string, number> {
  const sums: Record<string, number> = Object.fromEntries(names.map((account) => [account, 0]));
  for (const e of entries) {
    sums[e.from] = (sums[e.from] ?? 0) - e.amount;
    sums[e.to] = (sums[e.to] ?? 0) + e.amount;
  }
  return sums;
}
