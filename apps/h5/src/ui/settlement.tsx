import type { Quote } from '../api.ts';
import { catalogItem, itemName } from '../catalog.ts';
import { Icon, type IconName } from './icons.tsx';
import type { Play } from '../play.ts';
import { ActionButton, Card, ItemArt } from './kit.tsx';

const KIND_ICON: Record<Quote['rules'][number]['kind'], IconName> = {
  'item-cut': 'tag',
  'member-price': 'star',
  presale: 'clock',
  threshold: 'coin',
  coupon: 'ticket',
  'member-discount': 'star',
  'red-packets': 'packet',
};

/** A live settlement: each line's discounts by source, sub-orders by store, the payable, and the best top-up. */
export function Settlement({ play, quote, onAdd }: { play: Play; quote: Quote; onAdd(items: { sku: string; store: string }[]): void }) {
  const { t, lang, money } = play;
  const ruleTitle = (id: string) => play.title(quote.rules.find((rule) => rule.id === id)?.title ?? id);
  const couponTitle = (instance: string) => {
    const couponId = instance.split('#')[0];
    return play.title(play.definition.pricing?.coupons.find((c) => c.id === couponId)?.title ?? instance);
  };
  // The hint that saves most per extra yuan comes first; it is the one worth a tap.
  const hint = quote.hints[0];
  return (
    <Card title={t('settleTitle')} id="settlement">
      <ul class="list lines">
        {quote.lines.map((line) => (
          <li class="line" key={line.id} data-testid={`line-${line.sku}`}>
            <div class="line-head">
              <ItemArt sku={line.sku} category={catalogItem(line.sku, line.store)?.category} lang={lang} />
              <span class="grow row-title">
                {itemName(line.sku, lang)} <span class="muted">× {line.quantity}</span>
              </span>
              <span class="muted strike">{line.discounts.length > 0 ? money(line.list) : ''}</span>
              <b>{money(line.net)}</b>
            </div>
            {line.discounts.map((discount) => (
              <div class="discount" key={discount.source + (discount.coupon ?? '')}>
                <span class="with-icon">
                  <Icon name={KIND_ICON[discount.kind]} size={14} /> {ruleTitle(discount.source)}
                </span>
                <span class="minus">−{money(discount.amount)}</span>
              </div>
            ))}
          </li>
        ))}
      </ul>

      <div class="stores">
        <div class="row-sub">{t('settleByStore')}</div>
        {quote.stores.map((store) => (
          <div class="store-line" key={store.store} data-testid={`suborder-${store.store}`}>
            <span class="grow">{play.title(store.name)}</span>
            {store.discount > 0 && <span class="minus">−{money(store.discount)}</span>}
            <b>{money(store.total)}</b>
          </div>
        ))}
      </div>

      <div class="coupons-used">
        <Icon name="ticket" size={14} /> {quote.coupons.length > 0 ? `${t('settleCoupons')}: ${quote.coupons.map(couponTitle).join('，')}` : t('settleNoCoupons')}
      </div>

      <dl class="totals">
        <dt>{t('settleList')}</dt>
        <dd>{money(quote.list)}</dd>
        <dt>{t('settleDiscount')}</dt>
        <dd class="minus" data-testid="discount">
          −{money(quote.discount)}
        </dd>
        {quote.fees > 0 && (
          <>
            <dt>{t('settleFees')}</dt>
            <dd>{money(quote.fees)}</dd>
          </>
        )}
      </dl>
      <div class="payable">
        <span>{t('settlePayable')}</span>
        <b data-testid="payable">{money(quote.payable)}</b>
      </div>
      {quote.deposit > 0 && <p class="note">{t('settleDeposit', { deposit: money(quote.deposit) })}</p>}

      {hint && (
        <div class="top-up" data-testid="top-up">
          <div class="top-up-title with-icon">
            <Icon name="bulb" size={16} /> {t('topUpTitle')}
          </div>
          <div data-testid="top-up-text">{t('topUpHint', { needed: money(hint.needed), saves: money(hint.saves) })}</div>
          <div class="muted small">{ruleTitle(hint.id)}</div>
          {hint.suggestion && (
            <div class="suggestion">
              <ul class="chips">
                {hint.suggestion.items.map((item) => (
                  <li class="chip" key={item.sku}>
                    {itemName(item.sku, lang)} {money(item.eligible)}
                  </li>
                ))}
              </ul>
              <ActionButton label={t('topUpAdd', { adds: money(hint.suggestion.adds) })} onAct={async () => onAdd(hint.suggestion?.items ?? [])} testId="top-up-add" />
            </div>
          )}
        </div>
      )}
    </Card>
  );
}
