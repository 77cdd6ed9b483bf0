/**
 * The sidebar's custom profile fields, added to the sidebar router after its session and
 * CSRF check (sidebar.ts), so they are guarded like every other sidebar call:
 * - `GET /customers/:id/fields` → `{ fields: [{ key, label, type, options, required, value }] }`
 * - `POST /customers/:id/fields` `{ values: { <key>: value | null } }` → the same, after
 *   saving; 400 naming every bad value (nothing stored), 403 for a customer not served.
 * The audit row (sidebar writes are audited in app.ts) gets the values before and after.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { Actor } from '../../app/sidebar/customer-actions.ts';
import { MAX_FIELDS_PER_SAVE, saveFieldValues, sidebarFields, type CustomFieldValueDeps } from '../../app/sidebar/custom-field-values.ts';
import { readJsonBody } from '../json-body.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { parseInput } from './admin.schema.ts';

// Per-type checks are the domain's (checkFieldValue); here only the envelope's shape.
const saveSchema = z.strictObject({
  values: z.record(z.string().min(1).max(40), z.unknown()).refine((values) => {
    const n = Object.keys(values).length;
    return n > 0 && n <= MAX_FIELDS_PER_SAVE;
  }, { message: `name 1 to ${MAX_FIELDS_PER_SAVE} fields` }),
});

export interface SidebarFieldRouteOptions {
  deps: CustomFieldValueDeps;
  userOf: (ctx: Context) => string;
  actorOf: (ctx: Context) => Actor;
  customerOf: (ctx: { params: Record<string, string | undefined> }) => string;
}

export function addSidebarFieldRoutes(router: Router<RequestState>, options: SidebarFieldRouteOptions): void {
  const { deps, userOf, actorOf, customerOf } = options;

  router.get('/customers/:id/fields', async (ctx) => {
    ctx.body = await sidebarFields(deps, userOf(ctx), customerOf(ctx));
  });

  router.post('/customers/:id/fields', async (ctx) => {
    const externalUserId = customerOf(ctx);
    const { values } = parseInput(saveSchema, await readJsonBody(ctx));
    const { fields, before, after } = await saveFieldValues(deps, actorOf(ctx), externalUserId, values);
    ctx.state.auditChange = { before, after };
    ctx.body = { fields };
  });
}
