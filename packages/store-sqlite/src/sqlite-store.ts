import {
  canonicalDefinition,
  compileCampaign,
  executeCommand,
  iso,
  newSeed,
  type Campaign,
  type CampaignDefinition,
  type CampaignSummary,
  type CommandRequest,
  type CommandResult,
  type LedgerEntry,
  type LedgerQuery,
  postingsPage,
  PublishRefused,
  republishRefusal,
  type PublishOptions,
  type PublishResult,
  type ReadView,
  type Store,
} from '@carnival/core';
import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { and, asc, desc, eq, gt, or } from 'drizzle-orm';
import { prepareCellStatements, SqliteCells, type CellStatements } from './cells.ts';
import { openConnection, type ConnectionOptions } from './connection.ts';
import * as schema from './schema.ts';
import { campaigns, campaignVersions, ledgerEntries } from './schema.ts';

export interface SqliteStoreOptions extends ConnectionOptions {
  /** At most this many commands share one transaction (default 256). */
  maxBatch?: number;
}

/** How well group commit batches: `commands` run in `batches` committed transactions. */
export interface CommitStats {
  batches: number;
  commands: number;
}

interface LatestVersion {
  campaign: Campaign;
  publishedAt: string;
  cells: SqliteCells;
}

interface Pending {
  request: CommandRequest;
  resolve: (result: CommandResult) => void;
  reject: (error: unknown) => void;
}

type Settlement = { ok: true; result: CommandResult } | { ok: false; error: unknown };

const DEFAULT_MAX_BATCH = 256;

/** Opens (creating and migrating if needed) the SQLite store at `options.path`. */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(options);
}

/**
 * The embedded store: one SQLite file in WAL mode on one connection.
 *
 * Other connections may write the same file (another server process, a CLI publish). The store
 * caches the latest version of every campaign, and checks `PRAGMA data_version` (which changes
 * only when another connection commits) before it decides commands, returns or lists campaigns;
 * only when it changed does it look the latest versions up again. A batch does that check inside
 * its own write transaction, so no command runs a version older than one committed before it began.
 *
 * Group commit: commands that arrive while the event loop is busy are queued and run together
 * in one transaction, each in its own savepoint, so a command that throws undoes only its own
 * writes; the batch then commits once (one fsync) and only then are the callers answered.
 * Later commands in a batch see earlier ones' writes, so one idempotency key gives one effect.
 */
export class SqliteStore implements Store {
  readonly #db: Database.Database;
  readonly #orm: BetterSQLite3Database<typeof schema>;
  readonly #cells: CellStatements;
  readonly #maxBatch: number;
  /** The latest version of every campaign, in the order they were first published. */
  readonly #latest = new Map<string, LatestVersion>();
  readonly #versions: VersionStatements;
  /** `PRAGMA data_version` when `#latest` was last brought up to date with the file. */
  #dataVersion: number | undefined;
  readonly #queue: Pending[] = [];
  readonly #stats: CommitStats = { batches: 0, commands: 0 };
  #scheduled: NodeJS.Immediate | undefined;
  #closed = false;
  readonly #runBatch: Database.Transaction<(batch: Pending[]) => Settlement[]>;
  readonly #runInSavepoint: (cells: SqliteCells, campaign: Campaign, request: CommandRequest) => CommandResult;

