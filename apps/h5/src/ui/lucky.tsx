import { useEffect, useState } from 'hono/jsx/dom';
import { anonymousClient, call, type LotteryState, type PoolState, type PublishedDraw } from '../api.ts';
import { count, countdown, shortHash } from '../format.ts';
import { shopperName } from '../demo.ts';
import type { Play } from '../play.ts';
import { canVerify, verifyDraw } from '../verify.ts';
import { Icon } from './icons.tsx';
import { ActionButton, Card } from './kit.tsx';

/** Winners shown on a phone; the rest are counted, and all are in the downloadable draw. */
const WINNERS_SHOWN = 10;

function Verification({ play, lotteryId }: { play: Play; lotteryId: string }) {
  const { t } = play;
  const [verdict, setVerdict] = useState<{ text: string; ok: boolean; file?: string } | null>(null);
  if (!canVerify()) return <p class="note">{t('lotteryVerifyUnavailable')}</p>;
  const verify = async () => {
    // The published draw needs no credentials: anyone can fetch and check it.
    const result = await call(anonymousClient().v1.campaigns[':campaignId'].lotteries[':lotteryId'].draw.$get({ param: { campaignId: play.campaignId, lotteryId } }));
    if (!result.ok) return play.act(Promise.resolve(result));
    const draw: PublishedDraw = result.value;
    // JSON carries the list as ticket objects; the columnar form is the engine's in-memory one.
    const checked = Array.isArray(draw.tickets) ? await verifyDraw({ ...draw, tickets: draw.tickets }) : { ok: false as const, problem: 'tickets' };
    const file = URL.createObjectURL(new Blob([JSON.stringify(draw, null, 2)], { type: 'application/json' }));
    setVerdict(checked.ok ? { text: t('lotteryVerified'), ok: true, file } : { text: t('lotteryVerifyFailed', { problem: checked.problem }), ok: false, file });
  };
  return (
    <div class="verify">
      <ActionButton label={t('lotteryVerify')} onAct={verify} kind="ghost" testId="verify-draw" />
      {verdict && (
        <>
          <p class={verdict.ok ? 'verdict ok with-icon' : 'verdict bad'} data-testid="verdict">
            {verdict.ok && <Icon name="shield" size={18} />}
            {verdict.text}
          </p>
          {verdict.file && (
            <a class="link-out" href={verdict.file} download={`${lotteryId}-draw.json`}>
              {t('lotteryDownload')}
            </a>
          )}
        </>
      )}
    </div>
  );
}

