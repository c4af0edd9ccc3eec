import type { Campaign } from './campaign.ts';
import { accounts, CAMPAIGN, campaignCounters, type Account } from './keys.ts';
import type { Plan, StateView } from './state.ts';

/**
 * Hard budgets. What a budget paid and holds are two campaign counters whose sum the store
 * guards at the budget's amount, in the same atomic step as the payout: no interleaving of
 * requests, on any store, can take a budget past its amount. A mechanic asks first
 * (`budgetRoom`) so that it can fall back as its definition says instead of being refused.
 */

/** How much a budget can still pay now. */
export function budgetRoom(view: StateView, campaign: Campaign, budgetId: string): number {
  const budget = campaign.budgets.get(budgetId);
  if (!budget) return 0;
  return budget.amount - view.counter(CAMPAIGN, campaignCounters.budgetSpent(budgetId)) - view.counter(CAMPAIGN, campaignCounters.budgetReserved(budgetId));
}

/**
 * Pays cents from a budget to players' red-packet balances, with one charge guarded at the
 * budget's amount (a lottery pays all its winners in one step). The caller has checked
 * `budgetRoom`; the guard is what holds under races.
 */
export function payFromBudget(plan: Plan, campaign: Campaign, budgetId: string, payments: readonly { playerId: string; amount: number }[], reason: string, memo?: string): void {
  const budget = campaign.budgets.get(budgetId)!;
  // Spent and reserved share the amount: the guard is on spent, with what is reserved taken off.
  const reservedName = campaignCounters.budgetReserved(budgetId);
  const reserved = plan.counter(CAMPAIGN, reservedName);
  let total = 0;
  for (const payment of payments) total += payment.amount;
  plan.count(CAMPAIGN, campaignCounters.budgetSpent(budgetId), total, budget.amount - reserved, [{ scope: CAMPAIGN, name: reservedName }]);
  const from = accounts.budget(budgetId);
  for (const payment of payments) plan.transfer(from, accounts.redPackets(payment.playerId), payment.amount, reason, memo);
}

/**
 * Holds `amount` of a budget for payouts promised but not yet made (a clear-cart prize's cap),
 * guarded so that what is spent and held together never pass the amount; a negative amount
 * releases a hold.
 */
export function holdInBudget(plan: Plan, campaign: Campaign, budgetId: string, amount: number): void {
  const budget = campaign.budgets.get(budgetId)!;
  const spentName = campaignCounters.budgetSpent(budgetId);
  const spent = plan.counter(CAMPAIGN, spentName);
  plan.count(CAMPAIGN, campaignCounters.budgetReserved(budgetId), amount, budget.amount - spent, [{ scope: CAMPAIGN, name: spentName }]);
}

/**
 * Turns a hold into a payment: releases `held` and spends `amount` of it (at most the hold) to an
 * account, in one guarded step: what a clear-cart prize does when the winner's order is paid.
 */
export function spendHeld(plan: Plan, campaign: Campaign, budgetId: string, held: number, amount: number, to: Account, reason: string, memo?: string): void {
  holdInBudget(plan, campaign, budgetId, -held);
  if (amount <= 0) return;
  const budget = campaign.budgets.get(budgetId)!;
  const reservedName = campaignCounters.budgetReserved(budgetId);
  const reserved = plan.counter(CAMPAIGN, reservedName);
  plan.count(CAMPAIGN, campaignCounters.budgetSpent(budgetId), amount, budget.amount - reserved, [{ scope: CAMPAIGN, name: reservedName }]);
  plan.transfer(accounts.budget(budgetId), to, amount, reason, memo);
}

/** A budget's burn, for designers and operators. */
export interface BudgetBurn {
  id: string;
  title: string;
  amount: number;
  spent: number;
  reserved: number;
  left: number;
}

export function budgetBurn(view: StateView, campaign: Campaign): BudgetBurn[] {
  return campaign.definition.budgets.map((budget) => {
    const spent = view.counter(CAMPAIGN, campaignCounters.budgetSpent(budget.id));
    const reserved = view.counter(CAMPAIGN, campaignCounters.budgetReserved(budget.id));
    return { id: budget.id, title: budget.title, amount: budget.amount, spent, reserved, left: budget.amount - spent - reserved };
  });
}
