import {
  BoundedCache,
  canonicalDefinition,
  commandPayload,
  compileCampaign,
  decideCommand,
  GuardViolation,
  iso,
  isUnboundedAccount,
  newSeed,
  postingOf,
  type Campaign,
  type CampaignDefinition,
  type CampaignSummary,
  type CommandRequest,
  type CommandResult,
  type Decision,
  type Effect,
  type LedgerEntry,
  type LedgerQuery,
  postingsPage,
  PublishRefused,
  republishRefusal,
  replay,
  type PublishOptions,
  type PublishResult,
  type ReadView,
  type Store,
} from '@carnival/core';
import type { Redis } from 'ioredis';
import { openRedis } from './connection.ts';
import { campaignIndexKey, campaignSequenceKey, CampaignKeys } from './keys.ts';
import { GroupCommit } from './group-commit.ts';
import { defineScripts } from './scripts.ts';
import { cellId, commandRead, readId, Snapshot, type Latest, type Read } from './snapshot.ts';

export interface RedisStoreOptions {
  /** `redis://host:port/db`; default redis://127.0.0.1:6379. Ignored when `redis` is given. */
  url?: string;
  /** A connection to use instead of opening one; the store then leaves it open on close. */
  redis?: Redis;
  /** The first part of every key's hash tag (default `carnival`), so deployments and tests can share a Redis. */
  prefix?: string;
  /**
   * Receipts are kept this long after the campaign's last phase ends (default 7 days); the keys
   * themselves are kept for good, so a later retry is refused rather than run again.
   */
  idempotencyDays?: number;
  /** Trim each campaign's event stream to about this many entries (default: never trim). */
  streamMaxLength?: number;
}

/** How often a command is decided again when what it read changed before its step ran. */
const MAX_ATTEMPTS = 100;
/** A rule that keeps finding cells it has not read is a bug, not a slow command. */
const MAX_FETCHES = 32;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Kinds of command remembered for hints, per campaign: ids come from definitions, so few; a cleared map costs a fetch each. */
const MAX_HINTS = 1000;
/** Cells remembered per process; a cleared map costs one read per command until warm again. */
const MAX_CELLS = 200_000;
/** Stands for the requesting player in a hint. Player ids never hold `|`. */
const PLAYER = '|player|';


/** A read with the requesting player's scope replaced by PLAYER. */
function asTemplate(read: Read, keys: CampaignKeys, playerId: string): Read {
  if (read.op === 'h') {
    if (read.field === playerId && read.kind !== 'record') return { ...read, field: PLAYER };
    if (read.key === keys.records(playerId)) return { ...read, key: keys.records(PLAYER) };
  }
  if (read.op === 'p' && read.key === keys.records(playerId)) return { ...read, key: keys.records(PLAYER), index: keys.recordNames(PLAYER) };
  return read;
}

/** A hint's read for this player. */
function forPlayer(read: Read, keys: CampaignKeys, playerId: string): Read {
  if (read.op === 'h') {
    if (read.field === PLAYER) return { ...read, field: playerId };
    if (read.key === keys.records(PLAYER)) return { ...read, key: keys.records(playerId) };
  }
  if (read.op === 'p' && read.key === keys.records(PLAYER)) return { ...read, key: keys.records(playerId), index: keys.recordNames(playerId) };
  return read;
}

interface Cached {
  /** The latest version as the read script returns it, to assume it in a warm snapshot. */
  raw: [string, string, string, string];
  campaign: Campaign;
  publishedAt: string;
  /** When idempotency records of this version stop being needed: its last phase's end. */
  end: number;
}

/**
 * The Redis store: many stateless server processes over one Redis (or one slot of a Cluster).
 *
 * A command is decided in this process, against a consistent snapshot of the cells it reads
 * (see Snapshot), and applied by one server-side script (APPLY in scripts.ts) that checks the
 * idempotency key, checks that what the decision read is still so, checks every guard, and
 * writes everything or nothing. When what it read changed, the command is decided again on
 * fresh state. Counters that a command raises under a limit (stock, budgets, caps) are not
 * required to be unchanged, only not lower: the limit is checked by the script against the
 * live value, so a hot counter never makes concurrent commands retry each other.
 */
