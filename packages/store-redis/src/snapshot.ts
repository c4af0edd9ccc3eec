import { createHash } from 'node:crypto';
import { iso, type Account, type CommandView, type KeptCommand, type ReadView } from '@carnival/core';
import type { Redis } from 'ioredis';
import type { CampaignKeys } from './keys.ts';
import { scriptKeys } from './scripts.ts';

/** What a cell holds: a counter or balance (integer text), a record (JSON), absent (null). */
export type CellKind = 'counter' | 'balance' | 'record';

/** One read of the snapshot, as the read script takes it. */
export type Read =
  | { op: 'h'; kind: CellKind; key: string; field: string }
  | { op: 'c'; key: string; kept: string; field: string }
  | { op: 'l' }
  | { op: 'p'; index: string; key: string; prefix: string }
  | { op: 'a'; key: string };

export interface Latest {
  version: number;
  seed: string;
  definition: string;
  publishedAt: string;
}

/** A listing as read, with the fingerprint the apply script checks it against. */
interface Listed {
  fingerprint: string;
  names: string[];
  values: string[];
}

/** Interned cell ids, by key then field; cleared when it grows past its bound. */
const cellIds = new Map<string, Map<string, string>>();
let interned = 0;
/** Twice the cells a store caches (MAX_CELLS): an id pays off for a cell used again soon. */
const MAX_INTERNED = 400_000;

/**
 * The id of a counter, balance or record cell, made once per cell: a command names a dozen
 * cells in several maps (its snapshot, this process's cache), and a string made once is
 * flattened and hashed once rather than at every map it keys.
 */
export function cellId(key: string, field: string): string {
  let fields = cellIds.get(key);
  let id = fields?.get(field);
  if (id !== undefined) return id;
  if (interned >= MAX_INTERNED) {
    cellIds.clear();
    interned = 0;
    fields = undefined;
  }
  if (fields === undefined) cellIds.set(key, (fields = new Map()));
  fields.set(field, (id = `h\n${key}\n${field}`));
  interned++;
  return id;
}

/** A read's identity: two reads of one cell are one read. */
export function readId(read: Read): string {
  switch (read.op) {
    case 'h':
      return cellId(read.key, read.field);
    case 'p':
      return `p\n${read.index}\n${read.prefix}`;
    case 'l':
      return 'l';
    default:
      return `${read.op}\n${read.key}`;
  }
}

/** The read of a command's idempotency record: its receipt while kept, else the key kept for good. */
export function commandRead(keys: CampaignKeys, playerId: string, key: string): Read {
  return { op: 'c', key: keys.command(playerId, key), kept: keys.commandKeys(playerId), field: key };
}

