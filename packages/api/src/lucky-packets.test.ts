import { describe, expect, it } from 'vitest';
import { CAMPAIGN, harness, okJson, outcomeOf } from './testing.ts';

const base = `/v1/campaigns/${CAMPAIGN}`;

describe('lucky packets over the API', () => {
  it('sends the example team packet, friends grab its shares into their red packets, and anyone with the code reads the grabs', async () => {
    const h = await harness();
    const [amy, bob, cat] = await Promise.all([h.token('amy'), h.token('bob'), h.token('cat')]);
    const sent = await outcomeOf('lucky.sent', h.call('POST', `${base}/lucky-packets/team-lucky-packet/send`, { token: amy, headers: { 'Idempotency-Key': 'send-1' } }));
    expect(sent).toMatchObject({ packetId: 'team-lucky-packet', amount: 888, packets: 5 });
    // A retry gives the same packet, not another.
    expect(await outcomeOf('lucky.sent', h.call('POST', `${base}/lucky-packets/team-lucky-packet/send`, { token: amy, headers: { 'Idempotency-Key': 'send-1' } }))).toEqual(sent);

    const bobs = await outcomeOf('lucky.grabbed', h.call('POST', `${base}/lucky-packets/grab`, { token: bob, body: { code: sent.code } }));
    expect(bobs).toMatchObject({ senderId: 'amy', share: 1, packets: 5, luckiest: null });
    const state = await okJson<{ grabs: { playerId: string; amount: number }[]; mine: number | null; status: string }>(
      h.call('GET', `${base}/lucky-packets?code=${encodeURIComponent(sent.code)}`, { token: cat }),
    );
    expect(state).toMatchObject({ status: 'open', mine: null, grabs: [{ playerId: 'bob', amount: bobs.amount }] });

    const unknown = await h.call('GET', `${base}/lucky-packets?code=nope`, { token: cat });
    expect(unknown.status).toBe(422);
  });
});
