import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at, cmd, DAY, outcome, play, refusal } from '../testing.ts';

const invitations = {
  reward: { inviter: { candy: 100 }, friend: { candy: 50 } },
  newCustomerReward: { inviter: { candy: 300 }, friend: { candy: 150 } },
  limits: { perInviterPerDay: 2, perFriendPerDay: 2 },
};
const now = at('2026-11-05 12:00');

async function withCode(parts = {}) {
  const game = await play({ invitations, ...parts });
  const code = outcome(game.run('inviter', cmd.share(), now), 'invitation.created').code;
  return { game, code };
}

describe('invitations and assists (邀请助力)', () => {
  it('gives a player one share code, the same on every request', async () => {
    const { game, code } = await withCode();
    expect(code).toMatch(/^[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{10}$/);
    expect(outcome(game.run('inviter', cmd.share(), now + DAY), 'invitation.created').code).toBe(code);
    expect(outcome(game.run('other', cmd.share(), now), 'invitation.created').code).not.toBe(code);
  });

  it('credits both sides when a friend assists', async () => {
    const { game, code } = await withCode();
    expect(outcome(game.run('friend', cmd.accept(code), now), 'invitation.accepted')).toEqual({
      type: 'invitation.accepted',
      inviterId: 'inviter',
      newCustomer: false,
      inviter: { requested: 100, credited: 100 },
      friend: { requested: 50, credited: 50 },
    });
    expect([await game.balance('inviter'), await game.balance('friend')]).toEqual([100, 50]);
  });

  it('refuses a player assisting themself', async () => {
    const { game, code } = await withCode();
    expect(refusal(game.run('inviter', cmd.accept(code), now))).toEqual({ code: 'SELF_ASSIST' });
  });

  it('counts a pair once over the whole campaign', async () => {
    const { game, code } = await withCode();
    game.run('friend', cmd.accept(code), now);
    expect(refusal(game.run('friend', cmd.accept(code), now + 2 * DAY))).toEqual({ code: 'ALREADY_ASSISTED', inviterId: 'inviter' });
    expect(await game.balance('inviter')).toBe(100);
  });

  it('pays the new-customer reward when the host vouches for a new customer', async () => {
    const { game, code } = await withCode();
    const accepted = outcome(game.run('newbie', cmd.accept(code), now, { claims: { newCustomer: true } }), 'invitation.accepted');
    expect(accepted).toMatchObject({ newCustomer: true, inviter: { credited: 300 }, friend: { credited: 150 } });
  });

  it('pays the usual reward to a vouched new customer when there is no new-customer reward', async () => {
    const { game, code } = await withCode({ invitations: { ...invitations, newCustomerReward: undefined } });
    const accepted = outcome(game.run('newbie', cmd.accept(code), now, { claims: { newCustomer: true } }), 'invitation.accepted');
    expect(accepted).toMatchObject({ newCustomer: true, inviter: { credited: 100 }, friend: { credited: 50 } });
  });

  it("caps the assists an inviter receives per day, and the cap resets the next day", async () => {
    const { game, code } = await withCode();
    game.run('f1', cmd.accept(code), now);
    game.run('f2', cmd.accept(code), now);
    expect(refusal(game.run('f3', cmd.accept(code), now))).toEqual({ code: 'INVITER_DAILY_CAP', limit: 2 });
    expect(await game.balance('f3')).toBe(0);
    outcome(game.run('f3', cmd.accept(code), now + DAY), 'invitation.accepted');
  });

  it('caps the assists a friend gives per day', async () => {
    const game = await play({ invitations });
    const codes = ['i1', 'i2', 'i3'].map((p) => outcome(game.run(p, cmd.share(), now), 'invitation.created').code);
    outcome(game.run('friend', cmd.accept(codes[0]!), now), 'invitation.accepted');
    outcome(game.run('friend', cmd.accept(codes[1]!), now), 'invitation.accepted');
    expect(refusal(game.run('friend', cmd.accept(codes[2]!), now))).toEqual({ code: 'FRIEND_DAILY_CAP', limit: 2 });
    expect(await game.balance('i3')).toBe(0);
  });

  it('refuses a forged code, and a code from another campaign seed', async () => {
    const { game, code } = await withCode();
    expect(refusal(game.run('friend', cmd.accept('AAAAAAAAAAAA.BBBBBBBBBB'), now))).toEqual({ code: 'INVALID_SHARE_CODE' });
    expect(refusal(game.run('friend', cmd.accept('not-a-code'), now))).toEqual({ code: 'INVALID_SHARE_CODE' });
    const elsewhere = await play({ invitations }, { seed: 'another-seed' });
    expect(refusal(elsewhere.run('friend', cmd.accept(code), now))).toEqual({ code: 'INVALID_SHARE_CODE' });
  });

  it('refuses every code that differs from a real one in a single character', async () => {
    const { game, code } = await withCode();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.';
    fc.assert(
      fc.property(fc.nat(code.length - 1), fc.constantFrom(...alphabet), (i, char) => {
        fc.pre(code[i] !== char);
        const mutated = code.slice(0, i) + char + code.slice(i + 1);
        expect(refusal(game.run('friend', cmd.accept(mutated), now))).toEqual({ code: 'INVALID_SHARE_CODE' });
      }),
    );
  });

  it('is refused outside its phases, and when the campaign has no invitations', async () => {
    const phases = [
      { id: 'warmup', name: 'Warm-up', start: '2026-10-20T20:00:00+08:00', end: '2026-11-01T00:00:00+08:00' },
      { id: 'peak', name: 'Peak', start: '2026-11-11T00:00:00+08:00', end: '2026-11-12T00:00:00+08:00' },
    ];
    const { game, code } = await withCode({ phases, invitations: { ...invitations, phases: ['peak'] } });
    expect(refusal(game.run('friend', cmd.accept(code), now))).toEqual({ code: 'INVITATIONS_NOT_OPEN', opensAt: '2026-11-10T16:00:00.000Z' });
    const none = await play();
    expect(refusal(none.run('friend', cmd.accept(code), now))).toEqual({ code: 'INVITATIONS_NOT_OPEN', opensAt: null });
    expect(refusal(none.run('inviter', cmd.share(), now))).toEqual({ code: 'INVITATIONS_NOT_OPEN', opensAt: null });
  });
});
