/**
 * Serves a page built by Vite (`npm run sidebar:build`) under its own path: the
 * salesperson's sidebar at /sidebar/ (sidebar/dist) and the admin console at /admin/
 * (sidebar/dist-admin). The HTML is never cached (it names the hashed bundles); the
 * hashed bundles are cached for a year. Files a page must not expose answer 404, e.g.
 * the sidebar's development JS-SDK shim outside sandbox mode, so production pages can
 * never load a fake `wx`.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Router from '@koa/router';
import send from 'koa-send';
import { AppError, NotFoundError } from '../../shared/errors.ts';
import type { RequestState } from '../middleware/request-context.ts';

export interface StaticPage {
  /** The page's path without the trailing slash, e.g. `/sidebar`; it is served at `/sidebar/`. */
  path: string;
  distDir: string;
  /** The HTML served at the page's root. @defaultValue 'index.html' */
  index?: string;
  /** Files that answer 404 although they were built. */
  hidden?: (file: string) => boolean;
  /** The error code when the page is not built, e.g. `sidebar_not_built`. */
  notBuiltCode: string;
}

/** The sidebar's sandbox-only JS-SDK shim, built at a fixed name. */
export const DEV_SHIM = 'dev-shim.js';

export function staticPageRoutes(page: StaticPage): Router<RequestState> {
  // strict: without it '/sidebar' also matches '/sidebar/' and the redirect loops.
  const router = new Router<RequestState>({ sensitive: true, strict: true });
  const root = resolve(page.distDir);
  const index = page.index ?? 'index.html';

  router.get(page.path, (ctx) => ctx.redirect(`${page.path}/`));

  router.get(`${page.path}/{*file}`, async (ctx) => {
    // path-to-regexp 8: `*file` captures the rest of the path ('' for the page's root).
    const file = ctx.params.file || index;
    if (page.hidden?.(file)) throw new NotFoundError('No such route');
    if (!existsSync(join(root, index))) {
      throw new AppError(page.notBuiltCode, `${page.path.slice(1)} is not built: run \`npm run sidebar:build\``, { status: 503 });
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
