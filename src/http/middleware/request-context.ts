/** Gives every request an id (taken from X-Request-Id when sane) and a child logger. */
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Principal, DataScope } from '../../domain/access/roles.ts';
import type { Logger } from '../../shared/logger.ts';

export interface RequestState {
  requestId: string;
  log: Logger;
  /** Who is calling the admin API (set by admin-auth) or wrote through the sidebar. */
  principal?: Principal;
  /** The customers the principal sees (set by the access gate on scoped routes). */
  scope?: DataScope;
  /** What a write changed, when the route knows it cheaply (goes into the audit row's detail). */
  auditChange?: Record<string, unknown>;
  /** The JSON body as read (what the audit row records, secrets redacted). */
  auditBody?: unknown;
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
