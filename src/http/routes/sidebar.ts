/**
 * The salesperson's sidebar API under /api/sidebar (the page itself is served by
 * page-static.ts). Login: `GET /oauth/start?returnTo` → WeCom's web login → `GET
 * /oauth/callback` sets the session cookie; in sandbox mode `GET /dev-login?userId` does
 * it directly. Then, with the cookie (and `X-CSRF-Token` on every POST):
 * - `GET /session` → `{ userId, csrfToken, sandbox, corpId, agentId }` (401 without a session)
 * - `GET /jssdk?url` → wx.config / wx.agentConfig signatures for the page URL
 * - `GET /customers/:id`, `/customers/:id/questions`, `/customers/:id/suggestions`
 * - `POST /customers/:id/answers | tags | notes | sent`
 * - `GET|POST /customers/:id/fields`: custom profile fields (sidebar-fields.ts)
 * - `GET /groups/:chatId` (with the group's check-in campaigns today)
 * - `POST /groups/:chatId/campaigns/:id/announced` `{ grantIds }` → `{ marked }`: stage rewards announced from the sidebar
 * A salesperson reaches only customers they serve (403 otherwise, the same for unknown ids).
 */
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { z } from 'zod';
import { addNote, answerQuestion, editTags, recordReplySent, type SidebarWriteDeps } from '../../app/sidebar/customer-actions.ts';
import { sidebarProfile, sidebarQuestions, sidebarSuggestions, type SidebarReadDeps } from '../../app/sidebar/customer-view.ts';
import { recordRewardsAnnounced, type GroupCampaignDeps } from '../../app/sidebar/group-campaigns.ts';
import { sidebarGroup } from '../../app/sidebar/group-view.ts';
import type { CustomFieldValueDeps } from '../../app/sidebar/custom-field-values.ts';
import { addSidebarFieldRoutes } from './sidebar-fields.ts';
import type { AuditTrail, GroupChatDirectory, GroupHistory, JsSdkSigner, MemberLogin, RoleStore } from '../../domain/ports.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError, AuthenticationError, ForbiddenError, NotFoundError } from '../../shared/errors.ts';
import { addWecomLogin } from '../wecom-login.ts';
import { readJsonBody } from '../json-body.ts';
import type { RequestState } from '../middleware/request-context.ts';
import {
  LOGIN_STATE_COOKIE,
  safeReturnTo,
  SESSION_COOKIE,
  SESSION_MAX_AGE_MS,
  type SessionCodec,
  type SidebarSession,
} from '../sidebar-session.ts';
import { externalUserIdSchema, parseInput } from './admin.schema.ts';

export const SIDEBAR_API = '/api/sidebar';

export interface SidebarHttpDeps {
  /** Undefined when no session secret is configured: every call answers 503 saying so. */
  sessions?: SessionCodec;
  sandbox: boolean;
  corpId: string;
  agentId?: string;
  /** WeCom's web login; absent in sandbox mode (dev-login instead). */
  login?: MemberLogin;
  signer: JsSdkSigner;
  read: SidebarReadDeps;
  write: SidebarWriteDeps;
  groups: GroupChatDirectory;
  groupHistory?: GroupHistory;
  /** The check-in campaigns' stores; without them the group view lists no campaigns. */
  campaigns?: Omit<GroupCampaignDeps, 'groups' | 'clock'>;
  clock: Clock;
  /** Where every write leaves its one row (written by the audit middleware in app.ts). */
  audit: AuditTrail;
  /** Console roles, for the audit row's role (a salesperson without an assignment). */
  roles?: Pick<RoleStore, 'get'>;
  /** Custom profile fields; omitted → those routes are not mounted. */
  customFields?: Omit<CustomFieldValueDeps, 'customers' | 'clock'>;
}

type SidebarState = RequestState & { session?: SidebarSession };

/** The signed-in salesperson's userid once the sidebar's session check has run, else undefined. */
export function sidebarUserOf(state: RequestState): string | undefined {
  return (state as SidebarState).session?.userId;
}

const tagId = z.string().min(1).max(64);
const answerSchema = z.strictObject({
  questionId: z.string().min(1).max(64),
  optionIds: z.array(z.string().min(1).max(64)).max(20).default([]),
  text: z.string().max(500).optional(),
});
const tagEditSchema = z
  .strictObject({ add: z.array(tagId).max(50).default([]), remove: z.array(tagId).max(50).default([]) })
  .refine((edit) => edit.add.length + edit.remove.length > 0, { message: 'name at least one tag in add or remove' });
const noteSchema = z.strictObject({ text: z.string().trim().min(1).max(2_000) });
const sentSchema = z.strictObject({
  text: z.string().min(1).max(4_000),
  scriptId: z.number().int().positive().optional(),
  taskId: z.number().int().positive().optional(),
});
const jssdkQuerySchema = z.strictObject({ url: z.string().url().max(2_000) });
const chatIdSchema = z.string().min(1).max(128);
const campaignIdSchema = z.coerce.number().int().positive();
const announcedSchema = z.strictObject({ grantIds: z.array(z.number().int().positive()).min(1).max(100) });

function cookieOptions(ctx: Context, maxAge: number | undefined) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: ctx.secure, maxAge, path: '/', overwrite: true };
}