export class RedisStore implements Store {
  readonly #redis: Redis;
  readonly #ownsConnection: boolean;
  readonly #prefix: string;
  readonly #retentionMs: number;
  readonly #commits: GroupCommit;
  readonly #latest = new Map<string, Cached>();
  readonly #keys = new BoundedCache<string, CampaignKeys>(1000);
  /**
   * What a command of the same kind read last time, with its player's cells as `PLAYER`: fetched
   * up front. By campaign, then by the command's payload, whoever sends it (task and box
   * commands share their payload strings, so a lookup hashes nothing new).
   */
  readonly #hints = new Map<string, BoundedCache<string, Read[]>>();
  /**
   * Counters, balances and records as this process last saw them (raw, by read id). A command
   * whose cells are all here is decided without reading Redis and applied in one call; the apply
   * step validates every value used, so a stale entry costs a retry, never a wrong answer.
   */
  readonly #cells = new Map<string, string | null>();
  #closed = false;

  constructor(options: RedisStoreOptions = {}) {
    const prefix = options.prefix ?? 'carnival';
    if (/[{}]/.test(prefix)) throw new Error(`a key prefix cannot hold braces (they delimit the hash tag): ${prefix}`);
    this.#prefix = prefix;
    this.#retentionMs = (options.idempotencyDays ?? 7) * DAY_MS;
    this.#ownsConnection = options.redis === undefined;
    // No auto-pipelining: group commit already makes a tick's commands one call, and ioredis
    // would join the calls into one string again, which for calls of kilobytes costs more than it saves.
    // A connection of its own reports a lost Redis through the commands that fail, and one line an outage.
    this.#redis = options.redis ?? openRedis(options.url ?? 'redis://127.0.0.1:6379', {}, (message) => console.warn(`carnival: ${message}`));
    defineScripts(this.#redis);
    this.#commits = new GroupCommit(this.#redis, options.streamMaxLength === undefined ? '' : String(options.streamMaxLength));
  }

  /** The key layout of a campaign, for tools and tests that read the stream. */
  keys(campaignId: string): CampaignKeys {
    return this.#keys.get(campaignId) ?? this.#keys.add(campaignId, new CampaignKeys(this.#prefix, campaignId));
  }

  async publish(definition: CampaignDefinition, options: PublishOptions = {}): Promise<PublishResult> {
    const keys = this.keys(definition.id);
    const now = options.now ?? Date.now();
    const canonical = canonicalDefinition(definition);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // Checked against the latest version here; the script publishes only if it is still the latest.
      const latest = await this.#load(definition.id);
      const refusal = latest && latest.raw[2] !== canonical && republishRefusal({ definition: latest.campaign.definition, publishedAt: latest.publishedAt }, definition, now);
      if (refusal) throw new PublishRefused(refusal);
      const [version, created] = await this.#redis.carnivalPublish(
        keys.version,
        keys.seed,
        keys.definitions,
        keys.published,
        canonical,
        options.seed ?? newSeed(),
        iso(now),
        latest?.campaign.version ?? 0,
      );
      if (created === 2) continue;
      // Apart from the campaign's slot; repeated by every publish, so a crash in between heals.
      await this.#redis.carnivalIndex(campaignIndexKey(this.#prefix), campaignSequenceKey(this.#prefix), definition.id);
      return { campaignId: definition.id, version: Number(version), created: created === 1 };
    }
    throw new Error(`campaign ${definition.id}: other publishes kept overtaking this one (${MAX_ATTEMPTS} attempts)`);
  }

  async campaign(campaignId: string): Promise<Campaign | undefined> {
    return (await this.#load(campaignId))?.campaign;
  }

  async campaigns(): Promise<CampaignSummary[]> {
    const ids = await this.#redis.zrange(campaignIndexKey(this.#prefix), 0, -1);
    const loaded = await Promise.all(ids.map((id) => this.#load(id)));
    return loaded.flatMap((cached) =>
      cached ? [{ id: cached.campaign.definition.id, name: cached.campaign.definition.name, version: cached.campaign.version, publishedAt: cached.publishedAt }] : [],
    );
  }

  async execute(request: CommandRequest): Promise<CommandResult> {
    if (this.#closed) throw new Error('the Redis store is closed');
    const keys = this.keys(request.campaignId);
    let guard: string | undefined;
    let hints = this.#hints.get(request.campaignId);
    if (!hints) this.#hints.set(request.campaignId, (hints = new BoundedCache(MAX_HINTS)));
    const hint = commandPayload(request.command);
    const payload = commandPayload(request.command, request.actor);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const snapshot = new Snapshot(keys, payload);
      // A first attempt may start from what this process knows; a retry always reads afresh.
      const warm = attempt === 0 && this.#assume(snapshot, request, keys, hints.get(hint));
      let cached: Cached | undefined;
      const rule = (view: Snapshot) => {
        cached = this.#cached(request.campaignId, view.latest());
        return cached && decideCommand(view, cached.campaign, request);
      };
      let decision = await this.#settle(snapshot, rule, !warm);
      // A refusal or replay is an answer only on state read from Redis.
      if (decision?.kind === 'answered' && !snapshot.fetched) decision = await this.#settle(snapshot, rule);
      if (!cached || !decision) return { ok: false, error: { code: 'CAMPAIGN_NOT_FOUND', campaignId: request.campaignId } };
      this.#remember(hints, hint, snapshot, keys, request.playerId);
      if (decision.kind === 'answered') return decision.result;
      const learned: Learned = { raised: [], written: [] };
      const reply = await this.#apply(keys, cached, request, snapshot, decision, learned);
      switch (reply[0]) {
        case 'ok':
          this.#learn(learned);
          return { ok: true, receipt: decision.stored.receipt, replayed: false };
        case 'replay':
          // Another process ran this key first, with this payload (the script compared them).
          return replay({ payload: hint, receipt: JSON.parse(reply[1]!) }, hint, request);
        case 'conflict':
          return { ok: false, error: { code: 'IDEMPOTENCY_CONFLICT', key: request.key } };
        case 'expired':
          // Another process ran this key with this payload, and its receipt has expired.
          return replay({ payload, at: iso(Number(reply[1])), receipt: null }, payload, request);
        case 'exact': {
          // Not a race: the command itself takes a balance past exact integers, as core refuses it.
          const transfer = decision.effects.filter((effect) => effect.type === 'transfer')[Number(reply[1])]!;
          return { ok: false, error: { code: 'BEYOND_EXACT_INTEGERS', account: (reply[2] === 'from' ? transfer.from : transfer.to).id } };
        }
        case 'guard':
          guard = reply[1];
      }
      // 'stale' or 'guard': the state moved on since the snapshot; decide again on the new one.
      for (const id of snapshot.used.keys()) this.#cells.delete(id);
    }
    if (guard !== undefined) throw new GuardViolation(guard);
    throw new Error(`command ${request.key} of ${request.playerId} found its state changed ${MAX_ATTEMPTS} times in a row`);
  }

  async read<T>(campaignId: string, reader: (view: ReadView) => T): Promise<T> {
    return this.#settle(new Snapshot(this.keys(campaignId)), reader);
  }

  async ledger(campaignId: string, query: LedgerQuery = {}): Promise<LedgerEntry[]> {
    const limit = query.limit ?? 100;
    if (limit <= 0) return [];
    const keys = this.keys(campaignId);
    const list = query.account === undefined ? keys.ledger : keys.accountLedger(query.account);
    const postings = await this.#redis.lrange(list, -limit, -1);
    return postings.reverse().map((json) => JSON.parse(json) as LedgerEntry);
  }

  async *postings(campaignId: string, size?: number): AsyncIterable<LedgerEntry[]> {
    const pageSize = postingsPage(size);
    const list = this.keys(campaignId).ledger;
    for (let from = 0; ; from += pageSize) {
      const page = await this.#redis.lrange(list, from, from + pageSize - 1);
      if (page.length === 0) return;
      yield page.map((json) => JSON.parse(json) as LedgerEntry);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsConnection) await this.#redis.quit();
  }

  /**
   * Runs `rule` until it reads nothing the snapshot lacks: each fetch reads every cell known so
   * far again, atomically, so the final run saw one consistent state. A run that missed cells
   * may have seen impossible state and thrown; only a run that missed nothing counts.
   */
  async #settle<T>(snapshot: Snapshot, rule: (view: Snapshot) => T, fetchFirst = true): Promise<T> {
    let fetch = fetchFirst;
    for (let fetches = 0; fetches < MAX_FETCHES; ) {
      if (fetch) {
        await snapshot.fetch(this.#redis);
        this.#learnFetched(snapshot);
        fetches++;
      }
      fetch = true;
      snapshot.beginRun();
      let result: T;
      try {
        result = rule(snapshot);
      } catch (error) {
        // A run on assumed values may have seen impossible state too.
        if (snapshot.missed || !snapshot.fetched) continue;
        throw error;
      }
      if (!snapshot.missed) return result;
    }
    throw new Error(`a rule kept reading new cells after ${MAX_FETCHES} fetches`);
  }

  /**
   * Fills a snapshot for a command: the cells its kind read last time, from this process's
   * memory where known, else to be fetched. True when nothing needs fetching before a first run.
   */
  #assume(snapshot: Snapshot, request: CommandRequest, keys: CampaignKeys, templates: readonly Read[] | undefined): boolean {
    const latest = this.#latest.get(request.campaignId);
    let warm = templates !== undefined && latest !== undefined;
    for (const template of templates ?? []) {
      const read = forPlayer(template, keys, request.playerId);
      const id = readId(read);
      const known = read.op === 'h' ? this.#cells.get(id) : undefined;
      if (known === undefined) {
        snapshot.want(read);
        warm = false;
      } else snapshot.assume(read, known, id);
    }
    const command = commandRead(keys, request.playerId, request.key);
    if (warm) {
      // A new key is the rule; the apply step answers with the receipt if the key was used.
      snapshot.assume(command, null);
      snapshot.assume({ op: 'l' }, latest!.raw);
    } else {
      snapshot.want(command);
      snapshot.want({ op: 'l' });
    }
    return warm;
  }

  #learnFetched(snapshot: Snapshot): void {
    if (this.#cells.size >= MAX_CELLS) this.#cells.clear();
    for (const [id, value] of snapshot.cells()) this.#cells.set(id, value);
  }

  /** What a command's writes made of the cells this process knows (a guess for counters others may raise too). */
  #learn({ raised, written }: Learned): void {
    for (let i = 0; i < raised.length; i += 2) {
      const id = raised[i] as string;
      const known = this.#cells.get(id);
      if (known !== undefined) this.#cells.set(id, String(Number(known ?? 0) + (raised[i + 1] as number)));
    }
    for (let i = 0; i < written.length; i += 2) this.#cells.set(written[i]!, written[i + 1]!);
  }

  #remember(hints: BoundedCache<string, Read[]>, hint: string, snapshot: Snapshot, keys: CampaignKeys, playerId: string): void {
    const used = [...snapshot.used.values()].filter((read) => read.op !== 'c' && read.op !== 'l');
    // Unfetched, the run read only assumed cells (the hint's, the key, the version): as many means the same.
    if (!snapshot.fetched && hints.get(hint)?.length === used.length) return;
    hints.add(hint, used.map((read) => asTemplate(read, keys, playerId)));
  }

  async #load(campaignId: string): Promise<Cached | undefined> {
    const snapshot = new Snapshot(this.keys(campaignId));
    return this.#settle(snapshot, (view) => this.#cached(campaignId, view.latest()));
  }

  /** The compiled campaign of the latest version, compiled once per version per process. */
  #cached(campaignId: string, latest: Latest | undefined): Cached | undefined {
    if (!latest) return undefined;
    const known = this.#latest.get(campaignId);
    if (known && known.campaign.version === latest.version) return known;
    const definition = JSON.parse(latest.definition) as CampaignDefinition;
    const campaign = compileCampaign(definition, latest.version, latest.seed);
    const end = Math.max(...[...campaign.phases.values()].map((phase) => phase.end));
    const cached: Cached = { raw: [String(latest.version), latest.seed, latest.definition, latest.publishedAt], campaign, publishedAt: latest.publishedAt, end };
    this.#latest.set(campaignId, cached);
    return cached;
  }

  /**
   * Sends the decision to the apply script (with the tick's other commands): keys by index, the
   * plan as one JSON array, the postings apart. Notes in `learned` what the writes make of the cells.
   */
  #apply(keys: CampaignKeys, cached: Cached, request: CommandRequest, snapshot: Snapshot, decision: Extract<Decision, { kind: 'effects' }>, learned: Learned): Promise<string[]> {
    const { effects, posting, stored } = decision;
    const ttl = Math.max(cached.end - request.now, 0) + this.#retentionMs;
    return this.#commits.apply(keys, keys.command(request.playerId, request.key), (key) => {
      const kept = key(keys.commandKeys(request.playerId));
      const counts: (string | number | (string | number)[])[] = [];
      const transfers: (string | number)[] = [];
      const postings: string[] = [];
      const puts: (string | number)[] = [];
      // Counters raised under a limit need only not have dropped: the script checks the limit live.
      const limited = new Set<string>();
      const raise = (hash: string, field: string, by: number) => {
        const id = cellId(hash, field);
        learned.raised.push(id, by);
        return id;
      };
      for (const effect of effects) {
        if (effect.type === 'count') {
          const hash = keys.counters(effect.name);
          const id = raise(hash, effect.scope, effect.by);
          if (effect.limit === undefined) counts.push(key(hash), effect.scope, effect.by, '', '');
          else {
            limited.add(id);
            // A counter read under a limit may have grown since (others raise it too), not dropped.
            const least = snapshot.used.has(id) ? Number(snapshot.seen(id) ?? 0) : '';
            counts.push(key(hash), effect.scope, effect.by, limitOf(effect, effect.limit, keys, key, snapshot), least);
          }
        } else if (effect.type === 'transfer') {
          if (!Number.isSafeInteger(effect.amount) || effect.amount <= 0) throw new GuardViolation(`transfer of ${effect.amount}`);
          const from = keys.balances(effect.from.name);
          const to = keys.balances(effect.to.name);
          raise(from, effect.from.scope, -effect.amount);
          raise(to, effect.to.scope, effect.amount);
          transfers.push(
            key(from),
            effect.from.scope,
            isUnboundedAccount(effect.from) ? 1 : 0,
            key(to),
            effect.to.scope,
            effect.amount,
            key(keys.accountLedger(effect.from.id)),
            key(keys.accountLedger(effect.to.id)),
          );
          postings.push(JSON.stringify(postingOf(effect, posting)));
        } else {
          const hash = keys.records(effect.scope);
          const value = effect.value === null ? null : JSON.stringify(effect.value);
          learned.written.push(cellId(hash, effect.name), value);
          puts.push(key(hash), key(keys.recordNames(effect.scope)), effect.name, value ?? '');
        }
      }
      const checks: (string | number)[] = [];
      let checked = 0;
      for (const [id, read] of snapshot.used) if (addCheck(checks, key, id, read, snapshot, limited)) checked++;
      const plan = JSON.stringify([checked, ...checks, counts.length / 5, ...counts, postings.length, ...transfers, puts.length / 4, ...puts]);
      return [kept, request.key, request.now, stored.payload, JSON.stringify(stored.receipt), ttl, cached.campaign.version, stored.receipt.outcome.type, plan, postings.length, ...postings];
    });
  }
}

