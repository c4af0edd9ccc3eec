import { describe, expect, it } from 'vitest';
import type { LotteryDefinition } from './definition.ts';
import { PublishRefused, republishRefusal } from './republish.ts';
import { MemoryStore } from './memory-store.ts';
import { at, CLEAR_CART_LOTTERY, defineCampaign } from './testing.ts';

const drawAt = at('2026-11-11 20:00');
const withLottery = (lottery: Partial<LotteryDefinition> | null, name = 'Test') =>
  defineCampaign({ name, lotteries: lottery === null ? [] : [{ ...CLEAR_CART_LOTTERY, ...lottery }] });

describe('republishRefusal', () => {
  it('lets anything change before a lottery draws', () => {
    expect(republishRefusal(withLottery({}), withLottery({ drawAt: '2026-11-12T20:00:00+08:00', maxWinsPerPlayer: 2 }), drawAt - 1)).toBeUndefined();
    expect(republishRefusal(withLottery({}), withLottery(null), drawAt - 1)).toBeUndefined();
  });

  it('keeps a lottery whose drawAt has come exactly as it was, and lets the rest change', () => {
    const frozen = { code: 'LOTTERY_FROZEN', lotteryId: 'clear-cart', drawAt: new Date(drawAt).toISOString() };
    for (const now of [drawAt, drawAt + 86_400_000]) {
      expect(republishRefusal(withLottery({}), withLottery({ drawAt: '2026-11-12T20:00:00+08:00' }), now)).toEqual(frozen);
      expect(republishRefusal(withLottery({}), withLottery({ maxWinsPerPlayer: 2 }), now)).toEqual(frozen);
      expect(republishRefusal(withLottery({}), withLottery({ publicValue: 'drand round 5,000,001' }), now)).toEqual(frozen);
      expect(republishRefusal(withLottery({}), withLottery(null), now)).toEqual(frozen);
      expect(republishRefusal(withLottery({}), withLottery({}, 'Renamed'), now)).toBeUndefined();
    }
  });

  it('is what a store refuses a publish for, keeping its latest version', async () => {
    const store = new MemoryStore();
    await store.publish(withLottery({}), { now: drawAt - 1 });
    const refused = await store.publish(withLottery({ drawAt: '2026-11-12T20:00:00+08:00' }), { now: drawAt }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PublishRefused);
    expect((refused as PublishRefused).error).toMatchObject({ code: 'LOTTERY_FROZEN', lotteryId: 'clear-cart' });
    expect((await store.campaign('test'))?.version).toBe(1);
    expect(await store.publish(withLottery({}, 'Renamed'), { now: drawAt })).toMatchObject({ version: 2, created: true });
  });
});
