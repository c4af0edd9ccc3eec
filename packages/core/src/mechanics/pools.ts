import { iso, type Campaign } from '../campaign.ts';
import type { CommandContext, Outcome } from '../command.ts';
import { budgetRoom, holdInBudget, payFromBudget } from '../budget.ts';
import { fail, ok, type Result } from '../errors.ts';
import { CAMPAIGN, CANDY, campaignCounters, campaignRecords, counters, records } from '../keys.ts';
import { splitPool } from '../pool.ts';
import type { PoolDefinition } from '../definition.ts';
import type { Plan, RecordListing } from '../state.ts';
import type { ReadView } from '../store.ts';

/**
 * Pools (瓜分) in the engine. At `settleAt` the operator runs the settle, which freezes the
 * basis (every player's candy held, or earned, as of `settleAt`: see `frozenBasis`), splits the
 * pool (cut to what its budget has left) over it in player-id order, so the split is the same on
 * every store, holds the whole payout in the budget and writes the payouts in batches of
 * `POOL_BATCH` players. The settle pays the first batch itself; each further batch is one
 * `pool.pay` command. A batch pays its players from the hold and is deleted, all in one atomic
 * step, so every batch is paid exactly once whatever the retries, and a pool of 10 million
 * players never needs one step of 10 million postings (which no store should hold a lock, or
 * Redis its only thread, for). `runPoolSettle` drives the whole run. Settling again returns the
 * recorded run.
 */

/** Players paid per batch: a step of a few thousand writes on any store. */
export const POOL_BATCH = 1000;

export interface PoolResult {
  at: string;
  basis: 'held' | 'earned';
  /** Players with candy at the settle. */
  players: number;
  /** What was split: the pool, or less when its budget had less left. */
  split: number;
  /** What the run pays in all (held in the budget until its batch is paid). */
  paid: number;
  /** What no player could take (everyone at the maximum, or below the minimum). */
  unallocated: number;
  /** Payout batches of the run, each one `pool.pay` (the first paid by the settle). */
  batches: number;
}

/** One batch of a settle run's payouts, as frozen: players and amounts by the same index. */
interface PoolBatch {
  players: string[];
  amounts: number[];
}

export function settlePool(plan: Plan, ctx: CommandContext, poolId: string): Result<Outcome> {
  const pool = poolFor(ctx, poolId);
  if (!pool.ok) return pool;
  const recorded = plan.record<PoolResult>(CAMPAIGN, campaignRecords.poolResult(poolId));
  if (recorded) return ok({ type: 'pool.settled', poolId, ...recorded });

  const { players, basis } = frozenBasis(plan, pool.value);
  const split = Math.min(pool.value.amount, Math.max(0, budgetRoom(plan, ctx.campaign, pool.value.budget)));
  const options = { ...(pool.value.minimum ? { minimum: pool.value.minimum } : {}), ...(pool.value.maximum === undefined ? {} : { maximum: pool.value.maximum }) };
  const { payouts, unallocated } = players.length && split ? splitPool(split, basis, options) : { payouts: new Float64Array(0), unallocated: split };

  let batches = 0;
  let batch: PoolBatch = { players: [], amounts: [] };
  for (let i = 0; i < players.length; i++) {
    if (payouts[i] === 0) continue;
    batch.players.push(players[i]!);
    batch.amounts.push(payouts[i]!);
    if (batch.players.length === POOL_BATCH) {
      plan.put(CAMPAIGN, campaignRecords.poolBatch(poolId, batches++), batch);
      batch = { players: [], amounts: [] };
    }
  }
  if (batch.players.length) plan.put(CAMPAIGN, campaignRecords.poolBatch(poolId, batches++), batch);

  const paid = split - unallocated;
  const result: PoolResult = { at: iso(ctx.now), basis: pool.value.basis, players: players.length, split, paid, unallocated, batches };
  plan.put(CAMPAIGN, campaignRecords.poolResult(poolId), result);
  if (paid > 0) {
    holdInBudget(plan, ctx.campaign, pool.value.budget, paid);
    payBatch(plan, ctx, pool.value, result, 0);
  }
  return ok({ type: 'pool.settled', poolId, ...result });
}

/** Pays one batch of a settled pool; a batch paid already (or beyond the run) pays nothing. */
export function payPoolBatch(plan: Plan, ctx: CommandContext, poolId: string, batch: number): Result<Outcome> {
  const pool = poolFor(ctx, poolId);
  if (!pool.ok) return pool;
  const result = plan.record<PoolResult>(CAMPAIGN, campaignRecords.poolResult(poolId));
  if (!result) return fail({ code: 'POOL_NOT_SETTLED', poolId });
  const { players, paid } = payBatch(plan, ctx, pool.value, result, batch);
  return ok({ type: 'pool.batch-paid', poolId, batch, players, paid });
}

