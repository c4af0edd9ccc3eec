/**
 * Helpers for the core's own tests: a campaign built from the parts a test cares about, run on
 * a fresh MemoryStore through the same `executeCommand` path every store uses.
 * Not exported from the package.
 */
import { accounts } from './keys.ts';
import type { Command, CommandRequest, Outcome, PlayerClaims } from './command.ts';
import type { CampaignDefinition, CampaignDefinitionInput } from './definition.ts';
import type { CommandResult } from './engine.ts';
import type { DomainError } from './errors.ts';
import { MemoryStore } from './memory-store.ts';
import { formatProblem, validateCampaign } from './validation.ts';

/** Wall-clock time in Shanghai, where the test campaigns live: `at('2026-11-11 20:00')`. */
export const at = (local: string) => Date.parse(`${local.replace(' ', 'T')}+08:00`);

export const SECOND = 1000;
export const DAY = 86_400_000;

/** The whole festival as one phase, unless a test brings its own. */
export const FESTIVAL = { id: 'festival', name: 'Festival', start: '2026-10-20T20:00:00+08:00', end: '2026-11-12T00:00:00+08:00' };

/** The parts of a definition a test sets; the rest comes from `defineCampaign`. */
export type CampaignParts = Partial<CampaignDefinitionInput>;

/** A lottery whose one prize clears a cart, drawn on Double 11 evening: what shared carts' codes are tickets of. */
export const CLEAR_CART_LOTTERY = {
  id: 'clear-cart',
  title: 'Clear your cart',
  opensAt: '2026-11-01T00:00:00+08:00',
  drawAt: '2026-11-11T20:00:00+08:00',
  publicValue: 'drand round 5,000,000',
  tiers: [{ id: 'clear', title: 'Cart cleared', count: 1, reward: { prize: 'Cart cleared up to ¥49,999' } }],
};

/** A valid definition from the parts a test cares about; throws with the problems otherwise. */
export function defineCampaign(parts: CampaignParts = {}): CampaignDefinition {
  const result = validateCampaign({ id: 'test', name: 'Test', timezone: 'Asia/Shanghai', currency: 'CNY', phases: [FESTIVAL], ...parts });
  if (!result.ok) throw new Error(`test campaign is invalid:\n${result.problems.map(formatProblem).join('\n')}`);
  return result.value;
}

export const cmd = {
  start: (taskId: string): Command => ({ type: 'task.start', taskId }),
  complete: (taskId: string): Command => ({ type: 'task.complete', taskId }),
  share: (): Command => ({ type: 'invitation.create' }),
  accept: (code: string): Command => ({ type: 'invitation.accept', code }),
  open: (boxId: string): Command => ({ type: 'box.open', boxId }),
};

export interface RunOptions {
  key?: string;
  actor?: 'player' | 'host';
  claims?: PlayerClaims;
}

/** A published test campaign on a fresh MemoryStore, and ways to drive and read it. */
export async function play(parts: CampaignParts = {}, options: { seed?: string } = {}) {
  const definition = defineCampaign(parts);
  const store = new MemoryStore();
  await store.publish(definition, { seed: options.seed ?? 'test-seed', now: 0 });
  let keys = 0;
  const request = (playerId: string, command: Command, now: number, run: RunOptions = {}): CommandRequest => ({
    campaignId: definition.id,
    playerId,
    key: run.key ?? `key-${++keys}`,
    command,
    actor: run.actor ?? 'player',
    claims: run.claims ?? {},
    now,
  });
  return {
    definition,
    store,
    request,
    run: (playerId: string, command: Command, now: number, run?: RunOptions) => store.executeNow(request(playerId, command, now, run)),
    balance: (playerId: string) => store.read(definition.id, (view) => view.balance(accounts.player(playerId))),
    counter: (scope: string, name: string) => store.read(definition.id, (view) => view.counter(scope, name)),
  };
}

/** The outcome of a command that must have succeeded with an outcome of this type. */
export function outcome<T extends Outcome['type']>(result: CommandResult, type: T): Extract<Outcome, { type: T }> {
  if (!result.ok) throw new Error(`expected ${type}, got refusal ${JSON.stringify(result.error)}`);
  const value = result.receipt.outcome;
  if (value.type !== type) throw new Error(`expected ${type}, got ${value.type}`);
  return value as Extract<Outcome, { type: T }>;
}

/** The error of a command that must have been refused. */
export function refusal(result: CommandResult): DomainError {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.receipt.outcome)}`);
  return result.error;
}
