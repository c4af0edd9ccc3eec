import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';

export interface ConnectionOptions {
  /** A file path, or ':memory:' for tests. */
  path: string;
  /**
   * FULL (default) syncs the WAL on every commit: an acknowledged command survives power loss.
   * NORMAL syncs only at checkpoints: faster, and a power loss or OS crash may lose the last
   * commits (never a process crash; the database stays consistent either way).
   */
  synchronous?: 'FULL' | 'NORMAL';
}

export interface Connection {
  db: Database.Database;
  orm: BetterSQLite3Database<typeof schema>;
}

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));
/** How long a write waits for another process holding the lock (a CLI publish, a backup). */
const BUSY_TIMEOUT_MS = 5000;

/** Opens the database file (creating its directory), configures it and applies pending migrations. */
export function openConnection(options: ConnectionOptions): Connection {
  const synchronous = options.synchronous ?? 'FULL';
  // The value goes into a pragma's text, so refuse anything else from untyped callers.
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new Error(`synchronous must be FULL or NORMAL, got ${String(synchronous)}`);
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    const orm = drizzle({ client: db, schema });
    migrate(orm, { migrationsFolder: MIGRATIONS });
    return { db, orm };
  } catch (error) {
    db.close();
    throw error;
  }
}
