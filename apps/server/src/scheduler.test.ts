import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accounts, lotteryState, ManualClock, MemoryStore, OPERATOR_ID, POOL_BATCH, poolState, runDueWork, validateCampaign, type LotteryState, type PublicValues } from '@carnival/core';
import { publicValuesFromFile } from './scheduler.ts';

const dir = mkdtempSync(join(tmpdir(), 'carnival-scheduler-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const definition = (() => {
  const checked = validateCampaign({
    id: 'fest',
    name: 'Festival',
    timezone: 'Asia/Shanghai',
    currency: 'CNY',
    phases: [{ id: 'all', name: 'All', start: '2026-11-01T00:00:00+08:00', end: '2026-11-12T00:00:00+08:00' }],
    tasks: [{ id: 'tap', kind: 'action', verifiedBy: 'player', title: 'Tap', reward: { candy: 10 }, limits: { perDay: 10 } }],
    budgets: [{ id: 'money', title: 'Money', amount: 10_000_000 }],
    pools: [{ id: 'share', title: 'Share', amount: 100_000, budget: 'money', settleAt: '2026-11-11T22:00:00+08:00' }],
    lotteries: [
      {
        id: 'lucky',
        title: 'Lucky',
        opensAt: '2026-11-01T00:00:00+08:00',
        drawAt: '2026-11-11T20:00:00+08:00',
        publicValue: 'drand round 5,000,000',
        budget: 'money',
        tiers: [{ id: 'clear', title: 'Cart cleared', count: 1, reward: { clearCart: { cap: 1_000_000, payWithinHours: 2 } } }],
      },
    ],
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.value;
})();

async function festival() {
  const store = new MemoryStore();
  await store.publish(definition, { seed: 'seed' });
  const clock = new ManualClock(Date.parse('2026-11-05T12:00:00+08:00'));
  const send = (playerId: string, key: string, actor: 'player' | 'host' = 'player') => ({ campaignId: 'fest', playerId, key, actor, claims: {}, now: clock.now() });
  await store.execute({ ...send('amy', 'tap'), command: { type: 'task.complete', taskId: 'tap' } });
  await store.execute({ ...send('amy', 'ticket', 'host'), command: { type: 'lottery.grant', lotteryId: 'lucky', count: 1 } });
  const campaign = (await store.campaign('fest'))!;
  const lottery = (): Promise<LotteryState> => store.read('fest', (view) => lotteryState(campaign, view, 'lucky', 'amy', clock.now())!);
  const pool = () => store.read('fest', (view) => poolState(campaign, view, 'share', 'amy')!);
  return { store, clock, lottery, pool };
}

describe('the scheduler', () => {
  it('draws at drawAt once the public value is known, settles pools at settleAt, releases lapsed prizes, and does each once', async () => {
    const { store, clock, lottery, pool } = await festival();
    const values = join(dir, 'public-values.json');
    const fromFile = publicValuesFromFile(values);
    expect(await runDueWork(store, clock, fromFile)).toEqual([]);

    clock.set(Date.parse('2026-11-11T20:00:00+08:00'));
    // Frozen, but the value is not out yet: the scheduler waits.
    expect(await runDueWork(store, clock, fromFile)).toEqual([]);
    expect((await lottery()).status).toBe('frozen');
    writeFileSync(values, JSON.stringify({ 'fest/lucky': 'round 5000000: 1f2e…' }));
    expect(await runDueWork(store, clock, fromFile)).toEqual(['fest: drew lottery lucky']);
    expect((await lottery()).result?.publicValue).toBe('round 5000000: 1f2e…');
    expect(await runDueWork(store, clock, fromFile)).toEqual([]);

    clock.set(Date.parse('2026-11-11T22:00:00+08:00'));
    expect(await runDueWork(store, clock, fromFile)).toEqual(['fest: settled pool share', 'fest: released lapsed prizes of lucky']);
    expect(await pool()).toMatchObject({ status: 'settled', myPayout: 100_000 });
    expect(await store.read('fest', (view) => view.balance(accounts.redPackets('amy')))).toBe(100_000);
    clock.advance(3_600_000);
    expect(await runDueWork(store, clock, fromFile)).toEqual([]);
  });

  it('draws with whatever source supplies the value, and never without one', async () => {
    const { store, clock, lottery } = await festival();
    clock.set(Date.parse('2026-11-11T20:30:00+08:00'));
    const none: PublicValues = { valueFor: async () => undefined };
    expect(await runDueWork(store, clock, none)).toEqual([]);
    const beacon: PublicValues = { valueFor: async (campaignId, lotteryId) => `${campaignId}/${lotteryId}: beacon value` };
    expect(await runDueWork(store, clock, beacon)).toEqual(['fest: drew lottery lucky']);
    expect((await lottery()).status).toBe('drawn');
  });

  it('pays the rest of a pool whose settle run stopped between batches', async () => {
    const { store, clock, pool } = await festival();
    // One player more than a batch holds: the settle pays a batch, one more is left.
    for (let i = 0; i < POOL_BATCH; i++) {
      await store.execute({ campaignId: 'fest', playerId: `p${i}`, key: 'tap', command: { type: 'task.complete', taskId: 'tap' }, actor: 'player', claims: {}, now: clock.now() });
    }
    clock.set(Date.parse('2026-11-11T22:00:00+08:00'));
    // An operator's settle that stopped after the settle command itself, as a crash would.
    const settled = await store.execute({ campaignId: 'fest', playerId: OPERATOR_ID, key: 'by-hand', command: { type: 'pool.settle', poolId: 'share' }, actor: 'host', claims: {}, now: clock.now() });
    expect(settled.ok && settled.receipt.outcome).toMatchObject({ batches: 2 });
    expect(await pool()).toMatchObject({ status: 'paying', batchesPaid: 1 });
    const none: PublicValues = { valueFor: async () => undefined };
    expect(await runDueWork(store, clock, none)).toContain('fest: paid the rest of pool share');
    expect(await pool()).toMatchObject({ status: 'settled', batchesPaid: 2 });
    expect(await runDueWork(store, clock, none)).not.toContain('fest: paid the rest of pool share');
  });
});