/** What a key kept for good holds of its request, as the apply script makes it: `=payload`, or `#` and its SHA-1 past 40 bytes. */
export function payloadFingerprint(payload: string): string {
  return Buffer.byteLength(payload) <= 40 ? `=${payload}` : `#${createHash('sha1').update(payload).digest('hex')}`;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A synchronous view of one campaign over cells read from Redis, for the engine's pure rules.
 *
 * The rules read whatever cells they need, which is known only by running them, so the view
 * is filled by re-running: a cell not yet read counts as a miss and reads as empty, the caller
 * fetches every cell known so far plus the misses in one atomic script call, and runs the rule
 * again; when a run misses nothing, it saw one consistent snapshot. A hint (the cells a command
 * of the same kind read last time) makes it one fetch, and values the process already knows
 * (`assume`) none. The view also remembers which cells the last run read: the apply script
 * validates them.
 */
export class Snapshot implements CommandView, ReadView {
  readonly #keys: CampaignKeys;
  /** Every read to make on the next fetch, by id. */
  readonly #reads = new Map<string, Read>();
  /** Raw values of the last fetch, by read id. */
  #values = new Map<string, unknown>();
  /** Parsed records, by read id; made by the first record read (most commands read none). */
  #parsed: Map<string, unknown> | undefined;
  /** Cells the current run read, by id. */
  readonly used = new Map<string, Read>();
  #missed = false;
  #fetched = false;

  /**
   * `payload`: the command being decided, if any, to compare with the fingerprint a key kept for
   * good holds once its receipt has expired.
   */
  constructor(
    keys: CampaignKeys,
    readonly payload = '',
  ) {
    this.#keys = keys;
  }

  get missed(): boolean {
    return this.#missed;
  }

  /** Starts a run of a rule: forget what the previous run read. */
  beginRun(): void {
    this.used.clear();
    this.#missed = false;
  }

  /** Whether the snapshot has read from Redis at all, rather than only assumed values. */
  get fetched(): boolean {
    return this.#fetched;
  }

  /**
   * Serves a value known from before (this process's cache) without reading it. A decision on
   * assumed values is sound only because the apply step validates every value it used; the next
   * fetch reads the cell again.
   */
  assume(read: Read, value: unknown, id = readId(read)): void {
    this.#reads.set(id, read);
    this.#values.set(id, value);
  }

  /** The cells of the last fetch, by read id: counters, balances, records (raw, null when absent). */
  *cells(): Iterable<[string, string | null]> {
    for (const [id, read] of this.#reads) if (read.op === 'h') yield [id, (this.#values.get(id) as string | null | undefined) ?? null];
  }

  /** Adds a read to the next fetch (a hint, or a cell the caller needs anyway). */
  want(read: Read): void {
    const id = readId(read);
    if (!this.#reads.has(id)) this.#reads.set(id, read);
  }

  /** Reads every wanted cell in one atomic step, replacing what was read before. */
  async fetch(redis: Redis): Promise<void> {
    const { keys, index: keyIndex } = scriptKeys();
    const args: (string | number)[] = [];
    for (const read of this.#reads.values()) {
      switch (read.op) {
        case 'h':
          args.push('h', keyIndex(read.key), read.field);
          break;
        case 'c':
          args.push('c', keyIndex(read.key), keyIndex(read.kept), read.field);
          break;
        case 'a':
          args.push('a', keyIndex(read.key));
          break;
        case 'l':
          args.push('l', keyIndex(this.#keys.version), keyIndex(this.#keys.seed), keyIndex(this.#keys.definitions), keyIndex(this.#keys.published));
          break;
        case 'p':
          args.push('p', keyIndex(read.index), keyIndex(read.key), read.prefix);
          break;
      }
    }
    const reply = await redis.carnivalRead(keys.length, ...keys, ...args);
    const values = new Map<string, unknown>();
    let i = 0;
    for (const id of this.#reads.keys()) values.set(id, reply[i++]);
    this.#values = values;
    this.#parsed = undefined;
    this.#fetched = true;
  }

  /** The raw value a run saw for a read, to validate it. */
  seen(id: string): unknown {
    return this.#values.get(id);
  }

  /** The fingerprint of a listing a run saw. */
  fingerprint(id: string): string {
    return this.#listed(id).fingerprint;
  }

  #get(read: Read): unknown {
    const id = readId(read);
    this.used.set(id, read);
    if (this.#values.has(id)) return this.#values.get(id);
    this.#reads.set(id, read);
    this.#missed = true;
    return undefined;
  }

  #cell(kind: CellKind, key: string, field: string): string | null | undefined {
    return this.#get({ op: 'h', kind, key, field }) as string | null | undefined;
  }

  counter(scope: string, name: string): number {
    return Number(this.#cell('counter', this.#keys.counters(name), scope) ?? 0);
  }
  balance(account: Account): number {
    return Number(this.#cell('balance', this.#keys.balances(account.name), account.scope) ?? 0);
  }
  record<T>(scope: string, name: string): T | undefined {
    const key = this.#keys.records(scope);
    const json = this.#cell('record', key, name);
    if (json === null || json === undefined) return undefined;
    const id = cellId(key, name);
    this.#parsed ??= new Map();
    let value = this.#parsed.get(id);
    if (value === undefined) this.#parsed.set(id, (value = JSON.parse(json)));
    return value as T;
  }
  storedCommand(playerId: string, key: string): KeptCommand | undefined {
    const kept = this.#get(commandRead(this.#keys, playerId, key)) as [string, string] | [string] | null | undefined;
    if (!kept) return undefined;
    if (kept.length === 2) return { payload: kept[0], receipt: JSON.parse(kept[1]) };
    // Only the key is left: when it ran, and a fingerprint of the request. Core's replay compares
    // payloads, so another request is answered with a payload that differs from this one.
    const mark = kept[0];
    const bar = mark.indexOf('|');
    const same = mark.slice(bar + 1) === payloadFingerprint(this.payload);
    return { payload: same ? this.payload : `${this.payload}\0another`, at: iso(Number(mark.slice(0, bar))), receipt: null };
  }
  /** The latest published version, or undefined before the first publish. */
  latest(): Latest | undefined {
    const latest = this.#get({ op: 'l' }) as [string, string, string, string] | null | undefined;
    if (!latest) return undefined;
    return { version: Number(latest[0]), seed: latest[1], definition: latest[2], publishedAt: latest[3] };
  }

  recordsWithPrefix<T>(scope: string, prefix: string): T[] {
    const index = this.#keys.recordNames(scope);
    const read: Read = { op: 'p', index, key: this.#keys.records(scope), prefix };
    const id = readId(read);
    if (this.#get(read) === undefined) return [];
    // Redis orders names by UTF-8 bytes; the contract is JavaScript's order (UTF-16 units).
    const { names, values } = this.#listed(id);
    const order = names.map((_, i) => i).sort((a, b) => byString(names[a]!, names[b]!));
    return order.map((i) => JSON.parse(values[i]!) as T);
  }
  balancesNamed(name: string): { scope: string; balance: number }[] {
    return this.#positive(this.#keys.balances(name)).map(({ scope, value }) => ({ scope, balance: value }));
  }
  countersNamed(name: string): { scope: string; value: number }[] {
    return this.#positive(this.#keys.counters(name));
  }

  #positive(key: string): { scope: string; value: number }[] {
    const read: Read = { op: 'a', key };
    const id = readId(read);
    if (this.#get(read) === undefined) return [];
    const { names, values } = this.#listed(id);
    const out: { scope: string; value: number }[] = [];
    names.forEach((scope, i) => {
      const value = Number(values[i]);
      if (value > 0) out.push({ scope, value });
    });
    return out.sort((a, b) => byString(a.scope, b.scope));
  }

  #listed(id: string): Listed {
    const flat = this.#values.get(id) as string[];
    const names: string[] = [];
    const values: string[] = [];
    for (let i = 1; i < flat.length; i += 2) {
      names.push(flat[i]!);
      values.push(flat[i + 1]!);
    }
    return { fingerprint: flat[0]!, names, values };
  }
}
