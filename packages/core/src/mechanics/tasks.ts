import { iso } from '../campaign.ts';
import { daysBetween } from '../calendar.ts';
import type { CommandContext, Outcome } from '../command.ts';
import type { TaskDefinition } from '../definition.ts';
import { fail, ok, type Result } from '../errors.ts';
import { accounts, counters, records } from '../keys.ts';
import { creditCandy } from '../ledger.ts';
import type { Plan } from '../state.ts';
import { ticketsForTask } from './lotteries.ts';
import { closedUntil } from './window.ts';

const DEFAULT_TICKET_TTL_SECONDS = 1800;

export interface BrowseTicket {
  startedAt: number;
  readyAt: number;
  expiresAt: number;
}

export interface CheckinRecord {
  lastDay: string;
  streak: number;
}

/** Limits with each kind's default: browse once a day, an action once in all, check-in daily by nature. */
export function taskLimits(task: TaskDefinition): { perDay?: number; total?: number } {
  if (task.kind === 'checkin') return { perDay: 1 };
  if (task.limits) return task.limits;
  return task.kind === 'browse' ? { perDay: 1 } : { total: 1 };
}

function findTask(ctx: CommandContext, taskId: string): Result<TaskDefinition> {
  const task = ctx.campaign.tasks.get(taskId);
  if (!task) return fail({ code: 'TASK_NOT_FOUND', taskId });
  const opensAt = closedUntil(ctx, task.phases);
  if (opensAt !== undefined) return fail({ code: 'TASK_NOT_OPEN', taskId, opensAt });
  return ok(task);
}

/** Refuses a task whose limits are used up, before the player spends time on it. */
function checkLimits(plan: Plan, ctx: CommandContext, task: TaskDefinition): Result<void> {
  const limits = taskLimits(task);
  // The day's counter, not the check-in record, decides: it stays right when QA moves the clock back.
  if (limits.perDay !== undefined && plan.counter(ctx.playerId, counters.taskOn(task.id, ctx.day)) >= limits.perDay) {
    return task.kind === 'checkin'
      ? fail({ code: 'ALREADY_CHECKED_IN', taskId: task.id, day: ctx.day })
      : fail({ code: 'DAILY_LIMIT_REACHED', subject: `task "${task.id}"`, limit: limits.perDay });
  }
  if (limits.total !== undefined && plan.counter(ctx.playerId, counters.taskTotal(task.id)) >= limits.total) {
    return fail({ code: 'TOTAL_LIMIT_REACHED', subject: `task "${task.id}"`, limit: limits.total });
  }
  return ok(undefined);
}

/**
 * Starts a browse visit. A visit already running is returned as it is, so a page reload does
 * not restart the player's timer.
 */
export function startTask(plan: Plan, ctx: CommandContext, taskId: string): Result<Outcome> {
  const found = findTask(ctx, taskId);
  if (!found.ok) return found;
  const task = found.value;
  if (task.kind !== 'browse') return fail({ code: 'WRONG_TASK_KIND', taskId, kind: task.kind, expected: 'browse' });
  const limited = checkLimits(plan, ctx, task);
  if (!limited.ok) return limited;
  const ticketName = records.browseTicket(task.id);
  let ticket = plan.record<BrowseTicket>(ctx.playerId, ticketName);
  if (!ticket || ticket.expiresAt <= ctx.now) {
    ticket = {
      startedAt: ctx.now,
      readyAt: ctx.now + task.seconds * 1000,
      expiresAt: ctx.now + (task.ticketTtlSeconds ?? DEFAULT_TICKET_TTL_SECONDS) * 1000,
    };
    plan.put(ctx.playerId, ticketName, ticket);
  }
  return ok({ type: 'task.started', taskId, readyAt: iso(ticket.readyAt), expiresAt: iso(ticket.expiresAt) });
}