function Lottery({ play, lottery }: { play: Play; lottery: LotteryState }) {
  const { t, lang } = play;
  const result = lottery.result;
  const mine = result?.winners.filter((w) => w.playerId === play.me.playerId) ?? [];
  const tierTitle = (id: string) => play.title(lottery.tiers.find((tier) => tier.id === id)?.title ?? id);
  return (
    <Card title={play.title(lottery.title)} id={`lottery-${lottery.id}`}>
      <div class="tiers">
        {lottery.tiers.map((tier) => (
          <span class="chip gold" key={tier.id}>
            {play.title(tier.title)} × {count(tier.count, lang)}
          </span>
        ))}
      </div>
      {lottery.status === 'upcoming' && <p class="note">{t('lotteryUpcoming', { at: play.when(lottery.opensAt) })}</p>}
      {lottery.status === 'open' && (
        <p class="countdown-line">
          {t('lotteryDrawIn')} <b>{countdown(Date.parse(lottery.drawAt) - play.now, lang)}</b>
        </p>
      )}
      {lottery.status === 'frozen' && <p class="note">{t('lotteryFrozen')}</p>}

      <div class="row-sub">{t('lotteryMyTickets', { count: lottery.myTickets.length })}</div>
      {lottery.myTickets.length > 0 ? (
        <ul class="chips tickets" data-testid="my-tickets">
          {lottery.myTickets.map((ticket) => (
            <li class={`chip ticket ${mine.some((w) => w.ticket === ticket) ? 'won' : ''}`} key={ticket}>
              {ticket}
            </li>
          ))}
        </ul>
      ) : (
        <p class="hint">{t('lotteryNoTickets')}</p>
      )}

      <dl class="proof">
        <dt>{t('lotteryPublicValueNamed')}</dt>
        <dd data-testid="public-value-named">
          {lottery.publicValue}
          {lottery.publicValueFormat === 'hex64' && `, ${t('publicValueHex64')}`}
        </dd>
        {lottery.commitment && (
          <>
            <dt>{t('lotteryCommitment')}</dt>
            <dd class="mono" data-testid="commitment" title={lottery.commitment}>
              {shortHash(lottery.commitment)}
            </dd>
          </>
        )}
        {lottery.ticketsHash && (
          <>
            <dt>{t('lotteryTicketsHash')}</dt>
            <dd class="mono" title={lottery.ticketsHash}>
              {shortHash(lottery.ticketsHash)}
            </dd>
          </>
        )}
        {result && (
          <>
            <dt>{t('lotteryPublicValue')}</dt>
            <dd class="mono">{result.publicValue}</dd>
            <dt>{t('lotterySeed')}</dt>
            <dd class="mono" title={result.seed}>
              {shortHash(result.seed)}
            </dd>
          </>
        )}
      </dl>

      {result && (
        <div class="winners" data-testid="winners">
          {mine.length > 0 && <p class="verdict ok">{t('lotteryYouWon')}</p>}
          <div class="row-sub">{t('lotteryWinners')}</div>
          <ul class="list compact">
            {result.winners.slice(0, WINNERS_SHOWN).map((winner) => (
              <li class={`row winner ${winner.playerId === play.me.playerId ? 'me' : ''}`} key={winner.ticket} data-testid="winner">
                <span class="grow">
                  {shopperName(winner.playerId, lang)} <span class="mono muted">{winner.ticket}</span>
                </span>
                <span>{winner.cash !== null ? play.money(winner.cash) : tierTitle(winner.tier)}</span>
              </li>
            ))}
          </ul>
          {result.winners.length > WINNERS_SHOWN && <p class="note">{t('lotteryMoreWinners', { count: result.winners.length - WINNERS_SHOWN })}</p>}
          <Verification play={play} lotteryId={lottery.id} />
        </div>
      )}
    </Card>
  );
}

function Pool({ play, pool }: { play: Play; pool: PoolState }) {
  const { t, lang } = play;
  return (
    <Card title={play.title(pool.title)} id={`pool-${pool.id}`}>
      <div class="pool-amount">{play.money(pool.amount)}</div>
      {pool.status === 'settled' && pool.result ? (
        <div data-testid="pool-result">
          <p class="note">{t('poolSettled', { players: pool.result.players, paid: play.money(pool.result.paid) })}</p>
          <p class="verdict ok" data-testid="pool-mine">
            {t('poolMine', { payout: play.money(pool.myPayout ?? 0) })}
          </p>
        </div>
      ) : Date.parse(pool.settleAt) > play.now ? (
        <p class="countdown-line">
          {t(pool.basis === 'earned' ? 'poolSettleInEarned' : 'poolSettleInHeld')} <b>{countdown(Date.parse(pool.settleAt) - play.now, lang)}</b>
        </p>
      ) : (
        <p class="note">{t('poolPending')}</p>
      )}
    </Card>
  );
}

/** Lotteries and pools: read afresh whenever the shopper's state is. */
export function Lucky({ play }: { play: Play }) {
  const { client, campaignId, definition } = play;
  const [lotteries, setLotteries] = useState<LotteryState[]>([]);
  const [pools, setPools] = useState<PoolState[]>([]);
  useEffect(() => {
    let current = true;
    const campaign = client.v1.campaigns[':campaignId'];
    void Promise.all(definition.lotteries.map((l) => call(campaign.lotteries[':lotteryId'].$get({ param: { campaignId, lotteryId: l.id } })))).then((results) => {
      if (current) setLotteries(results.flatMap((r) => (r.ok ? [r.value] : [])));
    });
    void Promise.all(definition.pools.map((p) => call(campaign.pools[':poolId'].$get({ param: { campaignId, poolId: p.id } })))).then((results) => {
      if (current) setPools(results.flatMap((r) => (r.ok ? [r.value] : [])));
    });
    return () => void (current = false);
  }, [play.me]);
  return (
    <div>
      {lotteries.map((lottery) => (
        <Lottery play={play} lottery={lottery} key={lottery.id} />
      ))}
      {pools.map((pool) => (
        <Pool play={play} pool={pool} key={pool.id} />
      ))}
    </div>
  );
}
