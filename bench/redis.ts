import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CampaignKeys, deleteKeysWithPrefix, Redis, RedisStore } from '@carnival/store-redis';
import { answers, hasRedisServer, startRedisServer } from '@carnival/store-redis/testing';
import { BENCH_NOW, benchCampaign } from './campaign.ts';

/**
 * Task completions per second through the engine on Redis, from one process and from two, against
 * a bare EVALSHA of a script that makes the same key writes as one completion's apply step, on
 * the same Redis in the same run (the better of two connections: one that writes each command
 * as it is sent, like the store's, and one that auto-pipelines). Each load runs in processes of its own (`node --import tsx
 * bench/redis.ts load MODE ...`), IN_FLIGHT commands at a time per process; Redis runs without
 * persistence, so the figures are Redis's and the store's CPU, not the disk's.
 */
export const IN_FLIGHT = 256;
/** Players per process: each in-flight slot has players of its own, so no two commands race. */
const PLAYERS = IN_FLIGHT * 16;

/** `bare-pipelined` is the bare script over an auto-pipelining connection: see benchRedis. */
type Mode = 'engine' | 'bare' | 'bare-pipelined';

/** Completions per second from one process and from two. */
export interface RedisRound {
  engine: [number, number];
  bare: [number, number];
}

export interface RedisFigures {
  rounds: RedisRound[];
  /** Key writes of one completion's step, which the bare script makes too. */
  writes: number;
}

/** Rounds of the four loads: a shared two-core machine drifts, so the figure is the median round's. */
export const ROUNDS = 5;

/*
 * One task completion's apply step writes: 4 counters (the task's day and total, tasks done,
 * candy earned today), 2 balances, the posting to 3 lists (the ledger, each account's), the
 * idempotency record and its expiry, the key kept for good in the player's hash of keys, and the
 * event: 13 writes.
 */
const BARE = `
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
redis.call('HINCRBY', KEYS[4], ARGV[1], 10)
redis.call('HINCRBY', KEYS[5], '', -10)
redis.call('HINCRBY', KEYS[6], ARGV[1], 10)
redis.call('RPUSH', KEYS[7], ARGV[3])
redis.call('RPUSH', KEYS[8], ARGV[3])
redis.call('RPUSH', KEYS[9], ARGV[3])
redis.call('HSET', KEYS[10], 'p', ARGV[2], 'r', ARGV[3])
redis.call('PEXPIRE', KEYS[10], 86400000)
redis.call('HSET', KEYS[12], ARGV[4], ARGV[5])
redis.call('XADD', KEYS[11], '*', 'type', 'task.completed', 'receipt', ARGV[3], 'postings', ARGV[3])
return 1
`;
const WRITES = 13;

export async function benchRedis(seconds: number): Promise<RedisFigures> {
  const url = process.env.REDIS_URL;
  const server = url && (await answers(url)) ? undefined : hasRedisServer() ? await startRedisServer() : undefined;
  const target = server?.url ?? url;
  if (!target) throw new Error('no Redis: set REDIS_URL or install redis-server');
  const base = `carnival-bench-${Date.now().toString(36)}`;
  let loads = 0;
  let prefix = base;
  try {
    // Each load on a campaign of its own, deleted after it: a Redis that grew by the loads
    // before would make the later ones slower, whichever they are.
    const run = async (mode: Mode, processes: number) => {
      prefix = `${base}-${loads++}`;
      const store = new RedisStore({ url: target, prefix });
      await store.publish(benchCampaign, { seed: 'bench-seed' });
      await store.close();
      const rates = await Promise.all(Array.from({ length: processes }, (_, i) => load(mode, target, prefix, seconds, `${mode}${processes}-${i}`)));
      await deleteKeysWithPrefix(target, prefix);
      await freed(target);
      return rates.reduce((sum, rate) => sum + rate, 0);
    };
    // The baseline is the better of writing each command as it is sent (as the store does) and
    // joining a tick's commands into one write, so the store's choice never handicaps it.
    const bare = async (processes: number) => Math.max(await run('bare', processes), await run('bare-pipelined', processes));
    // Alternated, so drift on a shared machine hurts both alike.
    const rounds: RedisRound[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const bare1 = await bare(1);
      const engine1 = await run('engine', 1);
      const bare2 = await bare(2);
      const engine2 = await run('engine', 2);
      rounds.push({ engine: [engine1, engine2], bare: [bare1, bare2] });
    }
    return { rounds, writes: WRITES };
  } finally {
    if (server) await server.kill();
    else await deleteKeysWithPrefix(target, prefix);
  }
}

