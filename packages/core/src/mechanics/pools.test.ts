import { describe, expect, it } from 'vitest';
import { budgetBurn } from '../budget.ts';
import { compileCampaign } from '../campaign.ts';
import type { Command } from '../command.ts';
import { accounts } from '../keys.ts';
import { poolBatchKey, runPoolSettle } from '../pool-run.ts';
import { at, cmd, outcome, play, refusal } from '../testing.ts';
import { OPERATOR_ID } from './lotteries.ts';
import { POOL_BATCH, poolState } from './pools.ts';

const now = at('2026-11-05 12:00');
const settleAt = at('2026-11-11 22:00');
const HOST = { actor: 'host' as const };
const settle: Command = { type: 'pool.settle', poolId: 'share-2b' };

async function festival(pool: { amount: number; maximum?: number; basis?: 'held' | 'earned' }, budget = 1_000_000) {
  const game = await play({
    tasks: [{ id: 'tap', kind: 'action', verifiedBy: 'player', title: 'Tap', reward: { candy: 100 }, limits: { perDay: 100 } }],
    boxes: [{ id: 'box', title: 'Bought box', price: { candy: 100 }, rewards: [{ id: 'sticker', weight: 1, reward: { prize: 'Sticker' } }] }],
    budgets: [{ id: 'pool', title: 'Pool money', amount: budget }],
    pools: [{ id: 'share-2b', title: 'Share ¥2 billion (瓜分)', budget: 'pool', settleAt: '2026-11-11T22:00:00+08:00', ...pool }],
  });
  const campaign = compileCampaign(game.definition, 1, 'test-seed');
  const taps = async (player: string, n: number) => {
    for (let i = 0; i < n; i++) outcome(await game.run(player, cmd.complete('tap'), now), 'task.completed');
  };
  const redPackets = (player: string) => game.store.read(game.definition.id, (view) => view.balance(accounts.redPackets(player)));
  const state = (player: string) => game.store.read(game.definition.id, (view) => poolState(campaign, view, 'share-2b', player)!);
  const settleRun = (key: string, now = settleAt) => runPoolSettle(game.store, game.request(OPERATOR_ID, settle, now, { ...HOST, key }));
  return { ...game, campaign, taps, redPackets, state, settleRun };
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

  it('can split by candy earned: held plus spent, so buying boxes does not cost a share', async () => {
    const game = await festival({ amount: 90_000, basis: 'earned' });
    await game.taps('amy', 2);
    await game.taps('bob', 2);
    outcome(await game.run('bob', { type: 'box.open', boxId: 'box' }, now), 'box.opened');
    outcome(await game.run('bob', { type: 'box.open', boxId: 'box' }, now), 'box.opened'); // bob holds 0, earned 200
    await game.taps('cat', 1);
    expect(await game.balance('bob')).toBe(0);
    const settled = outcome(await game.run(OPERATOR_ID, settle, settleAt, HOST), 'pool.settled');
    expect(settled).toMatchObject({ basis: 'earned', players: 3, paid: 90_000 });
    expect(await Promise.all(['amy', 'bob', 'cat'].map(game.redPackets))).toEqual([36_000, 36_000, 18_000]);
  });

  it.each(['held', 'earned'] as const)('splits by candy %s as of settleAt, however late the settle runs', async (basis) => {
    const game = await festival({ amount: 10_000, basis });
    await game.taps('amy', 1);
    await game.taps('bob', 1);
    await game.taps('dan', 1);
    // After settleAt, before the settle: bob earns 300 more, dan spends his, eve starts.
    const later = settleAt + 20 * 60_000;
    for (let i = 0; i < 3; i++) outcome(await game.run('bob', cmd.complete('tap'), later + i), 'task.completed');
    outcome(await game.run('dan', { type: 'box.open', boxId: 'box' }, later), 'box.opened');
    outcome(await game.run('eve', cmd.complete('tap'), later), 'task.completed');
    const settled = outcome(await game.run(OPERATOR_ID, settle, settleAt + 30 * 60_000, HOST), 'pool.settled');
    // 100 candy each at settleAt: a third each, the cent left to the earliest id; eve had none then.
    expect(settled).toMatchObject({ paid: 10_000, unallocated: 0 });
    expect(await Promise.all(['amy', 'bob', 'dan', 'eve'].map(game.redPackets))).toEqual([3_334, 3_333, 3_333, 0]);
  });

  it('takes no part for a player with no candy at settleAt who earned some since', async () => {
    const game = await festival({ amount: 10_000 });
    await game.taps('amy', 1);
    await game.taps('bob', 1);
    outcome(await game.run('cat', cmd.complete('tap'), settleAt + 60_000), 'task.completed');
    // The same run however late the settle: cat had none at settleAt.
    const settled = outcome(await game.run(OPERATOR_ID, settle, settleAt + 120_000, HOST), 'pool.settled');
    expect(settled).toMatchObject({ players: 2, paid: 10_000 });
  });

  it('counts a change at settleAt itself as after it', async () => {
    const game = await festival({ amount: 10_000 });
    await game.taps('amy', 1);
    await game.taps('bob', 1);
    outcome(await game.run('bob', cmd.complete('tap'), settleAt), 'task.completed');
    outcome(await game.run(OPERATOR_ID, settle, settleAt, HOST), 'pool.settled');
    expect(await Promise.all(['amy', 'bob'].map(game.redPackets))).toEqual([5_000, 5_000]);
  });

  describe(`in batches of ${POOL_BATCH} players`, () => {
    const PLAYERS = 2 * POOL_BATCH + 400;
    const name = (i: number) => `p${String(i).padStart(5, '0')}`;
    async function crowd() {
      const game = await festival({ amount: 9_600_000 }, 9_600_000);
      // Player i holds 100 × (i % 3 + 1) candy.
      for (let i = 0; i < PLAYERS; i++) await game.taps(name(i), (i % 3) + 1);
      return game;
    }
    const allPaid = async (game: Awaited<ReturnType<typeof crowd>>) => {
      let sum = 0;
      for (let i = 0; i < PLAYERS; i++) sum += await game.redPackets(name(i));
      return sum;
    };

    it('freezes the split, pays the first batch with the settle and each further batch once, whoever runs it', async () => {
      const game = await crowd();
      const settled = outcome(await game.run(OPERATOR_ID, settle, settleAt, { ...HOST, key: 'settle-1' }), 'pool.settled');
      expect(settled).toMatchObject({ players: PLAYERS, split: 9_600_000, paid: 9_600_000, batches: 3 });
      expect(await game.state(name(0))).toMatchObject({ status: 'paying', batchesPaid: 1, myPayout: 2000 });
      expect(await game.state(name(PLAYERS - 1))).toMatchObject({ status: 'paying', myPayout: null });
      // Until every batch is paid, the rest of the payout is held in the budget.
      const burn = () => game.store.read(game.definition.id, (view) => budgetBurn(view, game.campaign)[0]!);
      const firstBatch = await allPaid(game);
      expect(firstBatch).toBe(2000 * 334 + 4000 * 333 + 6000 * 333);
      expect(await burn()).toMatchObject({ spent: firstBatch, reserved: 9_600_000 - firstBatch, left: 0 });

      // A batch paid under another key pays nothing the second time.
      const batch1 = { type: 'pool.pay', poolId: 'share-2b', batch: 1 } as const;
      expect(outcome(await game.run(OPERATOR_ID, batch1, settleAt, { ...HOST, key: 'by-hand' }), 'pool.batch-paid')).toMatchObject({ players: POOL_BATCH });
      expect(outcome(await game.run(OPERATOR_ID, batch1, settleAt, { ...HOST, key: poolBatchKey('share-2b', 1) }), 'pool.batch-paid')).toEqual({
        type: 'pool.batch-paid',
        poolId: 'share-2b',
        batch: 1,
        players: 0,
        paid: 0,
      });
      // The run, resumed as after a crash, replays the settle and pays what is left.
      const resumed = await game.settleRun('settle-1', settleAt + 60_000);
      expect(resumed.ok && resumed.replayed).toBe(true);
      expect(await game.state(name(PLAYERS - 1))).toMatchObject({ status: 'settled', batchesPaid: 3, myPayout: 6000 });
      expect(await allPaid(game)).toBe(9_600_000);
      expect(await burn()).toMatchObject({ spent: 9_600_000, reserved: 0, left: 0 });
      // Exactly one payout posting per player.
      const postings = await game.store.ledger(game.definition.id, { account: 'budget|pool', limit: 10 * PLAYERS });
      expect(postings).toHaveLength(PLAYERS);
    });

    it('gives the same payouts as one split over everyone', async () => {
      const game = await crowd();
      await game.settleRun('settle-2');
      // ¥96,000 over 2,400 players holding 100, 200, 300 candy in turn: 480,000 candy, 20 cents a candy.
      expect(await Promise.all([0, 1, 2, 1000, 2399].map((i) => game.redPackets(name(i))))).toEqual([2000, 4000, 6000, 4000, 6000]);
      expect(await allPaid(game)).toBe(9_600_000);
    });

    it('refuses a batch before the settle', async () => {
      const game = await festival({ amount: 1000 });
      expect(refusal(await game.run(OPERATOR_ID, { type: 'pool.pay', poolId: 'share-2b', batch: 1 }, settleAt, HOST))).toEqual({ code: 'POOL_NOT_SETTLED', poolId: 'share-2b' });
    });
  });
});
