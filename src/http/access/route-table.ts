/**
 * The routes of a set of @koa/router routers, read from their stacks: which pattern a
 * request hits (for the access policy and the audit row's action and target), and the
 * full list (so a test can hold every route against the policy table). Non-router
 * handlers mounted under a path (the queue dashboard) are listed as `*` over a prefix.
 */
import type Router from '@koa/router';
import type { RequestState } from '../middleware/request-context.ts';

/** A route as the policy names it: `GET /api/admin/customers/:externalUserId`. */
export interface RouteKey {
  method: string;
  pattern: string;
}

export interface RouteMatch extends RouteKey {
  /** `${method} ${pattern}`. */
  key: string;
  params: Record<string, string>;
}

/** A handler that owns every path under `prefix`, whatever the method. */
export interface MountedPrefix {
  prefix: string;
}

/** Every method but HEAD (Koa's router answers HEAD with the GET route). */
const listedMethods = (methods: readonly string[]) => methods.filter((m) => m !== 'HEAD');

export const routeKey = (method: string, pattern: string) => `${method} ${pattern}`;

export class RouteTable {
  constructor(
    private readonly routers: readonly Router<RequestState>[],
    private readonly mounts: readonly MountedPrefix[] = [],
  ) {}

  /** Every (method, pattern) the routers declare, and `*` for each mounted prefix. */
  routes(): RouteKey[] {
    const keys: RouteKey[] = [];
    for (const router of this.routers) {
      for (const layer of router.stack) for (const method of listedMethods(layer.methods)) keys.push({ method, pattern: String(layer.path) });
    }
    for (const mount of this.mounts) keys.push({ method: '*', pattern: `${mount.prefix}/*` });
    return keys;
  }

  /** The route a request hits, or null when none does (404 or 405 follow from the routers). */
  match(method: string, path: string): RouteMatch | null {
    const asked = method === 'HEAD' ? 'GET' : method;
    for (const router of this.routers) {
      for (const layer of router.match(path, method).pathAndMethod) {
        if (layer.methods.length === 0) continue;
        const params = layer.params(path, layer.captures(path));
        const pattern = String(layer.path);
        return { method: asked, pattern, key: routeKey(asked, pattern), params };
      }
    }
    for (const mount of this.mounts) {
      if (path === mount.prefix || path.startsWith(`${mount.prefix}/`)) {
        const pattern = `${mount.prefix}/*`;
        return { method: '*', pattern, key: routeKey('*', pattern), params: {} };
      }
    }
    return null;
  }
}
