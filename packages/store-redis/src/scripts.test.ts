/**
 * The apply script on its own: each guard refuses and writes nothing, each check notices what it
 * must, and a step that passes writes everything, the idempotency record and the event.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CampaignKeys } from './keys.ts';
import { defineScripts, scriptKeys } from './scripts.ts';
import { redisForTests } from './testing.ts';

const redis = await redisForTests();

interface Step {
  command?: string;
  payload?: string;
  version?: string;
  checks?: (string | number)[][];
  /** A limit built from other counters: [limit, key, field, seen, ...]. */
  counts?: [key: string, field: string, by: number, limit: number | '' | (string | number)[], least?: number][];
  transfers?: [fromKey: string, fromField: string, unbounded: 0 | 1, toKey: string, toField: string, amount: number][];
  puts?: [hash: string, index: string, name: string, value: string][];
}

describe.skipIf(!redis)('the apply script', () => {
  let client: Redis;
  let prefix: string;
  let keys: CampaignKeys;

  /** Calls the script the way the store does for one command: the fixed keys first, keys by index in the plan, sections with their counts. */
  async function apply(step: Step): Promise<string[]> {
    const [reply] = await client.carnivalApply(...call([step]));
    return reply!;
  }

  /** The arguments of one call applying these steps in order. */
  function call(steps: Step[]): [number, ...(string | number)[]] {
    const { keys: all, index: key } = scriptKeys(keys.version, keys.events, keys.ledger);
    const args: (string | number)[] = [''];
    for (const step of steps) args.push(...command(step, key));
    return [all.length, ...all, ...args];
  }

  function command(step: Step, key: (name: string) => number): (string | number)[] {
    const hashKey = (item: (string | number)[]) => item.map((part, i) => (i === 1 || (i === 2 && item[0] === 'p') ? key(String(part)) : part));
    const plan = [
      (step.checks ?? []).length,
      ...(step.checks ?? []).flatMap(hashKey),
      (step.counts ?? []).length,
      ...(step.counts ?? []).flatMap(([k, f, by, limit, least]) => [key(k), f, by, Array.isArray(limit) ? limit.map((part, i) => (i % 3 === 1 ? key(String(part)) : part)) : limit, least ?? '']),
      (step.transfers ?? []).length,
      ...(step.transfers ?? []).flatMap(([fk, ff, unbounded, tk, tf, amount]) => [key(fk), ff, unbounded, key(tk), tf, amount, key(keys.accountLedger(ff)), key(keys.accountLedger(tf))]),
      (step.puts ?? []).length,
      ...(step.puts ?? []).flatMap(([h, i, n, v]) => [key(h), key(i), n, v]),
    ];
    const postings = (step.transfers ?? []).map(([, ff, , , tf, amount]) => JSON.stringify({ from: ff, to: tf, amount }));
    return [key(keys.command('ann', step.command ?? 'k1')), key(keys.commandKeys('ann')), step.command ?? 'k1', 1_000, step.payload ?? 'payload', '{"receipt":1}', 60_000, step.version ?? '1', 'task.completed', JSON.stringify(plan), postings.length, ...postings];
  }

  /** Every key of the test campaign with its contents, to show that a refused step wrote nothing. */
  async function dump(): Promise<Record<string, unknown>> {
    const names = (await client.keys(`${keys.tag}*`)).sort();
    const out: Record<string, unknown> = {};
    for (const name of names) {
      const type = await client.type(name);
      out[name] =
        type === 'hash' ? await client.hgetall(name) : type === 'list' ? await client.lrange(name, 0, -1) : type === 'zset' ? await client.zrange(name, 0, -1) : type === 'stream' ? await client.xlen(name) : await client.get(name);
    }
    return out;
  }

  beforeAll(() => {
    client = new Redis(redis!.url);
    defineScripts(client);
  });
  beforeEach(async () => {
    prefix = redis!.prefix();
    keys = new CampaignKeys(prefix, 'fest');
    await client.set(keys.version, '1');
  });
  afterEach(() => redis!.clean(prefix));
  afterAll(() => client.quit());

  it('applies a step: counters, balances, records, ledger, idempotency record with its TTL, and one event', async () => {
    const stock = keys.counters('stock|box|gold');
    expect(
      await apply({
        counts: [[stock, '', 1, 3]],
        transfers: [[keys.balances('issuance'), '', 1, keys.balances('candy'), 'ann', 10]],
        puts: [[keys.records('ann'), keys.recordNames('ann'), 'share', '"s1"']],
      }),
    ).toEqual(['ok']);
    expect(await client.hget(stock, '')).toBe('1');
    expect(await client.hgetall(keys.balances('issuance'))).toEqual({ '': '-10' });
    expect(await client.hgetall(keys.balances('candy'))).toEqual({ ann: '10' });
    expect(await client.hgetall(keys.records('ann'))).toEqual({ share: '"s1"' });
    expect(await client.zrange(keys.recordNames('ann'), 0, -1)).toEqual(['share']);
    expect(await client.llen(keys.ledger)).toBe(1);
    expect(await client.lrange(keys.accountLedger('ann'), 0, -1)).toEqual([JSON.stringify({ from: '', to: 'ann', amount: 10 })]);
    expect(await client.hgetall(keys.command('ann', 'k1'))).toEqual({ p: 'payload', r: '{"receipt":1}' });
    const ttl = await client.pttl(keys.command('ann', 'k1'));
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    // The key itself is kept for good: when it ran and which request it was.
    expect(await client.hgetall(keys.commandKeys('ann'))).toEqual({ k1: '1000|=payload' });
    expect(await client.pttl(keys.commandKeys('ann'))).toBe(-1);
    const events = await client.xrange(keys.events, '-', '+');
    expect(events.map(([, fields]) => fields)).toEqual([['type', 'task.completed', 'receipt', '{"receipt":1}', 'postings', `[${JSON.stringify({ from: '', to: 'ann', amount: 10 })}]`]]);
  });

  it('writes integers of any safe size as digits, small and large, counts and amounts alike', async () => {
    const big = 4_000_000_000_123;
    expect(
      await apply({
        counts: [[keys.counters('spent'), 'ann', big, ''], [keys.counters('spent'), 'bob', 99_999_999, '']],
        transfers: [[keys.balances('issuance'), '', 1, keys.balances('candy'), 'ann', big]],
      }),
    ).toEqual(['ok']);
    expect(await client.hgetall(keys.counters('spent'))).toEqual({ ann: String(big), bob: '99999999' });
    expect(await client.hget(keys.balances('issuance'), '')).toBe(String(-big));
    expect(await client.hget(keys.balances('candy'), 'ann')).toBe(String(big));
  });

  it('replays a kept key and refuses another payload under it, writing nothing', async () => {
    expect(await apply({ counts: [[keys.counters('tasks-done'), 'ann', 1, '']] })).toEqual(['ok']);
    const before = await dump();
    expect(await apply({ counts: [[keys.counters('tasks-done'), 'ann', 1, '']] })).toEqual(['replay', '{"receipt":1}']);
    expect(await apply({ payload: 'another', counts: [[keys.counters('tasks-done'), 'ann', 1, '']] })).toEqual(['conflict']);
    expect(await dump()).toEqual(before);
  });

  it('keeps a key for good: once its receipt expired, the same request is expired and another a conflict, writing nothing', async () => {
    const long = `order.create ${'x'.repeat(60)}`;
    expect(await apply({ counts: [[keys.counters('tasks-done'), 'ann', 1, '']] })).toEqual(['ok']);
    expect(await apply({ command: 'k2', payload: long, counts: [[keys.counters('tasks-done'), 'ann', 1, '']] })).toEqual(['ok']);
    // A payload past 40 bytes is kept as its SHA-1.
    expect((await client.hget(keys.commandKeys('ann'), 'k2'))!).toMatch(/^1000\|#[0-9a-f]{40}$/);
    await client.del(keys.command('ann', 'k1'), keys.command('ann', 'k2'));
    const before = await dump();
    expect(await apply({ counts: [[keys.counters('tasks-done'), 'ann', 1, '']] })).toEqual(['expired', '1000']);
    expect(await apply({ command: 'k2', payload: long, counts: [[keys.counters('tasks-done'), 'ann', 1, '']] })).toEqual(['expired', '1000']);
    expect(await apply({ payload: 'another', counts: [[keys.counters('tasks-done'), 'ann', 1, '']] })).toEqual(['conflict']);
    expect(await apply({ command: 'k2', payload: `${long}y`, counts: [[keys.counters('tasks-done'), 'ann', 1, '']] })).toEqual(['conflict']);
    expect(await dump()).toEqual(before);
  });

  it('takes the change since the read of counters a limit was built from off the limit', async () => {
    // A budget of 1000: spent read at 0 and held read at 0, then another command spent 600.
    const spent = keys.counters('budget-spent|prizes');
    const held = keys.counters('budget-reserved|prizes');
    await client.hset(spent, '', '600');
    const draw = (command: string): Step => ({
      command,
      counts: [
        [spent, '', 300, [1000, held, '', 0], 0],
        [held, '', 600, [1000 - 300, spent, '', 0], 0],
      ],
    });
    // Each counter alone is within its limit as read; together with the 600 spent since, not.
    expect(await apply(draw('k1'))).toEqual(['guard', expect.stringContaining('would reach 600, above its limit 100')]);
    expect(await client.hgetall(spent)).toEqual({ '': '600' });
    expect(await client.exists(held)).toBe(0);
    // Read at the live values, the same limits hold.
    await client.hset(spent, '', '0');
    expect(await apply(draw('k2'))).toEqual(['ok']);
    expect(await client.hget(spent, '')).toBe('300');
    expect(await client.hget(held, '')).toBe('600');
  });

  it('refuses a count past its limit, checking running values effect by effect, and writes nothing', async () => {
    const cap = keys.counters('assists-in|2026-11-05');
    await client.hset(cap, 'star', '9');
    const before = await dump();
    expect(await apply({ counts: [[cap, 'star', 1, 10], [cap, 'star', 1, 10]] })).toEqual(['guard', expect.stringContaining('would reach 11, above its limit 10')]);
    expect(await dump()).toEqual(before);
    expect(await apply({ counts: [[cap, 'star', 1, 10]] })).toEqual(['ok']);
    expect(await client.hget(cap, 'star')).toBe('10');
  });

  it('refuses to take a bounded account below zero, lets an unbounded one go negative', async () => {
    const candy = keys.balances('candy');
    await client.hset(candy, 'ann', '5');
    const before = await dump();
    expect(await apply({ transfers: [[candy, 'ann', 0, keys.balances('redeemed'), '', 6]] })).toEqual(['guard', expect.stringContaining('would go to -1')]);
    expect(await apply({ transfers: [[candy, 'ann', 0, keys.balances('redeemed'), '', 0]] })).toEqual(['guard', 'transfer of 0']);
    expect(await dump()).toEqual(before);
    expect(await apply({ transfers: [[keys.balances('issuance'), '', 1, candy, 'ann', 6]] })).toEqual(['ok']);
    expect(await client.hget(keys.balances('issuance'), '')).toBe('-6');
  });

  it('refuses a balance beyond exact integers on either side, the unbounded issuance too', async () => {
    const candy = keys.balances('candy');
    const issuance = keys.balances('issuance');
    await client.hset(issuance, '', String(-(Number.MAX_SAFE_INTEGER - 10)));
    await client.hset(candy, 'rich', String(Number.MAX_SAFE_INTEGER - 10));
    await client.hset(candy, 'ann', '20');
    const before = await dump();
    // The first transfer's from side (issuance would go to -(2^53)), then its to side (rich would reach 2^53).
    expect(await apply({ transfers: [[issuance, '', 1, candy, 'ann', 11]] })).toEqual(['exact', 0, 'from']);
    expect(await apply({ transfers: [[candy, 'ann', 0, candy, 'rich', 11]] })).toEqual(['exact', 0, 'to']);
    expect(await dump()).toEqual(before);
    expect(await apply({ transfers: [[issuance, '', 1, candy, 'ann', 10]] })).toEqual(['ok']);
    expect(await client.hget(issuance, '')).toBe(String(-Number.MAX_SAFE_INTEGER));
  });

  it('guards an account by its running value: what the same command paid in and out before', async () => {
    const candy = keys.balances('candy');
    await client.hset(candy, 'ann', '5');
    const before = await dump();
    const credit = [keys.balances('issuance'), '', 1, candy, 'ann', 3] as const;
    const debit = (amount: number) => [candy, 'ann', 0, keys.balances('redeemed'), '', amount] as const;
    expect(await apply({ transfers: [[...credit], [...debit(4)], [...debit(5)]] })).toEqual(['guard', expect.stringContaining('would go to -1')]);
    expect(await dump()).toEqual(before);
    expect(await apply({ transfers: [[...credit], [...debit(4)], [...debit(4)]] })).toEqual(['ok']);
    expect(await client.hget(candy, 'ann')).toBe('0');
  });

  it('is stale when a read cell changed, when the version moved, or when a listing changed', async () => {
    const done = keys.counters('tasks-done');
    await client.hset(done, 'ann', '2');
    const before = await dump();
    expect(await apply({ checks: [['h', done, 'ann', '1']] })).toEqual(['stale']);
    expect(await apply({ checks: [['h', done, 'bob', '']] , version: '2' })).toEqual(['stale']);
    const hash = keys.records('');
    const index = keys.recordNames('');
    const fingerprintOfEmpty = (await client.carnivalRead(2, index, hash, 'p', 1, 2, 'ticket|'))[0] as string[];
    await client.hset(hash, 'ticket|x', '"x"');
    await client.zadd(index, 0, 'ticket|x');
    expect(await apply({ checks: [['p', index, hash, 'ticket|', fingerprintOfEmpty[0]!]] })).toEqual(['stale']);
    expect(await dump()).toEqual({ ...before, [hash]: { 'ticket|x': '"x"' }, [index]: ['ticket|x'] });
    expect(await apply({ checks: [['h', done, 'ann', '2'], ['h', done, 'bob', '']] })).toEqual(['ok']);
  });

  it('lets a counter raised under a limit have grown since it was read, but not dropped', async () => {
    const stock = keys.counters('stock|box|gold');
    await client.hset(stock, '', '7');
    expect(await apply({ command: 'k1', counts: [[stock, '', 1, 13, 5]] })).toEqual(['ok']);
    await client.hset(stock, '', '4');
    expect(await apply({ command: 'k2', counts: [[stock, '', 1, 13, 5]] })).toEqual(['stale']);
    expect(await client.hget(stock, '')).toBe('4');
  });

  it('applies the commands of one call in order: each answered on its own, each seeing those before it', async () => {
    const cap = keys.counters('assists-in|2026-11-05');
    const replies = await client.carnivalApply(
      ...call([
        { command: 'k1', counts: [[cap, 'star', 1, 2]] },
        { command: 'k2', counts: [[cap, 'star', 1, 2]] },
        // The cap is reached by the two before it: refused, and the rest still run.
        { command: 'k3', counts: [[cap, 'star', 1, 2]] },
        // A key used earlier in the same call is a replay; a broken plan fails alone.
        { command: 'k1', counts: [[cap, 'star', 1, 2]] },
        { command: 'k4', checks: [['x', cap, 'star', '']] },
        { command: 'k5', counts: [[keys.counters('tasks-done'), 'ann', 1, '']] },
        // Postings travel after their command's plan; the next command's arguments follow them.
        { command: 'k6', transfers: [[keys.balances('issuance'), '', 1, keys.balances('candy'), 'ann', 7], [keys.balances('candy'), 'ann', 0, keys.balances('redeemed'), '', 2]] },
        { command: 'k7', counts: [[keys.counters('tasks-done'), 'ann', 1, '']] },
      ]),
    );
    expect(replies).toEqual([
      ['ok'],
      ['ok'],
      ['guard', expect.stringContaining('would reach 3, above its limit 2')],
      ['replay', '{"receipt":1}'],
      ['error', 'unknown check x'],
      ['ok'],
      ['ok'],
      ['ok'],
    ]);
    expect(await client.lrange(keys.ledger, 0, -1)).toEqual([JSON.stringify({ from: '', to: 'ann', amount: 7 }), JSON.stringify({ from: 'ann', to: '', amount: 2 })]);
    expect(await client.hget(keys.balances('candy'), 'ann')).toBe('5');
    expect(await client.hget(cap, 'star')).toBe('2');
    expect(await client.hget(keys.counters('tasks-done'), 'ann')).toBe('2');
    expect(await client.exists(keys.command('ann', 'k3'), keys.command('ann', 'k4'))).toBe(0);
    expect(await client.xlen(keys.events)).toBe(5);
  });
});
