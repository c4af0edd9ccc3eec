import type { Redis } from 'ioredis';
import type { CampaignKeys } from './keys.ts';
import { scriptKeys } from './scripts.ts';

/** A command's part of an apply call: its arguments, with keys given by index into the call's KEYS. */
export type ApplyArguments = (key: (name: string) => number) => (string | number)[];

/**
 * Commands of one campaign per call, at most this many: enough to pay the call's cost once
 * for a busy tick, few enough that the script never holds Redis for more than about a millisecond.
 */
export const MAX_GROUP = 32;

interface Group {
  keys: string[];
  index: (key: string) => number;
  args: (string | number)[];
  waiting: { resolve: (reply: string[]) => void; reject: (error: unknown) => void }[];
}

/**
 * Group commit: the apply steps of commands decided in the same tick for the same campaign go
 * to Redis in one APPLY call (they share the campaign's hash tag, so one slot on a Cluster).
 * Each command still gets its own reply and stays all-or-nothing; a busy process pays the
 * call's dispatch, framing and socket write once per group instead of once per command, and a
 * quiet one waits for nothing: the group leaves at the end of the tick it was opened in.
 */
export class GroupCommit {
  readonly #redis: Redis;
  readonly #streamMaxLength: string;
  readonly #open = new Map<CampaignKeys, Group>();
  #scheduled = false;

  constructor(redis: Redis, streamMaxLength: string) {
    this.#redis = redis;
    this.#streamMaxLength = streamMaxLength;
  }

  /** Queues one command's step; resolves to its reply ({'ok'}, {'replay', receipt}, …). */
  apply(campaign: CampaignKeys, commandKey: string, args: ApplyArguments): Promise<string[]> {
    let group = this.#open.get(campaign);
    if (!group) {
      const { keys, index } = scriptKeys(campaign.version, campaign.events, campaign.ledger);
      group = { keys, index, args: [this.#streamMaxLength], waiting: [] };
      this.#open.set(campaign, group);
      if (!this.#scheduled) {
        this.#scheduled = true;
        process.nextTick(() => this.#flush());
      }
    }
    const own = args(group.index);
    group.args.push(group.index(commandKey));
    for (const arg of own) group.args.push(arg);
    const reply = new Promise<string[]>((resolve, reject) => group.waiting.push({ resolve, reject }));
    if (group.waiting.length >= MAX_GROUP) {
      this.#open.delete(campaign);
      this.#send(group);
    }
    return reply;
  }

  #flush(): void {
    this.#scheduled = false;
    for (const group of this.#open.values()) this.#send(group);
    this.#open.clear();
  }

  #send({ keys, args, waiting }: Group): void {
    this.#redis.carnivalApply(keys.length, ...keys, ...args).then(
      (replies) => {
        waiting.forEach((waiter, i) => {
          const reply = replies[i]!;
          if (reply[0] === 'error') waiter.reject(new Error(`the apply step failed: ${reply[1]}`));
          else waiter.resolve(reply);
        });
      },
      (error: unknown) => {
        for (const waiter of waiting) waiter.reject(error);
      },
    );
  }
}
