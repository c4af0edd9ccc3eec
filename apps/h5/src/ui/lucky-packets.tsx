import { useState } from 'hono/jsx/dom';
import { command } from '../api.ts';
import type { Play } from '../play.ts';
import { Icon } from './icons.tsx';
import { ShareBox, shareLink } from './invite.tsx';
import { ActionButton, Card, OneTapBanner } from './kit.tsx';

/**
 * Team lucky packets (组队拼手气红包): the shopper sends one the campaign pays for, and shares its
 * link; friends who open it grab a share each, paid to their red-packet balance.
 */
export function LuckyPackets({ play }: { play: Play }) {
  const { t, client, campaignId, definition } = play;
  const [sent, setSent] = useState<Record<string, string>>({});
  if (definition.luckyPackets.length === 0) return null;
  return (
    <Card title={t('luckyPacketsTitle')} id="lucky-packets">
      <ul class="list">
        {definition.luckyPackets.map((packet) => {
          const code = sent[packet.id];
          const send = async () => {
            const receipt = await play.act(
              command(client, `send-${packet.id}`, (header) => client.v1.campaigns[':campaignId']['lucky-packets'][':packetId'].send.$post({ param: { campaignId, packetId: packet.id }, header })),
              () => t('luckyPacketSent'),
            );
            if (receipt?.outcome.type === 'lucky.sent') setSent({ ...sent, [packet.id]: receipt.outcome.code });
          };
          const link = code ? shareLink('packet', code, play.lang) : undefined;
          return (
            <li key={packet.id} data-testid={`lucky-packet-${packet.id}`}>
              <div class="row">
                <span class="icon">
                  <Icon name="gift" />
                </span>
                <div class="grow">
                  <div class="row-title">{play.title(packet.title)}</div>
                  <div class="row-sub">{t('luckyPacketShares', { amount: play.money(packet.amount), packets: packet.packets })}</div>
                </div>
                {!link && <ActionButton label={t('luckyPacketSend')} onAct={send} testId={`send-${packet.id}`} />}
              </div>
              {link && <ShareBox link={link} testId="packet-link" />}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

/** Opened from a friend's lucky-packet link: one tap grabs a share, and says how much. */
export function GrabPacket({ play, code }: { play: Play; code: string }) {
  const { t, client, campaignId } = play;
  const grab = async () => {
    const receipt = await play.act(
      command(client, 'grab', (header) => client.v1.campaigns[':campaignId']['lucky-packets'].grab.$post({ param: { campaignId }, header, json: { code } }), code),
    );
    if (receipt?.outcome.type !== 'lucky.grabbed') return undefined;
    const { amount, share, packets } = receipt.outcome;
    const said = t('luckyPacketGrabbed', { amount: play.money(amount), share, packets });
    play.notify(said);
    return said;
  };
  return <OneTapBanner icon="gift" prompt={t('luckyPacketFrom')} action={t('luckyPacketGrab')} testId="packet-banner" actionTestId="grab" onAct={grab} />;
}
