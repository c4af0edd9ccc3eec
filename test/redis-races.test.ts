/**
 * Races on real Redis from two processes at once, each with its own connection and its own
 * cache of the campaign: the guards hold because the server-side step checks them, not because
 * one process serializes its own commands.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { accounts, CAMPAIGN, campaignCounters, type CommandRequest, type CommandResult } from '@carnival/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '@carnival/store-redis';
import { redisForTests } from '@carnival/store-redis/testing';
import { CONTRACT_INVITER_CAP, CONTRACT_NOW, CONTRACT_SEED, Sender, cmd, contractCampaign, isFresh, receiptOf, refusal, wholeLedger } from './fixtures.ts';

const redis = await redisForTests();
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STOCK = 13;

/** The contract festival with a jackpot of 13. */
function raceCampaign() {
  const definition = contractCampaign({ id: 'race-fest' });
  const [lucky] = definition.boxes;
  return { ...definition, boxes: [{ ...lucky!, rewards: lucky!.rewards.map((r) => (r.id === 'jackpot' ? { ...r, stock: STOCK } : r)) }] };
}

class Worker {
  readonly #child: ChildProcess;
  readonly #lines: Interface;
  readonly #pending: ((line: string) => void)[] = [];

  constructor(url: string, prefix: string) {
    this.#child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'test/redis-worker.ts')], {
      env: { ...process.env, REDIS_URL: url, CARNIVAL_REDIS_PREFIX: prefix },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.#lines = createInterface({ input: this.#child.stdout! });
    this.#lines.on('line', (line) => this.#pending.shift()?.(line));
  }

  #send(message: unknown): Promise<string> {
    return new Promise((resolve) => {
      this.#pending.push(resolve);
      this.#child.stdin!.write(`${JSON.stringify(message)}\n`);
    });
  }

  load(requests: CommandRequest[]): Promise<string> {
    return this.#send({ load: requests });
  }
  async go(): Promise<CommandResult[]> {
    return JSON.parse(await this.#send({ go: true })) as CommandResult[];
  }
  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.#child.once('exit', () => resolve());
      this.#child.stdin!.end();
    });
  }
}

describe.skipIf(!redis)('races on Redis from two processes', () => {
  const prefix = redis?.prefix() ?? '';
  let store: RedisStore;
  let send: Sender;
  let workers: Worker[];

  /** Loads half the requests into each worker, then lets both go at once. */
  async function race(requests: CommandRequest[]): Promise<CommandResult[]> {
    const half = Math.ceil(requests.length / 2);
    await Promise.all([workers[0]!.load(requests.slice(0, half)), workers[1]!.load(requests.slice(half))]);
    return (await Promise.all(workers.map((worker) => worker.go()))).flat();
  }

  beforeAll(async () => {
    workers = [new Worker(redis!.url, prefix), new Worker(redis!.url, prefix)];
    store = new RedisStore({ url: redis!.url, prefix });
    await store.publish(raceCampaign(), { seed: CONTRACT_SEED });
    send = new Sender(store, 'race-fest', CONTRACT_NOW);
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await store.close();
    await redis!.clean(prefix);
  });

  it('gives 1,000 concurrent requests on one idempotency key exactly one effect', async () => {
    const request = send.request('ann', cmd.complete('tap'));
    const results = await race(Array.from({ length: 1000 }, () => request));
    expect(results.filter(isFresh)).toHaveLength(1);
    const first = receiptOf(results.find(isFresh)!);
    expect(results.map(receiptOf)).toEqual(results.map(() => first));
    expect((await wholeLedger(store, 'race-fest')).filter((e) => e.playerId === 'ann').map((e) => e.commandKey)).toEqual([request.key]);
    expect(await store.read('race-fest', (view) => view.balance(accounts.player('ann')))).toBe(1);
  });

  it(`awards exactly ${STOCK} jackpots to 1,000 concurrent box opens`, async () => {
    const players = Array.from({ length: 1000 }, (_, i) => `opener-${i}`);
    // Each earns a box first, a hundred at a time.
    for (let i = 0; i < players.length; i += 100) await Promise.all(players.slice(i, i + 100).map((player) => send.receipt(player, cmd.complete('tap'))));
    const results = await race(players.map((player) => send.request(player, cmd.open('lucky'))));
    const outcomes = results.map((result) => receiptOf(result).outcome);
    expect(outcomes.filter((o) => o.type === 'box.opened' && o.rewardId === 'jackpot')).toHaveLength(STOCK);
    expect(outcomes.filter((o) => o.type === 'box.opened' && o.rewardId === 'thanks')).toHaveLength(1000 - STOCK);
    expect(await store.read('race-fest', (view) => view.counter(CAMPAIGN, campaignCounters.stockUsed('lucky', 'jackpot')))).toBe(STOCK);
  });

  it(`lets exactly ${CONTRACT_INVITER_CAP} of 500 concurrent friends assist an inviter with a daily cap of ${CONTRACT_INVITER_CAP}`, async () => {
    const created = (await send.receipt('star', cmd.share())).outcome;
    if (created.type !== 'invitation.created') throw new Error('expected a share code');
    const results = await race(Array.from({ length: 500 }, (_, i) => send.request(`fan-${i}`, cmd.accept(created.code))));
    const accepted = results.filter(isFresh).map(receiptOf);
    expect(accepted).toHaveLength(CONTRACT_INVITER_CAP);
    expect(results.filter((r) => !r.ok)).toEqual(Array.from({ length: 500 - CONTRACT_INVITER_CAP }, () => refusal({ code: 'INVITER_DAILY_CAP', limit: CONTRACT_INVITER_CAP })));
    expect(await store.read('race-fest', (view) => view.balance(accounts.player('star')))).toBe(10 * CONTRACT_INVITER_CAP);
    const postings = (await wholeLedger(store, 'race-fest')).filter((e) => e.reason.startsWith('assist'));
    expect(postings).toHaveLength(2 * CONTRACT_INVITER_CAP);
    expect(new Set(postings.map((e) => e.playerId))).toEqual(new Set(accepted.map((r) => r.playerId)));
  });
});
