import { availability, iso } from '../campaign.ts';
import type { CommandContext } from '../command.ts';

/** The time an unopened window opens, as the error reports it. */
export function closedUntil(ctx: CommandContext, phases: readonly string[] | undefined): string | null | undefined {
  const open = availability(ctx.campaign, phases, ctx.now);
  if (open.open) return undefined;
  return open.opensAt === null ? null : iso(open.opensAt);
}
