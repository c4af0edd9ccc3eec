/**
 * Scripted play against one store: abstract steps (what a player does, the clock moving, a
 * client retrying) turned into concrete requests. The model suite generates steps and checks
 * each exchange; the cross-store suite replays the same steps on every store and compares.
 */
import type { Command, CommandRequest, CommandResult, Store } from '@carnival/core';
import fc from 'fast-check';
import { HOUR, MINUTE, MODEL_PLAYERS, MODEL_START, SECOND, isFresh, modelCampaign, nextLocalMidnight } from './fixtures.ts';

export type Action =
  | { type: 'start'; task: string }
  | { type: 'complete'; task: string; asHost: boolean }
  | { type: 'invite' }
  | { type: 'accept'; inviter: string; newCustomer: boolean; forged: boolean }
  | { type: 'open'; box: string };

export type Step =
  /** A player acts; `copies` > 1 sends the very same request that many times at once (a double tap). */
  | { kind: 'send'; player: string; action: Action; copies: number }
  | { kind: 'wait'; ms: number }
  /** The clock moves to `ms` after the next campaign-local midnight. */
  | { kind: 'midnight'; ms: number }
  /** A client re-sends an earlier request (same player, key and payload) now. */
  | { kind: 'retry'; pick: number }
  /** A client sends another action under an earlier request's player and key. */
  | { kind: 'reuse'; pick: number; action: Action };

export interface Exchange {
  request: CommandRequest;
  /** One per copy sent, the fresh answer (if any) first. */
  results: CommandResult[];
}

// ---------------------------------------------------------------------------------------------
// Generators, over the model campaign plus ids it does not have.

/** One of the values, each as likely as its weight. */
const weighted = <T>(...choices: [T, number][]) => fc.oneof(...choices.map(([value, weight]) => ({ weight, arbitrary: fc.constant(value) })));

const [ann, bob, cat] = MODEL_PLAYERS;
/** Uneven, so that one player gets far enough to run into every limit. */
const player = weighted([ann, 3], [bob, 2], [cat, 1]);
const someTask = weighted(['venue', 3], ['share', 4], ['checkin', 2], ['cart', 2], ['follow', 2], ['ghost', 1]);
const someBox = weighted(['bag', 4], ['crate', 2], ['chest', 1]);

export const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('start'), task: weighted(['venue', 8], ['share', 1], ['ghost', 1]) }) },
  { weight: 8, arbitrary: fc.record({ type: fc.constant('complete'), task: someTask, asHost: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('invite') }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('accept'), inviter: player, newCustomer: fc.boolean(), forged: weighted([false, 4], [true, 1]) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('open'), box: someBox }) },
);

const pause = fc.oneof(
  fc.integer({ min: 1, max: 15 }).map((s) => s * SECOND),
  fc.constantFrom(59 * SECOND, 61 * SECOND, 10 * MINUTE, 6 * HOUR),
);

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('send'), player, action: actionArb, copies: weighted([1, 6], [2, 1], [3, 1]) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('wait'), ms: pause }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('midnight'), ms: fc.integer({ min: 0, max: 30 * SECOND }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retry'), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reuse'), pick: fc.nat(), action: actionArb }) },
);

// ---------------------------------------------------------------------------------------------

/** A well-formed share code nobody signed. */
const UNSIGNED_CODE = 'AAAAAAAAAAAA.AAAAAAAAAA';

/** Plays the model campaign (published beforehand) on one store, from MODEL_START on. */
export class Session {
  readonly campaignId = modelCampaign.id;
  now = MODEL_START;
  readonly exchanges: Exchange[] = [];
  /** Share codes as the store handed them out. */
  readonly #codes = new Map<string, string>();
  #keys = 0;

  constructor(readonly store: Store) {}

  /** Takes one step; the exchange with the store, if the step sent anything. */
  async perform(step: Step): Promise<Exchange | undefined> {
    switch (step.kind) {
      case 'wait':
        this.now += step.ms;
        return undefined;
      case 'midnight':
        this.now = nextLocalMidnight(this.now) + step.ms;
        return undefined;
      case 'send':
        return this.#send(this.#request(step.player, step.action, `k${++this.#keys}`), step.copies);
      case 'retry': {
        const earlier = this.#earlier(step.pick);
        return earlier && this.#send({ ...earlier, now: this.now }, 1);
      }
      case 'reuse': {
        const earlier = this.#earlier(step.pick);
        return earlier && this.#send(this.#request(earlier.playerId, step.action, earlier.key), 1);
      }
    }
  }

  #earlier(pick: number): CommandRequest | undefined {
    return this.exchanges.length === 0 ? undefined : this.exchanges[pick % this.exchanges.length]!.request;
  }

  #request(playerId: string, action: Action, key: string): CommandRequest {
    const base = { campaignId: this.campaignId, playerId, key, now: this.now, actor: 'player' as const, claims: {} };
    switch (action.type) {
      case 'start':
        return { ...base, command: { type: 'task.start', taskId: action.task } };
      case 'complete':
        return { ...base, command: { type: 'task.complete', taskId: action.task }, actor: action.asHost ? 'host' : 'player' };
      case 'invite':
        return { ...base, command: { type: 'invitation.create' } };
      case 'accept':
        return { ...base, command: this.#accept(action.inviter, action.forged), claims: action.newCustomer ? { newCustomer: true } : {} };
      case 'open':
        return { ...base, command: { type: 'box.open', boxId: action.box } };
    }
  }

  #accept(inviter: string, forged: boolean): Command {
    const code = this.#codes.get(inviter);
    if (code === undefined) return { type: 'invitation.accept', code: UNSIGNED_CODE };
    return { type: 'invitation.accept', code: forged ? `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}` : code };
  }

  async #send(request: CommandRequest, copies: number): Promise<Exchange> {
    const results = await Promise.all(Array.from({ length: copies }, () => this.store.execute(request)));
    for (const result of results) {
      if (result.ok && result.receipt.outcome.type === 'invitation.created') this.#codes.set(result.receipt.playerId, result.receipt.outcome.code);
    }
    const exchange = { request, results: [...results].sort((a, b) => Number(isFresh(b)) - Number(isFresh(a))) };
    this.exchanges.push(exchange);
    return exchange;
  }
}
