import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDay } from './calendar.ts';
import type { Command } from './command.ts';
import { accountOfLedgerId, accounts, counters } from './keys.ts';
import { postedBalances } from './ledger.ts';
import { at, cmd, DAY, outcome, play, SECOND, type CampaignParts } from './testing.ts';

describe('the daily earning cap', () => {
  const earn = { id: 'earn', kind: 'action', verifiedBy: 'player', title: 'Earn', reward: { candy: 70 }, limits: { perDay: 10 } } as const;
  const box = { id: 'box', title: 'Box', earn: { everyTasks: 3 }, rewards: [{ id: 'sticker', weight: 1, reward: { prize: 'Sticker' } }] };
  const evening = at('2026-11-05 23:00');

  it('cuts a reward to what fits, then credits 0, and the task still counts', async () => {
    const game = await play({ wallet: { dailyEarnCap: 100 }, tasks: [earn], boxes: [box] });
    const done = [1, 2, 3].map(() => outcome(game.run('p1', cmd.complete('earn'), evening), 'task.completed'));
    expect(done.map((d) => d.candy)).toEqual([
      { requested: 70, credited: 70 },
      { requested: 70, credited: 30, cappedBy: 'dailyEarnCap' },
      { requested: 70, credited: 0, cappedBy: 'dailyEarnCap' },
    ]);
    expect(done[2]?.boxesEarned).toEqual(['box']);
    expect(await game.counter('p1', counters.taskOn('earn', '2026-11-05'))).toBe(3);
    expect(await game.balance('p1')).toBe(100);
  });

  it('resets at the next campaign-local midnight', async () => {
    const game = await play({ wallet: { dailyEarnCap: 100 }, tasks: [earn] });
    game.run('p1', cmd.complete('earn'), evening);
    game.run('p1', cmd.complete('earn'), evening);
    expect(outcome(game.run('p1', cmd.complete('earn'), at('2026-11-05 23:59:59')), 'task.completed').candy.credited).toBe(0);
    expect(outcome(game.run('p1', cmd.complete('earn'), at('2026-11-06 00:00:00')), 'task.completed').candy).toEqual({ requested: 70, credited: 70 });
  });

  it('applies to each side of an assist on its own', async () => {
    const invitations = { reward: { inviter: { candy: 50 }, friend: { candy: 50 } }, limits: { perInviterPerDay: 5, perFriendPerDay: 5 } };
    const game = await play({ wallet: { dailyEarnCap: 100 }, tasks: [earn], invitations });
    game.run('inviter', cmd.complete('earn'), evening);
    const code = outcome(game.run('inviter', cmd.share(), evening), 'invitation.created').code;
    const accepted = outcome(game.run('friend', cmd.accept(code), evening), 'invitation.accepted');
    expect(accepted.inviter).toEqual({ requested: 50, credited: 30, cappedBy: 'dailyEarnCap' });
    expect(accepted.friend).toEqual({ requested: 50, credited: 50 });
  });
});

