import { compileCampaign, iso, type Campaign } from './campaign.ts';
import type { CommandRequest, Outcome } from './command.ts';
import type { CampaignDefinition } from './definition.ts';
import { executeCommand, type CommandResult, type CommandTxn, type StoredCommand } from './engine.ts';
import type { Account } from './keys.ts';
import type { LedgerEntry } from './state.ts';
import {
  canonicalDefinition,
  newSeed,
  type CampaignSummary,
  type LedgerQuery,
  type PublishOptions,
  type PublishResult,
  type ReadView,
  type Store,
} from './store.ts';

/**
 * An idempotency record as kept: the receipt without the player and key, which the record is
 * filed under. The store keeps one per command, and one object of five fields instead of a
 * receipt inside a `StoredCommand` is less for the garbage collector to copy.
 */
interface KeptCommand {
  payload: string;
  campaignId: string;
  version: number;
  at: string;
  outcome: Outcome;
}

/**
 * The cells of one scope, kept together: a command mostly touches one player's cells, and a
 * few small maps per player are cheaper to search than campaign-wide maps of every cell.
 */
class ScopeCells {
  readonly counters = new Map<string, number>();
  readonly balances = new Map<string, number>();
  readonly records = new Map<string, unknown>();
  /** The player's idempotency records by key. */
  readonly commands = new Map<string, KeptCommand>();
}

/** One campaign's cells in plain maps. JavaScript runs one command at a time, so it is atomic. */
class MemoryCells implements CommandTxn, ReadView {
  readonly #scopes = new Map<string, ScopeCells>();
  readonly entries: LedgerEntry[] = [];
  // The scope found last: a command looks its player up a dozen times in a map of every player.
  #lastScope: string | undefined;
  #lastCells: ScopeCells | undefined;

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
  appendEntry(entry: LedgerEntry): void {
    this.entries.push(entry);
  }
  storedCommand(playerId: string, key: string): StoredCommand | undefined {
    const kept = this.#find(playerId)?.commands.get(key);
    if (!kept) return undefined;
    const { payload, campaignId, version, at, outcome } = kept;
    return { payload, receipt: { key, campaignId, playerId, version, at, outcome } };
  }
  saveCommand(playerId: string, key: string, { payload, receipt }: StoredCommand): void {
    const { campaignId, version, at, outcome } = receipt;
    this.#scope(playerId).commands.set(key, { payload, campaignId, version, at, outcome });
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
    const version = (latest?.campaign.version ?? 0) + 1;
    const seed = latest?.campaign.seed ?? options.seed ?? newSeed();
    const entry = { campaign: compileCampaign(definition, version, seed), canonical, publishedAt: iso(options.now ?? Date.now()) };
    if (existing) existing.versions.push(entry);
    else this.#campaigns.set(definition.id, { versions: [entry], cells: new MemoryCells() });
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
    return executeCommand(entry.cells, entry.versions.at(-1)!.campaign, request);
  }

  async read<T>(campaignId: string, reader: (view: ReadView) => T): Promise<T> {
    const entry = this.#campaigns.get(campaignId);
    return reader(entry?.cells ?? new MemoryCells());
  }

  async ledger(campaignId: string, query: LedgerQuery = {}): Promise<LedgerEntry[]> {
    const entries = this.#campaigns.get(campaignId)?.cells.entries ?? [];
    const matching = query.account === undefined ? entries : entries.filter((e) => e.from === query.account || e.to === query.account);
    return matching.slice(Math.max(0, matching.length - (query.limit ?? 100))).reverse();
  }

  async close(): Promise<void> {}
}
