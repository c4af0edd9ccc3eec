import { describe, expect, it } from 'vitest';
import { addItems, cartLines, parseCart, setQuantity } from './cart.ts';
import { CATALOG } from './catalog.ts';

const litter = CATALOG.find((i) => i.sku === 'maomi-litter-6l')!;
const tea = CATALOG.find((i) => i.sku === 'sansong-jasmine-tea-250g')!;

describe('the cart', () => {
  it('adds an item once as a line, then counts it up', () => {
    const cart = addItems(addItems([], [litter, tea]), [litter]);
    expect(cart.map((l) => [l.sku, l.quantity])).toEqual([
      ['maomi-litter-6l', 2],
      ['sansong-jasmine-tea-250g', 1],
    ]);
  });

  it('sets a quantity, within 1 to 99, and zero removes the line', () => {
    const cart = addItems([], [litter, tea]);
    expect(setQuantity(cart, litter, 5)[0]!.quantity).toBe(5);
    expect(setQuantity(cart, litter, 500)[0]!.quantity).toBe(99);
    expect(setQuantity(cart, litter, 0).map((l) => l.sku)).toEqual(['sansong-jasmine-tea-250g']);
  });

  it('sends lines as the API takes them: no absent optional fields', () => {
    expect(cartLines(addItems([], [litter, tea]))).toEqual([
      { sku: 'maomi-litter-6l', store: 'maomi-pet', unitPrice: 4900, quantity: 1, category: 'pet', tags: ['d11'] },
      { sku: 'sansong-jasmine-tea-250g', store: 'sansong-snacks', unitPrice: 3900, quantity: 1, category: 'snacks' },
    ]);
  });

  it('reads a stored cart back and drops what is not a line', () => {
    const stored = JSON.stringify([{ ...litter, quantity: 2 }, { sku: 'x' }, { ...tea, quantity: 0 }, 7]);
    expect(parseCart(stored)).toEqual([{ ...litter, quantity: 2 }]);
    expect(parseCart('{not json')).toEqual([]);
    expect(parseCart(null)).toEqual([]);
  });

  it('lists items of several stores, priced in integer cents', () => {
    expect(new Set(CATALOG.map((i) => i.store)).size).toBeGreaterThanOrEqual(5);
    for (const item of CATALOG) expect(Number.isInteger(item.unitPrice)).toBe(true);
  });
});
