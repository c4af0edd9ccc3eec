/**
 * What the Redis store promises beyond the store contract (which test/ runs against it): the
 * outcome stream, idempotency records that expire, one hash tag per campaign, and several
 * store instances (processes) on one Redis behaving as one.
 */
import {
  CAMPAIGN,
  campaignCounters,
  MemoryStore,
  OPERATOR_ID,
  validateCampaign,
  type CampaignDefinitionInput,
  type CommandRequest,
  type Receipt,
  type Store,
} from '@carnival/core';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RedisStore } from './redis-store.ts';
import { freePort, redisForTests } from './testing.ts';

const redis = await redisForTests();

const NOW = Date.parse('2026-11-05T12:00:00+08:00');
const END = Date.parse('2026-11-12T00:00:00+08:00');
const DAY = 24 * 60 * 60 * 1000;

function festival(tapReward = 1, more: Partial<CampaignDefinitionInput> = {}) {
  const input: CampaignDefinitionInput = {
    id: 'fest',
    name: 'Festival',
    timezone: 'Asia/Shanghai',
    currency: 'CNY',
    phases: [{ id: 'main', name: 'Main', start: '2026-11-01T00:00:00+08:00', end: '2026-11-12T00:00:00+08:00' }],
    tasks: [{ id: 'tap', kind: 'action', verifiedBy: 'player', title: 'Tap', reward: { candy: tapReward }, limits: { perDay: 500 } }],
    ...more,
  };
  const result = validateCampaign(input);
  if (!result.ok) throw new Error('invalid test campaign');
  return result.value;
}

const tap = (playerId: string, key: string, now = NOW): CommandRequest => ({
  campaignId: 'fest',
  playerId,
  key,
  command: { type: 'task.complete', taskId: 'tap' },
  actor: 'player',
  claims: {},
  now,
});

function receiptOf(result: Awaited<ReturnType<RedisStore['execute']>>): Receipt {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.receipt;
}

describe('the Redis store when Redis is down', () => {
  it('says a lost Redis in one line, not once per failed reconnect: the commands that wait on it fail instead', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const emitted = vi.spyOn(Redis.prototype, 'emit');
    const port = await freePort();
    const store = new RedisStore({ url: `redis://:secret@127.0.0.1:${port}` });
    try {
      // ioredis says 'reconnecting' after it has dealt with a failed connect's error: wait for two.
      await vi.waitFor(() => expect(emitted.mock.calls.filter(([event]) => event === 'reconnecting').length).toBeGreaterThanOrEqual(2), { timeout: 5000 });
      expect(printed).not.toHaveBeenCalled();
      expect(warned.mock.calls).toEqual([[`carnival: Redis at redis://:***@127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}; reconnecting`]]);
    } finally {
      await store.close();
      printed.mockRestore();
      warned.mockRestore();
      emitted.mockRestore();
    }
  });
});

