import { describe, expect, it } from 'vitest';
import { benchEngine } from '../bench/engine.ts';

// The benchmark's figures are only worth recording if every command it times succeeds; this
// keeps `pnpm bench` from rotting between the runs that record them (the timing itself is noise).
describe('pnpm bench', () => {
  it('runs its engine mix with every command succeeding', async () => {
    const result = await benchEngine(0.2);
    expect(result.commands).toBeGreaterThan(0);
  });
});
