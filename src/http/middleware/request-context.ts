/** Gives every request an id (taken from X-Request-Id when sane) and a child logger. */
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../../shared/logger.ts';

export interface RequestState {
  requestId: string;
  log: Logger;
}

export function requestContext(options: { logger: Logger }): Middleware<RequestState> {
  return async function requestContextMiddleware(ctx, next) {
    const incoming = ctx.get('x-request-id');
    const requestId = /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    // Built on first use: most requests never log, and a pino child per request shows in profiles.
    let log: Logger | undefined;
    Object.defineProperty(ctx.state, 'log', {
      get: () => (log ??= options.logger.child({ requestId })),
      enumerable: true,
      configurable: true,
    });
    ctx.set('X-Request-Id', requestId);
    await next();
  };
}
