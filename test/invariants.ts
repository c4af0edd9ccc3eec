/**
 * Safety properties that hold whatever the rules decide, counted from the receipts a session got
 * and the store's ledger alone: no model involved, so they stand even if model and engine share
 * a mistake.
 */
import { accounts, postedBalances, taskLimits, type CampaignDefinition, type Outcome, type Receipt } from '@carnival/core';
import { expect } from 'vitest';
import { isoOf, ledgerAccounts, localDate, storedBalances, wholeLedger } from './fixtures.ts';
import type { Session } from './session.ts';

type ReceiptOf<T extends Outcome['type']> = Receipt & { outcome: Extract<Outcome, { type: T }> };

const ofType = <T extends Outcome['type']>(receipts: readonly Receipt[], type: T) =>
  receipts.filter((r): r is ReceiptOf<T> => r.outcome.type === type);

const dayOf = (at: string) => localDate(Date.parse(at));

/** Sums amounts by key. */
function totals(pairs: readonly (readonly [string, number])[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const [key, amount] of pairs) sums.set(key, (sums.get(key) ?? 0) + amount);
  return sums;
}

function atMost(what: string, keys: readonly string[], limit: number | undefined): void {
  if (limit === undefined) return;
  for (const [key, n] of totals(keys.map((k) => [k, 1]))) expect(n, `${what} (${key})`).toBeLessThanOrEqual(limit);
}

/** Every fresh receipt by player and key, checking that each key had one effect and replays repeat it. */
function freshReceipts(session: Session): Receipt[] {
  const fresh = new Map<string, Receipt>();
  for (const { request, results } of session.exchanges) {
    const id = `${request.playerId}|${request.key}`;
    for (const result of results) {
      if (!result.ok) continue;
      if (result.replayed) {
        expect(result.receipt, `a replay of ${id} repeats its receipt`).toEqual(fresh.get(id));
        continue;
      }
      expect(fresh.has(id), `one effect for ${id}`).toBe(false);
      expect(result.receipt).toMatchObject({ key: request.key, playerId: request.playerId, campaignId: request.campaignId, at: isoOf(request.now) });
      fresh.set(id, result.receipt);
    }
  }
  return [...fresh.values()];
}

export async function checkInvariants(session: Session, definition: CampaignDefinition, players: readonly string[]): Promise<void> {
  const { store, campaignId } = session;
  const ledger = await wholeLedger(store, campaignId);
  const posted = postedBalances(ledger, ledgerAccounts(players));
  const stored = await storedBalances(store, campaignId, Object.keys(posted));
  expect(stored, 'balances are what the ledger adds up to').toEqual(posted);
  expect(Object.values(stored).reduce((a, b) => a + b, 0), 'candy is neither created nor lost').toBe(0);
  for (const [account, balance] of Object.entries(stored)) {
    if (account !== accounts.issuance.id) expect(balance, `${account} is never negative`).toBeGreaterThanOrEqual(0);
  }

  const receipts = freshReceipts(session);
  const byKey = new Map(receipts.map((r) => [`${r.playerId}|${r.key}`, r]));
  for (const entry of ledger) {
    expect(byKey.get(`${entry.playerId}|${entry.commandKey}`), `posting ${JSON.stringify(entry)} has a receipt`).toMatchObject({ at: entry.at, version: entry.version });
  }
  const earnedCap = definition.wallet?.dailyEarnCap;
  if (earnedCap !== undefined) {
    const credits = totals(ledger.filter((e) => e.from === accounts.issuance.id).map((e) => [`${e.to} ${dayOf(e.at)}`, e.amount]));
    for (const [key, sum] of credits) expect(sum, `candy earned (${key})`).toBeLessThanOrEqual(earnedCap);
  }

  const completed = ofType(receipts, 'task.completed');
  for (const task of definition.tasks) {
    const done = completed.filter((r) => r.outcome.taskId === task.id);
    const limits = taskLimits(task);
    atMost(`task ${task.id} per day`, done.map((r) => `${r.playerId} ${dayOf(r.at)}`), limits.perDay);
    atMost(`task ${task.id} in total`, done.map((r) => r.playerId), limits.total);
  }

  const rules = definition.invitations;
  const assists = ofType(receipts, 'invitation.accepted');
  if (rules) {
    atMost('assists received per day', assists.map((r) => `${r.outcome.inviterId} ${dayOf(r.at)}`), rules.limits.perInviterPerDay);
    atMost('assists given per day', assists.map((r) => `${r.playerId} ${dayOf(r.at)}`), rules.limits.perFriendPerDay);
    atMost('assists per pair', assists.map((r) => `${r.outcome.inviterId} > ${r.playerId}`), 1);
  } else expect(assists).toEqual([]);

  const opened = ofType(receipts, 'box.opened');
  for (const box of definition.boxes) {
    const ofBox = opened.filter((r) => r.outcome.boxId === box.id);
    atMost(`box ${box.id} per day`, ofBox.map((r) => `${r.playerId} ${dayOf(r.at)}`), box.limits?.perDay);
    atMost(`box ${box.id} in total`, ofBox.map((r) => r.playerId), box.limits?.total);
    for (const reward of box.rewards) {
      atMost(`stock of ${box.id}/${reward.id}`, ofBox.filter((r) => r.outcome.rewardId === reward.id).map(() => 'all players'), reward.stock);
    }
    const earned = totals(completed.filter((r) => r.outcome.boxesEarned.includes(box.id)).map((r) => [r.playerId, 1]));
    const openedEarned = totals(ofBox.filter((r) => r.outcome.paidWith === 'earned').map((r) => [r.playerId, 1]));
    for (const [player, n] of openedEarned) expect(n, `earned ${box.id} boxes opened by ${player}`).toBeLessThanOrEqual(earned.get(player) ?? 0);
  }
  const paid = opened.reduce((sum, r) => sum + r.outcome.paidCandy, 0);
  expect(stored[accounts.redeemed.id] ?? 0, 'candy redeemed is what boxes cost').toBe(paid);
}
