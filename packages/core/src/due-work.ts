import type { Campaign } from './campaign.ts';
import type { Clock } from './clock.ts';
import type { Command, CommandRequest } from './command.ts';
import { CAMPAIGN, campaignCounters, campaignRecords } from './keys.ts';
import { OPERATOR_ID, type LotteryResult } from './mechanics/lotteries.ts';
import type { PoolResult } from './mechanics/pools.ts';
import { runPoolSettle } from './pool-run.ts';
import type { Store } from './store.ts';

/**
 * What runs on its own as the campaign clock passes a moment, so a festival runs without an
 * operator at the keyboard: settle pools at `settleAt`, draw lotteries at `drawAt` once their
 * public value is known, and release clear-cart prizes whose window closed unused. Each is the
 * same idempotent command an operator would send, under a key derived from what it does, so
 * several servers on one store, or a restart mid-pass, still give one effect. The server's
 * scheduler runs it on the wall clock; the simulator on its simulated one.
 */

/** Where the public values of lotteries come from, once published (a drand round, a state lottery's numbers). */
export interface PublicValues {
  valueFor(campaignId: string, lotteryId: string): Promise<string | undefined>;
}

export const noPublicValues: PublicValues = { valueFor: async () => undefined };

const HOUR = 3_600_000;

/** One pass over every campaign; returns a line for each command that did something. */
export async function runDueWork(store: Store, clock: Clock, publicValues: PublicValues): Promise<string[]> {
  const done: string[] = [];
  for (const summary of await store.campaigns()) {
    const campaign = await store.campaign(summary.id);
    if (campaign) done.push(...(await campaignWork(store, campaign, clock.now(), publicValues)));
  }
  return done;
}

async function campaignWork(store: Store, campaign: Campaign, now: number, publicValues: PublicValues): Promise<string[]> {
  const id = campaign.definition.id;
  const done: string[] = [];
  const operatorRequest = (key: string, command: Command): CommandRequest => ({ campaignId: id, playerId: OPERATOR_ID, key, command, actor: 'host', claims: {}, now });
  const send = async (key: string, command: Command, what: string) => {
    const result = await store.execute(operatorRequest(key, command));
    const idle = result.ok && result.receipt.outcome.type === 'lottery.released' && result.receipt.outcome.released === 0;
    if (result.ok && !result.replayed && !idle) done.push(`${id}: ${what}`);
  };

  for (const pool of campaign.pools.values()) {
    if (now < Date.parse(pool.settleAt)) continue;
    // Not settled, or a run that stopped between batches (a crash): the run pays what is left.
    const stage = await store.read(id, (view) => {
      const result = view.record<PoolResult>(CAMPAIGN, campaignRecords.poolResult(pool.id));
      if (!result) return 'due';
      return view.counter(CAMPAIGN, campaignCounters.poolBatchesPaid(pool.id)) < result.batches ? 'paying' : 'done';
    });
    if (stage === 'done') continue;
    const run = await runPoolSettle(store, operatorRequest(`scheduler|pool|${pool.id}`, { type: 'pool.settle', poolId: pool.id }));
    if (run.ok) done.push(`${id}: ${stage === 'due' ? 'settled' : 'paid the rest of'} pool ${pool.id}`);
  }
  for (const lottery of campaign.lotteries.values()) {
    if (now < Date.parse(lottery.drawAt)) continue;
    const result = await store.read(id, (view) => view.record<LotteryResult>(CAMPAIGN, campaignRecords.lotteryResult(lottery.id)));
    if (!result) {
      const publicValue = await publicValues.valueFor(id, lottery.id);
      if (publicValue !== undefined) await send(`scheduler|draw|${lottery.id}`, { type: 'lottery.draw', lotteryId: lottery.id, publicValue }, `drew lottery ${lottery.id}`);
      continue;
    }
    // Once an hour after a window closes: releasing twice frees nothing more.
    if (result.winners.some((w) => w.clearCart && now >= Date.parse(w.clearCart.until))) {
      await send(`scheduler|release|${lottery.id}|${Math.floor(now / HOUR)}`, { type: 'lottery.release', lotteryId: lottery.id }, `released lapsed prizes of ${lottery.id}`);
    }
  }
  return done;
}