describe.skipIf(!redis)('the Redis store', () => {
  const opened: (RedisStore | Redis)[] = [];
  let prefix: string;
  let client: Redis;

  const open = () => {
    const store = new RedisStore({ url: redis!.url, prefix });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    prefix = redis!.prefix();
    client = new Redis(redis!.url);
    opened.push(client);
  });
  afterEach(async () => {
    for (const closing of opened.splice(0)) await (closing instanceof RedisStore ? closing.close() : closing.quit());
    await redis!.clean(prefix);
  });

  it('appends every outcome to the campaign stream once, and each consumer group reads each event once', async () => {
    const store = open();
    await store.publish(festival(), { seed: 'seed' });
    const stream = store.keys('fest').events;
    await client.xgroup('CREATE', stream, 'payments', '$', 'MKSTREAM');
    const sent: Receipt[] = [];
    for (let i = 0; i < 10; i++) sent.push(receiptOf(await store.execute(tap(`p${i % 3}`, `k${i}`))));
    // A retry is no new outcome, and a refusal none at all.
    await store.execute(tap('p0', 'k0'));
    await store.execute({ ...tap('p0', 'k-late'), now: END + DAY });

    // Two consumers of one group share the events between them: each read by exactly one.
    const read = async (group: string, consumer: string) => {
      const got: [string, string[]][] = [];
      for (;;) {
        const reply = (await client.xreadgroup('GROUP', group, consumer, 'COUNT', 3, 'STREAMS', stream, '>')) as [string, [string, string[]][]][] | null;
        const entries = reply?.[0]?.[1] ?? [];
        if (entries.length === 0) return got;
        got.push(...entries);
        await client.xack(stream, group, ...entries.map(([id]) => id));
      }
    };
    const [a, b] = await Promise.all([read('payments', 'a'), read('payments', 'b')]);
    const events = [...a, ...b].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    expect(new Set(events.map(([id]) => id)).size).toBe(10);
    const fields = events.map(([, list]) => Object.fromEntries(list.reduce<string[][]>((pairs, v, i) => (i % 2 ? pairs : [...pairs, [v, list[i + 1]!]]), [])));
    expect(fields.map((f) => f.type)).toEqual(sent.map(() => 'task.completed'));
    expect(fields.map((f) => JSON.parse(f.receipt!))).toEqual(sent);
    expect(fields.map((f) => JSON.parse(f.postings!))).toEqual(
      sent.map((r) => [
        { campaignId: 'fest', version: 1, playerId: r.playerId, commandKey: r.key, from: 'issuance', to: `player|${r.playerId}`, amount: 1, reason: 'task', memo: 'tap', at: r.at },
      ]),
    );
    expect(await client.xpending(stream, 'payments')).toEqual([0, null, null, null]);
    // Another group (analytics) reads them all again from the start.
    await client.xgroup('CREATE', stream, 'analytics', '0');
    expect(await read('analytics', 'x')).toHaveLength(10);
  });

  it("keeps an idempotency record until 7 days after the campaign's end, counted on the campaign's clock", async () => {
    const store = open();
    await store.publish(festival(), { seed: 'seed' });
    receiptOf(await store.execute(tap('ann', 'k1')));
    const ttl = await client.pttl(store.keys('fest').command('ann', 'k1'));
    const expected = END - NOW + 7 * DAY;
    expect(ttl).toBeGreaterThan(expected - 60_000);
    expect(ttl).toBeLessThanOrEqual(expected);
    // A deployment may keep them for another number of days.
    const shorter = new RedisStore({ url: redis!.url, prefix, idempotencyDays: 2 });
    opened.push(shorter);
    receiptOf(await shorter.execute(tap('ann', 'k2')));
    expect(await client.pttl(store.keys('fest').command('ann', 'k2'))).toBeLessThanOrEqual(END - NOW + 2 * DAY);
    expect(await client.pttl(store.keys('fest').command('ann', 'k2'))).toBeGreaterThan(END - NOW + 2 * DAY - 60_000);
  });

  it('keeps keys for good: once a receipt is gone, a retry is refused and runs nothing, and another request is a conflict', async () => {
    const store = open();
    await store.publish(festival(), { seed: 'seed' });
    receiptOf(await store.execute(tap('ann', 'k1')));
    receiptOf(await store.execute(tap('ann', 'k2')));
    const keys = store.keys('fest');
    expect(await client.pttl(keys.commandKeys('ann'))).toBe(-1);
    // The receipts expire (here at once); the keys stay.
    await client.del(keys.command('ann', 'k1'), keys.command('ann', 'k2'));
    const balance = () => store.read('fest', (view) => view.balance({ scope: 'ann', name: 'candy', id: 'player|ann' }));
    const ranAt = new Date(NOW).toISOString();
    // The same process (deciding on what it knows, answered by the apply step) and another one (reading afresh) alike.
    for (const [i, retrying] of [store, open()].entries()) {
      const late = NOW + (8 + i) * DAY;
      expect(await retrying.execute(tap('ann', 'k1', late))).toEqual({ ok: false, error: { code: 'IDEMPOTENCY_KEY_EXPIRED', key: 'k1', ranAt } });
      expect(await retrying.execute({ ...tap('ann', 'k2', late), command: { type: 'task.start', taskId: 'tap' } })).toEqual({
        ok: false,
        error: { code: 'IDEMPOTENCY_CONFLICT', key: 'k2' },
      });
    }
    expect(await balance()).toBe(2);
  });

  it('never takes a budget past its amount when a payout lands between a draw that pays and holds and its apply step', async () => {
    const definition = festival(1, {
      budgets: [{ id: 'prizes', title: 'Prizes', amount: 1000 }],
      boxes: [{ id: 'cashbox', title: 'Cash box', earn: { everyTasks: 1 }, budget: 'prizes', rewards: [{ id: 'c600', weight: 1, reward: { cash: 600 } }] }],
      lotteries: [
        {
          id: 'L',
          title: 'L',
          opensAt: '2026-11-01T00:00:00+08:00',
          drawAt: '2026-11-11T20:00:00+08:00',
          publicValue: 'x',
          budget: 'prizes',
          tiers: [
            { id: 'cash', title: 'cash', count: 1, reward: { cash: 300 } },
            { id: 'clear', title: 'clear', count: 1, reward: { clearCart: { cap: 600, payWithinHours: 24 } } },
          ],
        },
      ],
      pricing: { stores: [{ id: 'S1', name: 'S1' }] },
    });
    const after = Date.parse('2026-11-11T21:00:00+08:00');
    const request = (playerId: string, key: string, command: CommandRequest['command'], now: number, actor: CommandRequest['actor'] = 'player'): CommandRequest => ({
      campaignId: 'fest',
      playerId,
      key,
      command,
      actor,
      claims: {},
      now,
    });
    const box = request('cara', 'open-1', { type: 'box.open', boxId: 'cashbox' }, after);
    const draw = request(OPERATOR_ID, 'draw-1', { type: 'lottery.draw', lotteryId: 'L', publicValue: 'pv' }, after, 'host');
    const setup = async (store: Store) => {
      await store.publish(definition, { seed: 'seed' });
      for (const player of ['amy', 'bob']) receiptOf(await store.execute(request(player, `g-${player}`, { type: 'lottery.grant', lotteryId: 'L', count: 1 }, NOW, 'host')));
      receiptOf(await store.execute(request('cara', 'tap-1', { type: 'task.complete', taskId: 'tap' }, NOW)));
    };
    const burn = (store: Store) =>
      store.read('fest', (view) => ({ spent: view.counter(CAMPAIGN, campaignCounters.budgetSpent('prizes')), reserved: view.counter(CAMPAIGN, campaignCounters.budgetReserved('prizes')) }));

    // The reference: the box, then the draw, on the memory store.
    const memory = new MemoryStore();
    await setup(memory);
    const reference = [receiptOf(await memory.execute(box)).outcome, receiptOf(await memory.execute(draw)).outcome];

    // Two processes on one Redis: the box lands from the other one after the draw was decided, before its apply step.
    const connection = new Redis(redis!.url);
    opened.push(connection);
    const drawing = new RedisStore({ redis: connection, prefix });
    opened.push(drawing);
    const other = open();
    await setup(other);
    const apply = connection.carnivalApply.bind(connection);
    let boxed: Receipt | undefined;
    connection.carnivalApply = (async (...args: Parameters<typeof apply>) => {
      boxed ??= receiptOf(await other.execute(box));
      return apply(...args);
    }) as typeof apply;
    const drawn = receiptOf(await drawing.execute(draw));
    expect([boxed!.outcome, drawn.outcome]).toEqual(reference);
    expect(await burn(other)).toEqual(await burn(memory));
    expect(await burn(other)).toEqual({ spent: 900, reserved: 0 });
  });

  it('puts every key of a campaign under one hash tag, so a command touches one Cluster slot', async () => {
    const store = open();
    await store.publish(festival(), { seed: 'seed' });
    for (let i = 0; i < 5; i++) await store.execute(tap(`p${i}`, `k${i}`));
    const keys = await client.keys(`{${prefix}*`);
    const tags = new Set(keys.map((key) => /^\{([^}]*)\}/.exec(key)?.[1]));
    expect(tags).toEqual(new Set([`${prefix}:fest`, prefix]));
    // Only publishing touches the campaign index, under the prefix's own tag.
    expect(keys.filter((key) => key.startsWith(`{${prefix}}`)).sort()).toEqual([`{${prefix}}:campaign-seq`, `{${prefix}}:campaigns`]);
  });

  it('serves a version another process published, and never applies a decision made under the old one', async () => {
    const [first, second] = [open(), open()];
    await first.publish(festival(1), { seed: 'seed' });
    expect(receiptOf(await second.execute(tap('ann', 'k1'))).outcome).toMatchObject({ candy: { credited: 1 } });
    await first.publish(festival(7));
    const v2 = receiptOf(await second.execute(tap('ann', 'k2')));
    expect(v2).toMatchObject({ version: 2, outcome: { candy: { credited: 7 } } });
    expect((await second.campaign('fest'))?.version).toBe(2);
    expect(await second.read('fest', (view) => view.balance({ scope: 'ann', name: 'candy', id: 'player|ann' }))).toBe(8);
  });
});
