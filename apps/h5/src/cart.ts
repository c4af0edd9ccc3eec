import type { CatalogItem } from './catalog.ts';

/**
 * The shopper's cart as the host platform would keep it: catalog items with quantities. Pure
 * functions, so the page's state changes are plain values and easy to test.
 */
export interface CartLine extends CatalogItem {
  quantity: number;
}

const MAX_QUANTITY = 99;

const same = (a: CatalogItem, b: CatalogItem) => a.sku === b.sku && a.store === b.store;

/** Adds one of each item (a tap on "Add", or on a top-up suggestion). */
export function addItems(cart: readonly CartLine[], items: readonly CatalogItem[]): CartLine[] {
  let next = [...cart];
  for (const item of items) {
    const line = next.find((l) => same(l, item));
    next = line
      ? next.map((l) => (l === line ? { ...l, quantity: Math.min(MAX_QUANTITY, l.quantity + 1) } : l))
      : [...next, { ...item, quantity: 1 }];
  }
  return next;
}

/** Sets a line's quantity; zero removes it. */
export function setQuantity(cart: readonly CartLine[], item: CatalogItem, quantity: number): CartLine[] {
  const clamped = Math.max(0, Math.min(MAX_QUANTITY, Math.floor(quantity)));
  return clamped === 0 ? cart.filter((l) => !same(l, item)) : cart.map((l) => (same(l, item) ? { ...l, quantity: clamped } : l));
}

/** The cart as the quote and share commands take it. */
export function cartLines(cart: readonly CartLine[]) {
  return cart.map(({ sku, store, category, tags, unitPrice, quantity }) => ({
    sku,
    store,
    unitPrice,
    quantity,
    ...(category === undefined ? {} : { category }),
    ...(tags === undefined ? {} : { tags }),
  }));
}

/** Reads a stored cart back, dropping anything that is not a line (an old or edited value). */
export function parseCart(text: string | null): CartLine[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (l): l is CartLine =>
        typeof l === 'object' && l !== null && typeof l.sku === 'string' && typeof l.store === 'string' &&
        Number.isInteger(l.unitPrice) && Number.isInteger(l.quantity) && l.quantity > 0,
    );
  } catch {
    return [];
  }
}