/** Waits until Redis has freed what UNLINK handed to its background thread, which would take CPU from the next load. */
async function freed(url: string): Promise<void> {
  const redis = new Redis(url);
  try {
    while (/lazyfree_pending_objects:[1-9]/.test(await redis.info('memory'))) await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    await redis.quit();
  }
}

async function load(mode: Mode, url: string, prefix: string, seconds: number, worker: string): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'load', mode, url, prefix, String(seconds), worker]);
  return Number(stdout.trim());
}

/** Runs one load in this process for `seconds` after a one-second warm-up; prints completions per second. */
async function runLoad(mode: Mode, url: string, prefix: string, seconds: number, worker: string): Promise<number> {
  const store = new RedisStore({ url, prefix });
  const redis = new Redis(url, { enableAutoPipelining: mode === 'bare-pipelined' });
  redis.defineCommand('bareCompletion', { lua: BARE, numberOfKeys: 12 });
  const keys = new CampaignKeys(prefix, 'bench');
  let n = 0;
  const rounds = new Array<number>(IN_FLIGHT).fill(0);
  const complete = async (slot: number) => {
    const i = n++;
    // The slot's own players in turn: every one of PLAYERS is played, as in a campaign whose
    // counters and balances hold many players (a hash of ≤ 512 small fields is a list to Redis).
    const round = rounds[slot]!;
    rounds[slot] = round + 1;
    const playerId = `${worker}-p${slot + IN_FLIGHT * (round % (PLAYERS / IN_FLIGHT))}`;
    const key = `${worker}-${i}`;
    if (mode !== 'engine') {
      const posting = JSON.stringify({ campaignId: 'bench', version: 1, playerId, commandKey: key, from: 'issuance', to: `player|${playerId}`, amount: 10, reason: 'task', memo: 'tap', at: '2026-11-11T04:00:00.000Z' });
      const day = '2026-11-11';
      await (redis as unknown as { bareCompletion(...args: string[]): Promise<number> }).bareCompletion(
        keys.counters(`task|tap|${day}`),
        keys.counters('task|tap'),
        keys.counters('tasks-done'),
        keys.counters(`earned|${day}`),
        keys.balances('issuance'),
        keys.balances('candy'),
        keys.ledger,
        keys.accountLedger('issuance'),
        keys.accountLedger(`player|${playerId}`),
        keys.command(playerId, key),
        keys.events,
        keys.commandKeys(playerId),
        playerId,
        '{"type":"task.complete","taskId":"tap"}',
        posting,
        key,
        `${BENCH_NOW}|={"type":"task.complete","taskId":"tap"}`,
      );
    } else {
      const result = await store.execute({ campaignId: 'bench', playerId, key, actor: 'player', claims: {}, now: BENCH_NOW, command: { type: 'task.complete', taskId: 'tap' } });
      if (!result.ok) throw new Error(`a benchmark completion failed: ${JSON.stringify(result.error)}`);
    }
  };
  const runFor = async (ms: number) => {
    const deadline = performance.now() + ms;
    const started = n;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async (_, slot) => {
        while (performance.now() < deadline) await complete(slot);
      }),
    );
    return ((n - started) * 1000) / (performance.now() - t0);
  };
  await runFor(1000);
  const rate = await runFor(seconds * 1000);
  await store.close();
  await redis.quit();
  return rate;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'load') {
  const [, , , mode, url, prefix, seconds, worker] = process.argv;
  console.log(await runLoad(mode as Mode, url!, prefix!, Number(seconds), worker!));
}
