import { describe, expect, it } from 'vitest';
import type { Command } from '../command.ts';
import { at, CLEAR_CART_LOTTERY, outcome, play, refusal } from '../testing.ts';

const now = at('2026-11-05 12:00');
const items = [{ sku: 'cat-tree', store: 'maomi-pet', title: 'Cat tree', unitPrice: 29900, quantity: 1 }];
const share: Command = { type: 'cart.share', items };
const view = (code: string): Command => ({ type: 'cart.view', code });

async function festival(limits?: { perDay?: number; total?: number }) {
  const game = await play({
    lotteries: [CLEAR_CART_LOTTERY],
    sharedCarts: { lottery: 'clear-cart', viewerCodes: 1, ownerCodes: 2, ...(limits ? { limits } : {}) },
  });
  const codeOf = async (player: string) => outcome(await game.run(player, share, now), 'cart.shared').code;
  return { ...game, codeOf };
}

describe('shared carts and clear-cart codes', () => {
  it('shows the snapshot, and earns codes for viewer and owner once per pair of players', async () => {
    const game = await festival();
    const amyCode = await game.codeOf('amy');
    const first = outcome(await game.run('bob', view(amyCode), now), 'cart.viewed');
    expect(first).toMatchObject({ ownerId: 'amy', items, ownerCodes: 2 });
    expect(first.codes).toHaveLength(1);
    expect(first.codes[0]).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    // Again, or the other way round: the pair has earned already.
    expect(outcome(await game.run('bob', view(amyCode), now), 'cart.viewed')).toMatchObject({ codes: [], ownerCodes: 0 });
    const bobCode = await game.codeOf('bob');
    expect(outcome(await game.run('amy', view(bobCode), now), 'cart.viewed')).toMatchObject({ codes: [], ownerCodes: 0 });
    // Viewing one's own cart earns nothing; a forged code is refused.
    expect(outcome(await game.run('amy', view(amyCode), now), 'cart.viewed')).toMatchObject({ codes: [], ownerCodes: 0 });
    expect(refusal(await game.run('cat', view(`${amyCode.slice(0, -1)}x`), now))).toEqual({ code: 'INVALID_SHARE_CODE' });
  });

  it('keeps each player within their daily and total caps, the other side still earning', async () => {
    const game = await festival({ perDay: 3 });
    const amyCode = await game.codeOf('amy');
    const earned = [];
    for (const friend of ['bob', 'cat', 'dan']) earned.push(outcome(await game.run(friend, view(amyCode), now), 'cart.viewed'));
    // Amy earns 2 + 1 (her cap of 3), then nothing; every friend still earns their own code.
    expect(earned.map((e) => [e.codes.length, e.ownerCodes])).toEqual([
      [1, 2],
      [1, 1],
      [1, 0],
    ]);
  });

  it('says so when the campaign offers no shared carts', async () => {
    const game = await play();
    expect(refusal(await game.run('amy', share, now))).toEqual({ code: 'SHARED_CARTS_NOT_OFFERED' });
  });
});