  constructor(options: SqliteStoreOptions) {
    const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    if (!Number.isSafeInteger(maxBatch) || maxBatch < 1) throw new Error(`maxBatch must be a positive integer, got ${maxBatch}`);
    this.#maxBatch = maxBatch;
    const { db, orm } = openConnection(options);
    this.#db = db;
    this.#orm = orm;
    try {
      this.#cells = prepareCellStatements(db);
      this.#versions = prepareVersionStatements(db);
      this.#refresh();
    } catch (error) {
      db.close();
      throw error;
    }
    // Inside the batch's transaction better-sqlite3 turns a nested transaction into a savepoint.
    this.#runInSavepoint = db.transaction(executeCommand);
    this.#runBatch = db.transaction((batch: Pending[]) => {
      // Inside the write transaction: what it finds is what the batch's commands run against.
      this.#refresh();
      return batch.map(({ request }) => this.#runOne(request));
    });
  }

  /** Batches and commands committed since the store opened. */
  get stats(): CommitStats {
    return { ...this.#stats };
  }

  async publish(definition: CampaignDefinition, options: PublishOptions = {}): Promise<PublishResult> {
    const canonical = canonicalDefinition(definition);
    const published = this.#db
      .transaction(() => {
        // Catch up first, so campaigns another connection published keep their place in the order.
        this.#refresh();
        const latest = this.#orm
          .select({ version: campaignVersions.version, canonical: campaignVersions.canonical })
          .from(campaignVersions)
          .where(eq(campaignVersions.campaignId, definition.id))
          .orderBy(desc(campaignVersions.version))
          .limit(1)
          .get();
        if (latest && latest.canonical === canonical) return { version: latest.version, created: false } as const;
        const now = options.now ?? Date.now();
        // `#refresh` above brought the cached latest version up to this transaction's.
        const cached = this.#latest.get(definition.id);
        const refusal = cached && republishRefusal({ definition: cached.campaign.definition, publishedAt: cached.publishedAt }, definition, now);
        if (refusal) throw new PublishRefused(refusal);
        const publishedAt = iso(now);
        let seed: string;
        if (latest) {
          seed = this.#orm.select({ seed: campaigns.seed }).from(campaigns).where(eq(campaigns.id, definition.id)).get()!.seed;
        } else {
          seed = options.seed ?? newSeed();
          this.#orm.insert(campaigns).values({ id: definition.id, seed, createdAt: publishedAt }).run();
        }
        const version = (latest?.version ?? 0) + 1;
        this.#orm.insert(campaignVersions).values({ campaignId: definition.id, version, definition, canonical, publishedAt }).run();
        return { version, created: true, seed, publishedAt } as const;
      })
      .immediate();
    if (published.created) this.#remember(compileCampaign(definition, published.version, published.seed), published.publishedAt);
    return { campaignId: definition.id, version: published.version, created: published.created };
  }

  async campaign(campaignId: string): Promise<Campaign | undefined> {
    this.#refresh();
    return this.#latest.get(campaignId)?.campaign;
  }

  async campaigns(): Promise<CampaignSummary[]> {
    this.#refresh();
    return [...this.#latest.values()].map(({ campaign, publishedAt }) => ({
      id: campaign.definition.id,
      name: campaign.definition.name,
      version: campaign.version,
      publishedAt,
    }));
  }

  execute(request: CommandRequest): Promise<CommandResult> {
    if (this.#closed) return Promise.reject(new Error('the SQLite store is closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      this.#scheduled ??= setImmediate(() => this.#flush());
    });
  }

  async read<T>(campaignId: string, reader: (view: ReadView) => T): Promise<T> {
    return reader(this.#latest.get(campaignId)?.cells ?? new SqliteCells(this.#cells, campaignId));
  }

  async ledger(campaignId: string, query: LedgerQuery = {}): Promise<LedgerEntry[]> {
    const account = query.account;
    const rows = this.#orm
      .select()
      .from(ledgerEntries)
      .where(
        and(
          eq(ledgerEntries.campaignId, campaignId),
          account === undefined ? undefined : or(eq(ledgerEntries.fromAccount, account), eq(ledgerEntries.toAccount, account)),
        ),
      )
      .orderBy(desc(ledgerEntries.id))
      .limit(query.limit ?? 100)
      .all();
    return rows.map(entryOf);
  }

  async *postings(campaignId: string, size?: number): AsyncIterable<LedgerEntry[]> {
    const pageSize = postingsPage(size);
    // Pages by rowid rather than one open cursor: the connection stays free for commands between pages.
    for (let after = 0; ; ) {
      const rows = this.#orm
        .select()
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.campaignId, campaignId), gt(ledgerEntries.id, after)))
        .orderBy(asc(ledgerEntries.id))
        .limit(pageSize)
        .all();
      if (rows.length === 0) return;
      after = rows.at(-1)!.id;
      yield rows.map(entryOf);
    }
  }

  /** Commits every queued command, then closes the database. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
    while (this.#queue.length > 0) this.#commitNext();
    this.#db.close();
  }

  #flush(): void {
    this.#scheduled = undefined;
    this.#commitNext();
    // Let I/O in between batches, so the rest waits with whatever arrives meanwhile.
    if (this.#queue.length > 0) this.#scheduled = setImmediate(() => this.#flush());
  }

  /** Runs up to `maxBatch` queued commands in one transaction; answers them once it committed. */
  #commitNext(): void {
    const batch = this.#queue.splice(0, this.#maxBatch);
    let settled: Settlement[];
    try {
      settled = this.#runBatch.immediate(batch);
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    this.#stats.batches += 1;
    this.#stats.commands += batch.length;
    batch.forEach((pending, i) => {
      const settlement = settled[i]!;
      if (settlement.ok) pending.resolve(settlement.result);
      else pending.reject(settlement.error);
    });
  }

  #runOne(request: CommandRequest): Settlement {
    const latest = this.#latest.get(request.campaignId);
    if (!latest) return { ok: true, result: { ok: false, error: { code: 'CAMPAIGN_NOT_FOUND', campaignId: request.campaignId } } };
    try {
      return { ok: true, result: this.#runInSavepoint(latest.cells, latest.campaign, request) };
    } catch (error) {
      // Some errors (disk full, I/O) make SQLite roll back the whole transaction: then the
      // batch cannot go on, or later commands would commit one by one outside it.
      if (!this.#db.inTransaction) throw error;
      return { ok: false, error };
    }
  }

  /**
   * Brings `#latest` up to date with versions other connections committed. One pragma read when
   * nothing changed (this connection's own commits leave data_version alone); otherwise one scan of
   * the newest version numbers, and only versions not cached yet are read and compiled.
   */
  #refresh(): void {
    // Read before the versions: a commit in between only makes the next call look again.
    const dataVersion = this.#versions.dataVersion.get()!;
    if (dataVersion === this.#dataVersion) return;
    const entries = this.#versions.newest.all().map(({ campaignId, version }): [string, LatestVersion] => {
      const cached = this.#latest.get(campaignId);
      if (cached?.campaign.version === version) return [campaignId, cached];
      const row = this.#versions.version.get(campaignId, version)!;
      const campaign = compileCampaign(JSON.parse(row.definition) as CampaignDefinition, version, row.seed);
      return [campaignId, { campaign, publishedAt: row.publishedAt, cells: cached?.cells ?? new SqliteCells(this.#cells, campaignId) }];
    });
    // Rebuilt rather than patched, so campaigns first published elsewhere take their place in the order.
    this.#latest.clear();
    for (const [campaignId, entry] of entries) this.#latest.set(campaignId, entry);
    this.#dataVersion = dataVersion;
  }

  #remember(campaign: Campaign, publishedAt: string): void {
    const id = campaign.definition.id;
    this.#latest.set(id, { campaign, publishedAt, cells: this.#latest.get(id)?.cells ?? new SqliteCells(this.#cells, id) });
  }
}

