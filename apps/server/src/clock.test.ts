import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryStore, systemClock } from '@carnival/core';
import { campaignClock } from './clock.ts';
import { REPO_ROOT } from './config.ts';
import { publishExamples } from './examples.ts';

const quiet = { info: () => {}, error: () => {} };

describe('campaignClock', () => {
  it('is the system clock by default', async () => {
    const { clock, manualClock } = await campaignClock({ mode: 'system' }, new MemoryStore());
    expect(clock).toBe(systemClock);
    expect(manualClock).toBeUndefined();
  });

  it('starts a manual clock at the first phase of the published campaigns', async () => {
    const store = new MemoryStore();
    await publishExamples(store, join(REPO_ROOT, 'examples'), quiet);
    const { clock, manualClock } = await campaignClock({ mode: 'manual', start: undefined, running: false }, store);
    expect(manualClock).toBe(clock);
    expect(clock.now()).toBe(Date.parse('2026-10-20T20:00:00+08:00'));
  });

  it('starts where configured, ticking when asked', async () => {
    const start = Date.parse('2026-11-11T00:00:00+08:00');
    const { clock, manualClock } = await campaignClock({ mode: 'manual', start, running: true }, new MemoryStore());
    expect(manualClock?.running).toBe(true);
    expect(clock.now()).toBeGreaterThanOrEqual(start);
  });
});
