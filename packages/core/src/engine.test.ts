import { describe, expect, it } from 'vitest';
import type { Command } from './command.ts';
import { commandPayload } from './engine.ts';
import { at, cmd, outcome, play, refusal, SECOND, type CampaignParts } from './testing.ts';

const now = at('2026-11-05 12:00');
const parts: CampaignParts = {
  tasks: [
    { id: 'visit', kind: 'browse', title: 'Visit', seconds: 15, reward: { candy: 50 }, limits: { perDay: 5 } },
    { id: 'follow', kind: 'action', verifiedBy: 'player', title: 'Follow', reward: { candy: 100 }, limits: { perDay: 5 } },
  ],
  invitations: { reward: { inviter: { candy: 100 }, friend: { candy: 50 } }, limits: { perInviterPerDay: 5, perFriendPerDay: 5 } },
  boxes: [
    {
      id: 'box',
      title: 'Box',
      price: { candy: 30 },
      rewards: [
        { id: 'big', weight: 1, reward: { candy: 500 }, stock: 1 },
        { id: 'small', weight: 5, reward: { candy: 5 } },
        { id: 'mug', weight: 4, reward: { prize: 'Mug' } },
      ],
    },
  ],
};

describe('idempotency keys', () => {
  it('answers a retry with the first receipt, marked replayed, and changes nothing', async () => {
    const game = await play(parts);
    game.run('p1', cmd.complete('follow'), now);
    const first = game.run('p1', cmd.open('box'), now, { key: 'open-1' });
    const ledgerBefore = await game.store.ledger(game.definition.id, { limit: Infinity });
    const balanceBefore = await game.balance('p1');

    const retry = game.run('p1', cmd.open('box'), now + 60 * SECOND, { key: 'open-1' });
    expect(first).toMatchObject({ ok: true, replayed: false });
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await game.store.ledger(game.definition.id, { limit: Infinity })).toEqual(ledgerBefore);
    expect(await game.balance('p1')).toBe(balanceBefore);
  });

  it('refuses the same key with a different command', async () => {
    const game = await play(parts);
    game.run('p1', cmd.complete('follow'), now, { key: 'k' });
    expect(refusal(game.run('p1', cmd.open('box'), now, { key: 'k' }))).toEqual({ code: 'IDEMPOTENCY_CONFLICT', key: 'k' });
    expect(await game.balance('p1')).toBe(100);
  });

  it('tells commands apart by content, not by how the object was built', async () => {
    const game = await play(parts);
    game.run('p1', cmd.complete('follow'), now, { key: 'k' });
    const reordered = { taskId: 'follow', type: 'task.complete' } as Command;
    expect(game.run('p1', reordered, now, { key: 'k' })).toMatchObject({ ok: true, replayed: true });
    expect(refusal(game.run('p1', cmd.start('follow'), now, { key: 'k' }))).toEqual({ code: 'IDEMPOTENCY_CONFLICT', key: 'k' });
    expect(refusal(game.run('p1', cmd.complete('other'), now, { key: 'k' }))).toEqual({ code: 'IDEMPOTENCY_CONFLICT', key: 'k' });
  });

  it('tells the host\'s request from the player\'s under the same key', async () => {
    const game = await play(parts);
    const mine = game.run('p1', cmd.complete('follow'), now, { key: 'k' });
    // The host platform reports the same completion for p1 under a key of its own choosing that happens to match.
    expect(refusal(game.run('p1', cmd.complete('follow'), now, { key: 'k', actor: 'host' }))).toEqual({ code: 'IDEMPOTENCY_CONFLICT', key: 'k' });
    expect(game.run('p1', cmd.complete('follow'), now, { key: 'k' })).toEqual({ ...mine, replayed: true });
    const hosts = game.run('p1', cmd.complete('follow'), now, { key: 'h', actor: 'host' });
    expect(hosts).toMatchObject({ ok: true, replayed: false });
    expect(game.run('p1', cmd.complete('follow'), now, { key: 'h', actor: 'host' })).toEqual({ ...hosts, replayed: true });
    expect(refusal(game.run('p1', cmd.complete('follow'), now, { key: 'h' }))).toEqual({ code: 'IDEMPOTENCY_CONFLICT', key: 'h' });
  });

  it('keeps one shared text per task, box and coupon command and sender, the host\'s marked', () => {
    const complete = { type: 'task.complete', taskId: 'follow' } as const;
    expect(commandPayload(complete)).toBe('{"type":"task.complete","taskId":"follow"}');
    expect(commandPayload(complete, 'host')).toBe('host {"type":"task.complete","taskId":"follow"}');
    // The same text as JSON.stringify gives, so keys stored before it was shared still match.
    const grant = { type: 'coupon.grant', couponId: 'shop-99-10' } as const;
    expect(commandPayload(grant, 'host')).toBe(`host ${JSON.stringify(grant)}`);
    expect(commandPayload({ ...grant }, 'host')).toBe(commandPayload(grant, 'host'));
    expect(commandPayload({ type: 'invitation.create' }, 'host')).toBe('host {"type":"invitation.create"}');
  });

  it('scopes keys to the player', async () => {
    const game = await play(parts);
    game.run('p1', cmd.complete('follow'), now, { key: 'k' });
    const other = game.run('p2', cmd.complete('follow'), now, { key: 'k' });
    expect(other).toMatchObject({ ok: true, replayed: false });
    expect(await game.balance('p2')).toBe(100);
  });

  it('does not remember a refusal, so the same key works once the reason has passed', async () => {
    const game = await play(parts);
    game.run('p1', cmd.start('visit'), now);
    expect(refusal(game.run('p1', cmd.complete('visit'), now + 10 * SECOND, { key: 'done' })).code).toBe('BROWSE_TOO_EARLY');
    const done = game.run('p1', cmd.complete('visit'), now + 15 * SECOND, { key: 'done' });
    expect(outcome(done, 'task.completed').candy.credited).toBe(50);
  });
});

describe('determinism', () => {
  /** A session touching every source of randomness: share codes and box draws. */
  async function session(seed: string): Promise<string> {
    const game = await play(parts, { seed });
    const steps: [string, Command, number][] = [
      ['p1', cmd.complete('follow'), now],
      ['p1', cmd.share(), now],
      ['p2', cmd.start('visit'), now],
      ['p2', cmd.complete('visit'), now + 15 * SECOND],
      ...[1, 2, 3, 4, 5, 6].map((i): [string, Command, number] => ['p1', cmd.open('box'), now + i * SECOND]),
      ['p3', cmd.share(), now],
    ];
    const results = steps.map(([player, command, t]) => game.run(player, command, t));
    const code = outcome(results[1]!, 'invitation.created').code;
    results.push(game.run('p2', cmd.accept(code), now + 20 * SECOND));
    return JSON.stringify(results);
  }

  it('gives byte-identical receipts for the same commands and seed on two fresh stores', async () => {
    const [a, b] = await Promise.all([session('seed-1'), session('seed-1')]);
    expect(a).toBe(b);
  });

  it('depends on the seed', async () => {
    expect(await session('seed-1')).not.toBe(await session('seed-2'));
  });
});
