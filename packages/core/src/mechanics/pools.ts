import { iso, type Campaign } from '../campaign.ts';
import type { CommandContext, Outcome } from '../command.ts';
import { budgetRoom, payFromBudget } from '../budget.ts';
import { fail, ok, type Result } from '../errors.ts';
import { CAMPAIGN, CANDY, campaignRecords, records } from '../keys.ts';
import { splitPool } from '../pool.ts';
import type { Plan } from '../state.ts';
import type { ReadView } from '../store.ts';

/**
 * Pools (瓜分) in the engine: at `settleAt` the operator runs the settle, which splits the pool
 * (cut to what its budget has left) over every player holding candy, in proportion to it, and
 * posts each payout from the budget to the player's red-packet balance, all in one atomic step.
 * Settling again returns the recorded run and pays nothing. The basis is listed in player-id
 * order, so the split is the same on every store.
 */

export interface PoolResult {
  at: string;
  /** Players holding candy at the settle. */
  players: number;
  /** What was split: the pool, or less when its budget had less left. */
  split: number;
  paid: number;
  /** What no player could take (everyone at the maximum, or below the minimum). */
  unallocated: number;
}

export function settlePool(plan: Plan, ctx: CommandContext, poolId: string): Result<Outcome> {
  if (ctx.actor !== 'host') return fail({ code: 'HOST_ONLY', action: 'settling pools' });
  const pool = ctx.campaign.pools.get(poolId);
  if (!pool) return fail({ code: 'POOL_NOT_FOUND', poolId });
  if (ctx.now < Date.parse(pool.settleAt)) return fail({ code: 'POOL_NOT_DUE', poolId, settleAt: iso(Date.parse(pool.settleAt)) });
  const recorded = plan.record<PoolResult>(CAMPAIGN, campaignRecords.poolResult(poolId));
  if (recorded) return ok({ type: 'pool.settled', poolId, ...recorded });

  const holders = plan.balancesNamed(CANDY).filter((h) => h.scope !== CAMPAIGN);
  const basis = new Float64Array(holders.length);
  for (let i = 0; i < holders.length; i++) basis[i] = holders[i]!.balance;
  const split = Math.min(pool.amount, Math.max(0, budgetRoom(plan, ctx.campaign, pool.budget)));
  const options = { ...(pool.minimum ? { minimum: pool.minimum } : {}), ...(pool.maximum === undefined ? {} : { maximum: pool.maximum }) };
  const { payouts, unallocated } = holders.length && split ? splitPool(split, basis, options) : { payouts: new Float64Array(0), unallocated: split };

  const payments: { playerId: string; amount: number }[] = [];
  for (let i = 0; i < holders.length; i++) {
    const amount = payouts[i]!;
    if (amount === 0) continue;
    payments.push({ playerId: holders[i]!.scope, amount });
    plan.put(holders[i]!.scope, records.poolPayout(poolId), amount);
  }
  if (payments.length) payFromBudget(plan, ctx.campaign, pool.budget, payments, 'pool-payout', poolId);
  const result: PoolResult = { at: iso(ctx.now), players: holders.length, split, paid: split - unallocated, unallocated };
  plan.put(CAMPAIGN, campaignRecords.poolResult(poolId), result);
  return ok({ type: 'pool.settled', poolId, ...result });
}

/** What a player sees of a pool: its terms, and after the settle what it paid them. */
export interface PoolState {
  id: string;
  title: string;
  amount: number;
  settleAt: string;
  status: 'pending' | 'settled';
  result: PoolResult | null;
  myPayout: number | null;
}

export function poolState(campaign: Campaign, view: ReadView, poolId: string, playerId: string): PoolState | undefined {
  const pool = campaign.pools.get(poolId);
  if (!pool) return undefined;
  const result = view.record<PoolResult>(CAMPAIGN, campaignRecords.poolResult(poolId)) ?? null;
  return {
    id: pool.id,
    title: pool.title,
    amount: pool.amount,
    settleAt: iso(Date.parse(pool.settleAt)),
    status: result ? 'settled' : 'pending',
    result,
    myPayout: result ? (view.record<number>(playerId, records.poolPayout(poolId)) ?? 0) : null,
  };
}
