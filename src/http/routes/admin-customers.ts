/**
 * /api/admin/customers: the filtered, paged customer list and one customer's profile
 * (followers, tags, welcome sends). Read-only; the auth gate in app.ts runs first.
 *
 * - `GET /customers?tag&userId&channel&addedFrom&addedTo&fields&limit&cursor` → 200
 *   `{ items: CustomerListItem[], nextCursor: string | null }`; 400 `invalid_input` for a
 *   bad or unknown parameter. Bounds are unix seconds, ISO date-times with a zone, or
 *   China days (YYYY-MM-DD, both ends inclusive).
 * - `GET /customers/:externalUserId` → 200 CustomerProfileView (welcome codes masked),
 *   404 `not_found` when the id is known nowhere.
 */
import Router from '@koa/router';
import { getCustomerProfile, listCustomers } from '../../app/admin/customers.ts';
import type { CustomerQueries } from '../../domain/ports.ts';
import type { CustomFieldRepo } from '../../domain/custom-fields/custom-field.ts';
import { servingUserIdsOf } from '../middleware/admin-access.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { customerListQuerySchema, externalUserIdSchema, parseInput } from './admin.schema.ts';

export interface AdminCustomerRouteOptions {
  /** Where the admin API lives, e.g. `/api/admin`. */
  basePath: string;
  customers: CustomerQueries;
  /** The custom fields that `fields` conditions are checked against; without them such conditions are refused. */
  fields?: Pick<CustomFieldRepo, 'list'>;
}

/**
 * The customer routes.
 * @param options - base path and the customer read model
 * @returns a router with `GET /customers` and `GET /customers/:externalUserId`
 */
export function adminCustomerRoutes(options: AdminCustomerRouteOptions): Router<RequestState> {
  // Case-sensitive, so nothing under a differently cased path can slip past the gate in app.ts.
  const router = new Router<RequestState>({ sensitive: true });
  const deps = { customers: options.customers, ...(options.fields ? { fields: options.fields } : {}) };
  const collection = `${options.basePath}/customers`;

  router.get(collection, async (ctx) => {
    const query = parseInput(customerListQuerySchema, ctx.query, '(query)');
    const page = await listCustomers(deps, { ...query, servingUserIds: servingUserIdsOf(ctx.state) });
    // Always present, null on the last page, so clients need not test for a missing key.
    ctx.body = { items: page.items, nextCursor: page.nextCursor ?? null };
  });

  router.get(`${collection}/:externalUserId`, async (ctx) => {
    const externalUserId = parseInput(externalUserIdSchema, ctx.params.externalUserId, 'externalUserId');
    ctx.body = await getCustomerProfile(deps, externalUserId);
  });

  return router;
}
