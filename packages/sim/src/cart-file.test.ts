import { readFileSync } from 'node:fs';
import { parseWith, validateCampaign, type CampaignDefinition } from '@carnival/core';
import { describe, expect, it } from 'vitest';
import { cartRequest, cartShopper, CartFile, defaultMoment, unknownCoupons } from './cart-file.ts';

const root = new URL('../../../', import.meta.url);
const campaign = validateCampaign(JSON.parse(readFileSync(new URL('examples/double11-cat-candy.json', root), 'utf8')));
if (!campaign.ok) throw new Error('the example campaign is invalid');
const definition: CampaignDefinition = campaign.value;

const parse = (value: unknown) => parseWith(CartFile, value);
const line = { sku: 'sansong-nut-box-750g', store: 'sansong-snacks', unitPrice: 12900, quantity: 1 };

describe('cart files', () => {
  it('reads every example cart', () => {
    for (const name of ['88vip-shopper', 'cross-store-just-short', 'lucky-store-coupon', 'presale-tv', 'shipping-fees']) {
      const parsed = parse(JSON.parse(readFileSync(new URL(`examples/carts/${name}.json`, root), 'utf8')));
      expect(parsed.ok, name).toBe(true);
    }
  });

  it('says which field is wrong, what it expected and what came', () => {
    const parsed = parse({ cart: { lines: [{ ...line, unitPrice: 12.5 }] }, at: 'tonight' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      { path: 'cart.lines[0].unitPrice', expected: 'a unit price in integer cents', got: '12.5' },
      { path: 'at', expected: 'an ISO-8601 date-time with an offset, like 2026-11-11T20:00:00+08:00', got: '"tonight"' },
    ]);
  });

  it('a shopper the file says nothing about owns nothing', () => {
    expect(cartShopper({ cart: { lines: [line] } })).toEqual({ tier: undefined, coupons: [], memberDiscountUsed: 0, redPackets: 0 });
  });

  it('asks for the best coupons unless the file or the command line says otherwise', () => {
    const file: CartFile = { cart: { lines: [line] }, coupons: ['cp-1'], useRedPackets: false };
    expect(cartRequest({ cart: file.cart })).toMatchObject({ coupons: 'best' });
    expect(cartRequest(file)).toMatchObject({ coupons: ['cp-1'], useRedPackets: false });
    expect(cartRequest(file, 'best')).toMatchObject({ coupons: 'best' });
  });

  it('settles at the start of the last phase when the file has no moment', () => {
    expect(defaultMoment(definition)).toBe('2026-11-11T00:00:00+08:00');
  });

  it('finds coupon instances of unknown coupons and instance ids used twice', () => {
    const file: CartFile = {
      cart: { lines: [line] },
      player: { coupons: [{ id: 'cp-1', couponId: 'sansong-99-10' }, { id: 'cp-1', couponId: 'no-such-coupon' }] },
    };
    expect(unknownCoupons(file, definition).map((p) => p.path)).toEqual(['player.coupons[1].id', 'player.coupons[1].couponId']);
  });
});
