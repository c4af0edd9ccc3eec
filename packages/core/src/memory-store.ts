import { compileCampaign, iso, type Campaign } from './campaign.ts';
import type { CommandRequest, Outcome } from './command.ts';
import type { CampaignDefinition } from './definition.ts';
import { executeCommand, RECEIPT_RETENTION_MS, type CommandResult, type CommandTxn, type KeptCommand, type StoredCommand } from './engine.ts';
import { CAMPAIGN, type Account } from './keys.ts';
import { PublishRefused, republishRefusal } from './republish.ts';
import type { LedgerEntry } from './state.ts';
import {
  canonicalDefinition,
  newSeed,
  type CampaignSummary,
  type LedgerQuery,
  postingsPage,
  type PublishOptions,
  type PublishResult,
  type ReadView,
  type Store,
} from './store.ts';

/** A column's storage: a typed array, or a plain array for texts and objects. */
type Chunk<T> = { [row: number]: T; readonly length: number };

/** Rows per chunk of a column: 32,768, so a chunk is at most 256 KB. */
const CHUNK_BITS = 15;
const CHUNK_ROWS = 1 << CHUNK_BITS;
const FIRST_CHUNK_ROWS = 1024;

/**
 * A growable column: a value of a typed column costs its 4 or 8 bytes, with no object per row
 * for the garbage collector to trace. The store keeps one row per command and per posting for
 * the campaign's whole life, so at the simulator's millions of commands this is most of the
 * store's memory. Rows live in chunks of `CHUNK_ROWS` (only the first grows, for small campaigns)
 * and are never copied once a chunk is full: an array grown by copying holds up to half again
 * as much as it uses, and twice that while it is being copied.
 */
class Column<T> {
  readonly #chunks: Chunk<T>[] = [];
  readonly #make: (rows: number) => Chunk<T>;
  length = 0;

  constructor(make: (rows: number) => Chunk<T>) {
    this.#make = make;
  }

  push(value: T): void {
    const row = this.length & (CHUNK_ROWS - 1);
    let chunk = this.#chunks[this.length >>> CHUNK_BITS];
    if (chunk === undefined) this.#chunks.push((chunk = this.#make(this.#chunks.length === 0 ? FIRST_CHUNK_ROWS : CHUNK_ROWS)));
    else if (row === chunk.length) this.#chunks[0] = chunk = this.#grown(chunk);
    chunk[row] = value;
    this.length++;
  }
  at(row: number): T {
    return this.#chunks[row >>> CHUNK_BITS]![row & (CHUNK_ROWS - 1)]!;
  }
  set(row: number, value: T): void {
    this.#chunks[row >>> CHUNK_BITS]![row & (CHUNK_ROWS - 1)] = value;
  }

  /** The first chunk, twice as long (it is the only one that is ever not full-length). */
  #grown(chunk: Chunk<T>): Chunk<T> {
    const grown = this.#make(Math.min(chunk.length * 2, CHUNK_ROWS));
    for (let row = 0; row < chunk.length; row++) grown[row] = chunk[row]!;
    return grown;
  }
}

const floats = () => new Column<number>((rows) => new Float64Array(rows));
const ints = () => new Column<number>((rows) => new Int32Array(rows));
const values = <T>() => new Column<T>((rows) => new Array<T>(rows));

/** Each distinct text once, by number: a ledger names the same few thousand accounts millions of times. */
class Interned {
  readonly #numbers = new Map<string, number>();
  readonly texts: string[] = [];

  number(text: string): number {
    let n = this.#numbers.get(text);
    if (n === undefined) {
      this.#numbers.set(text, (n = this.texts.length));
      this.texts.push(text);
    }
    return n;
  }
}

/**
 * The ledger as columns, one row per posting in the order posted; the campaign id is the cells'.
 * Accounts, players and reasons repeat (a population, a few dozen reasons) and are kept by number;
 * command keys and memos (an order id) are mostly one posting's own, and kept as they are.
 */
class LedgerColumns {
  readonly #accounts = new Interned();
  readonly #playerIds = new Interned();
  readonly #reasonTexts = new Interned();
  readonly #versions = ints();
  readonly #from = ints();
  readonly #to = ints();
  readonly #amounts = floats();
  readonly #at = floats();
  readonly #players = ints();
  readonly #reasons = ints();
  readonly #keys = values<string>();
  readonly #memos = values<string | undefined>();

