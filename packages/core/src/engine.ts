import { iso, type Campaign } from './campaign.ts';
import { localDay } from './calendar.ts';
import type { Command, CommandContext, CommandRequest, Outcome, Receipt } from './command.ts';
import { ok, type DomainError, type Result } from './errors.ts';
import { isUnboundedAccount } from './keys.ts';
import { completeTask, startTask } from './mechanics/tasks.ts';
import { acceptInvitation, shareCode } from './mechanics/invitations.ts';
import { openBox } from './mechanics/boxes.ts';
import { commandRandom, type Random } from './random.ts';
import { applyEffects, Plan, type StateView, type StateWriter } from './state.ts';

/**
 * The pure rule: a command against a state view gives an outcome and the effects that make it
 * so, or a refusal. Same campaign, state, command, seed and clock: the same answer, byte for byte.
 */
export function decide(campaign: Campaign, view: StateView, request: CommandRequest): Result<{ outcome: Outcome; plan: Plan }> {
  const plan = new Plan(view);
  let random: Random | undefined;
  const ctx: CommandContext = {
    campaign,
    playerId: request.playerId,
    key: request.key,
    actor: request.actor,
    claims: request.claims,
    now: request.now,
    day: localDay(request.now, campaign.definition.timezone),
    random: () => (random ??= commandRandom(campaign.seed, campaign.definition.id, request.playerId, request.key)),
  };
  const result = route(plan, ctx, request.command);
  return result.ok ? ok({ outcome: result.value, plan }) : result;
}

function route(plan: Plan, ctx: CommandContext, command: Command): Result<Outcome> {
  switch (command.type) {
    case 'task.start':
      return startTask(plan, ctx, command.taskId);
    case 'task.complete':
      return completeTask(plan, ctx, command.taskId);
    case 'invitation.create':
      return shareCode(plan, ctx);
    case 'invitation.accept':
      return acceptInvitation(plan, ctx, command.code);
    case 'box.open':
      return openBox(plan, ctx, command.boxId);
  }
}

/** The idempotency record of an executed command. */
export interface StoredCommand {
  /** Canonical JSON of the command, to tell a retry from a different request under the same key. */
  payload: string;
  receipt: Receipt;
}

/** A store's synchronous, already-atomic view of one campaign while it runs one command. */
export interface CommandTxn extends StateWriter {
  storedCommand(playerId: string, key: string): StoredCommand | undefined;
  saveCommand(playerId: string, key: string, stored: StoredCommand): void;
}

export type CommandResult = { ok: true; receipt: Receipt; replayed: boolean } | { ok: false; error: DomainError };

/**
 * Runs one command inside a store's atomic step: a retry returns the first receipt and changes
 * nothing; the same key with another payload is a conflict; otherwise decide, then apply the
 * effects and the idempotency record together. Refusals write nothing and are not remembered,
 * so a player may retry a refused command with the same key once the reason has passed.
 */
export function executeCommand(txn: CommandTxn, campaign: Campaign, request: CommandRequest): CommandResult {
  const payload = JSON.stringify(request.command);
  const previous = txn.storedCommand(request.playerId, request.key);
  if (previous) {
    if (previous.payload !== payload) return { ok: false, error: { code: 'IDEMPOTENCY_CONFLICT', key: request.key } };
    return { ok: true, receipt: previous.receipt, replayed: true };
  }
  const decided = decide(campaign, txn, request);
  if (!decided.ok) return decided;
  const at = iso(request.now);
  const receipt: Receipt = {
    key: request.key,
    campaignId: campaign.definition.id,
    playerId: request.playerId,
    version: campaign.version,
    at,
    outcome: decided.value.outcome,
  };
  applyEffects(
    txn,
    decided.value.plan.effects,
    { campaignId: receipt.campaignId, version: campaign.version, playerId: request.playerId, commandKey: request.key, at },
    isUnboundedAccount,
  );
  txn.saveCommand(request.playerId, request.key, { payload, receipt });
  return { ok: true, receipt, replayed: false };
}
