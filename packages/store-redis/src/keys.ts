import { BoundedCache } from '@carnival/core';

/**
 * Where a campaign's cells live in Redis. Every key of a campaign carries the hash tag
 * `{<prefix>:<campaignId>}`, so on Redis Cluster the whole campaign sits in one slot and every
 * command's script touches one slot only (a command may touch two players and campaign-wide
 * cells, so no finer tag would do). The layout is described in the package README.
 */
export class CampaignKeys {
  readonly tag: string;
  /** The latest version number (a string key), changed only by a publish. */
  readonly version: string;
  readonly seed: string;
  /** Hash: version → canonical definition JSON. */
  readonly definitions: string;
  /** Hash: version → ISO time it was published. */
  readonly published: string;
  /** List of every posting's JSON, oldest first. */
  readonly ledger: string;
  /** Stream of every outcome. */
  readonly events: string;

  constructor(prefix: string, campaignId: string) {
    if (campaignId.includes('}')) throw new Error(`a campaign id with "}" cannot be a hash tag: ${campaignId}`);
    this.tag = `{${prefix}:${campaignId}}`;
    this.version = `${this.tag}:version`;
    this.seed = `${this.tag}:seed`;
    this.definitions = `${this.tag}:definitions`;
    this.published = `${this.tag}:published`;
    this.ledger = `${this.tag}:ledger`;
    this.events = `${this.tag}:events`;
  }

  /** Hash: scope → value of every counter with this name, so a name lists in one read. */
  counters(name: string): string {
    return this.#named(this.#counters, 'n:', name);
  }
  /** Hash: scope → balance of every account with this name. */
  balances(name: string): string {
    return this.#named(this.#balances, 'b:', name);
  }

  // Counter and balance names are few (a definition's ids by day), and every command looks a
  // dozen up: the same key string each time has its hash computed once, not on every lookup.
  readonly #counters = new BoundedCache<string, string>(10_000);
  readonly #balances = new BoundedCache<string, string>(10_000);
  #named(names: BoundedCache<string, string>, kind: string, name: string): string {
    return names.get(name) ?? names.add(name, `${this.tag}:${kind}${name}`);
  }
  /** Hash: name → JSON of a scope's records. */
  records(scope: string): string {
    return `${this.tag}:r:${scope}`;
  }
  /** Sorted set (all scores 0) of a scope's record names, to list a prefix by lexical range. */
  recordNames(scope: string): string {
    return `${this.tag}:ri:${scope}`;
  }
  /** Hash {p: payload, r: receipt JSON}: a command's receipt, expiring. Player ids never hold `|`. */
  command(playerId: string, key: string): string {
    return `${this.tag}:k:${playerId}|${key}`;
  }
  /**
   * Hash: idempotency key → `<ms>|<fingerprint>` of every command a player ran, kept for good
   * (the time it ran and `=payload`, or `#` and the payload's SHA-1 when it is longer than 40 bytes).
   */
  commandKeys(playerId: string): string {
    return `${this.tag}:kk:${playerId}`;
  }
  /** List of the postings from or to one account, oldest first. */
  accountLedger(accountId: string): string {
    return `${this.tag}:la:${accountId}`;
  }
}

/** Sorted set of campaign ids in publication order; apart from every campaign's slot. */
export const campaignIndexKey = (prefix: string) => `{${prefix}}:campaigns`;
/** The counter that orders the index. */
export const campaignSequenceKey = (prefix: string) => `{${prefix}}:campaign-seq`;
