import { describe, expect, it } from 'vitest';
import { at, cmd, outcome, play } from './testing.ts';

describe('MemoryStore columns', () => {
  // Past the first chunk's growth (1,024 rows) and past a full chunk (32,768 rows).
  const PLAYERS = 33_000;

  it('reads back every posting and receipt across chunk boundaries', async () => {
    const game = await play({ tasks: [{ id: 'tap', kind: 'action', verifiedBy: 'player', title: 'Tap', reward: { candy: 1 } }] });
    const now = at('2026-11-01 10:00');
    const player = (i: number) => `p${i}`;
    for (let i = 0; i < PLAYERS; i++) outcome(game.run(player(i), cmd.complete('tap'), now + i, { key: `tap-${i}` }), 'task.completed');

    const postings = [];
    for await (const page of game.store.postings(game.definition.id)) postings.push(...page);
    expect(postings).toHaveLength(PLAYERS);
    for (const row of [0, 1_023, 1_024, 2_047, 2_048, 32_767, 32_768, PLAYERS - 1]) {
      expect(postings[row]).toMatchObject({ playerId: player(row), commandKey: `tap-${row}`, amount: 1, reason: 'task', memo: 'tap', at: new Date(now + row).toISOString() });
    }
    // A retry of a command on either side of a boundary replays its own receipt.
    for (const row of [1_023, 1_024, 32_767, 32_768]) {
      const retry = game.run(player(row), cmd.complete('tap'), now + PLAYERS, { key: `tap-${row}` });
      expect(retry).toMatchObject({ ok: true, replayed: true, receipt: { key: `tap-${row}`, playerId: player(row), at: new Date(now + row).toISOString() } });
    }
  });

  it("names each posting's accounts and player when postings alternate between players and between a player's accounts", async () => {
    const game = await play({ tasks: [{ id: 'tap', kind: 'action', verifiedBy: 'player', title: 'Tap', reward: { candy: 5 }, limits: { perDay: 10 } }] });
    const now = at('2026-11-01 10:00');
    const steps = [
      ['amy', cmd.complete('tap')],
      ['amy', { type: 'allowance.grant', amount: 300 }],
      ['bob', { type: 'allowance.grant', amount: 200 }],
      ['amy', cmd.complete('tap')],
      ['bob', cmd.complete('tap')],
      ['bob', { type: 'allowance.grant', amount: 100 }],
    ] as const;
    for (const [i, [player, command]] of steps.entries()) {
      const result = game.run(player, command, now + i, { actor: command.type === 'allowance.grant' ? 'host' : 'player' });
      expect(result.ok).toBe(true);
    }
    const postings = [];
    for await (const page of game.store.postings(game.definition.id)) postings.push(...page);
    expect(postings.map(({ playerId, from, to, amount }) => [playerId, from, to, amount])).toEqual([
      ['amy', 'issuance', 'player|amy', 5],
      ['amy', 'allowance-issuance', 'red-packets|amy', 300],
      ['bob', 'allowance-issuance', 'red-packets|bob', 200],
      ['amy', 'issuance', 'player|amy', 5],
      ['bob', 'issuance', 'player|bob', 5],
      ['bob', 'allowance-issuance', 'red-packets|bob', 100],
    ]);
  });
});
