import { availability, iso, phaseAt, type Campaign } from './campaign.ts';
import { localDay, daysBetween } from './calendar.ts';
import { campaignFor, variantsOf } from './experiments.ts';
import { accounts, counters, records } from './keys.ts';
import { boxIsEmpty } from './mechanics/boxes.ts';
import type { AssistRecord } from './mechanics/invitations.ts';
import { checkinPay, taskLimits, type BrowseTicket, type CheckinRecord } from './mechanics/tasks.ts';
import { signShareCode } from './share-code.ts';
import type { ReadView } from './store.ts';

export type TaskStatus = 'open' | 'in-progress' | 'ready' | 'done' | 'closed';

export interface TaskState {
  id: string;
  kind: 'browse' | 'checkin' | 'action';
  title: string;
  /** Candy the next completion pays (before the daily cap). */
  reward: number;
  /** open: can be done now; in-progress/ready: a browse visit running / long enough; done: limits used; closed: outside its phases. */
  status: TaskStatus;
  doneToday: number;
  doneTotal: number;
  limits: { perDay?: number; total?: number };
  /** When a closed task opens next (null: never again). */
  opensAt: string | null;
  hostVerified: boolean;
  browse?: { seconds: number; readyAt: string; expiresAt: string } | { seconds: number };
  streak?: { days: number; checkedInToday: boolean };
}

export interface BoxState {
  id: string;
  title: string;
  /** Earned boxes not yet opened. */
  available: number;
  opened: number;
  /** Candy one more opening costs, when it can be bought. */
  price: number | null;
  everyTasks: number | null;
  tasksDone: number;
  /** Whether it can be opened now, within its phases; if not, when it opens next (null: never again). */
  open: boolean;
  opensAt: string | null;
  /** Nothing left to give this player (every reward out of stock, won as often as allowed, or past its budget): opening is refused. */
  empty: boolean;
}

export interface PlayerState {
  campaignId: string;
  version: number;
  playerId: string;
  now: string;
  day: string;
  phase: { current: string | null; next: { id: string; startsAt: string } | null };
  candy: { balance: number; earnedToday: number; dailyEarnCap: number | null };
  /** Red packets and shopping allowances to spend on orders, in cents (not counting what unpaid orders hold). */
  redPackets: { balance: number };
  tasks: TaskState[];
  boxes: BoxState[];
  invitations: { shareCode: string | null; receivedToday: number; perInviterPerDay: number; givenToday: number; perFriendPerDay: number; assists: AssistRecord[] } | null;
  /** The player's variant of each experiment: experiment id → variant id. */
  experiments: Record<string, string>;
}

/**
 * Everything the play page shows about one player, read from the same cells the rules write,
 * under the rules of the player's experiment variants.
 */
export function playerState(published: Campaign, view: ReadView, playerId: string, now: number): PlayerState {
  const campaign = campaignFor(published, playerId);
  const def = campaign.definition;
  const day = localDay(now, def.timezone);
  const phase = phaseAt(campaign, now);
  const tasksDone = view.counter(playerId, counters.tasksDone);
  const shareId = view.record<string>(playerId, records.shareCode);
  return {
    campaignId: def.id,
    version: campaign.version,
    playerId,
    now: iso(now),
    day,
    phase: { current: phase.current, next: phase.next && { id: phase.next.id, startsAt: iso(phase.next.startsAt) } },
    candy: {
      balance: view.balance(accounts.player(playerId)),
      earnedToday: view.counter(playerId, counters.earnedOn(day)),
      dailyEarnCap: def.wallet?.dailyEarnCap ?? null,
    },
    redPackets: { balance: view.balance(accounts.redPackets(playerId)) },
    tasks: def.tasks.map((task) => {
      const limits = taskLimits(task);
      const doneToday = view.counter(playerId, counters.taskOn(task.id, day));
      const doneTotal = view.counter(playerId, counters.taskTotal(task.id));
      const open = availability(campaign, task.phases, now);
      const usedUp = (limits.perDay !== undefined && doneToday >= limits.perDay) || (limits.total !== undefined && doneTotal >= limits.total);
      let status: TaskStatus = !open.open ? 'closed' : usedUp ? 'done' : 'open';
      const state: TaskState = {
        id: task.id,
        kind: task.kind,
        title: task.title,
        reward: task.reward.candy,
        status,
        doneToday,
        doneTotal,
        limits,
        opensAt: open.open ? null : open.opensAt === null ? null : iso(open.opensAt),
        hostVerified: task.kind === 'action' && (task.verifiedBy ?? 'host') === 'host',
      };
      if (task.kind === 'browse') {
        const ticket = view.record<BrowseTicket>(playerId, records.browseTicket(task.id));
        if (ticket && ticket.expiresAt > now && status === 'open') {
          state.status = ticket.readyAt <= now ? 'ready' : 'in-progress';
          state.browse = { seconds: task.seconds, readyAt: iso(ticket.readyAt), expiresAt: iso(ticket.expiresAt) };
        } else state.browse = { seconds: task.seconds };
      }
      if (task.kind === 'checkin') {
        const last = view.record<CheckinRecord>(playerId, records.checkin(task.id));
        const checkedInToday = last?.lastDay === day;
        const alive = last !== undefined && (checkedInToday || daysBetween(last.lastDay, day) === 1);
        const days = alive ? last.streak : 0;
        state.streak = { days, checkedInToday };
        state.reward = checkinPay(task, checkedInToday ? days : days + 1).candy;
      }
      return state;
    }),
    boxes: def.boxes.map((box): BoxState => {
      const opened = view.counter(playerId, counters.boxesOpened(box.id));
      const earned = view.counter(playerId, counters.boxesEarned(box.id));
      const window = availability(campaign, box.phases, now);
      return {
        id: box.id,
        title: box.title,
        available: Math.max(0, earned - view.counter(playerId, counters.earnedBoxesOpened(box.id))),
        opened,
        price: box.price?.candy ?? null,
        everyTasks: box.earn?.everyTasks ?? null,
        tasksDone,
        open: window.open,
        opensAt: window.open || window.opensAt === null ? null : iso(window.opensAt),
        empty: boxIsEmpty(view, campaign, playerId, box),
      };
    }),
    invitations: def.invitations
      ? {
          shareCode: shareId === undefined ? null : signShareCode(campaign.seed, def.id, shareId),
          receivedToday: view.counter(playerId, counters.assistsReceivedOn(day)),
          perInviterPerDay: def.invitations.limits.perInviterPerDay,
          givenToday: view.counter(playerId, counters.assistsGivenOn(day)),
          perFriendPerDay: def.invitations.limits.perFriendPerDay,
          assists: view.recordsWithPrefix<AssistRecord>(playerId, records.assistPrefix),
        }
      : null,
    experiments: { ...variantsOf(published, playerId) },
  };
}
