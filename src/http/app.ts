/**
 * Builds the Koa app: middleware order, then the routers. Returns the app without
 * listening; main.ts listens and tests call app.callback().
 */
import Koa from 'koa';
import compose from 'koa-compose';
import type { CampaignAdminDeps } from '../app/admin/campaigns.ts';
import type { CampaignReportDeps } from '../app/campaigns/campaign-reports.ts';
import type { ChannelDeps } from '../app/admin/channels.ts';
import type { GroupCodeDeps } from '../app/group-codes/roll-over.ts';
import type { DashboardDeps } from '../app/admin/dashboard.ts';
import type { HandoverDeps } from '../app/admin/handovers.ts';
import type { QuestionSetDeps } from '../app/admin/question-sets.ts';
import type { ScriptAdminDeps } from '../app/admin/scripts.ts';
import type { TagRuleAdminDeps } from '../app/admin/tag-rules.ts';
import type { OrderImportDeps } from '../app/import-orders.ts';
import type { TaskDeps } from '../app/admin/tasks.ts';
import type { RecallDeps } from '../app/segments/recalls.ts';
import type { MessageIngestDeps } from '../app/ingest-messages.ts';
import type { AppDeps } from '../app/deps.ts';
import type { CustomerQueries, TransferFailureLog, WelcomeFlowRepo } from '../domain/ports.ts';
import type { Metrics } from '../shared/metrics.ts';
import type { WecomCrypto } from '../wecom/crypto.ts';
import { memberPrincipal, scopeOf, TOKEN_PRINCIPAL } from '../app/access/roles.ts';
import type { MemberLogin, RoleStore } from '../domain/ports.ts';
import type { Clock } from '../shared/clock.ts';
import { ADMIN_ROUTE_POLICY } from './access/route-policy.ts';
import { RouteTable } from './access/route-table.ts';
import { adminAccess } from './middleware/admin-access.ts';
import { adminAuth } from './middleware/admin-auth.ts';
import { auditWrites } from './middleware/audit-writes.ts';
import { adminAccessRoutes, type AdminAccessRouteDeps } from './routes/admin-access.ts';
import { errorHandler } from './middleware/error-handler.ts';
import { requestContext, type RequestState } from './middleware/request-context.ts';
import { adminCampaignRoutes } from './routes/admin-campaigns.ts';
import { queueDashboard, type DashboardQueue } from './routes/queue-dashboard.ts';
import { adminChannelRoutes } from './routes/admin-channels.ts';
import { adminGroupCodeRoutes } from './routes/admin-group-codes.ts';
import { adminCustomerRoutes } from './routes/admin-customers.ts';
import { adminDashboardRoutes } from './routes/admin-dashboard.ts';
import { adminMessageRoutes } from './routes/admin-messages.ts';
import { adminOrderRoutes } from './routes/admin-orders.ts';
import { adminSessionRoutes } from './routes/admin-session.ts';
import { adminQuestionSetRoutes } from './routes/admin-question-sets.ts';
import { adminScriptRoutes } from './routes/admin-scripts.ts';
import { adminSegmentRoutes } from './routes/admin-segments.ts';
import { adminQualityRoutes } from './routes/admin-quality.ts';
import type { QualityAdminDeps } from '../app/quality/quality-admin.ts';
import type { CustomFieldAdminDeps } from '../app/admin/custom-fields.ts';
import { adminCustomFieldRoutes } from './routes/admin-custom-fields.ts';
import { adminTagRuleRoutes } from './routes/admin-tag-rules.ts';
import { adminTagRoutes, type AdminTagDeps } from './routes/admin-tags.ts';
import { adminTransferRoutes } from './routes/admin-transfers.ts';
import { adminWelcomeFlowRoutes } from './routes/admin-welcome-flows.ts';
import { healthRoutes, type ReadinessChecks } from './routes/health.ts';
import { SIDEBAR_API, sidebarRoutes, sidebarUserOf, type SidebarHttpDeps } from './routes/sidebar.ts';
import { DEV_SHIM, staticPageRoutes } from './routes/page-static.ts';
import { wecomCallbackRoutes } from './routes/wecom-callback.ts';

export const CALLBACK_PATH = '/wecom/callback';
/** The queue dashboard's page, under the admin gate (so the console's cookie reaches it). */
export const QUEUE_DASHBOARD_PATH = '/api/admin/queues';
/** Base path of the admin API; everything under it needs the admin bearer token. */
export const ADMIN_PATH = '/api/admin';
/** Case-insensitive on purpose: the gate must cover every spelling a router could match. */
const ADMIN_PATH_PATTERN = /^\/+api\/+admin(\/|$)/i;

