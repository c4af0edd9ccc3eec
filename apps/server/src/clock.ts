import { ManualClock, systemClock, type Clock, type Store } from '@carnival/core';
import type { ClockConfig } from './config.ts';

export interface CampaignClock {
  clock: Clock;
  /** Present when QA may move the clock through the admin routes. */
  manualClock?: ManualClock;
  /** For the startup log. */
  description: string;
}

/** The earliest phase start of every published campaign: where a demo wants to begin. */
export async function firstPhaseStart(store: Store): Promise<number | undefined> {
  let first: number | undefined;
  for (const { id } of await store.campaigns()) {
    const campaign = await store.campaign(id);
    for (const window of campaign?.phases.values() ?? []) first = Math.min(first ?? window.start, window.start);
  }
  return first;
}

/**
 * The clock the rules see. A manual clock starts where configured, else at the first phase of
 * the published campaigns (the example's warm-up, 2026-10-20 20:00 Beijing time), else now.
 */
export async function campaignClock(config: ClockConfig, store: Store): Promise<CampaignClock> {
  if (config.mode === 'system') return { clock: systemClock, description: 'system clock' };
  const start = config.start ?? (await firstPhaseStart(store)) ?? Date.now();
  const manualClock = new ManualClock(start, { running: config.running });
  const description = `manual clock at ${new Date(start).toISOString()}, ${config.running ? 'running' : 'frozen'} (move it with PUT /v1/admin/clock or POST /v1/admin/clock/advance)`;
  return { clock: manualClock, manualClock, description };
}
