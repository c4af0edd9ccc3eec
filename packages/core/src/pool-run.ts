import type { CommandRequest } from './command.ts';
import type { CommandResult } from './engine.ts';
import type { Store } from './store.ts';

/**
 * Runs a pool's whole settle: the settle command (which freezes the split and pays the first
 * batch), then one `pool.pay` per further batch. Each batch has a key of its own derived from the
 * pool, so running the same settle again, after a crash or by the scheduler and an operator at
 * once, replays what was paid and pays only what was not. Answers the settle's result.
 *
 * @example
 * await runPoolSettle(store, { campaignId, playerId: OPERATOR_ID, key: 'settle-1', command: { type: 'pool.settle', poolId }, actor: 'host', claims: {}, now })
 */
export async function runPoolSettle(store: Store, request: CommandRequest): Promise<CommandResult> {
  const settled = await store.execute(request);
  if (!settled.ok || settled.receipt.outcome.type !== 'pool.settled') return settled;
  const { poolId } = settled.receipt.outcome;
  for (let batch = 1; batch < settled.receipt.outcome.batches; batch++) {
    const paid = await store.execute({ ...request, key: poolBatchKey(poolId, batch), command: { type: 'pool.pay', poolId, batch } });
    if (!paid.ok) return paid;
  }
  return settled;
}

/** The idempotency key of a batch's payment: one per batch, whoever runs it. */
export const poolBatchKey = (poolId: string, batch: number) => `pool-batch|${poolId}|${batch}`;
