import type { CampaignDefinitionInput } from '@carnival/core';

/**
 * The scenario simulator tests work by hand: five campaign days and one task a day worth 10 candy,
 * and a population whose every player plays every day and does the task once.
 */
export const fiveDaysInput = (extra: Partial<CampaignDefinitionInput> = {}): CampaignDefinitionInput => ({
  id: 'five-days',
  name: 'Five days',
  timezone: 'Asia/Shanghai',
  currency: 'CNY',
  phases: [{ id: 'all', name: 'All', start: '2026-11-01T00:00:00+08:00', end: '2026-11-06T00:00:00+08:00' }],
  tasks: [{ id: 'tap', kind: 'action', verifiedBy: 'player', title: 'Tap', reward: { candy: 10 }, limits: { perDay: 1 } }],
  ...extra,
});

export const oneADayInput = { name: 'one-a-day', segments: [{ id: 'daily', share: 1, activeDays: 1, visitsPerDay: 1, tasks: { tap: 1 } }] };
