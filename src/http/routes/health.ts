/**
 * /healthz: the process is up. /readyz: every dependency answers (database, Redis),
 * with per-check detail. /metrics: Prometheus text.
 */
import Router from '@koa/router';
import type { Registry } from 'prom-client';
import { withTimeout } from '../../shared/timeout.ts';

export type ReadinessChecks = Record<string, () => Promise<unknown>>;

export interface HealthRouteOptions {
  checks: ReadinessChecks;
  registry: Registry;
  /** Refreshes gauges read on demand (queue depth) before rendering. */
  beforeMetrics?: () => Promise<void>;
  /** Longest a check may take before it counts as down. @defaultValue 1000 */
  checkTimeoutMs?: number;
}

async function runCheck(check: () => Promise<unknown>, timeoutMs: number) {
  const started = performance.now();
  try {
    await withTimeout(check(), timeoutMs, 'the check');
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export function healthRoutes(options: HealthRouteOptions): Router {
  const router = new Router();
  const timeoutMs = options.checkTimeoutMs ?? 1_000;

  router.get('/healthz', (ctx) => {
    ctx.body = { ok: true };
  });

  router.get('/readyz', async (ctx) => {
    const names = Object.keys(options.checks);
    const results = await Promise.all(names.map((name) => runCheck(options.checks[name]!, timeoutMs)));
    const detail = Object.fromEntries(names.map((name, i) => [name, results[i]]));
    const ok = results.every((r) => r.ok);
    ctx.status = ok ? 200 : 503;
    ctx.body = { ok, checks: detail };
  });

  router.get('/metrics', async (ctx) => {
    await options.beforeMetrics?.().catch(() => {});
    ctx.type = options.registry.contentType;
    ctx.body = await options.registry.metrics();
  });

  return router;
}
