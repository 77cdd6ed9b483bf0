/**
 * Serves the built sidebar page (`npm run sidebar:build` → sidebar/dist) at /sidebar/.
 * index.html is never cached (it names the hashed bundles); the hashed bundles are
 * cached for a year. The development JS-SDK shim exists only in sandbox mode: outside
 * it, /sidebar/dev-shim.js is a 404, so production pages can never load a fake `wx`.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Router from '@koa/router';
import send from 'koa-send';
import { AppError, NotFoundError } from '../../shared/errors.ts';
import type { RequestState } from '../middleware/request-context.ts';

export const SIDEBAR_PAGE = '/sidebar/';
export const DEV_SHIM = 'dev-shim.js';

export function sidebarStaticRoutes(options: { distDir: string; sandbox: boolean }): Router<RequestState> {
  // strict: without it '/sidebar' also matches '/sidebar/' and the redirect loops.
  const router = new Router<RequestState>({ sensitive: true, strict: true });
  const root = resolve(options.distDir);

  router.get('/sidebar', (ctx) => ctx.redirect(SIDEBAR_PAGE));

  router.get('/sidebar/{*file}', async (ctx) => {
    // path-to-regexp 8: `*file` captures the rest of the path ('' for /sidebar/ itself).
    const file = ctx.params.file || 'index.html';
    if (file === DEV_SHIM && !options.sandbox) throw new NotFoundError('No such route');
    if (!existsSync(join(root, 'index.html'))) {
      throw new AppError('sidebar_not_built', 'the sidebar is not built: run `npm run sidebar:build`', { status: 503 });
    }
    const hashed = file.startsWith('assets/');
    try {
      await send(ctx, file, { root, maxage: hashed ? 365 * 24 * 3600_000 : 0, immutable: hashed, gzip: false, brotli: false });
    } catch (error) {
      if ((error as { status?: number }).status === 404) throw new NotFoundError('No such file');
      throw error;
    }
    if (!hashed) ctx.set('Cache-Control', 'no-cache');
  });

  return router;
}