describe('the ledger', () => {
  const CAP = 300;
  const parts: CampaignParts = {
    wallet: { dailyEarnCap: CAP },
    tasks: [
      { id: 'visit', kind: 'browse', title: 'Visit', seconds: 15, reward: { candy: 50 }, limits: { perDay: 3 } },
      { id: 'checkin', kind: 'checkin', title: 'Check in', reward: { candy: 20 }, streak: { days: [{ day: 1, reward: { candy: 20 } }, { day: 2, reward: { candy: 90 } }] } },
      { id: 'follow', kind: 'action', verifiedBy: 'player', title: 'Follow', reward: { candy: 80 }, limits: { perDay: 5 } },
    ],
    invitations: { reward: { inviter: { candy: 100 }, friend: { candy: 40 } }, limits: { perInviterPerDay: 2, perFriendPerDay: 2 } },
    boxes: [
      {
        id: 'box',
        title: 'Box',
        earn: { everyTasks: 2 },
        price: { candy: 60 },
        rewards: [
          { id: 'big', weight: 1, reward: { candy: 250 }, stock: 3 },
          { id: 'small', weight: 3, reward: { candy: 10 } },
          { id: 'mug', weight: 2, reward: { prize: 'Mug' } },
        ],
      },
    ],
  };

  const step = fc.record({
    player: fc.nat(3),
    action: fc.oneof(
      fc.constantFrom('start', 'complete', 'checkin', 'share', 'forge'),
      fc.constantFrom('follow', 'accept', 'open'),
    ),
    target: fc.nat(3),
    advance: fc.constantFrom(0, 5 * SECOND, 15 * SECOND, 3600 * SECOND, DAY),
  });

  it('balances to zero, never lets a player go negative, and keeps every day under the cap', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 80 }), async (steps) => {
        const game = await play(parts);
        const codes = new Map<number, string>();
        let now = at('2026-10-21 09:00');
        for (const { player, action, target, advance } of steps) {
          now += advance;
          const command: Command =
            action === 'start' ? cmd.start('visit')
            : action === 'complete' ? cmd.complete('visit')
            : action === 'checkin' ? cmd.complete('checkin')
            : action === 'follow' ? cmd.complete('follow')
            : action === 'share' ? cmd.share()
            : action === 'accept' ? cmd.accept(codes.get(target) ?? 'unshared')
            : action === 'forge' ? cmd.accept(`${'x'.repeat(12)}.${'y'.repeat(10)}`)
            : cmd.open('box');
          const result = game.run(`p${player}`, command, now);
          if (result.ok && result.receipt.outcome.type === 'invitation.created') codes.set(player, result.receipt.outcome.code);
        }

        const entries = await game.store.ledger(game.definition.id, { limit: Infinity });
        const posted = new Map<string, number>();
        const earnedOn = new Map<string, number>();
        for (const e of entries) {
          expect(e.amount).toBeGreaterThan(0);
          posted.set(e.from, (posted.get(e.from) ?? 0) - e.amount);
          posted.set(e.to, (posted.get(e.to) ?? 0) + e.amount);
          if (e.from === accounts.issuance.id) {
            const key = `${e.to}|${localDay(Date.parse(e.at), 'Asia/Shanghai')}`;
            earnedOn.set(key, (earnedOn.get(key) ?? 0) + e.amount);
          }
        }
        let sum = 0;
        const all = [accounts.issuance, accounts.redeemed, ...[0, 1, 2, 3].map((p) => accounts.player(`p${p}`))];
        expect(all.map((a) => a.id)).toEqual(expect.arrayContaining([...posted.keys()]));
        for (const account of all) {
          const balance = await game.store.read(game.definition.id, (view) => view.balance(account));
          expect(balance).toBe(posted.get(account.id) ?? 0);
          if (account !== accounts.issuance) expect(balance).toBeGreaterThanOrEqual(0);
          sum += balance;
        }
        expect(sum).toBe(0);
        for (const earned of earnedOn.values()) expect(earned).toBeLessThanOrEqual(CAP);
      }),
      { numRuns: 150 },
    );
  });
});

describe('ledger accounts by id', () => {
  it('names every account by its id, and nothing else', () => {
    const playerIds = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    fc.assert(
      fc.property(playerIds, playerIds, (player, budget) => {
        for (const account of [accounts.issuance, accounts.redeemed, accounts.allowanceIssuance, accounts.redPacketsHeld, accounts.discountsPaid, accounts.clearCartsPaid, accounts.redPacketsSpent, accounts.player(player), accounts.redPackets(player), accounts.budget(budget)]) {
          expect(accountOfLedgerId(account.id)).toEqual(account);
        }
      }),
    );
    expect(accountOfLedgerId('nobody')).toBeUndefined();
    expect(accountOfLedgerId('vault|p1')).toBeUndefined();
  });

  it('adds postings up per account, to zero in all', () => {
    const sums = postedBalances(
      [
        { from: 'issuance', to: 'player|a', amount: 30 },
        { from: 'player|a', to: 'redeemed', amount: 20 },
      ],
      ['player|b'],
    );
    expect(sums).toEqual({ 'player|b': 0, issuance: -30, 'player|a': 10, redeemed: 20 });
    expect(Object.values(sums).reduce((a, b) => a + b, 0)).toBe(0);
  });
});
