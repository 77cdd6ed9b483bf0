/**
 * Builds the Koa app: middleware order, then the routers. Returns the app without
 * listening; main.ts listens and tests call app.callback().
 */
import Koa from 'koa';
import type { AppDeps } from '../app/deps.ts';
import type { Metrics } from '../shared/metrics.ts';
import type { WecomCrypto } from '../wecom/crypto.ts';
import { errorHandler } from './middleware/error-handler.ts';
import { requestContext, type RequestState } from './middleware/request-context.ts';
import { healthRoutes, type ReadinessChecks } from './routes/health.ts';
import { wecomCallbackRoutes } from './routes/wecom-callback.ts';

export const CALLBACK_PATH = '/wecom/callback';

export interface HttpDeps {
  app: Pick<AppDeps, 'inbox' | 'eventQueue' | 'logger' | 'clock'>;
  crypto: WecomCrypto;
  metrics: Metrics;
  readiness: ReadinessChecks;
  beforeMetrics?: () => Promise<void>;
}

export function createHttpApp(deps: HttpDeps): Koa<RequestState> {
  const koa = new Koa<RequestState>({ proxy: true });
  // Errors are rendered by errorHandler; Koa's default listener would print stacks.
  koa.silent = true;
  koa.use(requestContext({ logger: deps.app.logger }));
  koa.use(errorHandler());
  const callback = wecomCallbackRoutes({ path: CALLBACK_PATH, crypto: deps.crypto, app: deps.app, metrics: deps.metrics });
  const health = healthRoutes({ checks: deps.readiness, registry: deps.metrics.registry, beforeMetrics: deps.beforeMetrics });
  koa.use(callback.routes()).use(callback.allowedMethods());
  koa.use(health.routes()).use(health.allowedMethods());
  return koa;
}
