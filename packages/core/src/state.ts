import { CAMPAIGN, type Account } from './keys.ts';

/**
 * The engine's view of stored state, and the effects it asks a store to apply.
 *
 * State is three kinds of cells, all scoped to one campaign: counters (integers with an optional
 * upper guard), account balances (the ledger), and small JSON records. Every mechanic is written
 * against these, so each store implements three getters and three setters, and a guard such as
 * "at most 10 assists a day" is one counter with a limit, checked by the same code everywhere.
 * A cell is addressed by a scope (a player, or `CAMPAIGN`) and a name within it (see keys.ts).
 */
export interface StateView {
  counter(scope: string, name: string): number;
  balance(account: Account): number;
  record<T>(scope: string, name: string): T | undefined;
}

/**
 * Listings for the few rules that read across cells (a lottery's frozen tickets, a pool's
 * candy holders): as stored, before the command's own writes.
 */
export interface RecordListing {
  /** A scope's records by name prefix, in name order. */
  recordsWithPrefix<T>(scope: string, prefix: string): T[];
  /** Every positive balance of accounts with this name (every player's candy), by scope in JavaScript string order. */
  balancesNamed(name: string): { scope: string; balance: number }[];
  /** Every positive counter with this name (every player's candy spent), by scope in JavaScript string order. */
  countersNamed(name: string): { scope: string; value: number }[];
}

/** A counter cell: the counter `name` of `scope`. */
export interface CounterCell {
  scope: string;
  name: string;
}

export type Effect =
  /**
   * Add `by` to a counter; refused if the result would exceed `limit`. `limitFrom` names the
   * counters the rule computed `limit` from (a budget's spent and held parts share its amount): a
   * store that decides on a snapshot and checks against live values later (Redis) must take their
   * change since the read off the limit, or it would check a stale sum. Memory and SQLite decide
   * and apply in one atomic step, where every limit is built on live values.
   */
  | { type: 'count'; scope: string; name: string; by: number; limit?: number; limitFrom?: readonly CounterCell[] }
  /** Move candy between accounts; refused if `from` would go negative (the issuance account may). */
  | { type: 'transfer'; from: Account; to: Account; amount: number; reason: string; memo?: string }
  /** Write a record, or delete it with `null`. */
  | { type: 'put'; scope: string; name: string; value: unknown };

/** One posting of the double-entry ledger: `amount` leaves `from` and arrives at `to`. */
export interface LedgerEntry {
  campaignId: string;
  version: number;
  /** The player whose command caused it, and that command's key. */
  playerId: string;
  commandKey: string;
  from: string;
  to: string;
  amount: number;
  reason: string;
  memo?: string;
  at: string;
}

/**
 * The effects of one command under construction. Reads go through it, so a command that
 * touches a cell twice sees its own earlier writes: a read scans the few effects so far, which
 * is cheaper than keeping indexes of them (this is the engine's hottest path). Names are
 * interned, so most comparisons are of the same string object.
 */
export class Plan implements StateView, RecordListing {
  readonly effects: Effect[] = [];
  readonly #view: StateView & Partial<RecordListing>;

  constructor(view: StateView & Partial<RecordListing>) {
    this.#view = view;
  }

