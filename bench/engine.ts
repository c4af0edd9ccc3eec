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

/**
 * Instant-win draws per second through the engine on the in-memory store: players who hold
 * candy open the red-packet box (price, exact draw, stock, per-player limit, budget guard and
 * ledger postings in each command), after a warm-up on a store of its own.
 */
export async function benchRedPackets(seconds: number): Promise<{ draws: number; perSecond: number }> {
  await drawRedPackets(Math.min(1, seconds));
  return drawRedPackets(seconds);
}

async function drawRedPackets(seconds: number): Promise<{ draws: number; perSecond: number }> {
  const store = new MemoryStore();
  await store.publish(benchCampaign, { seed: 'bench-seed' });
  const players = Array.from({ length: 10_000 }, (_, i) => `p${i}`);
  const claims = {};
  for (const playerId of players) {
    store.executeNow({ campaignId: 'bench', actor: 'player', claims, playerId, now: BENCH_NOW, key: 'fund', command: { type: 'task.complete', taskId: 'fund' } });
  }
  let draws = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  while (performance.now() < deadline) {
    for (let i = 0; i < 1000; i++, draws++) {
      const playerId = players[draws % players.length]!;
      const result = store.executeNow({ campaignId: 'bench', actor: 'player', claims, playerId, now: BENCH_NOW, key: `r${draws}`, command: { type: 'box.open', boxId: 'red' } });
      if (!result.ok) throw new Error(`a red-packet draw was refused: ${result.error.code}`);
    }
  }
  return { draws, perSecond: draws / ((performance.now() - started) / 1000) };
}
