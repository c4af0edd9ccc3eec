import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The H5 page as static files in `dist/`, served by the play API's server at `/`. Everything is
 * bundled (no CDN), so the page works offline on localhost.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  // The page renders with Hono's DOM runtime; the repository's tsconfig names `hono/jsx`.
  oxc: { jsx: { runtime: 'automatic', importSource: 'hono/jsx/dom' } },
  resolve: {
    // The package's entry also exports the server app; the page needs only the typed client,
    // whose types come from the app's type (erased), so the bundle stays small and has no node:crypto.
    alias: { '@carnival/api': fileURLToPath(new URL('../../packages/api/src/client.ts', import.meta.url)) },
  },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  server: { proxy: { '/v1': 'http://127.0.0.1:8787', '/openapi.json': 'http://127.0.0.1:8787' } },
});
