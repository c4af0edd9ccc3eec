/**
 * Every store the cross-store suites run against. A new store (Redis, ...) joins every suite by
 * adding one factory here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore, type Store } from '@carnival/core';
import { openSqliteStore } from '@carnival/store-sqlite';
import { RedisStore } from '@carnival/store-redis';
import { redisForTests, type TestRedis } from '@carnival/store-redis/testing';

export interface StoreFactory {
  readonly name: string;
  /** A new, empty store. The caller closes it. */
  open(): Promise<Store> | Store;
  /** Removes whatever the factory's stores left behind (files); called once after a suite. */
  cleanup(): Promise<void> | void;
}

const memory: StoreFactory = {
  name: 'memory',
  open: () => new MemoryStore(),
  cleanup: () => {},
};

/** SQLite on a real file (WAL, default durability), one file per store in a temporary directory. */
function sqliteFactory(): StoreFactory {
  let dir: string | undefined;
  let files = 0;
  return {
    name: 'sqlite',
    open() {
      dir ??= mkdtempSync(join(tmpdir(), 'carnival-stores-'));
      return openSqliteStore({ path: join(dir, `store-${++files}.db`) });
    },
    cleanup() {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    },
  };
}

/** Redis under a key prefix of the factory's own, every key of it deleted on cleanup. */
function redisFactory(redis: TestRedis): StoreFactory {
  let prefix = redis.prefix();
  return {
    name: 'redis',
    open: () => new RedisStore({ url: redis.url, prefix: `${prefix}:${Math.random().toString(36).slice(2)}` }),
    async cleanup() {
      await redis.clean(prefix);
      prefix = redis.prefix();
    },
  };
}

// When no Redis can be had, redisForTests says so loudly (and fails under CARNIVAL_REQUIRE_REDIS=1).
const redis = await redisForTests();

/** The reference store first: the cross-store suite compares every other store with it. */
export const storeFactories: readonly StoreFactory[] = [memory, sqliteFactory(), ...(redis ? [redisFactory(redis)] : [])];

/** Opens a store from the factory, runs `use`, and closes the store whatever happens. */
export async function withStore<T>(factory: StoreFactory, use: (store: Store) => Promise<T>): Promise<T> {
  const store = await factory.open();
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
