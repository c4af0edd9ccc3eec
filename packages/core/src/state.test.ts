import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accounts, CAMPAIGN, isUnboundedAccount, type Account } from './keys.ts';
import { applyEffects, GuardViolation, type Effect, type LedgerEntry, type StateWriter } from './state.ts';

/** Cells in plain maps, keyed `scope\u0000name`. */
class Cells implements StateWriter {
  readonly counters = new Map<string, number>();
  readonly balances = new Map<string, number>();
  readonly postings: [string, string, number][] = [];
  counter(scope: string, name: string): number {
    return this.counters.get(`${scope}\u0000${name}`) ?? 0;
  }
  balance(account: Account): number {
    return this.balances.get(account.id) ?? 0;
  }
  record(): undefined {
    return undefined;
  }
  setCounter(scope: string, name: string, value: number): void {
    this.counters.set(`${scope}\u0000${name}`, value);
  }
  setBalance(account: Account, value: number): void {
    this.balances.set(account.id, value);
  }
  putRecord(): void {}
  appendEntry(entry: LedgerEntry): void {
    this.postings.push([entry.from, entry.to, entry.amount]);
  }
}

const context = { campaignId: 'c', version: 1, playerId: 'op', commandKey: 'k', at: '2026-11-11T00:00:00.000Z' };
const player = (i: number) => `p${i}`;

const transfer = (from: Account, to: Account, amount: number): Effect => ({ type: 'transfer', from, to, amount, reason: 'test' });

/**
 * Effects over `players` players: the first three players funded from issuance (or not), then
 * counts, and transfers to any player from issuance or, one in eight, from one of those three.
 */
const effects = (players: number) =>
  fc
    .tuple(
      fc.array(fc.nat(3000), { minLength: 3, maxLength: 3 }),
      fc.array(
        fc.oneof(
          fc.record({ type: fc.constant('count' as const), scope: fc.nat(players - 1).map(player), name: fc.constantFrom('a', 'b'), by: fc.integer({ min: 1, max: 5 }) }),
          fc
            .record({ from: fc.option(fc.nat(2), { nil: undefined, freq: 8 }), to: fc.nat(players - 1), amount: fc.integer({ min: 1, max: 50 }) })
            .map(({ from, to, amount }) => transfer(from === undefined ? accounts.issuance : accounts.player(player(from)), accounts.player(player(to)), amount)),
        ),
        { maxLength: 300, size: 'max' },
      ),
    )
    .map(([funds, rest]) => [...funds.flatMap((amount, i) => (amount > 0 ? [transfer(accounts.issuance, accounts.player(player(i)), amount)] : [])), ...rest]);

/** What applying `effects` one by one gives, or undefined where a balance of a player would go negative. */
function model(effects: readonly Effect[]): { counters: Map<string, number>; balances: Map<string, number> } | undefined {
  const counters = new Map<string, number>();
  const balances = new Map<string, number>();
  for (const e of effects) {
    if (e.type === 'count') counters.set(`${e.scope}\u0000${e.name}`, (counters.get(`${e.scope}\u0000${e.name}`) ?? 0) + e.by);
    if (e.type !== 'transfer') continue;
    const from = (balances.get(e.from.id) ?? 0) - e.amount;
    if (from < 0 && !isUnboundedAccount(e.from)) return undefined;
    balances.set(e.from.id, from);
    balances.set(e.to.id, (balances.get(e.to.id) ?? 0) + e.amount);
  }
  return { counters, balances };
}

describe('applyEffects', () => {
  // A few players keep a command's cells below the point where they are indexed; a thousand go past it.
  for (const players of [3, 1000]) {
    it(`writes what applying the effects one by one gives, or nothing (${players} players)`, () => {
      fc.assert(
        fc.property(effects(players), (list) => {
          const written = new Cells();
          const expected = model(list);
          if (!expected) {
            expect(() => applyEffects(written, list, context, isUnboundedAccount)).toThrow(GuardViolation);
            expect([written.counters.size, written.balances.size, written.postings.length]).toEqual([0, 0, 0]);
            return;
          }
          applyEffects(written, list, context, isUnboundedAccount);
          expect(written.counters).toEqual(expected.counters);
          expect(written.balances).toEqual(expected.balances);
          expect(written.postings).toEqual(list.flatMap((e) => (e.type === 'transfer' ? [[e.from.id, e.to.id, e.amount]] : [])));
        }),
        { numRuns: 200 },
      );
    });
  }

  it('pays a thousand players from one account in one command, each their own amount', () => {
    const written = new Cells();
    const payments = Array.from({ length: 1000 }, (_, i) => transfer(accounts.budget('pool'), accounts.redPackets(player(i)), i + 1));
    applyEffects(written, [...payments, { type: 'count', scope: CAMPAIGN, name: 'paid', by: 1, limit: 1 }], context, isUnboundedAccount);
    expect(written.balance(accounts.budget('pool'))).toBe(-500_500);
    expect(written.balance(accounts.redPackets(player(0)))).toBe(1);
    expect(written.balance(accounts.redPackets(player(999)))).toBe(1000);
    expect(written.balances.size).toBe(1001);
    expect(written.counter(CAMPAIGN, 'paid')).toBe(1);
  });

  it('refuses, writing nothing, a transfer that would take a balance beyond exact integers, on either side', () => {
    const written = new Cells();
    const most = Number.MAX_SAFE_INTEGER;
    written.setBalance(accounts.issuance, -(most - 10));
    written.setBalance(accounts.player('rich'), most - 10);
    const before = structuredClone([written.balances, written.postings]);
    const mint = (to: string, amount: number) => transfer(accounts.issuance, accounts.player(to), amount);
    expect(() => applyEffects(written, [mint('p1', 11)], context, isUnboundedAccount)).toThrow('account issuance would go to -9007199254740992, beyond exact integers');
    expect(() => applyEffects(written, [transfer(accounts.player('p1'), accounts.player('rich'), 11)], context, isUnboundedAccount)).toThrow(GuardViolation);
    expect([written.balances, written.postings]).toEqual(before);
    expect(() => applyEffects(written, [mint('p1', 5), transfer(accounts.player('p1'), accounts.player('rich'), 5), mint('p2', 6)], context, isUnboundedAccount)).toThrow(
      'account issuance would go to -9007199254740992',
    );
    expect([written.balances, written.postings]).toEqual(before);
    applyEffects(written, [mint('p1', 10)], context, isUnboundedAccount);
    expect(written.balance(accounts.issuance)).toBe(-most);
  });
});
