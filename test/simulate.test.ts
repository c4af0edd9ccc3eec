/**
 * The simulator on every store: the same campaign, population and seed give a byte-identical
 * report on memory, SQLite and Redis, since every store runs the same engine one command at a time.
 */
import { readFileSync } from 'node:fs';
import { validateCampaign, type CampaignDefinition } from '@carnival/core';
import { buildReport, Population, simulate } from '@carnival/sim';
import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories, withStore } from './stores.ts';

const definition = (() => {
  const result = validateCampaign(JSON.parse(readFileSync(new URL('../examples/double11-cat-candy.json', import.meta.url), 'utf8')));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value as CampaignDefinition;
})();
const population = Population.parse(JSON.parse(readFileSync(new URL('../examples/populations/double11.json', import.meta.url), 'utf8')));

const reportOn = (factory: (typeof storeFactories)[number], seed: string) =>
  withStore(factory, async (store) => {
    const run = await simulate({ definition, population, players: 80, seed, store });
    return JSON.stringify(await buildReport(run, store, population, seed), null, 2);
  });

describe('simulation reports across stores', () => {
  afterAll(async () => {
    for (const factory of storeFactories) await factory.cleanup();
  });

  const reference = reportOn(storeFactories[0]!, 'stores');

  for (const factory of storeFactories.slice(1)) {
    it(`${factory.name} gives the memory store's report, byte for byte`, async () => {
      const report = await reportOn(factory, 'stores');
      expect(JSON.parse(report).invariants.every((i: { holds: boolean }) => i.holds)).toBe(true);
      expect(report).toBe(await reference);
    });
  }

  it('another seed gives another report', async () => {
    expect(await reportOn(storeFactories[0]!, 'another')).not.toBe(await reference);
  });
});
