/**
 * /api/admin/welcome-flows: list, create, read, change and delete the welcome flows.
 * Each handler validates, calls one use case and renders the flow; the auth gate in
 * app.ts runs before any of them.
 *
 * - `GET /welcome-flows` → 200 `{ items: WelcomeFlowJson[] }`
 * - `POST /welcome-flows` → 201 WelcomeFlowJson + Location; 400/413/415 on bad bodies
 * - `GET|PATCH|DELETE /welcome-flows/:id` → 200 flow (GET, PATCH) or 204 (DELETE);
 *   400 when `:id` is not a positive integer, 404 `not_found` for an unknown id
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import {
  createWelcomeFlow,
  deleteWelcomeFlow,
  getWelcomeFlow,
  listWelcomeFlows,
  updateWelcomeFlow,
} from '../../app/admin/welcome-flows.ts';
import type { WelcomeFlowRepo } from '../../domain/ports.ts';
import type { WelcomeFlow } from '../../domain/welcome/welcome-flow.ts';
import { readJsonBody } from '../json-body.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { numericIdSchema, parseInput, welcomeFlowCreateSchema, welcomeFlowPatchSchema } from './admin.schema.ts';

export interface AdminWelcomeFlowRouteOptions {
  /** Where the admin API lives, e.g. `/api/admin`. */
  basePath: string;
  welcomeFlows: WelcomeFlowRepo;
}

/** JSON of one flow: every field present, `channelState` null when the flow has none. */
export interface WelcomeFlowJson {
  id: number;
  name: string;
  text: string;
  isDefault: boolean;
  enabled: boolean;
  channelState: string | null;
  userIds: string[];
  attachments: WelcomeFlow['attachments'];
  variants: WelcomeFlow['variants'];
}

/**
 * A flow as the API shows it.
 * @param flow - the stored flow
 * @returns its JSON form
 */
export function presentWelcomeFlow(flow: WelcomeFlow): WelcomeFlowJson {
  return {
    id: flow.id,
    name: flow.name,
    text: flow.text,
    isDefault: flow.isDefault,
    enabled: flow.enabled,
    channelState: flow.channelState ?? null,
    userIds: flow.userIds,
    attachments: flow.attachments,
    variants: flow.variants,
  };
}

const flowId = (ctx: Context): number => parseInput(numericIdSchema, ctx.params.id, 'id');

/**
 * The welcome flow routes.
 * @param options - base path and the flow repository
 * @returns a router with GET/POST on the collection and GET/PATCH/DELETE on `:id`
 */
export function adminWelcomeFlowRoutes(options: AdminWelcomeFlowRouteOptions): Router<RequestState> {
  // Case-sensitive, so nothing under a differently cased path can slip past the gate in app.ts.
  const router = new Router<RequestState>({ sensitive: true });
  const deps = { welcomeFlows: options.welcomeFlows };
  const collection = `${options.basePath}/welcome-flows`;
  const item = `${collection}/:id`;

  router.get(collection, async (ctx) => {
    const flows = await listWelcomeFlows(deps);
    ctx.body = { items: flows.map(presentWelcomeFlow) };
  });

  router.post(collection, async (ctx) => {
    const input = parseInput(welcomeFlowCreateSchema, await readJsonBody(ctx));
    const flow = await createWelcomeFlow(deps, input);
    ctx.status = 201;
    ctx.set('Location', `${collection}/${flow.id}`);
    ctx.body = presentWelcomeFlow(flow);
  });

  router.get(item, async (ctx) => {
    ctx.body = presentWelcomeFlow(await getWelcomeFlow(deps, flowId(ctx)));
  });

  router.patch(item, async (ctx) => {
    const id = flowId(ctx);
    const changes = parseInput(welcomeFlowPatchSchema, await readJsonBody(ctx));
    ctx.body = presentWelcomeFlow(await updateWelcomeFlow(deps, { id, changes }));
  });

  router.delete(item, async (ctx) => {
    await deleteWelcomeFlow(deps, flowId(ctx));
    ctx.status = 204;
  });

  return router;
}