/** What an applied command's writes make of cells, by read id: counters and balances raised (id, by), records written (id, JSON or null). */
interface Learned {
  raised: (string | number)[];
  written: (string | null)[];
}

/**
 * A count's limit for the apply script: the number, or, when the rule computed it from other
 * counters' values (a count effect's `limitFrom`), the number with each such counter and the value
 * the decision read, so that the script takes their change since off it. Without this a limit
 * built on a counter that others raise meanwhile (a budget's spent, for its held part) would be
 * checked against a stale sum: a counter raised under a limit is only checked not to have dropped.
 */
function limitOf(effect: Extract<Effect, { type: 'count' }>, limit: number, keys: CampaignKeys, key: (name: string) => number, snapshot: Snapshot): number | (string | number)[] {
  const cells = effect.limitFrom;
  if (cells === undefined) return limit;
  const live: (string | number)[] = [limit];
  for (const cell of cells) {
    const hash = keys.counters(cell.name);
    const id = cellId(hash, cell.scope);
    // A limit is built on values the rule read: one it did not read is a bug of the rule.
    if (!snapshot.used.has(id)) throw new Error(`a limit of ${effect.name} depends on counter ${cell.name} of ${cell.scope}, which the rule did not read`);
    live.push(key(hash), cell.scope, Number(snapshot.seen(id) ?? 0));
  }
  return live;
}

/** The apply script's check that a read is still what the decision saw; false for reads it checks itself. */
function addCheck(checks: (string | number)[], key: (name: string) => number, id: string, read: Read, snapshot: Snapshot, limited: ReadonlySet<string>): boolean {
  switch (read.op) {
    case 'h':
      // A counter raised under a limit is checked with its count (its `least`).
      if (limited.has(id)) return false;
      checks.push('h', key(read.key), read.field, (snapshot.seen(id) as string | null) ?? '');
      return true;
    case 'p':
      checks.push('p', key(read.index), key(read.key), read.prefix, snapshot.fingerprint(id));
      return true;
    case 'a':
      checks.push('a', key(read.key), snapshot.fingerprint(id));
      return true;
    case 'c':
    case 'l':
      // The idempotency record and the version are checked by the script in any case.
      return false;
  }
}