/*
 * Raw statements, like the cells' (see cells.ts): the data_version check runs before every batch,
 * and the scan of newest versions after every commit of another connection (another server process).
 */
function prepareVersionStatements(db: Database.Database) {
  return {
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    /** The newest version of every campaign, in publication order (as the memory store lists them). */
    newest: db.prepare<[], { campaignId: string; version: number }>(
      `SELECT c.id AS campaignId, max(v.version) AS version
       FROM campaigns c JOIN campaign_versions v ON v.campaign_id = c.id
       GROUP BY c.id ORDER BY c.rowid`,
    ),
    version: db.prepare<[string, number], { seed: string; definition: string; publishedAt: string }>(
      `SELECT c.seed, v.definition, v.published_at AS publishedAt
       FROM campaigns c JOIN campaign_versions v ON v.campaign_id = c.id
       WHERE c.id = ? AND v.version = ?`,
    ),
  };
}

type VersionStatements = ReturnType<typeof prepareVersionStatements>;

/** A ledger row as a posting, keys in the order the engine builds them, so entries serialize as the memory store's do. */
function entryOf(row: typeof ledgerEntries.$inferSelect): LedgerEntry {
  return {
    campaignId: row.campaignId,
    version: row.version,
    playerId: row.playerId,
    commandKey: row.commandKey,
    from: row.fromAccount,
    to: row.toAccount,
    amount: row.amount,
    reason: row.reason,
    memo: row.memo ?? undefined,
    at: row.at,
  };
}
