import type { CommandContext, Outcome } from '../command.ts';
import type { BoxDefinition, BoxRewardDefinition } from '../definition.ts';
import { fail, ok, type Result } from '../errors.ts';
import { accounts, CAMPAIGN, campaignCounters, counters } from '../keys.ts';
import { creditCandy, spendCandy } from '../ledger.ts';
import type { Random } from '../random.ts';
import type { Plan, StateView } from '../state.ts';
import { closedUntil } from './window.ts';

/** Rewards of a box that can still be given: positive weight, and stock left if stocked. */
export function rewardsInStock(view: StateView, box: BoxDefinition): BoxRewardDefinition[] {
  return box.rewards.filter((r) => r.weight > 0 && (r.stock === undefined || view.counter(CAMPAIGN, campaignCounters.stockUsed(box.id, r.id)) < r.stock));
}

/**
 * Draws one row with probability weight / total weight, exactly: one unbiased integer in
 * [0, total) and a walk over the cumulative weights.
 */
export function drawWeighted<T extends { weight: number }>(rows: readonly T[], random: Random): T | undefined {
  let total = 0;
  for (const row of rows) total += row.weight;
  if (total === 0) return undefined;
  let ticket = random.int(total);
  for (const row of rows) {
    if (ticket < row.weight) return row;
    ticket -= row.weight;
  }
  return undefined;
}

/**
 * Opens a box: an earned one first, else one bought with candy. The draw is over the whole
 * table; a drawn reward that is out of stock is replaced as the box says: by a draw among the
 * rewards still in stock (exactly the renormalised probabilities), or by the fallback reward.
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
    spendCandy(plan, account, paidCandy, 'box', boxId);
  }
  // Earned boxes are guarded so that racing opens cannot use one box twice.
  if (paidWith === 'earned') plan.count(playerId, earnedOpened, 1, earned);
  plan.count(playerId, opened, 1, limits.total);
  plan.count(playerId, openedOn, 1, limits.perDay);

  const random = ctx.random();
  let reward = drawWeighted(box.rewards, random);
  let fellBack = false;
  if (reward && !inStock(plan, box, reward)) {
    const outOfStock = box.whenOutOfStock ?? 'redraw';
    if (outOfStock === 'redraw') reward = drawWeighted(rewardsInStock(plan, box), random);
    else {
      reward = box.rewards.find((r) => r.id === outOfStock.fallback);
      fellBack = true;
    }
  }
  if (reward?.stock !== undefined) plan.count(CAMPAIGN, campaignCounters.stockUsed(box.id, reward.id), 1, reward.stock);

  const candy = reward?.reward.candy
    ? creditCandy(plan, { account, day: ctx.day, dailyCap: ctx.campaign.definition.wallet?.dailyEarnCap }, reward.reward.candy, 'box-reward', boxId)
    : null;
  return ok({
    type: 'box.opened',
    boxId,
    paidWith,
    paidCandy,
    rewardId: reward?.id ?? null,
    candy,
    prize: reward?.reward.prize ?? null,
    fellBack,
  });
}

function inStock(view: StateView, box: BoxDefinition, reward: BoxRewardDefinition): boolean {
  return reward.stock === undefined || view.counter(CAMPAIGN, campaignCounters.stockUsed(box.id, reward.id)) < reward.stock;
}
