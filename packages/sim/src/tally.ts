import type { BudgetBurn, CommandResult } from '@carnival/core';
import { DiscountCosts } from './discount-costs.ts';

/** What one simulated player did and got, for distributions and the variant comparison. */
export class PlayerTally {
  visits = 0;
  daysActive = 0;
  completions = 0;
  candyEarned = 0;
  /** Candy as the player's frontend would show it: credits minus box prices. */
  candy = 0;
  orders = 0;
  payable = 0;
  discount = 0;
  /** Commands of theirs the engine refused (a cap, a window, a budget). */
  refused = 0;
  /** The inviter whose assist first brought them in, as a player index, or -1. */
  parent = -1;
  children = 0;
}

/** Counts of one command type. */
export interface TypeCount {
  sent: number;
  accepted: number;
  rejected: number;
  replayed: number;
}

export interface DayFunnel {
  visited: number;
  completedATask: number;
  completedThree: number;
  openedABox: number;
  ordered: number;
}

/** The orders a run placed, summed as they are placed. */
export class Orders {
  count = 0;
  list = 0;
  discount = 0;
  payable = 0;
  /** Who funds `discount`: the platform's part and the merchants'. */
  platform = 0;
  merchant = 0;
  /** `discount` by source: each threshold, coupon, member price, presale and red packets. */
  readonly costs = new DiscountCosts();
  withCoupons = 0;
  /** Threshold rule id → orders that reached it. */
  readonly reached = new Map<string, number>();
  toppedUp = 0;
  /** What each topped-up cart added, for the distribution of top-ups. */
  readonly topUps: number[] = [];
}

/**
 * Everything a run observes from the engine's answers, as it goes: counts and sums, and the few
 * values a distribution needs (each top-up). A report is built from these and from the store at
 * the end.
 */
export class Tally {
  commands = 0;
  readonly byType = new Map<string, TypeCount>();
  /** Error code → segment → refusals. */
  readonly rejections = new Map<string, Map<string, number>>();
  readonly funnel = new Map<string, DayFunnel>();
  /** Task → day → completions. */
  readonly completions = new Map<string, Map<string, number>>();
  /** Outcome-side sums, checked against the ledger at the end. */
  candyCredited = 0;
  candyPaidForBoxes = 0;
  /** Budget id → cents the engine's answers say it paid. */
  readonly cashPaid = new Map<string, number>();
  /** Budget id → first moment a payment was refused for want of it. */
  readonly budgetRefused = new Map<string, number>();
  /** Budget id → the moment the answers' payments from it reached its whole amount. */
  readonly budgetPaidOut = new Map<string, number>();
  readonly #amounts: ReadonlyMap<string, number>;
  readonly burn = new Map<string, [number, number][]>();
  readonly orders = new Orders();
  /** Accounts the fake-friend adversaries made, with the segment (by index) of the player who made each. */
  readonly fakes: { id: string; segment: number }[] = [];
  invitationsSent = 0;
  /** Assists between simulated players, and those of fake accounts. */
  assists = 0;
  fakeAssists = 0;

  /** `budgets`: the campaign's, whose amounts tell when payments have used one up. */
  constructor(budgets: readonly { id: string; amount: number }[]) {
    this.#amounts = new Map(budgets.map((b) => [b.id, b.amount]));
  }

  count(type: string, result: CommandResult, segment: string): void {
    this.commands++;
    let counts = this.byType.get(type);
    if (!counts) this.byType.set(type, (counts = { sent: 0, accepted: 0, rejected: 0, replayed: 0 }));
    counts.sent++;
    if (result.ok) {
      if (result.replayed) counts.replayed++;
      else counts.accepted++;
      return;
    }
    counts.rejected++;
    const code = result.error.code;
    let bySegment = this.rejections.get(code);
    if (!bySegment) this.rejections.set(code, (bySegment = new Map()));
    bySegment.set(segment, (bySegment.get(segment) ?? 0) + 1);
  }

  /** A payment refused for want of budget: the first one marks when the budget ran out. */
  refused(budget: string, at: number): void {
    if (!this.budgetRefused.has(budget)) this.budgetRefused.set(budget, at);
  }

  day(day: string): DayFunnel {
    let funnel = this.funnel.get(day);
    if (!funnel) this.funnel.set(day, (funnel = { visited: 0, completedATask: 0, completedThree: 0, openedABox: 0, ordered: 0 }));
    return funnel;
  }

  completed(taskId: string, day: string): void {
    let byDay = this.completions.get(taskId);
    if (!byDay) this.completions.set(taskId, (byDay = new Map()));
    byDay.set(day, (byDay.get(day) ?? 0) + 1);
  }

  /** Notes a payment an answer made from a budget at `at`, the moment the budget ran dry with it. */
  paid(budget: string, amount: number, at: number): void {
    const total = (this.cashPaid.get(budget) ?? 0) + amount;
    this.cashPaid.set(budget, total);
    if (total >= (this.#amounts.get(budget) ?? Infinity) && !this.budgetPaidOut.has(budget)) this.budgetPaidOut.set(budget, at);
  }

  /**
   * Notes every budget's use at an hourly sample. Every sample is kept, flat stretches too: two
   * runs of one campaign then have the same instants, which is how `report diff` compares them.
   */
  sample(at: number, burns: readonly BudgetBurn[]): void {
    for (const burn of burns) {
      let series = this.burn.get(burn.id);
      if (!series) this.burn.set(burn.id, (series = []));
      series.push([at, burn.spent + burn.reserved]);
    }
  }
}
