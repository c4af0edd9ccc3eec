import { describe, expect, it } from 'vitest';
import type { LotteryDefinition, PoolDefinition } from './definition.ts';
import { MemoryStore } from './memory-store.ts';
import { PublishRefused, republishRefusal } from './republish.ts';
import { at, CLEAR_CART_LOTTERY, defineCampaign } from './testing.ts';

const drawAt = at('2026-11-11 20:00');
const settleAt = at('2026-11-11 22:00');
const EARLY = new Date(at('2026-10-30 09:00')).toISOString();
const POOL = { id: 'share', title: 'Share', budget: 'pool', amount: 100_000, settleAt: '2026-11-11T22:00:00+08:00' };
const BUDGETS = [{ id: 'pool', title: 'Pool money', amount: 100_000 }];
const campaign = (lottery: Partial<LotteryDefinition> | null, pool: Partial<PoolDefinition> | null = null, name = 'Test') =>
  defineCampaign({ name, budgets: BUDGETS, lotteries: lottery === null ? [] : [{ ...CLEAR_CART_LOTTERY, ...lottery }], pools: pool === null ? [] : [{ ...POOL, ...pool }] });
const latest = (definition = campaign({}), publishedAt = EARLY) => ({ definition, publishedAt });
const lotteryFrozen = { code: 'LOTTERY_FROZEN', lotteryId: 'clear-cart', drawAt: new Date(drawAt).toISOString() };

describe('republishRefusal', () => {
  it('lets anything change before a lottery draws', () => {
    expect(republishRefusal(latest(), campaign({ drawAt: '2026-11-12T20:00:00+08:00', maxWinsPerPlayer: 2 }), drawAt - 1)).toBeUndefined();
    expect(republishRefusal(latest(), campaign(null), drawAt - 1)).toBeUndefined();
  });

  it('keeps a lottery whose drawAt has come exactly as it was, and lets the rest change', () => {
    for (const now of [drawAt, drawAt + 86_400_000]) {
      expect(republishRefusal(latest(), campaign({ drawAt: '2026-11-12T20:00:00+08:00' }), now)).toEqual(lotteryFrozen);
      expect(republishRefusal(latest(), campaign({ maxWinsPerPlayer: 2 }), now)).toEqual(lotteryFrozen);
      expect(republishRefusal(latest(), campaign({ publicValue: 'drand round 5,000,001' }), now)).toEqual(lotteryFrozen);
      expect(republishRefusal(latest(), campaign(null), now)).toEqual(lotteryFrozen);
      expect(republishRefusal(latest(), campaign({}, null, 'Renamed'), now)).toBeUndefined();
    }
  });

  it('does not bring a lottery back, or in, with its drawAt already past', () => {
    // Dropped just before its draw, then brought back with other prizes after it: its old tickets would be drawn.
    const dropped = latest(campaign(null));
    const back = campaign({ tiers: [{ id: 'cats', title: 'Three cats', count: 3, reward: { prize: 'A cat' } }] });
    expect(republishRefusal(dropped, back, drawAt + 3_600_000)).toEqual(lotteryFrozen);
    // Brought back to draw later: nothing was frozen in between, as if its drawAt had moved.
    expect(republishRefusal(dropped, campaign({ drawAt: '2026-11-12T20:00:00+08:00' }), drawAt + 3_600_000)).toBeUndefined();
  });

  it('keeps a pool whose settleAt has come exactly as it was', () => {
    const withPool = latest(campaign(null, {}));
    const frozen = { code: 'POOL_FROZEN', poolId: 'share', settleAt: new Date(settleAt).toISOString() };
    expect(republishRefusal(withPool, campaign(null, { settleAt: '2026-11-11T23:00:00+08:00' }), settleAt - 1)).toBeUndefined();
    expect(republishRefusal(withPool, campaign(null, { settleAt: '2026-11-11T23:00:00+08:00' }), settleAt)).toEqual(frozen);
    expect(republishRefusal(withPool, campaign(null, { basis: 'earned' }), settleAt + 60_000)).toEqual(frozen);
    expect(republishRefusal(withPool, campaign(null, null), settleAt + 60_000)).toEqual(frozen);
  });

  it('weighs a version no earlier than the latest was published, whatever clock the caller keeps', () => {
    const afterTheDraw = latest(campaign({}), new Date(drawAt + 60_000).toISOString());
    expect(republishRefusal(afterTheDraw, campaign({ maxWinsPerPlayer: 2 }), 0)).toEqual(lotteryFrozen);
  });

  it('is what a store refuses a publish for, keeping its latest version', async () => {
    const store = new MemoryStore();
    await store.publish(campaign({}), { now: drawAt - 1 });
    const refused = await store.publish(campaign({ drawAt: '2026-11-12T20:00:00+08:00' }), { now: drawAt }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PublishRefused);
    expect((refused as PublishRefused).error).toEqual(lotteryFrozen);
    expect((await store.campaign('test'))?.version).toBe(1);
    expect(await store.publish(campaign({}, null, 'Renamed'), { now: drawAt })).toMatchObject({ version: 2, created: true });
  });
});