/** What the admin API needs; without it the admin routes are not mounted at all. */
export interface AdminHttpDeps {
  /** ADMIN_TOKEN; when undefined every admin request is refused with 401. */
  token?: string;
  welcomeFlows: WelcomeFlowRepo;
  customers: CustomerQueries;
  channels: ChannelDeps;
  transferFailures: TransferFailureLog;
  tags: AdminTagDeps;
  handovers: HandoverDeps;
  messages: MessageIngestDeps & TaskDeps;
  questionSets: QuestionSetDeps;
  tagRules: TagRuleAdminDeps;
  scripts: ScriptAdminDeps;
  orders: OrderImportDeps;
  /** Queues shown by the dashboard (bull-board) at {@link QUEUE_DASHBOARD_PATH}, behind the gate. */
  dashboardQueues?: readonly DashboardQueue[];
  campaigns: CampaignAdminDeps & CampaignReportDeps;
  dashboard: DashboardDeps;
  /** Segments and recall campaigns; omitted → those routes are not mounted. */
  segments?: RecallDeps;
  /** Conversation quality alerts; omitted → those routes are not mounted. */
  quality?: QualityAdminDeps;
  /** Custom profile fields; omitted → those routes are not mounted and list filters on them are refused. */
  customFields?: CustomFieldAdminDeps;
  /** Group codes (群活码); omitted → those routes are not mounted. */
  groupCodes?: GroupCodeDeps;
  /** Roles, the staff directory, the audit log, and the console's WeCom sign-in. */
  access: AdminAccessRouteDeps & {
    /** WeCom's web login for staff; omitted → token sign-in only. */
    login?: MemberLogin;
    /** Sandbox mode: `/api/admin/dev-login?userId` opens a member's session without WeCom. */
    sandbox?: boolean;
  };
}

export interface HttpDeps {
  app: Pick<AppDeps, 'inbox' | 'eventQueue' | 'welcomeQueue' | 'logger' | 'clock'>;
  crypto: WecomCrypto;
  metrics: Metrics;
  readiness: ReadinessChecks;
  beforeMetrics?: () => Promise<void>;
  /** The admin API under {@link ADMIN_PATH}; omitted → not mounted. */
  admin?: AdminHttpDeps;
  /** The salesperson's sidebar (API and page); omitted → not mounted. */
  sidebar?: SidebarHttpDeps;
  /** Believe X-Forwarded-* headers (TRUST_PROXY); off unless a reverse proxy sets them. */
  trustProxy?: boolean;
}

/** Where `npm run sidebar:build` puts the sidebar page and the admin console. */
export const SIDEBAR_DIST = 'sidebar/dist';
export const ADMIN_CONSOLE_DIST = 'sidebar/dist-admin';

export function createHttpApp(deps: HttpDeps): Koa<RequestState> {
  const koa = new Koa<RequestState>({ proxy: deps.trustProxy ?? false });
  // Errors are rendered by errorHandler; Koa's default listener would print stacks.
  koa.silent = true;
  koa.use(requestContext({ logger: deps.app.logger }));
  koa.use(errorHandler());
  const callback = wecomCallbackRoutes({ path: CALLBACK_PATH, crypto: deps.crypto, app: deps.app, metrics: deps.metrics });
  const health = healthRoutes({ checks: deps.readiness, registry: deps.metrics.registry, beforeMetrics: deps.beforeMetrics });
  koa.use(callback.routes()).use(callback.allowedMethods());
  koa.use(health.routes()).use(health.allowedMethods());
  if (deps.admin) {
    mountAdmin(koa, deps.admin, deps.app.clock);
    // The page itself is public: everything it shows comes from the admin API behind the gate.
    const consolePage = staticPageRoutes({ path: '/admin', distDir: ADMIN_CONSOLE_DIST, index: 'admin.html', notBuiltCode: 'admin_console_not_built' });
    koa.use(consolePage.routes()).use(consolePage.allowedMethods());
  }
  if (deps.sidebar) {
    const sidebar = deps.sidebar;
    const page = staticPageRoutes({ path: '/sidebar', distDir: SIDEBAR_DIST, hidden: (file) => file === DEV_SHIM && !sidebar.sandbox, notBuiltCode: 'sidebar_not_built' });
    const api = sidebarRoutes(sidebar);
    const roles: Pick<RoleStore, 'get'> = sidebar.roles ?? { get: async () => null };
    const audit = auditWrites({
      audit: sidebar.audit,
      clock: sidebar.clock,
      routes: new RouteTable([api]),
      principal: (ctx) => {
        const userId = sidebarUserOf(ctx.state as RequestState);
        return userId === undefined ? undefined : memberPrincipal({ roles }, userId);
      },
    });
    koa.use(async function sidebarAudit(ctx, next) {
      return ctx.path.startsWith(`${SIDEBAR_API}/`) ? audit(ctx, next) : next();
    });
    for (const router of [api, page]) koa.use(router.routes()).use(router.allowedMethods());
  }
  return koa;
}

