/**
 * Every store the cross-store suites run against. A new store (Redis, ...) joins every suite by
 * adding one factory here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore, type Store } from '@carnival/core';
import { openSqliteStore } from '@carnival/store-sqlite';

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

/** The reference store first: the cross-store suite compares every other store with it. */
export const storeFactories: readonly StoreFactory[] = [memory, sqliteFactory()];

/** Opens a store from the factory, runs `use`, and closes the store whatever happens. */
export async function withStore<T>(factory: StoreFactory, use: (store: Store) => Promise<T>): Promise<T> {
  const store = await factory.open();
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
