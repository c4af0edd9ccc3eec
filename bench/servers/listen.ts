import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

/**
 * Serves an app on a free loopback port and tells the parent which one on stdout. On SIGTERM,
 * `onClose` may return a line about the run (`NOTE …` on stdout) before the process exits.
 */
export function listen(app: { fetch: Hono['fetch'] }, onClose: () => string | void = () => {}): void {
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
    process.stdout.write(`LISTEN ${info.port}\n`);
  });
  process.on('SIGTERM', () => {
    server.close();
    const note = onClose();
    if (note) process.stdout.write(`NOTE ${note}\n`);
    process.exit(0);
  });
}
