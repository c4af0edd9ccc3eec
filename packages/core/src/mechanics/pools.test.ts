import { describe, expect, it } from 'vitest';
import { budgetBurn } from '../budget.ts';
import { compileCampaign } from '../campaign.ts';
import type { Command } from '../command.ts';
import { accounts } from '../keys.ts';
import { at, cmd, outcome, play, refusal } from '../testing.ts';
import { OPERATOR_ID } from './lotteries.ts';
import { poolState } from './pools.ts';

const now = at('2026-11-05 12:00');
const settleAt = at('2026-11-11 22:00');
const HOST = { actor: 'host' as const };
const settle: Command = { type: 'pool.settle', poolId: 'share-2b' };

async function festival(pool: { amount: number; maximum?: number }, budget = 1_000_000) {
  const game = await play({
    tasks: [{ id: 'tap', kind: 'action', verifiedBy: 'player', title: 'Tap', reward: { candy: 100 }, limits: { perDay: 100 } }],
    budgets: [{ id: 'pool', title: 'Pool money', amount: budget }],
    pools: [{ id: 'share-2b', title: 'Share ¥2 billion (瓜分)', budget: 'pool', settleAt: '2026-11-11T22:00:00+08:00', ...pool }],
  });
  const campaign = compileCampaign(game.definition, 1, 'test-seed');
  const taps = async (player: string, n: number) => {
    for (let i = 0; i < n; i++) outcome(await game.run(player, cmd.complete('tap'), now), 'task.completed');
  };
  const redPackets = (player: string) => game.store.read(game.definition.id, (view) => view.balance(accounts.redPackets(player)));
  const state = (player: string) => game.store.read(game.definition.id, (view) => poolState(campaign, view, 'share-2b', player)!);
  return { ...game, campaign, taps, redPackets, state };
}

describe('pools (瓜分)', () => {
  it('splits the pool by candy held at the settle, exactly, into red-packet balances, once', async () => {
    const game = await festival({ amount: 100_000 });
    await game.taps('amy', 3); // 300 candy
    await game.taps('bob', 1); // 100 candy
    await game.taps('cat', 2); // 200 candy
    expect(refusal(await game.run(OPERATOR_ID, settle, now, HOST))).toMatchObject({ code: 'POOL_NOT_DUE' });
    const settled = outcome(await game.run(OPERATOR_ID, settle, settleAt, HOST), 'pool.settled');
    expect(settled).toMatchObject({ players: 3, split: 100_000, paid: 100_000, unallocated: 0 });
    // ¥1,000 over 300 : 100 : 200 candy: 50,000, 16,666.67 and 33,333.33 cents; the cent left goes to the larger remainder.
    expect(await Promise.all(['amy', 'bob', 'cat'].map(game.redPackets))).toEqual([50_000, 16_667, 33_333]);
    expect(await game.state('bob')).toMatchObject({ status: 'settled', myPayout: 16_667 });
    // Settling again pays nothing more.
    expect(outcome(await game.run(OPERATOR_ID, settle, settleAt + 1000, HOST), 'pool.settled')).toEqual(settled);
    const burn = await game.store.read(game.definition.id, (view) => budgetBurn(view, game.campaign));
    expect(burn[0]).toMatchObject({ spent: 100_000 });
  });

  it('caps a player at the maximum, the excess going to the others, and splits no more than the budget has left', async () => {
    const game = await festival({ amount: 100_000, maximum: 40_000 }, 90_000);
    await game.taps('amy', 8);
    await game.taps('bob', 1);
    await game.taps('cat', 1);
    const settled = outcome(await game.run(OPERATOR_ID, settle, settleAt, HOST), 'pool.settled');
    expect(settled).toMatchObject({ split: 90_000, paid: 90_000 });
    expect(await Promise.all(['amy', 'bob', 'cat'].map(game.redPackets))).toEqual([40_000, 25_000, 25_000]);
  });

  it('is refused to a player, and for an unknown pool', async () => {
    const game = await festival({ amount: 1000 });
    expect(refusal(await game.run('amy', settle, settleAt))).toMatchObject({ code: 'HOST_ONLY' });
    expect(refusal(await game.run(OPERATOR_ID, { type: 'pool.settle', poolId: 'nope' }, settleAt, HOST))).toEqual({ code: 'POOL_NOT_FOUND', poolId: 'nope' });
  });
});
