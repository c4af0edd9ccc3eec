import { mkdirSync, readFileSync } from 'node:fs';
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
  /**
   * Opens an existing database for reading alone: no file or directory is made, no migration runs
   * (another version's server may own the file), and a file that is not a database of this
   * version's schema is refused with `NotACarnivalDatabase`. Every write fails.
   */
  readonly?: boolean;
}

/** A file `readonly` cannot read: missing, not SQLite, not Carnival's, or of another schema version. */
export class NotACarnivalDatabase extends Error {
  constructor(path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'NotACarnivalDatabase';
  }
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
  if (options.readonly) return openForReading(options.path);
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

/** The migration a database of this version's schema has applied last: its journal's `when`. */
const LATEST_MIGRATION: number = JSON.parse(readFileSync(`${MIGRATIONS}/meta/_journal.json`, 'utf8')).entries.at(-1).when;

function openForReading(path: string): Connection {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new NotACarnivalDatabase(path, `cannot open it as a database (${(error as Error).message})`);
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    let latest: number | null;
    try {
      const migrations = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
      if (!migrations) throw new NotACarnivalDatabase(path, 'not a Carnival database (it has no migrations table)');
      latest = (db.prepare('SELECT max(created_at) AS latest FROM __drizzle_migrations').get() as { latest: number | null }).latest;
    } catch (error) {
      if (error instanceof NotACarnivalDatabase) throw error;
      throw new NotACarnivalDatabase(path, `not a SQLite database (${(error as Error).message})`);
    }
    if (latest === null || latest < LATEST_MIGRATION) throw new NotACarnivalDatabase(path, "written by an older version of Carnival: run this version's server on it once to bring it up to date");
    if (latest > LATEST_MIGRATION) throw new NotACarnivalDatabase(path, 'written by a newer version of Carnival: read it with that version');
    return { db, orm: drizzle({ client: db, schema }) };
  } catch (error) {
    db.close();
    throw error;
  }
}
