import { describe, expect, it } from 'vitest';
import { FAILURE_CODES } from './problem.ts';
import { harness } from './testing.ts';

const ROUTES = [
  'get /healthz',
  'get /v1/campaigns',
  'post /v1/campaigns',
  'get /v1/campaigns/{campaignId}',
  'get /v1/campaigns/{campaignId}/me',
  'get /v1/campaigns/{campaignId}/me/campaign',
  'get /v1/campaigns/{campaignId}/me/ledger',
  'post /v1/campaigns/{campaignId}/tasks/{taskId}/start',
  'post /v1/campaigns/{campaignId}/tasks/{taskId}/complete',
  'post /v1/campaigns/{campaignId}/players/{playerId}/tasks/{taskId}/complete',
  'post /v1/campaigns/{campaignId}/invitations',
  'post /v1/campaigns/{campaignId}/invitations/accept',
  'post /v1/campaigns/{campaignId}/boxes/{boxId}/open',
  'post /v1/campaigns/{campaignId}/quote',
  'get /v1/campaigns/{campaignId}/me/coupons',
  'post /v1/campaigns/{campaignId}/coupons/{couponId}/claim',
  'post /v1/campaigns/{campaignId}/players/{playerId}/coupons',
  'post /v1/campaigns/{campaignId}/players/{playerId}/allowance',
  'get /v1/campaigns/{campaignId}/pools/{poolId}',
  'post /v1/campaigns/{campaignId}/pools/{poolId}/settle',
  'post /v1/campaigns/{campaignId}/lotteries/{lotteryId}/release',
  'post /v1/campaigns/{campaignId}/carts/share',
  'post /v1/campaigns/{campaignId}/carts/view',
  'post /v1/campaigns/{campaignId}/lucky-packets/{packetId}/send',
  'post /v1/campaigns/{campaignId}/lucky-packets/grab',
  'get /v1/campaigns/{campaignId}/lucky-packets',
  'post /v1/campaigns/{campaignId}/orders',
  'get /v1/campaigns/{campaignId}/orders',
  'get /v1/campaigns/{campaignId}/budgets',
  'get /v1/campaigns/{campaignId}/orders/{orderId}',
  'post /v1/campaigns/{campaignId}/orders/{orderId}/cancel',
  'post /v1/campaigns/{campaignId}/players/{playerId}/orders/{orderId}/pay',
  'post /v1/campaigns/{campaignId}/players/{playerId}/orders/{orderId}/cancel',
  'post /v1/campaigns/{campaignId}/players/{playerId}/orders/{orderId}/refund',
  'get /v1/campaigns/{campaignId}/settlement-report',
  'get /v1/campaigns/{campaignId}/lotteries/{lotteryId}',
  'get /v1/campaigns/{campaignId}/lotteries/{lotteryId}/draw',
  'post /v1/campaigns/{campaignId}/lotteries/{lotteryId}/draw',
  'post /v1/campaigns/{campaignId}/players/{playerId}/lotteries/{lotteryId}/tickets',
  'post /v1/campaigns/{campaignId}/players/{playerId}/lotteries/{lotteryId}/ban',
  'get /v1/admin/clock',
  'put /v1/admin/clock',
  'post /v1/admin/clock/advance',
];

interface Operation {
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
}
interface Document {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; scheme: string }> };
}

