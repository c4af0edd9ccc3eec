import { iso } from './campaign.ts';
import type { CampaignDefinition } from './definition.ts';
import { describeError, type DomainError } from './errors.ts';

/** The latest published version of a campaign, as `republishRefusal` weighs a successor against it. */
export interface LatestVersion {
  definition: CampaignDefinition;
  publishedAt: string;
}

/**
 * Why `next` may not replace the latest published version at `now`, or undefined when it may.
 *
 * A lottery's draw is final from its `drawAt`: the ticket list freezes then and its hash is shown,
 * and the operator, who holds the seed and soon learns the public value, must not be able to
 * reopen the list, move the draw or change its prizes by publishing a new version. A pool's split
 * is final from its `settleAt`: the candy ledger keeps players' bases as of then. So from that
 * moment a lottery or pool stays in every later version exactly as it was, and none can be brought
 * (back) with its moment already past. A version is never weighed at a moment before the latest
 * was published, whatever clock the caller keeps.
 *
 * @example
 * const refusal = republishRefusal({ definition, publishedAt }, edited, Date.now());
 * if (refusal) throw new PublishRefused(refusal);
 */
export function republishRefusal(latest: LatestVersion, next: CampaignDefinition, now: number): DomainError | undefined {
  const at = Math.max(now, Date.parse(latest.publishedAt));
  return (
    frozenChange(latest.definition.lotteries, next.lotteries, at, (lottery) => lottery.drawAt, (lottery, drawAt) => ({ code: 'LOTTERY_FROZEN', lotteryId: lottery.id, drawAt })) ??
    frozenChange(latest.definition.pools, next.pools, at, (pool) => pool.settleAt, (pool, settleAt) => ({ code: 'POOL_FROZEN', poolId: pool.id, settleAt }))
  );
}

/** The first item past its moment at `at` that `after` changes or drops, or brings new (or back) already past it. */
function frozenChange<T extends { id: string }>(before: readonly T[], after: readonly T[], at: number, momentOf: (item: T) => string, refusal: (item: T, moment: string) => DomainError): DomainError | undefined {
  const same = (a: T | undefined, b: T | undefined) => a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);
  for (const [items, others] of [[before, after], [after, before]] as const) {
    for (const item of items) {
      const moment = Date.parse(momentOf(item));
      if (at >= moment && !same(item, others.find((other) => other.id === item.id))) return refusal(item, iso(moment));
    }
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
