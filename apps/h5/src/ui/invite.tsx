import type { Child } from 'hono/jsx';
import { renderSVG } from 'uqr';
import { command } from '../api.ts';
import type { Play } from '../play.ts';
import { shopperName } from '../demo.ts';
import { ActionButton, Card, OneTapBanner } from './kit.tsx';

/** A link to this page that carries a share code (`invite`, `cart` or `packet`), in the shopper's language. */
export function shareLink(param: 'invite' | 'cart' | 'packet', code: string, lang: string): string {
  const url = new URL(location.pathname, location.origin);
  url.searchParams.set(param, code);
  url.searchParams.set('lang', lang);
  return url.toString();
}

/** A QR code drawn in the page (uqr), so sharing needs no outside service. */
function QrCode({ text }: { text: string }) {
  return <div class="qr" data-testid="qr" dangerouslySetInnerHTML={{ __html: renderSVG(text, { border: 1 }) }} />;
}

/** A share link as the page offers it: its QR code, and the link to copy (selected on focus). */
export function ShareBox({ link, testId, children }: { link: string; testId: string; children?: Child }) {
  return (
    <div class="share">
      <QrCode text={link} />
      <input class="link" readOnly value={link} data-testid={testId} onFocus={(e: Event) => (e.target as HTMLInputElement).select()} />
      {children}
    </div>
  );
}

export function Invite({ play }: { play: Play }) {
  const { t, me, client, campaignId } = play;
  const invitations = me.invitations;
  if (!invitations) return null;
  const code = invitations.shareCode;
  const link = code ? shareLink('invite', code, play.lang) : undefined;
  const create = () => play.act(command(client, 'invite', (header) => client.v1.campaigns[':campaignId'].invitations.$post({ param: { campaignId }, header })));
  return (
    <Card title={t('inviteTitle')} id="invite">
      <p class="hint">{t('inviteHint')}</p>
      {link ? (
        <ShareBox link={link} testId="invite-link">
          <ActionButton
            label={t('inviteCopy')}
            kind="ghost"
            onAct={async () => {
              await navigator.clipboard?.writeText(link).catch(() => undefined);
              play.notify(t('inviteCopied'));
            }}
          />
        </ShareBox>
      ) : (
        <ActionButton label={t('inviteCreate')} onAct={create} testId="invite-create" />
      )}
      <p class="note">{t('inviteToday', { received: invitations.receivedToday, limit: invitations.perInviterPerDay })}</p>
      {invitations.assists.length > 0 && (
        <div class="assists">
          <div class="row-sub">{t('assistsList')}</div>
          <ul class="chips" data-testid="assists">
            {invitations.assists.map((assist) => (
              <li class="chip" key={assist.friendId + assist.at}>
                {shopperName(assist.friendId, play.lang)} +{assist.inviterCandy}
                {assist.newCustomer && ` · ${t('newCustomer')}`}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}

/** Opened from a friend's invite link: one tap assists them, and both rewards are shown. */
export function AssistFriend({ play, code }: { play: Play; code: string }) {
  const { t, client, campaignId } = play;
  const assist = async () => {
    const receipt = await play.act(
      command(client, 'assist', (header) => client.v1.campaigns[':campaignId'].invitations.accept.$post({ param: { campaignId }, header, json: { code } }), code),
    );
    if (receipt?.outcome.type !== 'invitation.accepted') return undefined;
    const said = t('assistDone', { friend: receipt.outcome.friend.credited, inviter: receipt.outcome.inviter.credited });
    play.notify(said);
    return said;
  };
  return <OneTapBanner icon="hand" prompt={t('assistFrom')} action={t('assistFriend')} testId="assist-banner" actionTestId="assist" onAct={assist} />;
}
