import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCampaign, type Campaign } from './campaign.ts';
import type { Command } from './command.ts';
import type { CampaignDefinitionInput } from './definition.ts';
import { campaignFor, variantOf, variantsOf } from './experiments.ts';
import { playerState } from './player.ts';
import { at, CLEAR_CART_LOTTERY, cmd, defineCampaign, outcome, play, SECOND, type CampaignParts } from './testing.ts';

const now = at('2026-11-05 12:00');

const browse = { id: 'visit', kind: 'browse', title: 'Visit', seconds: 15, reward: { candy: 50 }, limits: { perDay: 5 } } as const;

/** The experiment of the worked example: half the players get 60 candy for a visit, and may visit 6 times a day. */
const visitReward = {
  id: 'visit-reward',
  title: '60 candy a visit?',
  variants: [
    { id: 'control', weight: 1 },
    {
      id: 'sixty',
      weight: 1,
      overrides: [
        { path: '/tasks/visit/reward/candy', value: 60 },
        { path: '/tasks/visit/limits/perDay', value: 6 },
      ],
    },
  ],
};

const experimentsOf = (...experiments: NonNullable<CampaignDefinitionInput['experiments']>) => compileCampaign(defineCampaign({ tasks: [browse], experiments }), 1, 'seed');

/** The first `count` players `player-0`, `player-1`, … who are in `variantId`. */
function playersIn(campaign: Campaign, experimentId: string, variantId: string, count = 1): string[] {
  const found: string[] = [];
  for (let i = 0; found.length < count; i++) if (variantOf(campaign, experimentId, `player-${i}`) === variantId) found.push(`player-${i}`);
  return found;
}

/** The assignment as documented, written again from its description. */
function documentedAssignment(experiment: { id: string; variants: { id: string; weight: number }[] }, playerId: string): string {
  const total = experiment.variants.reduce((sum, v) => sum + v.weight, 0);
  let point = createHash('sha256').update(`${experiment.id}\n${playerId}`, 'utf8').digest().readUInt32BE(0) % total;
  for (const variant of experiment.variants) {
    if (point < variant.weight) return variant.id;
    point -= variant.weight;
  }
  throw new Error('unreachable: the point is below the total');
}

