import { randomBytes } from 'node:crypto';
import type { Campaign } from './campaign.ts';
import type { CommandRequest } from './command.ts';
import type { CampaignDefinition } from './definition.ts';
import type { CommandResult } from './engine.ts';
import type { LedgerEntry, RecordListing, StateView } from './state.ts';

export interface PublishResult {
  campaignId: string;
  version: number;
  /** False when the definition equals the latest version: publishing is idempotent. */
  created: boolean;
}

export interface CampaignSummary {
  id: string;
  name: string;
  version: number;
  publishedAt: string;
}

/** Reads for read models (a player's state), which may also list a scope's records by name prefix, in name order. */
export interface ReadView extends StateView, RecordListing {}

export interface LedgerQuery {
  /** Only postings from or to this account. */
  account?: string;
  /** Newest first, at most this many (default 100). */
  limit?: number;
}

/**
 * Where campaigns and their state live. Every implementation passes the contract suite in
 * `test/`: `execute` is atomic and idempotent, guards hold under any interleaving, and an
 * acknowledged command is durable as far as the store promises.
 */
export interface Store {
  /**
   * Publishes a definition: a new immutable version when it differs from the latest. Throws
   * `PublishRefused` when the latest may not be replaced so (`republishRefusal`: a lottery whose
   * `drawAt` has come, changed), deciding at `options.now` atomically with the write.
   */
  publish(definition: CampaignDefinition, options?: PublishOptions): Promise<PublishResult>;
  /** The latest version, with its seed: for the engine and server only, never for clients. */
  campaign(campaignId: string): Promise<Campaign | undefined>;
  campaigns(): Promise<CampaignSummary[]>;
  execute(request: CommandRequest): Promise<CommandResult>;
  read<T>(campaignId: string, reader: (view: ReadView) => T): Promise<T>;
  ledger(campaignId: string, query?: LedgerQuery): Promise<LedgerEntry[]>;
  /**
   * The whole ledger, oldest first, in pages of at most `pageSize` postings: a reader that sums
   * millions of postings (a simulation's report, an audit) holds one page at a time.
   *
   * @example
   * for await (const page of store.postings('double11')) for (const posting of page) total += posting.amount;
   */
  postings(campaignId: string, pageSize?: number): AsyncIterable<LedgerEntry[]>;
  close(): Promise<void>;
}

export interface PublishOptions {
  /** The secret seed of a new campaign; generated when absent. Ignored for later versions. */
  seed?: string;
  /** When it was published (epoch ms); the store's clock reading. */
  now?: number;
}

/** Postings per page of `Store.postings` unless asked otherwise. */
const POSTINGS_PAGE = 1000;

/** The page size a `Store.postings` call asked for, or the default; a page must hold a posting. */
export function postingsPage(pageSize: number = POSTINGS_PAGE): number {
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`a page of postings holds at least 1, got ${pageSize}`);
  return pageSize;
}

/** A fresh secret campaign seed: 256 bits from the OS. */
export const newSeed = () => randomBytes(32).toString('hex');

/** Stable text of a definition, to tell whether a publish changes anything. */
export const canonicalDefinition = (definition: CampaignDefinition) => JSON.stringify(definition);
