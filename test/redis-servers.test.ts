/**
 * Two real server processes on one Redis behave as one: the races of the Redis issue sent over
 * HTTP, half to each server. A redis-server of the suite's own, so the servers' first start (which
 * publishes the examples) touches nothing else.
 */
import { sign } from 'hono/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, CAMPAIGN, campaignCounters, type Receipt } from '@carnival/core';
import { RedisStore } from '@carnival/store-redis';
import { canStartRedisServer, startRedisServer, type RedisServer } from '@carnival/store-redis/testing';
import { DEV_ADMIN_KEY, DEV_PLAYER_TOKEN_SECRET } from '../apps/server/src/config.ts';
import { ServerProcesses } from '../apps/server/src/processes.ts';
import { CONTRACT_INVITER_CAP, CONTRACT_NOW, contractCampaign } from './fixtures.ts';

const STOCK = 13;
const base = '/v1/campaigns/race-fest';

describe.skipIf(!canStartRedisServer())('two server processes on one Redis', () => {
  const processes = new ServerProcesses();
  let redis: RedisServer;
  let store: RedisStore;
  let urls: string[];

  const token = (playerId: string) => sign({ sub: playerId, exp: Math.floor(Date.now() / 1000) + 3600 }, DEV_PLAYER_TOKEN_SECRET, 'HS256');
  /** Sends request i to server i % 2. */
  const post = async (i: number, path: string, bearer: string, init: { key?: string; body?: unknown } = {}) => {
    const response = await fetch(`${urls[i % 2]}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(init.key ? { 'idempotency-key': init.key } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: response.status, replayed: response.headers.get('idempotent-replayed') === 'true', body: (await response.json()) as Receipt & { code?: string } };
  };
  const all = <T>(n: number, make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => make(i)));

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = {
      CARNIVAL_STORE: 'redis',
      REDIS_URL: redis.url,
      PORT: '0',
      CARNIVAL_DEV: '1',
      CARNIVAL_CLOCK: 'manual',
      CARNIVAL_CLOCK_START: new Date(CONTRACT_NOW).toISOString(),
      CARNIVAL_SCHEDULER_SECONDS: '0',
    };
    // One after the other: the first publishes the examples into the empty store.
    const first = await processes.run(env).url;
    urls = [first, await processes.run(env).url];
    const definition = contractCampaign({ id: 'race-fest' });
    definition.boxes = definition.boxes.map((box) => ({ ...box, rewards: box.rewards.map((r) => (r.id === 'jackpot' ? { ...r, stock: STOCK } : r)) }));
    const published = await fetch(`${urls[1]}/v1/campaigns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEV_ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(definition),
    });
    expect(published.status).toBe(201);
    store = new RedisStore({ url: redis.url });
  });
  afterAll(async () => {
    processes.cleanup();
    await store?.close();
    await redis?.kill();
  });

  it('gives 1,000 concurrent requests on one idempotency key, half to each server, exactly one effect', async () => {
    const ann = await token('ann');
    const results = await all(1000, (i) => post(i, `${base}/tasks/tap/complete`, ann, { key: 'tap-once' }));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => JSON.stringify(r.body)))).toEqual(new Set([JSON.stringify(results[0]!.body)]));
    expect(await store.read('race-fest', (view) => view.balance(accounts.player('ann')))).toBe(1);
  });

  it(`awards exactly ${STOCK} jackpots to 1,000 concurrent box opens over both servers`, async () => {
    const tokens = await all(1000, (i) => token(`opener-${i}`));
    // Each earns a box first, a hundred at a time.
    for (let i = 0; i < tokens.length; i += 100) await all(100, (j) => post(i + j, `${base}/tasks/tap/complete`, tokens[i + j]!));
    const opened = await all(1000, (i) => post(i, `${base}/boxes/lucky/open`, tokens[i]!));
    const outcomes = opened.map((r) => r.body.outcome);
    expect(outcomes.filter((o) => o.type === 'box.opened' && o.rewardId === 'jackpot')).toHaveLength(STOCK);
    expect(outcomes.filter((o) => o.type === 'box.opened' && o.rewardId === 'thanks')).toHaveLength(1000 - STOCK);
    expect(await store.read('race-fest', (view) => view.counter(CAMPAIGN, campaignCounters.stockUsed('lucky', 'jackpot')))).toBe(STOCK);
  });

  it(`lets exactly ${CONTRACT_INVITER_CAP} of 500 concurrent friends over both servers assist an inviter with that daily cap`, async () => {
    const star = await token('star');
    const created = (await post(0, `${base}/invitations`, star)).body.outcome;
    if (created.type !== 'invitation.created') throw new Error('expected a share code');
    const fans = await all(500, (i) => token(`fan-${i}`));
    const results = await all(500, (i) => post(i, `${base}/invitations/accept`, fans[i]!, { body: { code: created.code } }));
    expect(results.filter((r) => r.status === 200)).toHaveLength(CONTRACT_INVITER_CAP);
    expect(new Set(results.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.body.code}`))).toEqual(new Set(['409 INVITER_DAILY_CAP']));
    expect(await store.read('race-fest', (view) => view.balance(accounts.player('star')))).toBe(10 * CONTRACT_INVITER_CAP);
  });
});
