import type { Campaign } from '../campaign.ts';
import type { CommandContext, Outcome } from '../command.ts';
import type { BoxDefinition, BoxRewardDefinition } from '../definition.ts';
import { fail, ok, type Result } from '../errors.ts';
import { accounts, CAMPAIGN, campaignCounters, counters } from '../keys.ts';
import { creditCandy, spendCandy } from '../ledger.ts';
import { WeightedTable } from '../sampler.ts';
import type { Plan, StateView } from '../state.ts';
import { budgetRoom, payFromBudget } from '../budget.ts';
import { closedUntil } from './window.ts';

/** Each box's reward table, built once per definition (a definition is immutable once compiled). */
const tables = new WeakMap<BoxDefinition, WeightedTable<BoxRewardDefinition>>();

function rewardTable(box: BoxDefinition): WeightedTable<BoxRewardDefinition> {
  let table = tables.get(box);
  if (!table) tables.set(box, (table = WeightedTable.of(box.rewards)));
  return table;
}

/**
 * Opens a box: an earned one first, else one bought with candy. The draw is over the whole
 * table; a drawn reward that cannot be given (out of stock, won by this player as often as
 * `perPlayer` allows, or its cash more than the box's budget has left) is replaced as the box
 * says: by a draw among the rewards that can (exactly the renormalised probabilities), or by the
 * fallback reward. The outcome says which reward was drawn and could not be given, and why. When
 * nothing is left to give, the open is refused (`BOX_EMPTY`) and takes neither candy nor an
 * earned box.
 */
export function openBox(plan: Plan, ctx: CommandContext, boxId: string): Result<Outcome> {
  const { playerId } = ctx;
  const box = ctx.campaign.boxes.get(boxId);
  if (!box) return fail({ code: 'BOX_NOT_FOUND', boxId });
  const opensAt = closedUntil(ctx, box.phases);
  if (opensAt !== undefined) return fail({ code: 'BOX_NOT_OPEN', boxId, opensAt });

  // Named by the definition's box id, not the request's: its hash is already cached (it keys `campaign.boxes`).
  const opened = counters.boxesOpened(box.id);
  const openedOn = counters.boxOpenedOn(box.id, ctx.day);
  const limits = box.limits ?? {};
  if (limits.perDay !== undefined && plan.counter(playerId, openedOn) >= limits.perDay) {
    return fail({ code: 'DAILY_LIMIT_REACHED', subject: `box "${boxId}"`, limit: limits.perDay });
  }
  if (limits.total !== undefined && plan.counter(playerId, opened) >= limits.total) {
    return fail({ code: 'TOTAL_LIMIT_REACHED', subject: `box "${boxId}"`, limit: limits.total });
  }

  const earned = plan.counter(playerId, counters.boxesEarned(box.id));
  const earnedOpened = counters.earnedBoxesOpened(box.id);
  // Built once: the balance check, the price and the reward all use it.
  const account = accounts.player(playerId);
  let paidWith: 'earned' | 'candy' = 'earned';
  let paidCandy = 0;
  if (plan.counter(playerId, earnedOpened) >= earned) {
    if (!box.price) return fail({ code: 'NO_BOX_TO_OPEN', boxId });
    const balance = plan.balance(account);
    if (balance < box.price.candy) return fail({ code: 'INSUFFICIENT_CANDY', needed: box.price.candy, balance });
    paidWith = 'candy';
    paidCandy = box.price.candy;
  }

  // Drawn before anything is taken: a box with nothing left to give is refused, not paid for.
  const random = ctx.random();
  const table = rewardTable(box);
  const drawn = table.draw(random);
  let reward: BoxRewardDefinition | undefined = drawn;
  let fellBack = false;
  const reason = unavailable(plan, ctx.campaign, playerId, box, drawn);
  if (reason !== null) {
    const outOfStock = box.whenOutOfStock ?? 'redraw';
    if (outOfStock === 'redraw') reward = table.without(cannotGive(plan, ctx.campaign, playerId, box))?.draw(random);
    else {
      reward = box.rewards.find((r) => r.id === outOfStock.fallback);
      fellBack = true;
    }
    if (reward === undefined) return fail({ code: 'BOX_EMPTY', boxId, reason });
  }

  if (paidWith === 'candy') spendCandy(plan, ctx, account, paidCandy, 'box', boxId);
  // Earned boxes are guarded so that racing opens cannot use one box twice.
  else plan.count(playerId, earnedOpened, 1, earned);
  plan.count(playerId, opened, 1, limits.total);
  plan.count(playerId, openedOn, 1, limits.perDay);
  if (reward.stock !== undefined) plan.count(CAMPAIGN, campaignCounters.stockUsed(box.id, reward.id), 1, reward.stock);
  if (reward.perPlayer !== undefined) plan.count(playerId, counters.boxWins(box.id, reward.id), 1, reward.perPlayer);
  const cash = reward.reward.cash ?? null;
  if (cash !== null) payFromBudget(plan, ctx.campaign, box.budget!, [{ playerId, amount: cash }], 'box-reward', boxId);

  const candy = reward.reward.candy
    ? creditCandy(plan, ctx, account, reward.reward.candy, 'box-reward', boxId)
    : null;
  return ok({
    type: 'box.opened',
    boxId,
    paidWith,
    paidCandy,
    rewardId: reward.id,
    candy,
    cash,
    prize: reward.reward.prize ?? null,
    fellBack,
    unavailable: reason === null ? null : { rewardId: drawn.id, reason },
  });
}

export type Unavailable = 'stock' | 'player-limit' | 'budget';

/** Why a reward cannot be given to this player now, or null when it can. */
function unavailable(view: StateView, campaign: Campaign, playerId: string, box: BoxDefinition, reward: BoxRewardDefinition): Unavailable | null {
  if (reward.stock !== undefined && view.counter(CAMPAIGN, campaignCounters.stockUsed(box.id, reward.id)) >= reward.stock) return 'stock';
  if (reward.perPlayer !== undefined && view.counter(playerId, counters.boxWins(box.id, reward.id)) >= reward.perPlayer) return 'player-limit';
  if (reward.reward.cash !== undefined && budgetRoom(view, campaign, box.budget!) < reward.reward.cash) return 'budget';
  return null;
}

/** Indices of the rewards that could be drawn but cannot be given (a weight-0 row never is drawn, so it is not read). */
function cannotGive(view: StateView, campaign: Campaign, playerId: string, box: BoxDefinition): number[] {
  return box.rewards.flatMap((reward, i) => (reward.weight > 0 && unavailable(view, campaign, playerId, box, reward) !== null ? [i] : []));
}

/**
 * Whether a box has nothing left to give this player: it draws again when a reward cannot be
 * given, and none can. Opening it is then refused (`BOX_EMPTY`); a box with a fallback never is.
 */
export function boxIsEmpty(view: StateView, campaign: Campaign, playerId: string, box: BoxDefinition): boolean {
  if ((box.whenOutOfStock ?? 'redraw') !== 'redraw') return false;
  return box.rewards.every((reward) => reward.weight === 0 || unavailable(view, campaign, playerId, box, reward) !== null);
}
