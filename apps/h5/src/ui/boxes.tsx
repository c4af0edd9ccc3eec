import { command, type Outcome, type PlayerState } from '../api.ts';
import type { Play } from '../play.ts';
import { Icon } from './icons.tsx';
import { ActionButton, Card, Meter } from './kit.tsx';

type Box = PlayerState['boxes'][number];

/** What a box gave, in a sentence: candy, a red packet, a prize, or nothing this time. */
function boxMessage(play: Play, outcome: Outcome): string | undefined {
  if (outcome.type !== 'box.opened') return undefined;
  const won =
    outcome.candy !== null && outcome.candy.credited > 0
      ? play.t('boxWonCandy', { candy: outcome.candy.credited })
      : outcome.cash !== null && outcome.cash > 0
        ? play.t('boxWonCash', { cash: play.money(outcome.cash) })
        : outcome.prize !== null
          ? play.t('boxWonPrize', { prize: play.title(outcome.prize) })
          : play.t('boxWonNothing');
  return outcome.unavailable ? `${won} ${play.t('boxUnavailable', { reward: outcome.unavailable.rewardId })}` : won;
}

function BoxRow({ play, box }: { play: Play; box: Box }) {
  const { t, client, campaignId } = play;
  const definition = play.definition.boxes.find((b) => b.id === box.id);
  const redPacket = definition?.budget !== undefined;
  const open = () =>
    play.act(
      command(client, box.id, (header) => client.v1.campaigns[':campaignId'].boxes[':boxId'].open.$post({ param: { campaignId, boxId: box.id }, header })),
      (receipt) => boxMessage(play, receipt.outcome),
    );
  const label =
    box.available > 0 ? t('boxOpen') : box.price !== null ? t(redPacket ? 'redPacketDraw' : 'boxBuy', { price: box.price }) : t('boxOpen');
  const perTasks = box.everyTasks;
  const closed = !box.open;
  return (
    <li class={`row box ${redPacket ? 'red' : ''}`} data-testid={`box-row-${box.id}`}>
      <span class="icon big">
        <Icon name={redPacket ? 'packet' : 'gift'} size={26} />
      </span>
      <div class="grow">
        <div class="row-title">{play.title(box.title)}</div>
        {closed && <div class="row-sub note">{box.opensAt ? t('opensAt', { at: play.when(box.opensAt) }) : t('closedForGood')}</div>}
        {!closed && box.empty && <div class="row-sub note">{t('boxEmpty')}</div>}
        {perTasks !== null && (
          <div class="row-sub">
            {box.available > 0 ? (
              <span class="reward">{t('boxAvailable', { count: box.available })}</span>
            ) : (
              <span class="note">{t('boxProgress', { done: box.tasksDone % perTasks, every: perTasks })}</span>
            )}
            <Meter value={box.tasksDone % perTasks} max={perTasks} />
          </div>
        )}
      </div>
      {closed ? (
        <span class="state locked">
          <Icon name="lock" />
        </span>
      ) : (
        <ActionButton label={label} onAct={open} disabled={box.empty || (box.available === 0 && box.price === null)} testId={`box-${box.id}`} />
      )}
    </li>
  );
}

export function Boxes({ play }: { play: Play }) {
  if (play.me.boxes.length === 0) return null;
  return (
    <Card title={play.t('boxesTitle')} id="boxes">
      <ul class="list">
        {play.me.boxes.map((box) => (
          <BoxRow play={play} box={box} key={box.id} />
        ))}
      </ul>
    </Card>
  );
}
