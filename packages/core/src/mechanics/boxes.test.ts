import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDay } from '../calendar.ts';
import { compileCampaign } from '../campaign.ts';
import type { CommandContext } from '../command.ts';
import type { CampaignDefinitionInput } from '../definition.ts';
import { budgetBurn } from '../budget.ts';
import { accounts, CAMPAIGN, campaignCounters, counters } from '../keys.ts';
import { playerState } from '../player.ts';
import { scriptedRandom } from '../random.ts';
import { Plan } from '../state.ts';
import { at, cmd, defineCampaign, outcome, play, refusal } from '../testing.ts';
import { openBox } from './boxes.ts';

type BoxInput = NonNullable<CampaignDefinitionInput['boxes']>[number];

const now = at('2026-11-05 12:00');
const tap = { id: 'tap', kind: 'action', verifiedBy: 'player', title: 'Tap', reward: { candy: 40 }, limits: { perDay: 1000 } } as const;
const sticker = { id: 'sticker', weight: 1, reward: { prize: 'Sticker' } };

describe('opening a box with a scripted draw', () => {
  const rare = { id: 'rare', weight: 1, reward: { candy: 500 }, stock: 1 };
  const common = { id: 'common', weight: 3, reward: { candy: 10 } };
  const other = { id: 'other', weight: 6, reward: { prize: 'Mug' } };

  /** Opens an earned box with these draws; `soldOut` rewards have their stock used up. */
  function openWith(box: Partial<BoxInput>, draws: number[], soldOut: string[] = []) {
    const definition = defineCampaign({ boxes: [{ id: 'box', title: 'Box', earn: { everyTasks: 1 }, rewards: [rare, common, other], ...box }] });
    const campaign = compileCampaign(definition, 1, 'seed');
    const cells = new Map([[`p1 ${counters.boxesEarned('box')}`, 1], ...soldOut.map((id) => [` ${campaignCounters.stockUsed('box', id)}`, 1] as const)]);
    const plan = new Plan({ counter: (scope, name) => cells.get(`${scope} ${name}`) ?? 0, balance: () => 0, record: () => undefined });
    const random = scriptedRandom(draws);
    const ctx: CommandContext = { campaign, playerId: 'p1', key: 'k', actor: 'player', claims: {}, now, day: localDay(now, definition.timezone), random: () => random };
    return { result: openBox(plan, ctx, 'box'), plan };
  }
  function open(box: Partial<BoxInput>, draws: number[], soldOut: string[] = []) {
    const { result, plan } = openWith(box, draws, soldOut);
    if (!result.ok || result.value.type !== 'box.opened') throw new Error(JSON.stringify(result));
    return { opened: result.value, plan };
  }

  it('gives a stocked reward in stock and counts the unit against its stock', () => {
    const { opened, plan } = open({}, [0]);
    expect(opened).toMatchObject({ rewardId: 'rare', candy: { credited: 500 }, fellBack: false });
    expect(plan.effects).toContainEqual({ type: 'count', scope: CAMPAIGN, name: campaignCounters.stockUsed('box', 'rare'), by: 1, limit: 1 });
  });

  it("redraws among the rewards in stock when the drawn one is sold out ('redraw')", () => {
    // Ticket 0 is 'rare' (sold out); the redraw is over common (3) and other (6), i.e. 1:2, a
    // table of 3 tickets in which ticket 2 is 'other'.
    expect(open({ whenOutOfStock: 'redraw' }, [0, 2], ['rare']).opened).toMatchObject({ rewardId: 'other', fellBack: false });
    expect(() => open({ whenOutOfStock: 'redraw' }, [0], ['rare'])).toThrow('scriptedRandom ran out of values');
  });

  it('redraws with exactly the renormalised probabilities', () => {
    // The whole table is 3 columns of height 10 (30 tickets); the redraw's, over weights 0:3:6
    // (that is 0:1:2), 3 columns of height 1 (3 tickets).
    const counts = new Map<string | null, number>();
    for (let first = 0; first < 30; first++) {
      for (let second = 0; second < 3; second++) {
        const id = open({}, [first, second], ['rare']).opened.rewardId;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
    // Of 90 equally likely ticket pairs: common 3/9 of them and other 6/9, rare never.
    expect(Object.fromEntries(counts)).toEqual({ common: 30, other: 60 });
  });

  it('gives the fallback reward instead, with one draw, when the box says so', () => {
    const { opened } = open({ whenOutOfStock: { fallback: 'common' } }, [0], ['rare']);
    expect(opened).toMatchObject({ rewardId: 'common', candy: { credited: 10 }, fellBack: true });
  });

  it('is refused, taking nothing, when every reward is sold out', () => {
    const { result, plan } = openWith({ rewards: [rare] }, [0], ['rare']);
    expect(result).toEqual({ ok: false, error: { code: 'BOX_EMPTY', boxId: 'box', reason: 'stock' } });
    expect(plan.effects).toEqual([]);
  });
});

describe('boxes (惊喜宝箱)', () => {
  const box = { id: 'box', title: 'Box', earn: { everyTasks: 2 }, price: { candy: 30 }, rewards: [sticker] };

  it('earns one box every N completed tasks', async () => {
    const game = await play({ tasks: [tap], boxes: [box] });
    const earned = [1, 2, 3, 4].map(() => outcome(game.run('p1', cmd.complete('tap'), now), 'task.completed').boxesEarned);
    expect(earned).toEqual([[], ['box'], [], ['box']]);
  });

  it('opens an earned box first, then charges the price, then refuses when candy is short', async () => {
    const game = await play({ tasks: [tap], boxes: [box] });
    game.run('p1', cmd.complete('tap'), now);
    game.run('p1', cmd.complete('tap'), now);
    expect(outcome(game.run('p1', cmd.open('box'), now), 'box.opened')).toMatchObject({ paidWith: 'earned', paidCandy: 0, prize: 'Sticker' });
    expect(await game.balance('p1')).toBe(80);
    expect(outcome(game.run('p1', cmd.open('box'), now), 'box.opened')).toMatchObject({ paidWith: 'candy', paidCandy: 30 });
    outcome(game.run('p1', cmd.open('box'), now), 'box.opened');
    expect(await game.balance('p1')).toBe(20);
    expect(refusal(game.run('p1', cmd.open('box'), now))).toEqual({ code: 'INSUFFICIENT_CANDY', needed: 30, balance: 20 });
  });

  it('still opens an earned box for free after the player bought one', async () => {
    const game = await play({ tasks: [tap], boxes: [box] });
    game.run('p1', cmd.complete('tap'), now);
    expect(outcome(game.run('p1', cmd.open('box'), now), 'box.opened').paidWith).toBe('candy');
    expect(outcome(game.run('p1', cmd.complete('tap'), now), 'task.completed').boxesEarned).toEqual(['box']);
    const campaign = (await game.store.campaign(game.definition.id))!;
    const shown = await game.store.read(campaign.definition.id, (view) => playerState(campaign, view, 'p1', now).boxes[0]);
    expect(shown).toMatchObject({ available: 1, opened: 1 });
    expect(outcome(game.run('p1', cmd.open('box'), now), 'box.opened')).toMatchObject({ paidWith: 'earned', paidCandy: 0 });
    expect(await game.balance('p1')).toBe(50);
  });

  it('refuses a box that can only be earned when none is earned', async () => {
    const game = await play({ tasks: [tap], boxes: [{ ...box, price: undefined }] });
    expect(refusal(game.run('p1', cmd.open('box'), now))).toEqual({ code: 'NO_BOX_TO_OPEN', boxId: 'box' });
  });

  it('keeps to its per-day and total limits, however the box was paid for', async () => {
    const game = await play({ tasks: [tap], boxes: [{ ...box, limits: { perDay: 2, total: 3 } }] });
    for (let i = 0; i < 6; i++) game.run('p1', cmd.complete('tap'), now);
    const opens = [0, 0, 0, 86_400_000, 86_400_000].map((offset) => game.run('p1', cmd.open('box'), now + offset));
    expect(opens.map((r) => (r.ok ? 'opened' : r.error.code))).toEqual(['opened', 'opened', 'DAILY_LIMIT_REACHED', 'opened', 'TOTAL_LIMIT_REACHED']);
  });

  it('refuses an unknown box, and a box outside its phases', async () => {
    const phases = [{ id: 'peak', name: 'Peak', start: '2026-11-11T00:00:00+08:00', end: '2026-11-12T00:00:00+08:00' }];
    const game = await play({ phases, tasks: [tap], boxes: [{ ...box, phases: ['peak'] }] });
    expect(refusal(game.run('p1', cmd.open('nope'), now))).toEqual({ code: 'BOX_NOT_FOUND', boxId: 'nope' });
    expect(refusal(game.run('p1', cmd.open('box'), at('2026-11-10 23:59:59')))).toEqual({
      code: 'BOX_NOT_OPEN',
      boxId: 'box',
      opensAt: '2026-11-10T16:00:00.000Z',
    });
    // The state says as much, before the player tries.
    const campaign = (await game.store.campaign(game.definition.id))!;
    const shown = (instant: number) => game.store.read(campaign.definition.id, (view) => playerState(campaign, view, 'p1', instant).boxes[0]);
    expect(await shown(at('2026-11-10 23:59:59'))).toMatchObject({ open: false, opensAt: '2026-11-10T16:00:00.000Z' });
    expect(await shown(at('2026-11-11 12:00'))).toMatchObject({ open: true, opensAt: null });
    expect(await shown(at('2026-11-12 00:00'))).toMatchObject({ open: false, opensAt: null });
  });

  it('never gives a stocked reward beyond its stock, and gives all of it, whatever players open', async () => {
    const gold = { id: 'gold', weight: 5, reward: { candy: 100 }, stock: 2 };
    const silver = { id: 'silver', weight: 10, reward: { prize: 'Speaker' }, stock: 3 };
    const tin = { id: 'tin', weight: 1, reward: { candy: 1 } };
    const tables = fc.constantFrom<Pick<BoxInput, 'rewards' | 'whenOutOfStock'>>(
      { rewards: [gold, silver], whenOutOfStock: 'redraw' },
      { rewards: [gold, silver, tin], whenOutOfStock: 'redraw' },
      { rewards: [gold, silver, tin], whenOutOfStock: { fallback: 'tin' } },
      { rewards: [gold, silver, { ...tin, weight: 0 }], whenOutOfStock: { fallback: 'tin' } },
    );
    await fc.assert(
      fc.asyncProperty(tables, fc.string(), fc.array(fc.nat(9), { minLength: 1, maxLength: 40 }), async (table, seed, players) => {
        const game = await play({ tasks: [tap], boxes: [{ id: 'box', title: 'Box', earn: { everyTasks: 1 }, ...table }] }, { seed });
        const given = new Map<string, number>();
        for (const p of players) {
          game.run(`p${p}`, cmd.complete('tap'), now);
          const result = game.run(`p${p}`, cmd.open('box'), now);
          // Only a table that can run out runs out, and then says so.
          if (!result.ok && table.rewards.length === 2 && (given.get('gold') ?? 0) + (given.get('silver') ?? 0) === 5) {
            expect(refusal(result)).toEqual({ code: 'BOX_EMPTY', boxId: 'box', reason: 'stock' });
            continue;
          }
          const id = outcome(result, 'box.opened').rewardId;
          given.set(id, (given.get(id) ?? 0) + 1);
        }
        expect(given.get('gold') ?? 0).toBeLessThanOrEqual(2);
        expect(given.get('silver') ?? 0).toBeLessThanOrEqual(3);
        expect(await game.counter(CAMPAIGN, campaignCounters.stockUsed('box', 'gold'))).toBe(given.get('gold') ?? 0);
        expect(await game.counter(CAMPAIGN, campaignCounters.stockUsed('box', 'silver'))).toBe(given.get('silver') ?? 0);
        if (table.rewards.length === 2) {
          // With nothing unstocked to fall back on, every open gives a unit while any is left.
          expect((given.get('gold') ?? 0) + (given.get('silver') ?? 0)).toBe(Math.min(players.length, 5));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('red packets from a box (扔喵糖领红包) and hard budgets', () => {
  const BUDGET = 10_000;
  const redPackets = (rewards: BoxInput['rewards'], more: Partial<BoxInput> = {}) =>
    play({
      budgets: [{ id: 'cash', title: 'Red packets', amount: BUDGET }],
      tasks: [tap],
      boxes: [{ id: 'red', title: 'Spend candy, draw a red packet', price: { candy: 10 }, budget: 'cash', rewards, ...more }],
    });

  it('tells the player when a box has nothing left to give, before they tap it', async () => {
    const game = await play({ tasks: [tap], boxes: [{ id: 'box', title: 'Box', earn: { everyTasks: 1 }, rewards: [{ id: 'one', weight: 1, stock: 1, reward: { prize: 'The one' } }] }] });
    const emptyFor = async (player: string) => {
      const campaign = (await game.store.campaign(game.definition.id))!;
      return game.store.read(game.definition.id, (view) => playerState(campaign, view, player, now).boxes[0]!.empty);
    };
    outcome(game.run('amy', cmd.complete('tap'), now), 'task.completed');
    game.run('bob', cmd.complete('tap'), now);
    expect([await emptyFor('amy'), await emptyFor('bob')]).toEqual([false, false]);
    outcome(game.run('amy', cmd.open('box'), now), 'box.opened');
    expect([await emptyFor('amy'), await emptyFor('bob')]).toEqual([true, true]);
    expect(refusal(game.run('bob', cmd.open('box'), now))).toEqual({ code: 'BOX_EMPTY', boxId: 'box', reason: 'stock' });
  });

  it('pays cash from the budget to the red-packet balance, and refuses the open once the budget cannot pay it', async () => {
    const game = await redPackets([{ id: 'big', weight: 1, reward: { cash: 3000 } }]);
    for (let i = 0; i < 5; i++) outcome(await game.run('amy', cmd.complete('tap'), now), 'task.completed');
    const opens = [];
    for (let i = 0; i < 3; i++) opens.push(outcome(await game.run('amy', cmd.open('red'), now), 'box.opened'));
    expect(opens.map((o) => [o.rewardId, o.cash, o.unavailable?.reason ?? null])).toEqual([
      ['big', 3000, null],
      ['big', 3000, null],
      ['big', 3000, null],
    ]);
    // ¥100 pays three ¥30 packets; the fourth and fifth find ¥10 left and no other reward to
    // redraw: refused, and amy keeps her candy.
    const candy = await game.balance('amy');
    for (let i = 0; i < 2; i++) expect(refusal(await game.run('amy', cmd.open('red'), now))).toEqual({ code: 'BOX_EMPTY', boxId: 'red', reason: 'budget' });
    expect(await game.balance('amy')).toBe(candy);
    const burn = await game.store.read(game.definition.id, (view) => budgetBurn(view, compileCampaign(game.definition, 1, 'seed')));
    expect(burn).toEqual([{ id: 'cash', title: 'Red packets', amount: BUDGET, spent: 9000, reserved: 0, left: 1000 }]);
    expect(await game.store.read(game.definition.id, (view) => view.balance(accounts.redPackets('amy')))).toBe(9000);
    const campaign = (await game.store.campaign(game.definition.id))!;
    expect(await game.store.read(campaign.definition.id, (view) => playerState(campaign, view, 'amy', now).redPackets)).toEqual({ balance: 9000 });
  });

  it('redraws among what the budget can still pay, and honours a per-player win limit', async () => {
    const game = await redPackets([
      { id: 'big', weight: 1_000_000, reward: { cash: 6000 } },
      { id: 'small', weight: 1, reward: { cash: 100 }, perPlayer: 2 },
      { id: 'thanks', weight: 1, reward: {} },
    ]);
    for (let i = 0; i < 6; i++) outcome(await game.run('amy', cmd.complete('tap'), now), 'task.completed');
    const opens = [];
    for (let i = 0; i < 5; i++) opens.push(outcome(await game.run('amy', cmd.open('red'), now), 'box.opened'));
    // The big packet is all but certain while the budget can pay it; then small (twice at most) or
    // thanks: with the test seed, two of each.
    expect(opens[0]).toMatchObject({ rewardId: 'big', cash: 6000, unavailable: null });
    const later = opens.slice(1);
    expect(later.every((o) => o.unavailable?.rewardId === 'big' && o.unavailable.reason === 'budget')).toBe(true);
    expect(later.filter((o) => o.rewardId === 'small')).toHaveLength(2);
    expect(later.filter((o) => o.rewardId === 'thanks')).toHaveLength(2);
  });
});
