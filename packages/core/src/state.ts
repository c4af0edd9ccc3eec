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
  // Pending deltas in small parallel arrays: a command touches a handful of cells, and this
  // is the hottest path of the engine (maps cost more to create than these cost to scan).
  readonly #counterKeys: string[] = [];
  readonly #counterDeltas: number[] = [];
  readonly #accountKeys: string[] = [];
  readonly #accountDeltas: number[] = [];
  readonly #recordKeys: string[] = [];
  readonly #recordValues: unknown[] = [];

  constructor(view: StateView) {
    this.#view = view;
  }

  counter(key: string): number {
    const i = this.#counterKeys.indexOf(key);
    return this.#view.counter(key) + (i < 0 ? 0 : this.#counterDeltas[i]!);
  }
  balance(account: string): number {
    const i = this.#accountKeys.indexOf(account);
    return this.#view.balance(account) + (i < 0 ? 0 : this.#accountDeltas[i]!);
  }
  record<T>(key: string): T | undefined {
    const i = this.#recordKeys.lastIndexOf(key);
    if (i >= 0) return (this.#recordValues[i] ?? undefined) as T | undefined;
    return this.#view.record<T>(key);
  }

  /** Adds to a counter; the store refuses the command if the result would exceed `limit`. */
  count(key: string, by = 1, limit?: number): void {
    this.effects.push(limit === undefined ? { type: 'count', key, by } : { type: 'count', key, by, limit });
    addDelta(this.#counterKeys, this.#counterDeltas, key, by);
  }
  transfer(from: string, to: string, amount: number, reason: string, memo?: string): void {
    this.effects.push(memo === undefined ? { type: 'transfer', from, to, amount, reason } : { type: 'transfer', from, to, amount, reason, memo });
    addDelta(this.#accountKeys, this.#accountDeltas, from, -amount);
    addDelta(this.#accountKeys, this.#accountDeltas, to, amount);
  }
  put(key: string, value: unknown): void {
    this.effects.push({ type: 'put', key, value });
    this.#recordKeys.push(key);
    this.#recordValues.push(value);
  }
}

function addDelta(keys: string[], deltas: number[], key: string, by: number): void {
  const i = keys.indexOf(key);
  if (i < 0) {
    keys.push(key);
    deltas.push(by);
  } else deltas[i] = deltas[i]! + by;
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
  // A command has a handful of effects: parallel arrays beat maps on this hot path.
  const counterKeys: string[] = [];
  const counterValues: number[] = [];
  const accountKeys: string[] = [];
  const accountValues: number[] = [];
  for (const effect of effects) {
    if (effect.type === 'count') {
      const i = slotOf(writer, 'counter', counterKeys, counterValues, effect.key);
      const next = counterValues[i]! + effect.by;
      if (effect.limit !== undefined && next > effect.limit) {
        throw new GuardViolation(`counter ${effect.key} would reach ${next}, above its limit ${effect.limit}`);
      }
      counterValues[i] = next;
    } else if (effect.type === 'transfer') {
      if (!Number.isSafeInteger(effect.amount) || effect.amount <= 0) throw new GuardViolation(`transfer of ${effect.amount}`);
      const from = slotOf(writer, 'balance', accountKeys, accountValues, effect.from);
      const after = accountValues[from]! - effect.amount;
      if (after < 0 && !unbounded(effect.from)) throw new GuardViolation(`account ${effect.from} would go to ${after}`);
      accountValues[from] = after;
      const to = slotOf(writer, 'balance', accountKeys, accountValues, effect.to);
      accountValues[to] = accountValues[to]! + effect.amount;
    }
  }
  for (let i = 0; i < counterKeys.length; i++) writer.setCounter(counterKeys[i]!, counterValues[i]!);
  for (let i = 0; i < accountKeys.length; i++) writer.setBalance(accountKeys[i]!, accountValues[i]!);
  for (const effect of effects) {
    if (effect.type === 'put') writer.putRecord(effect.key, effect.value);
    else if (effect.type === 'transfer') {
      writer.appendEntry({
        campaignId: entry.campaignId,
        version: entry.version,
        playerId: entry.playerId,
        commandKey: entry.commandKey,
        from: effect.from,
        to: effect.to,
        amount: effect.amount,
        reason: effect.reason,
        memo: effect.memo,
        at: entry.at,
      });
    }
  }
}

/** The index of a cell in the working arrays, loading its stored value on first touch. */
function slotOf(view: StateView, kind: 'counter' | 'balance', keys: string[], values: number[], key: string): number {
  const i = keys.indexOf(key);
  if (i >= 0) return i;
  values.push(kind === 'counter' ? view.counter(key) : view.balance(key));
  return keys.push(key) - 1;
}
