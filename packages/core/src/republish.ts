import type { CampaignDefinition } from './definition.ts';
import { describeError, type DomainError } from './errors.ts';

/**
 * Why `next` may not replace the latest published version at `now`, or undefined when it may.
 * A lottery's draw is final from its `drawAt`: the ticket list freezes then and its hash is shown,
 * and the operator, who holds the seed and soon learns the public value, must not be able to
 * reopen the list, move the draw or change its prizes by publishing a new version. So a lottery
 * whose `drawAt` has come stays in every later version exactly as it was.
 *
 * @example
 * const refusal = republishRefusal(latest.definition, edited, Date.now());
 * if (refusal) throw new PublishRefused(refusal);
 */
export function republishRefusal(latest: CampaignDefinition, next: CampaignDefinition, now: number): DomainError | undefined {
  for (const lottery of latest.lotteries) {
    const drawAt = Date.parse(lottery.drawAt);
    if (now < drawAt) continue;
    const kept = next.lotteries.find((l) => l.id === lottery.id);
    if (kept === undefined || JSON.stringify(kept) !== JSON.stringify(lottery)) return { code: 'LOTTERY_FROZEN', lotteryId: lottery.id, drawAt: new Date(drawAt).toISOString() };
  }
  return undefined;
}

/** A store's refusal to publish a definition: `error` says why (`republishRefusal`). */
export class PublishRefused extends Error {
  constructor(readonly error: DomainError) {
    super(describeError(error));
    this.name = 'PublishRefused';
  }
}
