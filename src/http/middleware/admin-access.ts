/**
 * The admin API's access gate, after admin-auth: finds the route a request hits, looks
 * up its policy in http/access/route-policy.ts and refuses what the principal's role may
 * not use — and every route with no policy at all (deny by default). On scoped routes it
 * works out the principal's customers once (`ctx.state.scope`), and for a route about one
 * customer checks that customer is among them (404 otherwise, as for an unknown id, so
 * the answer does not tell a lead which customers exist elsewhere).
 */
import type { Middleware } from 'koa';
import { allows, seesEveryCustomer, type DataScope, type Principal } from '../../domain/access/roles.ts';
import { ForbiddenError, NotFoundError } from '../../shared/errors.ts';
import type { RoutePolicy } from '../access/route-policy.ts';
import type { RouteTable } from '../access/route-table.ts';
import type { RequestState } from './request-context.ts';

export interface AdminAccessOptions {
  routes: RouteTable;
  policy: Readonly<Record<string, RoutePolicy>>;
  /** The customers a principal sees. */
  scopeOf: (principal: Principal) => Promise<DataScope>;
  /** Whether one of `userIds` serves the customer. */
  customerServedBy: (externalUserId: string, userIds: readonly string[]) => Promise<boolean>;
}

export function adminAccess(options: AdminAccessOptions): Middleware<RequestState> {
  return async function adminAccessMiddleware(ctx, next) {
    const match = options.routes.match(ctx.method, ctx.path);
    // No route: the routers answer 404 or 405 (to a signed-in caller only).
    if (!match) return next();
    const principal = ctx.state.principal;
    const policy = options.policy[match.key];
    if (!principal || !policy) throw new ForbiddenError(`${match.key} has no access policy, so it is refused`, 'no_route_policy');
    if (policy.access === 'public') return next();
    if (!allows(policy.access, principal.role)) throw new ForbiddenError(`the ${principal.role} role may not use ${match.key}`, 'role_forbidden');
    if (policy.access === 'staff' && policy.scope !== 'none') {
      const scope = await options.scopeOf(principal);
      ctx.state.scope = scope;
      const customer = match.params.externalUserId;
      if (policy.scope === 'customer' && !scope.all && (customer === undefined || !(await options.customerServedBy(customer, scope.userIds)))) {
        throw new NotFoundError(`customer ${customer ?? ''} is not among yours`);
      }
    }
    await next();
  };
}

/**
 * The serving userids a scoped route passes into its query: undefined for every customer.
 * A route the policy does not scope never gets here with a limited principal; if it did,
 * it sees nothing rather than everything.
 */
export function servingUserIdsOf(state: RequestState): readonly string[] | undefined {
  const scope = state.scope;
  if (scope) return scope.all ? undefined : scope.userIds;
  return state.principal && seesEveryCustomer(state.principal.role) ? undefined : [];
}
