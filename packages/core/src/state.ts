/**
 * The engine's view of stored state, and the effects it asks a store to apply.
 *
 * State is three kinds of cells, all scoped to one campaign: counters (integers with an optional
 * upper guard), account balances (the ledger), and small JSON records. Every mechanic is written
 * against these, so each store implements three getters and three setters, and a guard such as
 * "at most 10 assists a day" is one counter with a limit, checked by the same code everywhere.
 */
export interface StateView {
  counter(key: string): number;
  balance(account: string): number;
  record<T>(key: string): T | undefined;
}

export type Effect =
  /** Add `by` to a counter; refused if the result would exceed `limit`. */
  | { type: 'count'; key: string; by: number; limit?: number }
  /** Move candy between accounts; refused if `from` would go negative (the issuance account may). */
  | { type: 'transfer'; from: string; to: string; amount: number; reason: string; memo?: string }
  /** Write a record, or delete it with `null`. */
  | { type: 'put'; key: string; value: unknown };

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
 * touches a cell twice sees its own earlier writes.
 */
export class Plan implements StateView {
  readonly effects: Effect[] = [];
  readonly #view: StateView;
  readonly #counters = new Map<string, number>();
  readonly #balances = new Map<string, number>();
  readonly #records = new Map<string, unknown>();

  constructor(view: StateView) {
    this.#view = view;
  }

  counter(key: string): number {
    return this.#view.counter(key) + (this.#counters.get(key) ?? 0);
  }
  balance(account: string): number {
    return this.#view.balance(account) + (this.#balances.get(account) ?? 0);
  }
  record<T>(key: string): T | undefined {
    if (this.#records.has(key)) return (this.#records.get(key) ?? undefined) as T | undefined;
    return this.#view.record<T>(key);
  }

  count(key: string, by = 1, limit?: number): number {
    this.effects.push(limit === undefined ? { type: 'count', key, by } : { type: 'count', key, by, limit });
    this.#counters.set(key, (this.#counters.get(key) ?? 0) + by);
    return this.counter(key);
  }
  transfer(from: string, to: string, amount: number, reason: string, memo?: string): void {
    this.effects.push(memo === undefined ? { type: 'transfer', from, to, amount, reason } : { type: 'transfer', from, to, amount, reason, memo });
    this.#balances.set(from, (this.#balances.get(from) ?? 0) - amount);
    this.#balances.set(to, (this.#balances.get(to) ?? 0) + amount);
  }
  put(key: string, value: unknown): void {
    this.effects.push({ type: 'put', key, value });
    this.#records.set(key, value);
  }
}

/** What a store implements so that `applyEffects` can write through it. */
export interface StateWriter extends StateView {
  setCounter(key: string, value: number): void;
  setBalance(account: string, value: number): void;
  putRecord(key: string, value: unknown): void;
  appendEntry(entry: LedgerEntry): void;
}

/** Raised when a guard fails at write time: a store let two commands read the same state. */
export class GuardViolation extends Error {
  override readonly name = 'GuardViolation';
}

/**
 * Applies a command's effects: every guard is checked against the stored state first, then
 * everything is written, so a refused command writes nothing even on a store without rollback.
 */
export function applyEffects(
  writer: StateWriter,
  effects: readonly Effect[],
  entry: Omit<LedgerEntry, 'from' | 'to' | 'amount' | 'reason' | 'memo'>,
  unbounded: (account: string) => boolean,
): void {
  const counters = new Map<string, number>();
  const balances = new Map<string, number>();
  for (const effect of effects) {
    if (effect.type === 'count') {
      const next = (counters.get(effect.key) ?? writer.counter(effect.key)) + effect.by;
      if (effect.limit !== undefined && next > effect.limit) {
        throw new GuardViolation(`counter ${effect.key} would reach ${next}, above its limit ${effect.limit}`);
      }
      counters.set(effect.key, next);
    } else if (effect.type === 'transfer') {
      if (!Number.isSafeInteger(effect.amount) || effect.amount <= 0) throw new GuardViolation(`transfer of ${effect.amount}`);
      const from = (balances.get(effect.from) ?? writer.balance(effect.from)) - effect.amount;
      if (from < 0 && !unbounded(effect.from)) {
        throw new GuardViolation(`account ${effect.from} would go to ${from}`);
      }
      balances.set(effect.from, from);
      balances.set(effect.to, (balances.get(effect.to) ?? writer.balance(effect.to)) + effect.amount);
    }
  }
  for (const [key, value] of counters) writer.setCounter(key, value);
  for (const [account, value] of balances) writer.setBalance(account, value);
  for (const effect of effects) {
    if (effect.type === 'put') writer.putRecord(effect.key, effect.value);
    else if (effect.type === 'transfer') {
      const posting: LedgerEntry = { ...entry, from: effect.from, to: effect.to, amount: effect.amount, reason: effect.reason };
      if (effect.memo !== undefined) posting.memo = effect.memo;
      writer.appendEntry(posting);
    }
  }
}
