import { iso } from '../campaign.ts';
import type { CommandContext, Outcome } from '../command.ts';
import { fail, ok, type Result } from '../errors.ts';
import { accounts, CAMPAIGN, campaignRecords, counters, records } from '../keys.ts';
import { campaignFor } from '../experiments.ts';
import { creditCandy } from '../ledger.ts';
import { newShareId, signShareCode, verifyShareCode } from '../share-code.ts';
import type { Plan } from '../state.ts';
import { closedUntil } from './window.ts';

export interface AssistRecord {
  friendId: string;
  at: string;
  newCustomer: boolean;
  inviterCandy: number;
  friendCandy: number;
}

/** The player's share code, created on first request and the same ever after. */
export function shareCode(plan: Plan, ctx: CommandContext): Result<Outcome> {
  const { campaign, playerId } = ctx;
  // A code may be made before invitations open (to share ahead), but not for a campaign without them.
  if (!campaign.definition.invitations) return fail({ code: 'INVITATIONS_NOT_OPEN', opensAt: null });
  let id = plan.record<string>(playerId, records.shareCode);
  if (id === undefined) {
    id = newShareId(ctx.random());
    plan.put(playerId, records.shareCode, id);
    plan.put(CAMPAIGN, campaignRecords.sharer(id), playerId);
  }
  return ok({ type: 'invitation.created', code: signShareCode(campaign.seed, campaign.definition.id, id) });
}

/**
 * A friend accepts an invitation: both are credited (more when the host platform vouches that
 * the friend is a new customer), once per pair, within each side's daily cap. Each side's
 * reward and caps are those of their own experiment variants.
 */
export function acceptInvitation(plan: Plan, ctx: CommandContext, code: string): Result<Outcome> {
  const { campaign, playerId: friendId } = ctx;
  const rules = campaign.definition.invitations;
  if (!rules) return fail({ code: 'INVITATIONS_NOT_OPEN', opensAt: null });
  const opensAt = closedUntil(ctx, rules.phases);
  if (opensAt !== undefined) return fail({ code: 'INVITATIONS_NOT_OPEN', opensAt });

  const shareId = verifyShareCode(campaign.seed, campaign.definition.id, code);
  const inviterId = shareId === undefined ? undefined : plan.record<string>(CAMPAIGN, campaignRecords.sharer(shareId));
  if (inviterId === undefined) return fail({ code: 'INVALID_SHARE_CODE' });
  if (inviterId === friendId) return fail({ code: 'SELF_ASSIST' });

  const pair = counters.assistPair(friendId);
  if (plan.counter(inviterId, pair) > 0) return fail({ code: 'ALREADY_ASSISTED', inviterId });
  const inviterCampaign = campaignFor(campaign, inviterId);
  // A variant cannot take the section away, so the inviter has it too.
  const inviterRules = inviterCampaign.definition.invitations!;
  const received = counters.assistsReceivedOn(ctx.day);
  const { perInviterPerDay } = inviterRules.limits;
  const { perFriendPerDay } = rules.limits;
  if (plan.counter(inviterId, received) >= perInviterPerDay) return fail({ code: 'INVITER_DAILY_CAP', limit: perInviterPerDay });
  const given = counters.assistsGivenOn(ctx.day);
  if (plan.counter(friendId, given) >= perFriendPerDay) return fail({ code: 'FRIEND_DAILY_CAP', limit: perFriendPerDay });

  plan.count(inviterId, pair, 1, 1);
  plan.count(inviterId, received, 1, perInviterPerDay);
  plan.count(friendId, given, 1, perFriendPerDay);

  const newCustomer = ctx.claims.newCustomer === true;
  const rewardOf = (side: typeof rules) => (newCustomer && side.newCustomerReward ? side.newCustomerReward : side.reward);
  // The inviter's wallet (its daily cap) is that of their own variant, on the friend's clock.
  const inviter = creditCandy(plan, { campaign: inviterCampaign, now: ctx.now, day: ctx.day }, accounts.player(inviterId), rewardOf(inviterRules).inviter.candy, 'assist-received', friendId);
  const friend = creditCandy(plan, ctx, accounts.player(friendId), rewardOf(rules).friend.candy, 'assist-given', inviterId);
  plan.put(inviterId, records.assist(friendId), {
    friendId,
    at: iso(ctx.now),
    newCustomer,
    inviterCandy: inviter.credited,
    friendCandy: friend.credited,
  } satisfies AssistRecord);
  return ok({ type: 'invitation.accepted', inviterId, newCustomer, inviter, friend });
}