function poolFor(ctx: CommandContext, poolId: string): Result<PoolDefinition> {
  if (ctx.actor !== 'host') return fail({ code: 'HOST_ONLY', action: 'settling pools' });
  const pool = ctx.campaign.pools.get(poolId);
  if (!pool) return fail({ code: 'POOL_NOT_FOUND', poolId });
  if (ctx.now < Date.parse(pool.settleAt)) return fail({ code: 'POOL_NOT_DUE', poolId, settleAt: iso(Date.parse(pool.settleAt)) });
  return ok(pool);
}

/**
 * The basis of a split as of `settleAt`, in player-id order, players with candy then only: candy
 * held, or candy earned (held plus spent; nothing else takes candy from a player), as it stands
 * now, except for players whose candy changed since `settleAt`: the candy ledger kept their basis
 * of then (`poolBasis`, 1 + the basis). Every listing is in player-id order, so this is one merge
 * of the three, with no list of millions built on the way.
 */
function frozenBasis(listing: RecordListing, pool: PoolDefinition): { players: string[]; basis: Float64Array } {
  const held = listing.balancesNamed(CANDY);
  const spent = pool.basis === 'earned' ? listing.countersNamed(counters.candySpent) : [];
  const kept = listing.countersNamed(counters.poolBasis(pool.id));
  const players: string[] = [];
  const values: number[] = [];
  let [h, s, k] = [0, 0, 0];
  for (;;) {
    if (held[h]?.scope === CAMPAIGN) h++;
    const scope = least(least(held[h]?.scope, spent[s]?.scope), kept[k]?.scope);
    if (scope === undefined) break;
    let value = 0;
    if (held[h]?.scope === scope) value += held[h++]!.balance;
    if (spent[s]?.scope === scope) value += spent[s++]!.value;
    if (kept[k]?.scope === scope) value = kept[k++]!.value - 1;
    if (value > 0) {
      players.push(scope);
      values.push(value);
    }
  }
  return { players, basis: Float64Array.from(values) };
}

/** The earlier of two player ids in listing order; a listing that has ended gives none. */
const least = (a: string | undefined, b: string | undefined) => (a === undefined || (b !== undefined && b < a) ? b : a);

/**
 * Pays a batch from the run's hold and deletes it, with the count of paid batches guarded at
 * the run's batch count; the last batch marks the run paid.
 */
function payBatch(plan: Plan, ctx: CommandContext, pool: PoolDefinition, result: PoolResult, batch: number): { players: number; paid: number } {
  const name = campaignRecords.poolBatch(pool.id, batch);
  const frozen = plan.record<PoolBatch>(CAMPAIGN, name);
  if (!frozen) return { players: 0, paid: 0 };
  const payments = frozen.players.map((playerId, i) => ({ playerId, amount: frozen.amounts[i]! }));
  let total = 0;
  for (const payment of payments) {
    total += payment.amount;
    plan.put(payment.playerId, records.poolPayout(pool.id), payment.amount);
  }
  holdInBudget(plan, ctx.campaign, pool.budget, -total);
  payFromBudget(plan, ctx.campaign, pool.budget, payments, 'pool-payout', pool.id);
  plan.count(CAMPAIGN, campaignCounters.poolBatchesPaid(pool.id), 1, result.batches);
  plan.put(CAMPAIGN, name, null);
  return { players: payments.length, paid: total };
}

/** What a player sees of a pool: its terms, and after the settle what it paid them. */
export interface PoolState {
  id: string;
  title: string;
  amount: number;
  basis: 'held' | 'earned';
  settleAt: string;
  /** paying: settled, with batches still to pay. */
  status: 'pending' | 'paying' | 'settled';
  result: PoolResult | null;
  batchesPaid: number;
  /** What the pool paid me; null until my batch is paid. */
  myPayout: number | null;
}

export function poolState(campaign: Campaign, view: ReadView, poolId: string, playerId: string): PoolState | undefined {
  const pool = campaign.pools.get(poolId);
  if (!pool) return undefined;
  const result = view.record<PoolResult>(CAMPAIGN, campaignRecords.poolResult(poolId)) ?? null;
  const batchesPaid = view.counter(CAMPAIGN, campaignCounters.poolBatchesPaid(poolId));
  const status = !result ? 'pending' : batchesPaid < result.batches ? 'paying' : 'settled';
  const mine = view.record<number>(playerId, records.poolPayout(poolId));
  return {
    id: pool.id,
    title: pool.title,
    amount: pool.amount,
    basis: pool.basis,
    settleAt: iso(Date.parse(pool.settleAt)),
    status,
    result,
    batchesPaid,
    myPayout: mine ?? (status === 'settled' ? 0 : null),
  };
}
