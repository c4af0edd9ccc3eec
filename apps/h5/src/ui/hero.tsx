import { count, countdown } from '../format.ts';
import type { Play } from '../play.ts';
import { Icon } from './icons.tsx';
import { AnimatedNumber, Meter } from './kit.tsx';

/** The top of the page: the festival phase with its countdown, the candy wallet and the red packets to spend. */
export function Hero({ play }: { play: Play }) {
  const { me, definition, t, lang } = play;
  const phaseOf = (id: string | null) => definition.phases.find((p) => p.id === id);
  const current = phaseOf(me.phase.current);
  const next = me.phase.next;
  const { balance, earnedToday, dailyEarnCap } = me.candy;
  // A campaign that pays no money (no budgets) has no red packets to show.
  const paysMoney = definition.budgets.length > 0 || me.redPackets.balance > 0;
  return (
    <div class="hero">
      <div class="phase" data-testid="phase">
        <span class="chip">{current ? play.title(current.name) : t('phaseNone')}</span>
        {next ? (
          <span class="countdown">
            {t('phaseNextIn', { phase: play.title(phaseOf(next.id)?.name ?? next.id) })}{' '}
            <b>{countdown(Date.parse(next.startsAt) - play.now, lang)}</b>
          </span>
        ) : current ? (
          <span class="countdown">
            {t('phaseEndsIn')} <b>{countdown(Date.parse(current.end) - play.now, lang)}</b>
          </span>
        ) : (
          <span class="countdown">{t('phaseOver')}</span>
        )}
      </div>
      <div class="wallet">
        <div class="wallet-label with-icon">
          <Icon name="candy" size={16} /> {t('candyBalance')}
        </div>
        <div class="wallet-balance">
          <AnimatedNumber value={balance} format={(n) => count(n, lang)} testId="candy-balance" />
        </div>
        <div class="wallet-today" data-testid="earned-today">
          {dailyEarnCap === null
            ? t('earnedTodayNoCap', { earned: count(earnedToday, lang) })
            : t('earnedToday', { earned: count(earnedToday, lang), cap: count(dailyEarnCap, lang) })}
        </div>
        {dailyEarnCap !== null && <Meter value={earnedToday} max={dailyEarnCap} />}
        {paysMoney && (
          <div class="wallet-money with-icon" data-testid="red-packet-balance">
            <Icon name="packet" size={14} /> {t('redPacketBalance', { amount: play.money(me.redPackets.balance) })}
          </div>
        )}
      </div>
    </div>
  );
}
