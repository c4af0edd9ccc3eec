import { useEffect, useState } from 'hono/jsx/dom';
import { call, command, type MyCoupons, type Quote } from '../api.ts';
import { addItems, cartLines, setQuantity, type CartLine } from '../cart.ts';
import { CATALOG, catalogItem, itemName, type CatalogItem } from '../catalog.ts';
import { Icon } from './icons.tsx';
import type { Problem } from '../problems.ts';
import type { Play } from '../play.ts';
import { shareLink, ShareBox } from './invite.tsx';
import { ActionButton, Card, ItemArt } from './kit.tsx';
import { Settlement } from './settlement.tsx';

interface ShopProps {
  play: Play;
  cart: CartLine[];
  setCart(cart: CartLine[]): void;
  describeProblem(problem: Problem): string;
}

/** Claimable coupons (领券): one tap each, and the best of those held is applied in every quote. */
function Coupons({ play, owned, reload }: { play: Play; owned: MyCoupons['instances']; reload(): void }) {
  const claimable = (play.definition.pricing?.coupons ?? []).filter((coupon) => coupon.claim !== undefined);
  if (claimable.length === 0) return null;
  const { t, client, campaignId } = play;
  return (
    <Card title={t('couponsTitle')} id="coupons">
      <ul class="list">
        {claimable.map((coupon) => {
          const held = owned.some((instance) => instance.couponId === coupon.id);
          const claim = async () => {
            const done = await play.act(
              command(client, coupon.id, (header) => client.v1.campaigns[':campaignId'].coupons[':couponId'].claim.$post({ param: { campaignId, couponId: coupon.id }, header })),
              () => t('couponClaimed'),
            );
            if (done) reload();
          };
          return (
            <li class="row coupon" key={coupon.id} data-testid={`coupon-${coupon.id}`}>
              <span class="coupon-face">{coupon.off !== undefined ? play.money(coupon.off) : `${coupon.percentOff ?? ''}%`}</span>
              <div class="grow row-title">{play.title(coupon.title)}</div>
              {held ? <span class="state done">{t('couponOwned')}</span> : <ActionButton label={t('couponClaim')} onAct={claim} />}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

function CartList({ play, cart, setCart }: Omit<ShopProps, 'describeProblem'>) {
  const { t, lang } = play;
  if (cart.length === 0) return <p class="hint">{t('cartEmpty')}</p>;
  return (
    <ul class="list" data-testid="cart">
      {cart.map((line) => (
        <li class="row" key={line.sku}>
          <ItemArt sku={line.sku} category={line.category} lang={lang} />
          <div class="grow">
            <div class="row-title">{itemName(line.sku, lang)}</div>
            <div class="row-sub">{play.money(line.unitPrice)}</div>
          </div>
          <div class="stepper">
            <button type="button" aria-label="−" onClick={() => setCart(setQuantity(cart, line, line.quantity - 1))}>
              −
            </button>
            <span data-testid={`qty-${line.sku}`}>{line.quantity}</span>
            <button type="button" aria-label="+" onClick={() => setCart(setQuantity(cart, line, line.quantity + 1))}>
              +
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}

function Catalog({ play, cart, setCart }: Omit<ShopProps, 'describeProblem'>) {
  const { t, lang } = play;
  const storeName = (id: string) => play.title(play.definition.pricing?.stores.find((s) => s.id === id)?.name ?? id);
  return (
    <Card title={t('catalogTitle')} id="catalog">
      <ul class="grid">
        {CATALOG.map((item) => {
          const inCart = cart.find((l) => l.sku === item.sku)?.quantity ?? 0;
          return (
            <li class="product" key={item.sku}>
              <ItemArt sku={item.sku} category={item.category} lang={lang} size="large" />
              <div class="product-name">{itemName(item.sku, lang)}</div>
              <div class="product-store">{storeName(item.store)}</div>
              {item.tags?.includes('d11') && <span class="badge">{t('d11Badge')}</span>}
              <div class="product-foot">
                <span class="price">{play.money(item.unitPrice)}</span>
                <button type="button" class="btn small" data-testid={`add-${item.sku}`} onClick={() => setCart(addItems(cart, [item]))}>
                  {inCart > 0 ? t('cartInCart', { quantity: inCart }) : t('cartAdd')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

function ShareCart({ play, cart }: { play: Play; cart: CartLine[] }) {
  const { t, client, campaignId, lang } = play;
  const [code, setCode] = useState<string | null>(null);
  if (!play.definition.sharedCarts || cart.length === 0) return null;
  const share = async () => {
    const items = cart.map(({ sku, store, unitPrice, quantity }) => ({ sku, store, unitPrice, quantity, title: itemName(sku, lang) }));
    const receipt = await play.act(
      command(client, 'share-cart', (header) => client.v1.campaigns[':campaignId'].carts.share.$post({ param: { campaignId }, header, json: { items } }), JSON.stringify(items)),
      () => t('cartShared'),
    );
    if (receipt?.outcome.type === 'cart.shared') setCode(receipt.outcome.code);
  };
  const link = code ? shareLink('cart', code, lang) : undefined;
  return (
    <div class="share-cart">
      <ActionButton label={t('cartShare')} onAct={share} kind="ghost" testId="share-cart" />
      {link && <ShareBox link={link} testId="cart-link" />}
    </div>
  );
}

/** Opened from a friend's shared-cart link: viewing it earns both of them clear-cart codes, once per pair. */
export function FriendCart({ play, code }: { play: Play; code: string }) {
  const { t, client, campaignId, lang } = play;
  const [seen, setSeen] = useState<{ items: readonly { sku: string; store: string; title?: string | undefined; unitPrice: number; quantity: number }[]; note: string } | null>(null);
  const view = async () => {
    const receipt = await play.act(
      command(client, 'view-cart', (header) => client.v1.campaigns[':campaignId'].carts.view.$post({ param: { campaignId }, header, json: { code } }), code),
    );
    if (receipt?.outcome.type !== 'cart.viewed') return;
    const { items, codes, ownerCodes } = receipt.outcome;
    // The answer does not say why no code came: outside the lottery's window it is that, else a pair or daily limit.
    const lottery = play.definition.lotteries.find((l) => l.id === play.definition.sharedCarts?.lottery);
    const issuing = lottery !== undefined && Date.parse(lottery.opensAt) <= play.now && play.now < Date.parse(lottery.drawAt);
    const note = codes.length > 0 || ownerCodes > 0 ? t('friendCartCodes', { count: codes.length, owner: ownerCodes }) : t(issuing ? 'friendCartNoCodes' : 'friendCartLotteryClosed');
    play.notify(note);
    setSeen({ items, note });
  };
  return (
    <div class="banner column" data-testid="friend-cart">
      <div class="banner-line">
        <span class="banner-icon">
          <Icon name="cart" size={26} />
        </span>
        <div class="grow">{t('friendCart')}</div>
        {!seen && <ActionButton label={t('friendCartOpen')} onAct={view} testId="view-cart" />}
      </div>
      {seen && (
        <div>
          <ul class="list compact">
            {seen.items.map((item) => (
              <li class="row" key={item.sku}>
                <ItemArt sku={item.sku} category={catalogItem(item.sku, item.store)?.category} lang={lang} />
                <div class="grow row-title">{item.title ?? itemName(item.sku, lang)}</div>
                <span>
                  {item.quantity} × {play.money(item.unitPrice)}
                </span>
              </li>
            ))}
          </ul>
          <p class="verdict ok with-icon" data-testid="friend-cart-note">
            <Icon name="ticket" size={18} /> {seen.note}
          </p>
        </div>
      )}
    </div>
  );
}

/** The shop: coupons, the cart with its live settlement, sharing it, and the catalog. */
export function Shop({ play, cart, setCart, describeProblem }: ShopProps) {
  const { t, client, campaignId } = play;
  const [quote, setQuote] = useState<{ value: Quote } | { problem: string } | null>(null);
  const [owned, setOwned] = useState<MyCoupons['instances']>([]);
  const [couponsRead, setCouponsRead] = useState(0);
  const cartKey = JSON.stringify(cart);

  useEffect(() => {
    let current = true;
    void call(client.v1.campaigns[':campaignId'].me.coupons.$get({ param: { campaignId } })).then((result) => {
      if (current && result.ok) setOwned(result.value.instances);
    });
    return () => void (current = false);
  }, [play.me.playerId, couponsRead]);

  useEffect(() => {
    if (cart.length === 0) return setQuote(null);
    let current = true;
    // Priced again whenever the cart, the shopper's state or the clock's reading changes.
    void call(client.v1.campaigns[':campaignId'].quote.$post({ param: { campaignId }, json: { cart: { lines: cartLines(cart) }, catalog: [...CATALOG] } })).then((result) => {
      if (current) setQuote(result.ok ? { value: result.value } : { problem: describeProblem(result.problem) });
    });
    return () => void (current = false);
  }, [cartKey, play.me.now, play.me.playerId, owned.length]);

  const addSuggested = (items: { sku: string; store: string }[]) => {
    const found = items.map((i) => catalogItem(i.sku, i.store)).filter((i): i is CatalogItem => i !== undefined);
    setCart(addItems(cart, found));
  };

  return (
    <div>
      <Coupons play={play} owned={owned} reload={() => setCouponsRead(couponsRead + 1)} />
      <Card title={t('cartTitle')} id="cart">
        <CartList play={play} cart={cart} setCart={setCart} />
        <ShareCart play={play} cart={cart} />
      </Card>
      {quote && ('problem' in quote ? <p class="error-line">{quote.problem}</p> : <Settlement play={play} quote={quote.value} onAdd={addSuggested} />)}
      <Catalog play={play} cart={cart} setCart={setCart} />
    </div>
  );
}