/** The admin API's routes as mounted on an app (for tests that hold them against the policy). */
const adminRouteTables = new WeakMap<Koa<RequestState>, RouteTable>();
export function adminRoutesOf(koa: Koa<RequestState>): RouteTable | undefined {
  return adminRouteTables.get(koa);
}

/**
 * The admin routers behind the gate: authentication (bearer token or console session),
 * then the access policy of the route (http/access/route-policy.ts: role, scope, deny by
 * default), then the audit of every successful write. Only `public` routes (signing in
 * and out) pass straight through: they check for themselves.
 */
function mountAdmin(koa: Koa<RequestState>, admin: AdminHttpDeps, clock: Clock): void {
  const now = () => clock.now().getTime();
  const routers = [
    adminSessionRoutes({ basePath: ADMIN_PATH, token: admin.token, now, login: admin.access.login, sandbox: admin.access.sandbox, directory: admin.access.directory }),
    adminAccessRoutes({ basePath: ADMIN_PATH, deps: admin.access }),
    adminWelcomeFlowRoutes({ basePath: ADMIN_PATH, welcomeFlows: admin.welcomeFlows }),
    adminCustomerRoutes({ basePath: ADMIN_PATH, customers: admin.customers, ...(admin.customFields ? { fields: admin.customFields.fields } : {}) }),
    adminChannelRoutes({ basePath: ADMIN_PATH, deps: admin.channels }),
    adminTransferRoutes({ basePath: ADMIN_PATH, transferFailures: admin.transferFailures, handovers: admin.handovers }),
    adminTagRoutes({ basePath: ADMIN_PATH, deps: admin.tags }),
    adminMessageRoutes({ basePath: ADMIN_PATH, deps: admin.messages }),
    adminQuestionSetRoutes({ basePath: ADMIN_PATH, deps: admin.questionSets }),
    adminTagRuleRoutes({ basePath: ADMIN_PATH, deps: admin.tagRules }),
    adminScriptRoutes({ basePath: ADMIN_PATH, deps: admin.scripts }),
    adminOrderRoutes({ basePath: ADMIN_PATH, deps: admin.orders }),
    adminDashboardRoutes({ basePath: ADMIN_PATH, deps: admin.dashboard }),
    adminCampaignRoutes({ basePath: ADMIN_PATH, deps: admin.campaigns }),
    ...(admin.segments ? [adminSegmentRoutes({ basePath: ADMIN_PATH, deps: admin.segments })] : []),
    ...(admin.quality ? [adminQualityRoutes({ basePath: ADMIN_PATH, deps: admin.quality })] : []),
    ...(admin.customFields ? [adminCustomFieldRoutes({ basePath: ADMIN_PATH, deps: admin.customFields })] : []),
    ...(admin.groupCodes ? [adminGroupCodeRoutes({ basePath: ADMIN_PATH, deps: admin.groupCodes })] : []),
  ];
  const routes = new RouteTable(routers, admin.dashboardQueues ? [{ prefix: QUEUE_DASHBOARD_PATH }] : []);
  adminRouteTables.set(koa, routes);
  const auth = adminAuth({ token: admin.token, tokenPrincipal: TOKEN_PRINCIPAL, memberPrincipal: (userId) => memberPrincipal(admin.access, userId), now });
  const access = adminAccess({
    routes,
    policy: ADMIN_ROUTE_POLICY,
    scopeOf: (principal) => scopeOf(admin.access, principal),
    customerServedBy: (externalUserId, userIds) => admin.customers.servedBy(externalUserId, userIds),
  });
  const audit = auditWrites({
    audit: admin.access.audit,
    clock,
    routes,
    principal: (ctx) => (ctx.state as RequestState).principal,
    skip: (route) => ADMIN_ROUTE_POLICY[route.key]?.audit === false,
  });
  const gate: Koa.Middleware<RequestState> = async (ctx, next) => {
    const route = routes.match(ctx.method, ctx.path);
    if (route && ADMIN_ROUTE_POLICY[route.key]?.access === 'public') return next();
    return auth(ctx, () => access(ctx, () => audit(ctx, next)));
  };
  const chain = compose<Koa.ParameterizedContext<RequestState>>([
    gate,
    ...routers.flatMap((router) => [router.routes(), router.allowedMethods()]),
    ...(admin.dashboardQueues ? [queueDashboard(admin.dashboardQueues, QUEUE_DASHBOARD_PATH)] : []),
  ] as compose.Middleware<Koa.ParameterizedContext<RequestState>>[]);
  // Other requests (the sidebar, pages) skip the admin routers altogether: matching every
  // one of them on each request was a tenth of a sidebar call's CPU.
  koa.use(async function adminGate(ctx, next) {
    return ADMIN_PATH_PATTERN.test(ctx.path) ? chain(ctx, next) : next();
  });
}
