import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withH5 } from './server.ts';

const root = mkdtempSync(join(tmpdir(), 'carnival-h5-dist-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>H5</title>');
writeFileSync(join(root, 'assets/app.js'), 'console.log(1)');
// A file named like a route: it must never answer in the API's place.
mkdirSync(join(root, 'v1'));
writeFileSync(join(root, 'v1/campaigns'), 'shadow');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const api = (request: Request) => new Response(`api ${request.method} ${new URL(request.url).pathname}`);
const get = async (fetch: ReturnType<typeof withH5>, path: string, method = 'GET') => {
  const response = await fetch(new Request(`http://127.0.0.1:8787${path}`, { method }));
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
};

describe('the H5 page beside the API', () => {
  const fetch = withH5(api, root);

  it('serves the page at / (with its query) and its assets', async () => {
    expect(await get(fetch, '/')).toMatchObject({ status: 200, body: '<!doctype html><title>H5</title>' });
    expect((await get(fetch, '/?invite=abc&lang=en')).type).toContain('text/html');
    expect((await get(fetch, '/assets/app.js')).body).toBe('console.log(1)');
    // HEAD, as a probe or a link checker asks: the page's headers, no body.
    expect(await get(fetch, '/', 'HEAD')).toMatchObject({ status: 200, body: '' });
    expect((await get(fetch, '/', 'HEAD')).type).toContain('text/html');
    expect((await get(fetch, '/v1/campaigns', 'HEAD')).body).toBe('api HEAD /v1/campaigns');
  });

  it('leaves the API’s paths to the API, whatever is on disk', async () => {
    expect((await get(fetch, '/v1/campaigns')).body).toBe('api GET /v1/campaigns');
    expect((await get(fetch, '/openapi.json')).body).toBe('api GET /openapi.json');
    expect((await get(fetch, '/healthz')).body).toBe('api GET /healthz');
    expect((await get(fetch, '/', 'POST')).body).toBe('api POST /');
  });

  it('passes what is not on disk to the API, which answers unknown paths', async () => {
    expect((await get(fetch, '/nothing-here.png')).body).toBe('api GET /nothing-here.png');
    expect((await get(fetch, '/assets/../../../etc/passwd')).body).toBe('api GET /etc/passwd');
  });

  it('serves the API alone when the page is not built', async () => {
    expect(withH5(api, join(root, 'missing'))).toBe(api);
  });
});
