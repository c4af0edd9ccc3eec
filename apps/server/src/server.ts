import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

export interface RunningServer {
  url: string;
  /** Stops accepting connections and resolves once the open ones have finished. */
  close(): Promise<void>;
}

type Fetch = (request: Request) => Response | Promise<Response>;

/** Where `pnpm h5:build` writes the H5 page (apps/h5/dist). */
export const H5_DIST = fileURLToPath(new URL('../../h5/dist/', import.meta.url));

/** Paths the play API owns: never looked up on disk, so no file can shadow a route. */
const API_PATHS = /^\/(v1(\/|$)|openapi\.json$|healthz$)/;

/** A request's path, read without parsing the whole URL (every API request passes here). */
const pathOf = (url: string) => {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const end = url.search(/[?#]/);
  return start < 0 ? '/' : url.slice(start, end < 0 ? undefined : end);
};

/**
 * The play API with the built H5 page beside it: `GET /` and the page's assets from `root`;
 * everything else, and anything not on disk, goes to the API (which answers unknown paths with
 * its problem document). API requests go straight through. Without a build the API is served alone.
 */
export function withH5(api: Fetch, root = H5_DIST): Fetch {
  if (!existsSync(root)) return api;
  const pages = new Hono();
  pages.use('*', serveStatic({ root }));
  pages.all('*', (c) => api(c.req.raw));
  // HEAD as GET: a link checker or a load balancer's probe asks for the page without its body.
  const isPageRead = (request: Request) => (request.method === 'GET' || request.method === 'HEAD') && !API_PATHS.test(pathOf(request.url));
  return (request) => (isPageRead(request) ? pages.fetch(request) : api(request));
}

/**
 * Serves a fetch handler over HTTP/1.1, with the H5 page at `/` when it is built, and resolves
 * once it listens.
 */
export function startServer(fetch: Fetch, host: string, port: number, h5Root = H5_DIST): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: withH5(fetch, h5Root), hostname: host, port }, (info: AddressInfo) => {
      const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        close: () => new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done()))),
      });
    });
    server.once('error', reject);
  });
}