const operations = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with every route, the bearer schemes and problem responses', async () => {
    const h = await harness({ dev: false });
    const response = await h.call('GET', '/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Document;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Carnival play API');
    expect(operations(doc).sort()).toEqual([...ROUTES].sort());
    expect(doc.components.securitySchemes).toMatchObject({ playerToken: { type: 'http', scheme: 'bearer' }, adminKey: { type: 'http', scheme: 'bearer' } });
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['CampaignDefinition', 'Receipt', 'PlayerState', 'Problem', 'LedgerEntry']));

    const complete = doc.paths['/v1/campaigns/{campaignId}/tasks/{taskId}/complete']!.post!;
    expect(complete.security).toEqual([{ playerToken: [] }]);
    expect(complete.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['path:campaignId', 'path:taskId', 'header:Idempotency-Key']);
    expect(complete.responses['409']?.content?.['application/problem+json']?.schema.$ref).toBe('#/components/schemas/Problem');
    expect(doc.paths['/v1/campaigns']!.post!.security).toEqual([{ adminKey: [] }]);
  });

  it('describes the shop: quotes, orders and their admin routes', async () => {
    const doc = (await (await (await harness({ dev: false })).call('GET', '/openapi.json')).json()) as Document;
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['QuoteRequest', 'Quote', 'SettledLine', 'SubOrder', 'RuleReport', 'TopUpHint', 'CreateOrderBody', 'Order', 'CouponInstance', 'MyCoupons', 'SettlementReport']),
    );
    const quote = doc.paths['/v1/campaigns/{campaignId}/quote']!.post!;
    expect(quote.security).toEqual([{ playerToken: [] }]);
    expect(quote.requestBody?.content['application/json']?.schema.$ref).toBe('#/components/schemas/QuoteRequest');
    expect(quote.responses['200']?.content?.['application/json']?.schema.$ref).toBe('#/components/schemas/Quote');
    expect(quote.parameters?.map((p) => p.name)).toEqual(['campaignId']);

    const create = doc.paths['/v1/campaigns/{campaignId}/orders']!.post!;
    expect(create.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['path:campaignId', 'header:Idempotency-Key']);
    expect(create.requestBody?.content['application/json']?.schema.$ref).toBe('#/components/schemas/CreateOrderBody');
    expect(create.responses['409']?.content?.['application/problem+json']?.schema.$ref).toBe('#/components/schemas/Problem');

    const pay = doc.paths['/v1/campaigns/{campaignId}/players/{playerId}/orders/{orderId}/pay']!.post!;
    expect(pay.security).toEqual([{ adminKey: [] }]);
    expect(pay.requestBody?.required).toBe(false);
    expect(doc.paths['/v1/campaigns/{campaignId}/settlement-report']!.get!.security).toEqual([{ adminKey: [] }]);
  });

  it('documents 422 wherever a path parameter, header or body is validated', async () => {
    const doc = (await (await (await harness({ dev: true })).call('GET', '/openapi.json')).json()) as Document;
    const validated = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => (op.parameters?.length ?? 0) > 0 || op.requestBody !== undefined)
        .map(([method, op]) => ({ route: `${method} ${path}`, statuses: Object.keys(op.responses) })),
    );
    expect(validated.length).toBeGreaterThan(30);
    expect(validated.filter(({ statuses }) => !statuses.includes('422')).map(({ route }) => route)).toEqual([]);
  });

  it('names in the 404 description every not-found code a route answers', async () => {
    const doc = (await (await (await harness({ dev: false })).call('GET', '/openapi.json')).json()) as Document & {
      paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
    };
    const described = doc.paths['/v1/campaigns/{campaignId}/pools/{poolId}']!.get!.responses['404']!.description;
    for (const code of ['CAMPAIGN_NOT_FOUND', 'POOL_NOT_FOUND', 'LUCKY_PACKET_NOT_FOUND', 'SHARED_CARTS_NOT_OFFERED', 'NOT_FOUND']) expect(described).toContain(code);
  });

  it("describes each problem code with its own fields, so a client in any language can read them", async () => {
    const doc = (await (await (await harness({ dev: false })).call('GET', '/openapi.json')).json()) as Document;
    interface Variant { description?: string; properties: Record<string, { const?: string | number; enum?: (string | number)[]; type?: string | string[] }>; required: string[] }
    const problem = doc.components.schemas.Problem as { oneOf: Variant[]; discriminator?: { propertyName: string } };
    const byCode = new Map(problem.oneOf.map((v) => [v.properties.code!.const ?? v.properties.code!.enum?.[0], v]));
    expect([...byCode.keys()].sort()).toEqual([...FAILURE_CODES].sort());
    for (const variant of byCode.values()) expect(variant.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']));
    const tooEarly = byCode.get('BROWSE_TOO_EARLY')!;
    expect(tooEarly.required).toEqual(expect.arrayContaining(['taskId', 'secondsRemaining']));
    expect(tooEarly.properties.secondsRemaining!.type).toBe('integer');
    const boxEmpty = byCode.get('BOX_EMPTY')!;
    expect(boxEmpty.properties.reason!.enum).toEqual(['stock', 'player-limit', 'budget']);
    expect([boxEmpty.properties.status!.const ?? boxEmpty.properties.status!.enum?.[0], boxEmpty.properties.type!.const ?? boxEmpty.properties.type!.enum?.[0]]).toEqual([409, 'https://carnival.dev/problems/box-empty']);
    expect(boxEmpty.description).toContain('Every reward the box could give is gone');
    expect(byCode.get('TASK_NOT_OPEN')!.properties.opensAt!.type).toEqual(['string', 'null']);
    expect(byCode.get('VALIDATION_FAILED')!.required).toContain('problems');
  });

  it('lists the dev token route in dev mode only', async () => {
    const dev = (await (await (await harness({ dev: true })).call('GET', '/openapi.json')).json()) as Document;
    expect(operations(dev)).toContain('post /v1/dev/tokens');
  });
});

describe('dev tokens', () => {
  it('mint a token that plays, with host claims, in dev mode', async () => {
    const h = await harness({ dev: true });
    const minted = await h.call('POST', '/v1/dev/tokens', { body: { playerId: 'dev-player', newCustomer: true, tier: 'gold' } });
    const { token, playerId } = (await minted.json()) as { token: string; playerId: string };
    expect(playerId).toBe('dev-player');
    expect((await h.call('GET', '/v1/campaigns/double11-2026/me', { token })).status).toBe(200);
  });

  it('are not there without dev mode', async () => {
    const h = await harness({ dev: false });
    const response = await h.call('POST', '/v1/dev/tokens', { body: { playerId: 'dev-player' } });
    expect(response.status).toBe(404);
    // Nor is the route's body limit: an unknown route, whatever the body says.
    const large = await h.call('POST', '/v1/dev/tokens', { body: { playerId: 'dev-player' }, headers: { 'Content-Length': String(1 << 20) } });
    expect(large.status).toBe(404);
  });
});

describe('health', () => {
  it('answers', async () => {
    const h = await harness();
    expect(await (await h.call('GET', '/healthz')).json()).toEqual({ ok: true });
  });
});
