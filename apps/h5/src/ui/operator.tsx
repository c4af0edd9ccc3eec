import { useEffect, useState } from 'hono/jsx/dom';
import { call, clientFor, command, type ClockReading, type Result } from '../api.ts';
import { DEV_ADMIN_KEY } from '../demo.ts';
import type { Play } from '../play.ts';
import { Icon } from './icons.tsx';
import { ActionButton } from './kit.tsx';

/**
 * Demo mode's operator panel: moves the manual campaign clock through warm-up, the selling
 * waves and the draw, and runs what the scheduler would (a lottery's draw needs its public
 * value, which a demo makes up; a pool's split), so one person can walk the whole festival.
 */
/** The demo's made-up public value: SHA-256 of "demo public value". */
const DEMO_PUBLIC_VALUE = '0080959a0e36548f2e3bcf6b7b41567ebed88266f7af9b5b8c3d36d75c2c543c';

export function Operator({ play, onClock }: { play: Play; onClock(reading: ClockReading): void }) {
  const { t, campaignId, definition } = play;
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState(DEV_ADMIN_KEY);
  const [reading, setReading] = useState<ClockReading | null>(null);
  // Written as 64 lowercase hex digits, as a drand round's randomness is and the example's lottery requires.
  const [publicValue, setPublicValue] = useState(DEMO_PUBLIC_VALUE);
  const admin = clientFor(key);

  const took = (next: ClockReading) => {
    setReading(next);
    onClock(next);
  };
  useEffect(() => {
    void call(admin.v1.admin.clock.$get()).then((result) => result.ok && took(result.value));
  }, [key]);

  const move = async (request: Promise<Result<ClockReading>>) => {
    const next = await play.act(request);
    if (next) took(next);
  };
  const jump = (instant: string) => move(call(admin.v1.admin.clock.$put({ json: { now: new Date(instant).toISOString() } })));
  const advance = (seconds: number) => move(call(admin.v1.admin.clock.advance.$post({ json: { seconds } })));

  const moments = [
    ...definition.phases.map((phase) => ({ label: play.title(phase.name), at: phase.start })),
    ...definition.lotteries.map((lottery) => ({ label: `${t('operatorDrawTime')} · ${play.title(lottery.title)}`, at: lottery.drawAt })),
    ...definition.pools.map((pool) => ({ label: `${t('operatorSettleTime')} · ${play.title(pool.title)}`, at: pool.settleAt })),
  ];

  return (
    <div class={`operator ${open ? 'open' : ''}`}>
      <button type="button" class="operator-toggle" data-testid="operator-toggle" onClick={() => setOpen(!open)} aria-label={t('operatorTitle')}>
        <Icon name={open ? 'close' : 'clock'} size={24} />
      </button>
      {open && (
        <div class="operator-panel" data-testid="operator">
          <h3>{t('operatorTitle')}</h3>
          <div class="clock" data-testid="operator-clock">
            {t('operatorClock')}: <b>{reading ? play.when(reading.now) : '—'}</b>{' '}
            {reading && <span class="muted">({reading.running ? t('operatorRunning') : t('operatorFrozen')})</span>}
          </div>
          <div class="row-sub">{t('operatorAdvance')}</div>
          <div class="buttons">
            {[
              ['+15 s', 15],
              ['+1 min', 60],
              ['+1 h', 3600],
              ['+1 d', 86_400],
            ].map(([label, seconds]) => (
              <ActionButton label={String(label)} kind="ghost" onAct={() => advance(Number(seconds))} testId={`advance-${seconds}`} key={String(label)} />
            ))}
          </div>
          <div class="row-sub">{t('operatorJump')}</div>
          <div class="buttons column">
            {moments.map((moment, i) => (
              <ActionButton label={`${play.when(moment.at)} · ${moment.label}`} kind="ghost" onAct={() => jump(moment.at)} testId={`jump-${i}`} key={moment.at + moment.label} />
            ))}
          </div>
          {definition.lotteries.map((lottery) => (
            <div class="operator-draw" key={lottery.id}>
              <label>
                {t('operatorPublicValue')}
                {lottery.publicValueFormat === 'hex64' && <span class="hint">{t('publicValueHex64')}</span>}
                <input value={publicValue} onInput={(e: Event) => setPublicValue((e.target as HTMLInputElement).value)} data-testid="public-value" />
              </label>
              <ActionButton
                label={`${t('operatorDraw')} · ${play.title(lottery.title)}`}
                testId={`draw-${lottery.id}`}
                onAct={() =>
                  play.act(
                    command(
                      admin,
                      `draw-${lottery.id}`,
                      (header) => admin.v1.campaigns[':campaignId'].lotteries[':lotteryId'].draw.$post({ param: { campaignId, lotteryId: lottery.id }, header, json: { publicValue } }),
                      publicValue,
                    ),
                    (receipt) => (receipt.outcome.type === 'lottery.drawn' ? t('operatorDrawn', { winners: receipt.outcome.winners }) : undefined),
                  )
                }
              />
            </div>
          ))}
          {definition.pools.map((pool) => (
            <ActionButton
              key={pool.id}
              label={`${t('operatorSettle')} · ${play.title(pool.title)}`}
              kind="ghost"
              testId={`settle-${pool.id}`}
              onAct={() =>
                play.act(
                  command(admin, `settle-${pool.id}`, (header) => admin.v1.campaigns[':campaignId'].pools[':poolId'].settle.$post({ param: { campaignId, poolId: pool.id }, header })),
                  (receipt) => (receipt.outcome.type === 'pool.settled' ? t('operatorSettled', { paid: play.money(receipt.outcome.paid) }) : undefined),
                )
              }
            />
          ))}
          <label class="key">
            {t('operatorKey')}
            <input value={key} onChange={(e: Event) => setKey((e.target as HTMLInputElement).value)} />
          </label>
        </div>
      )}
    </div>
  );
}