  get length(): number {
    return this.#amounts.length;
  }

  /** The numbers the columns keep an account and a player by. */
  accountNumber(id: string): number {
    return this.#accounts.number(id);
  }
  playerNumber(playerId: string): number {
    return this.#playerIds.number(playerId);
  }

  append(entry: LedgerEntry, at: number, from: number, to: number, player: number): void {
    this.#versions.push(entry.version);
    this.#from.push(from);
    this.#to.push(to);
    this.#amounts.push(entry.amount);
    this.#at.push(at);
    this.#players.push(player);
    this.#reasons.push(this.#reasonTexts.number(entry.reason));
    this.#keys.push(entry.commandKey);
    this.#memos.push(entry.memo);
  }

  /** Whether the posting at `row` moves candy from or to the account with this id. */
  touches(row: number, account: string): boolean {
    const accounts = this.#accounts.texts;
    return accounts[this.#from.at(row)] === account || accounts[this.#to.at(row)] === account;
  }

  /** The posting at `row`, with keys in the order the engine builds them (`postingOf`). */
  entry(campaignId: string, row: number): LedgerEntry {
    const accounts = this.#accounts.texts;
    return {
      campaignId,
      version: this.#versions.at(row),
      playerId: this.#playerIds.texts[this.#players.at(row)]!,
      commandKey: this.#keys.at(row),
      from: accounts[this.#from.at(row)]!,
      to: accounts[this.#to.at(row)]!,
      amount: this.#amounts.at(row),
      reason: this.#reasonTexts.texts[this.#reasons.at(row)]!,
      memo: this.#memos.at(row),
      at: iso(this.#at.at(row)),
    };
  }
}

/**
 * The idempotency records as columns, one row per command; a player's records map each key to
 * its row. The receipt is rebuilt on a retry, which is rare, instead of kept whole, and its
 * outcome is dropped once a command a retention window newer has run: the engine refuses a
 * retry that late whether or not the outcome is kept (`RECEIPT_RETENTION_MS`).
 */
class CommandColumns {
  readonly #versions = ints();
  readonly #at = floats();
  readonly #payloads = values<string>();
  readonly #outcomes = values<Outcome | undefined>();
  /** Rows before this one have had their outcome dropped. */
  #kept = 0;

  append(payload: string, version: number, at: number, outcome: Outcome): number {
    // Rows come in clock order, so the stale ones are at the front; a row run out of order only waits longer.
    while (this.#kept < this.#outcomes.length && this.#at.at(this.#kept) <= at - RECEIPT_RETENTION_MS) this.#outcomes.set(this.#kept++, undefined);
    this.#versions.push(version);
    this.#at.push(at);
    this.#payloads.push(payload);
    this.#outcomes.push(outcome);
    return this.#outcomes.length - 1;
  }

  stored(row: number, campaignId: string, playerId: string, key: string): KeptCommand {
    const payload = this.#payloads.at(row);
    const at = iso(this.#at.at(row));
    const outcome = this.#outcomes.at(row);
    if (outcome === undefined) return { payload, at, receipt: null };
    return { payload, receipt: { key, campaignId, playerId, version: this.#versions.at(row), at, outcome } };
  }
}

/**
 * The cells of one scope, kept together: a command mostly touches one player's cells, and a
 * few small maps per player are cheaper to search than campaign-wide maps of every cell.
 */
class ScopeCells {
  readonly counters = new Map<string, number>();
  readonly balances = new Map<string, number>();
  readonly records = new Map<string, unknown>();
  /** The player's idempotency records: key → row of the campaign's command columns. */
  readonly commands = new Map<string, number>();
  /**
   * The scope's numbers in the ledger's columns, found once: in the maps of every player and
   * account they cost two cache misses a posting, while these cells are at hand already.
   */
  ledgerPlayer = -1;
  /** The name and number of the scope's account posted to last (mostly its only one). */
  ledgerAccount = '';
  ledgerAccountNumber = -1;
}

/** One campaign's cells in plain maps. JavaScript runs one command at a time, so it is atomic. */
class MemoryCells implements CommandTxn, ReadView {
  readonly campaignId: string;
  readonly #scopes = new Map<string, ScopeCells>();
  readonly ledger = new LedgerColumns();
  readonly #commands = new CommandColumns();
  /**
   * When the running command runs (its request's `now`): its receipt and postings carry it as
   * ISO text, and the columns keep it as this number rather than parsing the text back.
   */
  commandAt = 0;
  // The scope found last: a command looks its player up a dozen times in a map of every player.
  #lastScope: string | undefined;
  #lastCells: ScopeCells | undefined;

  constructor(campaignId: string) {
    this.campaignId = campaignId;
  }

  #find(scope: string): ScopeCells | undefined {
    if (scope === this.#lastScope) return this.#lastCells;
    const cells = this.#scopes.get(scope);
    if (cells) this.#remember(scope, cells);
    return cells;
  }

  #remember(scope: string, cells: ScopeCells): void {
    this.#lastScope = scope;
    this.#lastCells = cells;
  }

  /** A scope's cells, made on first write; reads of an unknown scope see empty cells. */
  #scope(scope: string): ScopeCells {
    let cells = this.#find(scope);
    if (!cells) {
      this.#scopes.set(scope, (cells = new ScopeCells()));
      this.#remember(scope, cells);
    }
    return cells;
  }

  counter(scope: string, name: string): number {
    return this.#find(scope)?.counters.get(name) ?? 0;
  }
  balance(account: Account): number {
    return this.#find(account.scope)?.balances.get(account.name) ?? 0;
  }
  record<T>(scope: string, name: string): T | undefined {
    return this.#find(scope)?.records.get(name) as T | undefined;
  }
  balancesNamed(name: string): { scope: string; balance: number }[] {
    return this.#positive((cells) => cells.balances, name).map(({ scope, value }) => ({ scope, balance: value }));
  }
  countersNamed(name: string): { scope: string; value: number }[] {
    return this.#positive((cells) => cells.counters, name);
  }
  /** Every scope's positive cell of this name in one kind of cells, by scope in JavaScript order. */
  #positive(kind: (cells: ScopeCells) => Map<string, number>, name: string): { scope: string; value: number }[] {
    const out: { scope: string; value: number }[] = [];
    for (const [scope, cells] of this.#scopes) {
      const value = kind(cells).get(name);
      if (value !== undefined && value > 0) out.push({ scope, value });
    }
    return out.sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
  }
  recordsWithPrefix<T>(scope: string, prefix: string): T[] {
    const records = this.#find(scope)?.records;
    if (!records) return [];
    return [...records.keys()]
      .filter((name) => name.startsWith(prefix))
      .sort()
      .map((name) => records.get(name) as T);
  }
  setCounter(scope: string, name: string, value: number): void {
    this.#scope(scope).counters.set(name, value);
  }
  setBalance(account: Account, value: number): void {
    this.#scope(account.scope).balances.set(account.name, value);
  }
  putRecord(scope: string, name: string, value: unknown): void {
    if (value === null) this.#find(scope)?.records.delete(name);
    else this.#scope(scope).records.set(name, value);
  }
  appendEntry(entry: LedgerEntry, from: Account, to: Account): void {
    const player = this.#scope(entry.playerId);
    if (player.ledgerPlayer < 0) player.ledgerPlayer = this.ledger.playerNumber(entry.playerId);
    this.ledger.append(entry, this.commandAt, this.#accountNumber(from), this.#accountNumber(to), player.ledgerPlayer);
  }
  #accountNumber(account: Account): number {
    if (account.scope === CAMPAIGN) return this.ledger.accountNumber(account.id);
    const cells = this.#scope(account.scope);
    if (cells.ledgerAccount !== account.name) {
      cells.ledgerAccount = account.name;
      cells.ledgerAccountNumber = this.ledger.accountNumber(account.id);
    }
    return cells.ledgerAccountNumber;
  }
  storedCommand(playerId: string, key: string): KeptCommand | undefined {
    const row = this.#find(playerId)?.commands.get(key);
    return row === undefined ? undefined : this.#commands.stored(row, this.campaignId, playerId, key);
  }
  saveCommand(playerId: string, key: string, { payload, receipt }: StoredCommand): void {
    const row = this.#commands.append(payload, receipt.version, this.commandAt, receipt.outcome);
    this.#scope(playerId).commands.set(key, row);
  }
}

interface MemoryCampaign {
  versions: { campaign: Campaign; canonical: string; publishedAt: string }[];
  cells: MemoryCells;
}

/**
 * The in-memory store: the reference implementation of the contract, used by tests, the
 * simulator and benchmarks. Nothing survives the process.
 */
export class MemoryStore implements Store {
  readonly #campaigns = new Map<string, MemoryCampaign>();

  async publish(definition: CampaignDefinition, options: PublishOptions = {}): Promise<PublishResult> {
    const canonical = canonicalDefinition(definition);
    const existing = this.#campaigns.get(definition.id);
    const latest = existing?.versions.at(-1);
    if (latest && latest.canonical === canonical) return { campaignId: definition.id, version: latest.campaign.version, created: false };
    const now = options.now ?? Date.now();
    const refusal = latest && republishRefusal({ definition: latest.campaign.definition, publishedAt: latest.publishedAt }, definition, now);
    if (refusal) throw new PublishRefused(refusal);
    const version = (latest?.campaign.version ?? 0) + 1;
    const seed = latest?.campaign.seed ?? options.seed ?? newSeed();
    const entry = { campaign: compileCampaign(definition, version, seed), canonical, publishedAt: iso(now) };
    if (existing) existing.versions.push(entry);
    else this.#campaigns.set(definition.id, { versions: [entry], cells: new MemoryCells(definition.id) });
    return { campaignId: definition.id, version, created: true };
  }

  async campaign(campaignId: string): Promise<Campaign | undefined> {
    return this.#campaigns.get(campaignId)?.versions.at(-1)?.campaign;
  }

  async campaigns(): Promise<CampaignSummary[]> {
    return [...this.#campaigns.values()].map(({ versions }) => {
      const latest = versions.at(-1)!;
      return { id: latest.campaign.definition.id, name: latest.campaign.definition.name, version: latest.campaign.version, publishedAt: latest.publishedAt };
    });
  }

  async execute(request: CommandRequest): Promise<CommandResult> {
    return this.executeNow(request);
  }

  /** `execute` without the promise, for the simulator and benchmarks. */
  executeNow(request: CommandRequest): CommandResult {
    const entry = this.#campaigns.get(request.campaignId);
    if (!entry) return { ok: false, error: { code: 'CAMPAIGN_NOT_FOUND', campaignId: request.campaignId } };
    entry.cells.commandAt = request.now;
    return executeCommand(entry.cells, entry.versions.at(-1)!.campaign, request);
  }

  async read<T>(campaignId: string, reader: (view: ReadView) => T): Promise<T> {
    const entry = this.#campaigns.get(campaignId);
    return reader(entry?.cells ?? new MemoryCells(campaignId));
  }

  async ledger(campaignId: string, query: LedgerQuery = {}): Promise<LedgerEntry[]> {
    const cells = this.#campaigns.get(campaignId)?.cells;
    const limit = query.limit ?? 100;
    const newest: LedgerEntry[] = [];
    if (!cells) return newest;
    for (let row = cells.ledger.length - 1; row >= 0 && newest.length < limit; row--) {
      if (query.account === undefined || cells.ledger.touches(row, query.account)) newest.push(cells.ledger.entry(campaignId, row));
    }
    return newest;
  }

  async *postings(campaignId: string, size?: number): AsyncIterable<LedgerEntry[]> {
    const pageSize = postingsPage(size);
    const cells = this.#campaigns.get(campaignId)?.cells;
    if (!cells) return;
    // Rows posted while the reader pauses between pages are read too, as on the other stores.
    for (let from = 0; from < cells.ledger.length; from += pageSize) {
      const page: LedgerEntry[] = [];
      for (let row = from; row < Math.min(from + pageSize, cells.ledger.length); row++) page.push(cells.ledger.entry(campaignId, row));
      yield page;
    }
  }

  async close(): Promise<void> {}
}
