/**
 * Redis for test suites, in one place: the Redis at REDIS_URL when it answers, else a throwaway
 * `redis-server` on a free loopback port, else a loud skip (a failure when CARNIVAL_REQUIRE_REDIS=1,
 * as CI sets it). Suites use a key prefix of their own and delete their keys afterwards.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { Redis } from 'ioredis';
import { deleteKeysWithPrefix } from './cleanup.ts';
import { openRedis, pingRedis } from './connection.ts';

export interface TestRedis {
  url: string;
  /** A key prefix no other suite or run uses. */
  prefix(): string;
  /** Deletes every key under a prefix. */
  clean(prefix: string): Promise<void>;
}

export interface RedisServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** SIGKILL, and wait until it is gone: what the durability test does to it. */
  kill(): Promise<void>;
}

const DEFAULT_URL = 'redis://127.0.0.1:6379';

/** Whether a Redis answers PING at `url`, given half a second to connect and half a second to answer. */
export function answers(url: string): Promise<boolean> {
  return pingRedis(url, 500).then(
    () => true,
    () => false,
  );
}

export const hasRedisServer = () => spawnSync('redis-server', ['--version']).status === 0;

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts `redis-server` on loopback with these extra arguments (persistence, a directory). It is
 * started through a shell that kills it when this process's pipe to it closes, so a test worker
 * that dies never leaves a server behind.
 */
export async function startRedisServer(args: readonly string[] = ['--save', '', '--appendonly', 'no'], port?: number): Promise<RedisServer> {
  const listen = port ?? (await freePort());
  const quoted = ['redis-server', '--bind', '127.0.0.1', '--port', String(listen), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('sh', ['-c', `${quoted} >/dev/null & pid=$!; echo $pid; cat >/dev/null; kill -9 $pid 2>/dev/null`], { stdio: ['pipe', 'pipe', 'inherit'] });
  const pid = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (data: Buffer) => resolve(Number(String(data).trim())));
    child.once('error', reject);
  });
  const url = `redis://127.0.0.1:${listen}`;
  for (let waited = 0; !(await answers(url)); waited += 50) {
    if (waited > 10_000) throw new Error(`redis-server on port ${listen} did not answer within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let killed: Promise<void> | undefined;
  return {
    url,
    port: listen,
    process: child,
    kill: () =>
      (killed ??= (async () => {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
        child.stdin!.end();
        await exited;
        while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
      })()),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a suite that starts its own redis-server (to kill it) can run: if not, it says so
 * loudly, and under CARNIVAL_REQUIRE_REDIS=1 that is a failure.
 */
export function canStartRedisServer(): boolean {
  if (hasRedisServer()) return true;
  skipLoudly('there is no redis-server binary to start');
  return false;
}

function skipLoudly(why: string): void {
  if (process.env.CARNIVAL_REQUIRE_REDIS === '1') throw new Error(`CARNIVAL_REQUIRE_REDIS=1: ${why}`);
  console.warn(`\n*** SKIPPING REDIS SUITES: ${why}. Set REDIS_URL or install redis-server. ***\n`);
}

let found: Promise<TestRedis | undefined> | undefined;

/** The Redis this test process uses, found or started once; undefined (said loudly) when there is none. */
export function redisForTests(): Promise<TestRedis | undefined> {
  return (found ??= findRedis());
}

async function findRedis(): Promise<TestRedis | undefined> {
  const configured = process.env.REDIS_URL || DEFAULT_URL;
  let url: string | undefined;
  if (await answers(configured)) url = configured;
  else if (hasRedisServer()) url = (await startRedisServer()).url;
  if (url === undefined) {
    skipLoudly(`no Redis answers at ${configured} and there is no redis-server binary to start one`);
    return undefined;
  }
  const redisUrl = url;
  return {
    url: redisUrl,
    prefix: () => `carnival-test-${randomBytes(6).toString('hex')}`,
    clean: (prefix) => deleteKeysWithPrefix(redisUrl, prefix),
  };
}


/** A connection that fails a command at once while Redis is down, instead of queueing it until Redis returns. */
export async function failFastRedis(url: string): Promise<Redis> {
  const redis = openRedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  await redis.connect();
  return redis;
}
