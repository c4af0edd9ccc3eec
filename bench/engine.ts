import { MemoryStore, type CommandRequest } from '@carnival/core';
import { BENCH_NOW, benchCampaign } from './campaign.ts';

/**
 * Engine commands per second on the in-memory store, one thread: a mix of action tasks,
 * browse visits (start, then complete 15 s later) and candy-bought boxes over 10,000 players.
 * Like the HTTP figures, it is measured after a warm-up (one second on a store of its own, so
 * the measured store starts empty).
 */
export async function benchEngine(seconds: number): Promise<{ commands: number; perSecond: number }> {
  await runMix(Math.min(1, seconds));
  return runMix(seconds);
}

async function runMix(seconds: number): Promise<{ commands: number; perSecond: number }> {
  const store = new MemoryStore();
  await store.publish(benchCampaign, { seed: 'bench-seed' });
  const players = Array.from({ length: 10_000 }, (_, i) => `p${i}`);
  const claims = {};
  let commands = 0;
  let failures = 0;
  const run = (request: CommandRequest) => {
    commands++;
    if (!store.executeNow(request).ok) failures++;
  };
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let round = 0;
  while (performance.now() < deadline) {
    for (let i = 0; i < 1000; i++) {
      const playerId = players[(round * 1000 + i) % players.length]!;
      const now = BENCH_NOW + round * 60_000;
      const k = `${round}`;
      run({ campaignId: 'bench', actor: 'player', claims, playerId, now, key: `t${k}`, command: { type: 'task.complete', taskId: 'tap' } });
      run({ campaignId: 'bench', actor: 'player', claims, playerId, now, key: `s${k}`, command: { type: 'task.start', taskId: 'visit' } });
      run({ campaignId: 'bench', actor: 'player', claims, playerId, now: now + 15_000, key: `c${k}`, command: { type: 'task.complete', taskId: 'visit' } });
      run({ campaignId: 'bench', actor: 'player', claims, playerId, now, key: `b${k}`, command: { type: 'box.open', boxId: 'box' } });
    }
    round++;
  }
  const elapsed = (performance.now() - started) / 1000;
  if (failures > 0) throw new Error(`${failures} of ${commands} benchmark commands were refused`);
  return { commands, perSecond: commands / elapsed };
}