  /** The stored records only: a rule that lists records (a lottery draw) does so before it writes any. */
  recordsWithPrefix<T>(scope: string, prefix: string): T[] {
    if (!this.#view.recordsWithPrefix) throw new Error('this view cannot list records');
    return this.#view.recordsWithPrefix<T>(scope, prefix);
  }
  /** The stored balances only: a rule that lists them (a pool's settle run) does so before it moves any. */
  balancesNamed(name: string): { scope: string; balance: number }[] {
    if (!this.#view.balancesNamed) throw new Error('this view cannot list balances');
    return this.#view.balancesNamed(name);
  }
  /** The stored counters only, like `balancesNamed`. */
  countersNamed(name: string): { scope: string; value: number }[] {
    if (!this.#view.countersNamed) throw new Error('this view cannot list counters');
    return this.#view.countersNamed(name);
  }

  counter(scope: string, name: string): number {
    let value = this.#view.counter(scope, name);
    for (const e of this.effects) if (e.type === 'count' && e.name === name && e.scope === scope) value += e.by;
    return value;
  }
  balance(account: Account): number {
    let value = this.#view.balance(account);
    for (const e of this.effects) {
      if (e.type !== 'transfer') continue;
      if (sameAccount(e.from, account)) value -= e.amount;
      if (sameAccount(e.to, account)) value += e.amount;
    }
    return value;
  }
  record<T>(scope: string, name: string): T | undefined {
    for (let i = this.effects.length - 1; i >= 0; i--) {
      const e = this.effects[i]!;
      if (e.type === 'put' && e.name === name && e.scope === scope) return (e.value ?? undefined) as T | undefined;
    }
    return this.#view.record<T>(scope, name);
  }

  /** Adds to a counter; the store refuses the command if the result would exceed `limit`. */
  /** Counts `by` within `limit`; `limitFrom`, the counters `limit` was computed from (see `Effect`). */
  count(scope: string, name: string, by = 1, limit?: number, limitFrom?: readonly CounterCell[]): void {
    if (limit === undefined) this.effects.push({ type: 'count', scope, name, by });
    else this.effects.push(limitFrom === undefined ? { type: 'count', scope, name, by, limit } : { type: 'count', scope, name, by, limit, limitFrom });
  }
  transfer(from: Account, to: Account, amount: number, reason: string, memo?: string): void {
    this.effects.push(memo === undefined ? { type: 'transfer', from, to, amount, reason } : { type: 'transfer', from, to, amount, reason, memo });
  }
  put(scope: string, name: string, value: unknown): void {
    this.effects.push({ type: 'put', scope, name, value });
  }
}

const sameAccount = (a: Account, b: Account) => a.name === b.name && a.scope === b.scope;

/**
 * Values of the few cells one command touches, in parallel arrays: maps cost more to create
 * than these cost to scan. The arrays are reused from command to command, so only the first
 * `size` entries count. A command that touches many cells (a pool's payout batch, a thousand
 * players) gets an index once it passes `SCANNED_CELLS`, where a scan per lookup would cost
 * time quadratic in its cells.
 */
class CellValues<T> {
  readonly scopes: string[] = [];
  readonly names: string[] = [];
  readonly values: T[] = [];
  size = 0;
  /** Scope → name → position, while `size` is above `SCANNED_CELLS`. */
  #index: Map<string, Map<string, number>> | undefined;

  clear(): void {
    this.size = 0;
    this.#index = undefined;
  }
  find(scope: string, name: string): number {
    if (this.#index) return this.#index.get(scope)?.get(name) ?? -1;
    for (let i = 0; i < this.size; i++) if (this.names[i] === name && this.scopes[i] === scope) return i;
    return -1;
  }
  add(scope: string, name: string, value: T): number {
    const i = this.size++;
    this.scopes[i] = scope;
    this.names[i] = name;
    this.values[i] = value;
    if (this.#index) this.#indexAt(this.#index, i);
    else if (this.size > SCANNED_CELLS) {
      const index = (this.#index = new Map());
      for (let j = 0; j < this.size; j++) this.#indexAt(index, j);
    }
    return i;
  }
  #indexAt(index: Map<string, Map<string, number>>, i: number): void {
    let byName = index.get(this.scopes[i]!);
    if (!byName) index.set(this.scopes[i]!, (byName = new Map()));
    byName.set(this.names[i]!, i);
  }
}

/** Cells a command may touch before `CellValues` indexes them; a player's command touches a handful. */
const SCANNED_CELLS = 32;

/** What a store implements so that `applyEffects` can write through it. */
export interface StateWriter extends StateView {
  setCounter(scope: string, name: string, value: number): void;
  setBalance(account: Account, value: number): void;
  putRecord(scope: string, name: string, value: unknown): void;
  /** Appends a posting; `from` and `to` are its accounts, for a store that keeps them with their scope's cells. */
  appendEntry(entry: LedgerEntry, from: Account, to: Account): void;
}

/** Raised when a guard fails at write time: a store let two commands read the same state. */
export class GuardViolation extends Error {
  override readonly name: string = 'GuardViolation';
}

/**
 * Raised when a transfer would take a balance past ±(2^53 − 1), where numbers stop being exact:
 * not a race but the command itself, which the engine refuses as `BEYOND_EXACT_INTEGERS`.
 */
export class BeyondExactIntegers extends GuardViolation {
  override readonly name = 'BeyondExactIntegers';
  constructor(
    readonly account: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Applies a command's effects: every guard is checked against the stored state first, then
 * everything is written, so a refused command writes nothing even on a store without rollback.
 */
export function applyEffects(
  writer: StateWriter,
  effects: readonly Effect[],
  entry: PostingContext,
  unbounded: (account: Account) => boolean,
): void {
  counters.clear();
  balances.clear();
  for (const effect of effects) {
    if (effect.type === 'count') {
      let i = counters.find(effect.scope, effect.name);
      if (i < 0) i = counters.add(effect.scope, effect.name, writer.counter(effect.scope, effect.name));
      const next = counters.values[i]! + effect.by;
      if (effect.limit !== undefined && next > effect.limit) {
        throw new GuardViolation(`counter ${describeCell(effect.scope, effect.name)} would reach ${next}, above its limit ${effect.limit}`);
      }
      counters.values[i] = next;
    } else if (effect.type === 'transfer') {
      if (!Number.isSafeInteger(effect.amount) || effect.amount <= 0) throw new GuardViolation(`transfer of ${effect.amount}`);
      const from = balanceSlot(writer, balances, accounts, effect.from);
      const after = balances.values[from]! - effect.amount;
      if (after < 0 && !unbounded(effect.from)) throw new GuardViolation(`account ${effect.from.id} would go to ${after}`);
      if (after < -Number.MAX_SAFE_INTEGER) throw new BeyondExactIntegers(effect.from.id, `account ${effect.from.id} would go to ${after}, beyond exact integers`);
      balances.values[from] = after;
      const to = balanceSlot(writer, balances, accounts, effect.to);
      const reached = balances.values[to]! + effect.amount;
      if (reached > Number.MAX_SAFE_INTEGER) throw new BeyondExactIntegers(effect.to.id, `account ${effect.to.id} would reach ${reached}, beyond exact integers`);
      balances.values[to] = reached;
    }
  }
  for (let i = 0; i < counters.size; i++) writer.setCounter(counters.scopes[i]!, counters.names[i]!, counters.values[i]!);
  for (let i = 0; i < balances.size; i++) writer.setBalance(accounts[i]!, balances.values[i]!);
  for (const effect of effects) {
    if (effect.type === 'put') writer.putRecord(effect.scope, effect.name, effect.value);
    else if (effect.type === 'transfer') writer.appendEntry(postingOf(effect, entry), effect.from, effect.to);
  }
}

/** What a command's postings share: the campaign version, the player and key, the time. */
export type PostingContext = Omit<LedgerEntry, 'from' | 'to' | 'amount' | 'reason' | 'memo'>;

/** The ledger posting of a transfer, with keys in one order so that every store serializes it alike. */
export function postingOf(effect: Extract<Effect, { type: 'transfer' }>, context: PostingContext): LedgerEntry {
  return {
    campaignId: context.campaignId,
    version: context.version,
    playerId: context.playerId,
    commandKey: context.commandKey,
    from: effect.from.id,
    to: effect.to.id,
    amount: effect.amount,
    reason: effect.reason,
    memo: effect.memo,
    at: context.at,
  };
}

// Working values of applyEffects, reused: it runs once per command, never re-entered.
const counters = new CellValues<number>();
const balances = new CellValues<number>();
// The account of each balance, by the same index, to write it back through.
const accounts: Account[] = [];

/** The index of an account's balance in the working arrays, loading it on first touch. */
function balanceSlot(view: StateView, balances: CellValues<number>, accounts: Account[], account: Account): number {
  const i = balances.find(account.scope, account.name);
  if (i >= 0) return i;
  accounts[balances.size] = account;
  return balances.add(account.scope, account.name, view.balance(account));
}

const describeCell = (scope: string, name: string) => (scope === CAMPAIGN ? name : `${name} of ${scope}`);
