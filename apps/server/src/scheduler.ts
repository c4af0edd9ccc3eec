import { readFile } from 'node:fs/promises';
import { runDueWork, type Clock, type PublicValues, type Store } from '@carnival/core';

/**
 * The server runs the campaigns' due work (`runDueWork` in core) on a timer: pools settle,
 * lotteries draw once their public value is published, lapsed clear-cart prizes are released.
 */

/**
 * Public values an operator writes into a JSON file as they are published:
 * `{ "double11-2026/double11-lucky-draw": "…" }`. Read afresh on every pass; no file, no values.
 */
export function publicValuesFromFile(path: string): PublicValues {
  return {
    async valueFor(campaignId, lotteryId) {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        return undefined;
      }
      const values = JSON.parse(text) as Record<string, unknown>;
      const value = values[`${campaignId}/${lotteryId}`];
      return typeof value === 'string' && value.length > 0 ? value : undefined;
    },
  };
}

/** Runs a pass every `everyMs` (never two at once) until stopped. */
export function startScheduler(store: Store, clock: Clock, publicValues: PublicValues, everyMs: number, log: (line: string) => void): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runDueWork(store, clock, publicValues)
      .then((lines) => lines.forEach((line) => log(`scheduler: ${line}`)))
      .catch((error: unknown) => log(`scheduler: a pass failed: ${String(error)}`))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
