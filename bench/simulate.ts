import { readFileSync } from 'node:fs';
import { MemoryStore, validateCampaign } from '@carnival/core';
import { buildReport, growHeapByAQuarter, Population, renderReport, simulate } from '@carnival/sim';

/**
 * The example Double 11 campaign over the default population, end to end as `carnival simulate`
 * runs it on the memory store: the simulation, then report.json and report.html. Run in a process
 * of its own (`measureAlone('simulate')`), so the peak resident memory is the run's alone.
 *
 * `perSecond` is engine commands per second over the simulation itself (the agenda, the players'
 * choices and every command through the engine); `totalMs` adds building and rendering the report.
 * The heap is tuned as `carnival simulate` tunes it (`growHeapByAQuarter`).
 */
export async function benchSimulation(players = 100_000): Promise<{ players: number; commands: number; simulateMs: number; totalMs: number; perSecond: number; rssMiB: number; invariantsHold: boolean }> {
  const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
  const definition = validateCampaign(read('../examples/double11-cat-candy.json'));
  if (!definition.ok) throw new Error('the example campaign is invalid');
  const population = Population.parse(read('../examples/populations/double11.json'));
  growHeapByAQuarter();
  const store = new MemoryStore();
  const start = performance.now();
  const run = await simulate({ definition: definition.value, population, players, seed: 'bench', store });
  const simulateMs = performance.now() - start;
  const report = await buildReport(run, store, population, 'bench');
  const bytes = JSON.stringify(report).length + renderReport(report).length;
  const totalMs = performance.now() - start;
  if (bytes === 0) throw new Error('empty report');
  return {
    players,
    commands: run.tally.commands,
    simulateMs: Math.round(simulateMs),
    totalMs: Math.round(totalMs),
    perSecond: Math.round(run.tally.commands / (simulateMs / 1000)),
    rssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    invariantsHold: report.invariants.every((i) => i.holds),
  };
}