describe('variant assignment', () => {
  it('is the documented hash: SHA-256 of "experiment\\nplayer", first 4 bytes big-endian, modulo the total, walked in order', () => {
    const experiment = { id: 'box-price', title: 'Box price', variants: [{ id: 'a', weight: 3 }, { id: 'off', weight: 0 }, { id: 'b', weight: 5 }, { id: 'c', weight: 2 }] };
    const campaign = experimentsOf(experiment);
    for (const playerId of ['p1', 'player-42', '喵', 'a\nb', '']) expect(variantOf(campaign, 'box-price', playerId)).toBe(documentedAssignment(experiment, playerId));
  });

  it('is stable: the same player, experiment and weights give the same variant in any compilation of the definition', () => {
    const weights = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 2, maxLength: 6 }).filter((w) => w.some((x) => x > 0));
    fc.assert(
      fc.property(weights, fc.string(), (w, playerId) => {
        const experiment = { id: 'e', title: 'E', variants: w.map((weight, i) => ({ id: `v${i}`, weight })) };
        const first = variantOf(experimentsOf(experiment), 'e', playerId);
        expect(variantOf(experimentsOf(experiment), 'e', playerId)).toBe(first);
        expect(variantsOf(experimentsOf(experiment), playerId)).toEqual({ e: first });
      }),
      { numRuns: 200 },
    );
  });

  it('never assigns a variant of weight 0: that is how a variant is switched off', () => {
    const weights = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 6 }).filter((w) => w.some((x) => x > 0));
    fc.assert(
      fc.property(weights, fc.array(fc.string(), { minLength: 1, maxLength: 20 }), (w, players) => {
        const experiment = { id: 'e', title: 'E', variants: w.map((weight, i) => ({ id: `v${i}`, weight })) };
        const campaign = experimentsOf(experiment);
        for (const playerId of players) expect(w[Number(variantOf(campaign, 'e', playerId).slice(1))]).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('gives each variant its share of 100,000 players, within a chi-squared test at p = 0.001', () => {
    const weights = [10, 20, 0, 70];
    const campaign = experimentsOf({ id: 'shares', title: 'Shares', variants: weights.map((weight, i) => ({ id: `v${i}`, weight })) });
    const players = 100_000;
    const counts = weights.map(() => 0);
    for (let i = 0; i < players; i++) counts[Number(variantOf(campaign, 'shares', `player-${i}`).slice(1))]! += 1;
    expect(counts[2]).toBe(0);
    const total = weights.reduce((a, b) => a + b, 0);
    const chiSquared = weights.reduce((sum, w, i) => (w === 0 ? sum : sum + (counts[i]! - (players * w) / total) ** 2 / ((players * w) / total)), 0);
    // Two degrees of freedom (three live variants): the 0.999 quantile is 13.82.
    expect(chiSquared).toBeLessThan(13.82);
  });

  it('throws for an experiment the campaign does not have, naming those it has', () => {
    expect(() => variantOf(experimentsOf(visitReward), 'constructor', 'p1')).toThrow('campaign "test" has no experiment "constructor" (it has: visit-reward)');
  });
});

describe('campaignFor', () => {
  it('returns a campaign without experiments itself, and says the player is in none', () => {
    const campaign = compileCampaign(defineCampaign({ tasks: [browse] }), 1, 'seed');
    expect(campaignFor(campaign, 'p1')).toBe(campaign);
    expect(variantsOf(campaign, 'p1')).toEqual({});
  });

  it("compiles each combination of variants once, with the variants' overrides, the published version, seed and id", () => {
    const campaign = experimentsOf(visitReward);
    const [sixtyA, sixtyB] = playersIn(campaign, 'visit-reward', 'sixty', 2);
    const [control] = playersIn(campaign, 'visit-reward', 'control');
    const sixty = campaignFor(campaign, sixtyA!);
    expect(sixty.tasks.get('visit')).toMatchObject({ reward: { candy: 60 }, limits: { perDay: 6 } });
    expect([sixty.version, sixty.seed, sixty.definition.id]).toEqual([campaign.version, campaign.seed, campaign.definition.id]);
    expect(campaignFor(campaign, sixtyB!)).toBe(sixty);
    // The control overrides nothing: its players play the published campaign itself.
    expect(campaignFor(campaign, control!)).toBe(campaign);
    // From a variant's campaign, another player's is found from the published one.
    expect(campaignFor(sixty, control!)).toBe(campaign);
    expect(campaignFor(campaign, sixtyA!).tasks.get('visit')!.reward.candy).toBe(60);
    expect(campaign.tasks.get('visit')!.reward.candy).toBe(50);
  });

  it('applies one variant of each experiment', () => {
    const boxPrice = {
      id: 'box-price',
      title: 'Box price',
      variants: [
        { id: 'dear', weight: 1 },
        { id: 'cheap', weight: 1, overrides: [{ path: '/boxes/box/price/candy', value: 10 }] },
      ],
    };
    const campaign = compileCampaign(
      defineCampaign({
        tasks: [browse],
        boxes: [{ id: 'box', title: 'Box', price: { candy: 30 }, rewards: [{ id: 'thanks', weight: 1, reward: {} }] }],
        experiments: [visitReward, boxPrice],
      }),
      1,
      'seed',
    );
    const player = Array.from({ length: 100 }, (_, i) => `player-${i}`).find(
      (p) => variantOf(campaign, 'visit-reward', p) === 'sixty' && variantOf(campaign, 'box-price', p) === 'cheap',
    )!;
    expect(variantsOf(campaign, player)).toEqual({ 'visit-reward': 'sixty', 'box-price': 'cheap' });
    const mine = campaignFor(campaign, player);
    expect([mine.tasks.get('visit')!.reward.candy, mine.boxes.get('box')!.price!.candy]).toEqual([60, 10]);
  });
});

describe('experiments in play', () => {
  const parts: CampaignParts = { tasks: [browse], experiments: [visitReward] };
  const complete = async (game: Awaited<ReturnType<typeof play>>, playerId: string) => {
    game.run(playerId, cmd.start('visit'), now);
    return outcome(game.run(playerId, cmd.complete('visit'), now + 15 * SECOND), 'task.completed').candy;
  };

  it('pays two players in different variants their own variant\'s reward for the same task, and shows each their rules', async () => {
    const game = await play(parts);
    const campaign = (await game.store.campaign(game.definition.id))!;
    const [control] = playersIn(campaign, 'visit-reward', 'control');
    const [sixty] = playersIn(campaign, 'visit-reward', 'sixty');
    expect(await complete(game, control!)).toEqual({ requested: 50, credited: 50 });
    expect(await complete(game, sixty!)).toEqual({ requested: 60, credited: 60 });

    const stateOf = (playerId: string) => game.store.read(game.definition.id, (view) => playerState(campaign, view, playerId, now));
    expect(await stateOf(control!)).toMatchObject({ experiments: { 'visit-reward': 'control' }, tasks: [{ id: 'visit', reward: 50, limits: { perDay: 5 } }] });
    expect(await stateOf(sixty!)).toMatchObject({ experiments: { 'visit-reward': 'sixty' }, tasks: [{ id: 'visit', reward: 60, limits: { perDay: 6 } }] });
  });

  it("holds each player to their variant's limits", async () => {
    const game = await play(parts);
    const campaign = (await game.store.campaign(game.definition.id))!;
    const [control] = playersIn(campaign, 'visit-reward', 'control');
    const [sixty] = playersIn(campaign, 'visit-reward', 'sixty');
    const visits = async (playerId: string) => {
      let done = 0;
      for (let i = 0; i < 8; i++) {
        game.run(playerId, cmd.start('visit'), now + i * 60 * SECOND);
        if (game.run(playerId, cmd.complete('visit'), now + i * 60 * SECOND + 15 * SECOND).ok) done++;
      }
      return done;
    };
    expect([await visits(control!), await visits(sixty!)]).toEqual([5, 6]);
  });

  it('decides the same outcomes, byte for byte, on a fresh store', async () => {
    const run = async () => {
      const game = await play(parts);
      const campaign = (await game.store.campaign(game.definition.id))!;
      const players = [...playersIn(campaign, 'visit-reward', 'control', 2), ...playersIn(campaign, 'visit-reward', 'sixty', 2)];
      for (const playerId of players) await complete(game, playerId);
      return JSON.stringify(await game.store.ledger(game.definition.id, { limit: Infinity }));
    };
    expect(await run()).toBe(await run());
  });

  it("credits an inviter by the inviter's variant (reward, daily cap, wallet cap) and the friend by the friend's", async () => {
    const invitations = {
      reward: { inviter: { candy: 100 }, friend: { candy: 50 } },
      limits: { perInviterPerDay: 5, perFriendPerDay: 5 },
    };
    const generous = {
      id: 'generous-invites',
      title: 'Pay inviters more, fewer times a day',
      variants: [
        { id: 'control', weight: 1 },
        {
          id: 'generous',
          weight: 1,
          overrides: [
            { path: '/invitations/reward/inviter/candy', value: 300 },
            { path: '/invitations/reward/friend/candy', value: 70 },
            { path: '/invitations/limits/perInviterPerDay', value: 1 },
            { path: '/wallet/dailyEarnCap', value: 250 },
          ],
        },
      ],
    };
    const game = await play({ invitations, wallet: { dailyEarnCap: 10_000 }, experiments: [generous] });
    const campaign = (await game.store.campaign(game.definition.id))!;
    const [inviter] = playersIn(campaign, 'generous-invites', 'generous');
    const [friend, otherFriend] = playersIn(campaign, 'generous-invites', 'control', 2);
    const code = outcome(game.run(inviter!, cmd.share(), now), 'invitation.created').code;

    // The inviter gets their variant's 300, capped by their variant's wallet at 250; the friend the control's 50.
    expect(outcome(game.run(friend!, cmd.accept(code), now), 'invitation.accepted')).toMatchObject({
      inviter: { requested: 300, credited: 250, cappedBy: 'dailyEarnCap' },
      friend: { requested: 50, credited: 50 },
    });
    // The inviter's variant allows one assist a day, although the friend's allows five.
    expect(game.run(otherFriend!, cmd.accept(code), now)).toMatchObject({ ok: false, error: { code: 'INVITER_DAILY_CAP', limit: 1 } });

    // The other way round: a control inviter is paid 100, a generous friend 70.
    const [controlInviter] = playersIn(campaign, 'generous-invites', 'control');
    const [generousFriend] = playersIn(campaign, 'generous-invites', 'generous', 2).slice(1);
    const controlCode = outcome(game.run(controlInviter!, cmd.share(), now), 'invitation.created').code;
    expect(outcome(game.run(generousFriend!, cmd.accept(controlCode), now), 'invitation.accepted')).toMatchObject({
      inviter: { requested: 100 },
      friend: { requested: 70, credited: 70 },
    });
  });

  it("earns a shared cart's owner their variant's codes, within their variant's caps", async () => {
    const ownerCodes = {
      id: 'owner-codes',
      title: 'Three codes for the owner',
      variants: [
        { id: 'control', weight: 1 },
        { id: 'three', weight: 1, overrides: [{ path: '/sharedCarts/ownerCodes', value: 3 }, { path: '/sharedCarts/limits', value: { total: 4 } }] },
      ],
    };
    const game = await play({
      lotteries: [CLEAR_CART_LOTTERY],
      sharedCarts: { lottery: 'clear-cart', viewerCodes: 1, ownerCodes: 1 },
      experiments: [ownerCodes],
    });
    const campaign = (await game.store.campaign(game.definition.id))!;
    const [owner] = playersIn(campaign, 'owner-codes', 'three');
    const viewers = playersIn(campaign, 'owner-codes', 'control', 2);
    const share: Command = { type: 'cart.share', items: [{ sku: 'cat-tree', store: 'maomi-pet', unitPrice: 29900, quantity: 1 }] };
    const code = outcome(game.run(owner!, share, now), 'cart.shared').code;
    const view: Command = { type: 'cart.view', code };
    // Three codes, then the one left under the owner's total of 4; each control viewer earns the control's one.
    expect(outcome(game.run(viewers[0]!, view, now), 'cart.viewed')).toMatchObject({ ownerCodes: 3, codes: [expect.any(String)] });
    expect(outcome(game.run(viewers[1]!, view, now), 'cart.viewed')).toMatchObject({ ownerCodes: 1, codes: [expect.any(String)] });
  });
});
