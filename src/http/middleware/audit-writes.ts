/**
 * One audit row for every successful write (POST, PUT, PATCH, DELETE) on the surface it
 * guards: who (userid or "admin-token") and their role, when, the action (method and
 * route pattern), the target (the id in the path), what changed (the body as read, with
 * secrets redacted, plus what the route noted in `ctx.state.auditChange`), and from where
 * (IP, user agent). Refused and failed writes leave no row: they changed nothing.
 */
import type { Context, Middleware } from 'koa';
import { redactSecrets } from '../../domain/access/audit.ts';
import type { Principal } from '../../domain/access/roles.ts';
import type { AuditTrail } from '../../domain/ports.ts';
import { nowSeconds, type Clock } from '../../shared/clock.ts';
import type { RouteMatch, RouteTable } from '../access/route-table.ts';
import type { RequestState } from './request-context.ts';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_USER_AGENT = 512;

export interface AuditWritesOptions {
  audit: AuditTrail;
  clock: Clock;
  routes: RouteTable;
  /** Who wrote, once the request has run (the surface's own session has been read by then). */
  principal: (ctx: Context) => Promise<Principal | undefined> | Principal | undefined;
  /** Writes that change nothing (a preview sent by POST) or record themselves elsewhere. */
  skip?: (route: RouteMatch) => boolean;
}

/** The id a write acts on: the path's first parameter (`:id`, `:externalUserId`, `:userId`…). */
function targetOf(route: RouteMatch | null): string {
  return route ? (Object.values(route.params)[0] ?? '') : '';
}

export function auditWrites(options: AuditWritesOptions): Middleware<RequestState> {
  return async function auditWritesMiddleware(ctx, next) {
    if (!WRITE_METHODS.has(ctx.method)) return next();
    await next();
    if (ctx.status >= 400) return;
    const route = options.routes.match(ctx.method, ctx.path);
    if (route && options.skip?.(route)) return;
    const principal = await options.principal(ctx as unknown as Context);
    const params = route?.params ?? {};
    await options.audit.append({
      actor: principal?.actor ?? 'anonymous',
      role: principal?.role ?? '',
      // A mounted handler (`*` over a prefix) is named by the request's own method.
      action: route && route.method !== '*' ? route.key : `${ctx.method} ${route?.pattern ?? ctx.path}`,
      target: targetOf(route),
      detail: {
        ...(ctx.state.auditBody !== undefined ? { body: redactSecrets(ctx.state.auditBody) } : {}),
        ...(Object.keys(params).length > 1 ? { params } : {}),
        ...(ctx.state.auditChange ? (redactSecrets(ctx.state.auditChange) as Record<string, unknown>) : {}),
      },
      at: nowSeconds(options.clock),
      ip: ctx.ip,
      userAgent: ctx.get('user-agent').slice(0, MAX_USER_AGENT),
    });
  };
}