export function sidebarRoutes(deps: SidebarHttpDeps): Router<RequestState> {
  const router = new Router<RequestState>({ prefix: SIDEBAR_API, sensitive: true });
  const now = () => deps.clock.now().getTime();
  const sessions = (): SessionCodec => {
    if (!deps.sessions) throw new AppError('sidebar_not_configured', 'the sidebar needs SIDEBAR_SESSION_SECRET (32+ characters) in .env', { status: 503 });
    return deps.sessions;
  };
  const startSession = (ctx: Context, userId: string) => {
    ctx.cookies.set(SESSION_COOKIE, sessions().encodeSession({ userId, issuedAt: now() }), cookieOptions(ctx, SESSION_MAX_AGE_MS));
  };

  addWecomLogin(router, {
    basePath: '',
    publicPath: SIDEBAR_API,
    stateCookie: LOGIN_STATE_COOKIE,
    cookie: (ctx, maxAge) => cookieOptions(ctx, maxAge),
    sessions,
    login: deps.login,
    sandbox: deps.sandbox,
    returnTo: (value) => safeReturnTo(value),
    onMember: startSession,
    now,
  });

  // Everything below needs a session; POSTs also the CSRF token.
  router.use(async (ctx: Context, next: Next) => {
    if (/^\/api\/sidebar\/(oauth\/|dev-login)/.test(ctx.path)) return next();
    const session = sessions().decodeSession(ctx.cookies.get(SESSION_COOKIE), now());
    if (!session) throw new AuthenticationError('no sidebar session: open the sidebar from WeCom', 'no_session');
    if (ctx.method === 'POST' && !sessions().checkCsrf(session, ctx.get('x-csrf-token'))) throw new ForbiddenError('missing or wrong X-CSRF-Token', 'csrf');
    (ctx.state as SidebarState).session = session;
    return next();
  });

  const userOf = (ctx: Context) => (ctx.state as SidebarState).session!.userId;
  const actorOf = (ctx: Context) => ({ userId: userOf(ctx), requestId: (ctx.state as SidebarState).requestId });
  const customerOf = (ctx: { params: Record<string, string | undefined> }) => parseInput(externalUserIdSchema, ctx.params.id, 'id');

  router.get('/session', async (ctx) => {
    const session = (ctx.state as SidebarState).session!;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { userId: session.userId, csrfToken: sessions().csrfToken(session), sandbox: deps.sandbox, corpId: deps.corpId, agentId: deps.agentId ?? null };
  });

  router.get('/jssdk', async (ctx) => {
    const { url } = parseInput(jssdkQuerySchema, ctx.query, '(query)');
    ctx.body = await deps.signer.sign(url.split('#')[0]!);
  });

  router.get('/customers/:id', async (ctx) => {
    ctx.body = await sidebarProfile(deps.read, userOf(ctx), customerOf(ctx));
  });

  router.get('/customers/:id/questions', async (ctx) => {
    ctx.body = await sidebarQuestions(deps.read, userOf(ctx), customerOf(ctx));
  });

  router.get('/customers/:id/suggestions', async (ctx) => {
    ctx.body = await sidebarSuggestions(deps.read, userOf(ctx), customerOf(ctx));
  });

  router.post('/customers/:id/answers', async (ctx) => {
    const externalUserId = customerOf(ctx);
    const answered = await answerQuestion(deps.write, actorOf(ctx), externalUserId, parseInput(answerSchema, await readJsonBody(ctx)));
    ctx.state.auditChange = { after: { tagsAdded: answered.tagsAdded } };
    ctx.body = answered;
  });

  router.post('/customers/:id/tags', async (ctx) => {
    const externalUserId = customerOf(ctx);
    const { tagIds, added, removed } = await editTags(deps.write, actorOf(ctx), externalUserId, parseInput(tagEditSchema, await readJsonBody(ctx)));
    ctx.state.auditChange = { after: { added, removed } };
    ctx.body = { tagIds };
  });

  router.post('/customers/:id/notes', async (ctx) => {
    const externalUserId = customerOf(ctx);
    const { text } = parseInput(noteSchema, await readJsonBody(ctx));
    ctx.status = 201;
    const note = await addNote(deps.write, actorOf(ctx), externalUserId, text);
    ctx.state.auditChange = { after: { noteId: note.id } };
    ctx.body = note;
  });

  router.post('/customers/:id/sent', async (ctx) => {
    const externalUserId = customerOf(ctx);
    await recordReplySent(deps.write, actorOf(ctx), externalUserId, parseInput(sentSchema, await readJsonBody(ctx)));
    ctx.body = { ok: true };
  });

  if (deps.customFields) addSidebarFieldRoutes(router, { deps: { ...deps.customFields, customers: deps.read.customers, clock: deps.clock }, userOf, actorOf, customerOf });

  router.get('/groups/:chatId', async (ctx) => {
    const groupDeps = { groups: deps.groups, clock: deps.clock, ...(deps.groupHistory ? { history: deps.groupHistory } : {}), ...(deps.campaigns ? { campaigns: deps.campaigns } : {}) };
    ctx.body = await sidebarGroup(groupDeps, userOf(ctx), parseInput(chatIdSchema, ctx.params.chatId, 'chatId'));
  });

  router.post('/groups/:chatId/campaigns/:id/announced', async (ctx) => {
    if (!deps.campaigns) throw new NotFoundError('check-in campaigns are not configured');
    const chatId = parseInput(chatIdSchema, ctx.params.chatId, 'chatId');
    const campaignId = parseInput(campaignIdSchema, ctx.params.id, 'id');
    const { grantIds } = parseInput(announcedSchema, await readJsonBody(ctx));
    const campaignDeps = { ...deps.campaigns, groups: deps.groups, clock: deps.clock };
    const announced = await recordRewardsAnnounced(campaignDeps, actorOf(ctx), { chatId, campaignId, grantIds });
    ctx.state.auditChange = { after: announced };
    ctx.body = announced;
  });

  return router;
}