/** Completes a task of any kind: checks its window, limits and kind rules, then pays it. */
export function completeTask(plan: Plan, ctx: CommandContext, taskId: string): Result<Outcome> {
  const found = findTask(ctx, taskId);
  if (!found.ok) return found;
  const task = found.value;
  const limited = checkLimits(plan, ctx, task);
  if (!limited.ok) return limited;

  let amount = task.reward.candy;
  let streak: { days: number; tableDay: number } | undefined;
  switch (task.kind) {
    case 'browse': {
      const ticketName = records.browseTicket(task.id);
      const ticket = plan.record<BrowseTicket>(ctx.playerId, ticketName);
      if (!ticket) return fail({ code: 'BROWSE_NOT_STARTED', taskId });
      if (ctx.now >= ticket.expiresAt) return fail({ code: 'BROWSE_EXPIRED', taskId, expiredAt: iso(ticket.expiresAt) });
      if (ctx.now < ticket.readyAt) {
        return fail({ code: 'BROWSE_TOO_EARLY', taskId, secondsRemaining: Math.ceil((ticket.readyAt - ctx.now) / 1000) });
      }
      plan.put(ctx.playerId, ticketName, null);
      break;
    }
    case 'checkin': {
      const checkinName = records.checkin(task.id);
      const last = plan.record<CheckinRecord>(ctx.playerId, checkinName);
      const days = last && daysBetween(last.lastDay, ctx.day) === 1 ? last.streak + 1 : 1;
      plan.put(ctx.playerId, checkinName, { lastDay: ctx.day, streak: days } satisfies CheckinRecord);
      const pay = checkinPay(task, days);
      amount = pay.candy;
      streak = { days, tableDay: pay.tableDay };
      break;
    }
    case 'action':
      if ((task.verifiedBy ?? 'host') === 'host' && ctx.actor !== 'host') return fail({ code: 'HOST_VERIFIED_TASK', taskId });
      break;
  }

  const limits = taskLimits(task);
  plan.count(ctx.playerId, counters.taskOn(task.id, ctx.day), 1, limits.perDay);
  plan.count(ctx.playerId, counters.taskTotal(task.id), 1, limits.total);
  const candy = creditCandy(plan, ctx, accounts.player(ctx.playerId), amount, 'task', task.id);
  const boxesEarned = earnBoxes(plan, ctx);
  const outcome: Outcome = { type: 'task.completed', taskId, candy, boxesEarned };
  if (streak) outcome.streak = streak;
  if (ctx.campaign.lotteries.size) {
    const tickets = ticketsForTask(plan, ctx, task.id);
    if (tickets.length) outcome.tickets = tickets;
  }
  return ok(outcome);
}

/** Every N completed tasks (of any kind) earn one box of each box that is earned that way. */
function earnBoxes(plan: Plan, ctx: CommandContext): readonly string[] {
  plan.count(ctx.playerId, counters.tasksDone);
  // Read, counting this completion, only when a box is earned so: a store validates every cell read.
  let done: number | undefined;
  let earned: string[] | undefined;
  for (const box of ctx.campaign.boxes.values()) {
    if (box.earn && (done ??= plan.counter(ctx.playerId, counters.tasksDone)) % box.earn.everyTasks === 0) {
      plan.count(ctx.playerId, counters.boxesEarned(box.id));
      // A list of exactly what was earned: `[].push` would reserve room for 17, kept with the receipt.
      if (earned) earned.push(box.id);
      else earned = [box.id];
    }
  }
  return earned ?? NO_BOXES;
}

// Most completions earn no box. Their receipts, which the store keeps, share one empty list.
const NO_BOXES: readonly string[] = Object.freeze([]);

type CheckinTask = Extract<TaskDefinition, { kind: 'checkin' }>;

/**
 * What a check-in on the `days`-th consecutive day pays, and which day of the streak table
 * that is: the table replaces the reward, and past its end it restarts or repeats its last day.
 */
export function checkinPay(task: CheckinTask, days: number): { tableDay: number; candy: number } {
  if (!task.streak) return { tableDay: 1, candy: task.reward.candy };
  const table = task.streak.days;
  const tableDay = task.streak.afterLast === 'restart' ? ((days - 1) % table.length) + 1 : Math.min(days, table.length);
  return { tableDay, candy: table[tableDay - 1]!.reward.candy };
}
