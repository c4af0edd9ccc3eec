import { compileCampaign, iso, type Campaign } from './campaign.ts';
import type { CommandRequest } from './command.ts';
import type { CampaignDefinition } from './definition.ts';
import { executeCommand, type CommandResult, type CommandTxn, type StoredCommand } from './engine.ts';
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

/** One campaign's cells in plain maps. JavaScript runs one command at a time, so it is atomic. */
class MemoryCells implements CommandTxn, ReadView {
  readonly counters = new Map<string, number>();
  readonly balances = new Map<string, number>();
  readonly records = new Map<string, unknown>();
  readonly entries: LedgerEntry[] = [];
  /** Idempotency records by player, then key (nested maps spare a string concatenation per command). */
  readonly commands = new Map<string, Map<string, StoredCommand>>();

  counter(key: string): number {
    return this.counters.get(key) ?? 0;
  }
  balance(account: string): number {
    return this.balances.get(account) ?? 0;
  }
  record<T>(key: string): T | undefined {
    return this.records.get(key) as T | undefined;
  }
  recordsWithPrefix<T>(prefix: string): T[] {
    return [...this.records.keys()]
      .filter((key) => key.startsWith(prefix))
      .sort()
      .map((key) => this.records.get(key) as T);
  }
  setCounter(key: string, value: number): void {
    this.counters.set(key, value);
  }
  setBalance(account: string, value: number): void {
    this.balances.set(account, value);
  }
  putRecord(key: string, value: unknown): void {
    if (value === null) this.records.delete(key);
    else this.records.set(key, value);
  }
  appendEntry(entry: LedgerEntry): void {
    this.entries.push(entry);
  }
  storedCommand(playerId: string, key: string): StoredCommand | undefined {
    return this.commands.get(playerId)?.get(key);
  }
  saveCommand(playerId: string, key: string, stored: StoredCommand): void {
    let byKey = this.commands.get(playerId);
    if (!byKey) this.commands.set(playerId, (byKey = new Map()));
    byKey.set(key, stored);
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
