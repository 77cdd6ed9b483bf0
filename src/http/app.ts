/**
 * Builds the Koa app: middleware order, then the routers. Returns the app without
 * listening; main.ts listens and tests call app.callback().
 */
import Koa from 'koa';
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
import { adminAuth } from './middleware/admin-auth.ts';
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
import { adminTagRuleRoutes } from './routes/admin-tag-rules.ts';
import { adminTagRoutes, type AdminTagDeps } from './routes/admin-tags.ts';
import { adminTransferRoutes } from './routes/admin-transfers.ts';
import { adminWelcomeFlowRoutes } from './routes/admin-welcome-flows.ts';
import { healthRoutes, type ReadinessChecks } from './routes/health.ts';
import { sidebarRoutes, type SidebarHttpDeps } from './routes/sidebar.ts';
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
  /** Group codes (群活码); omitted → those routes are not mounted. */
  groupCodes?: GroupCodeDeps;
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
}

/** Where `npm run sidebar:build` puts the sidebar page and the admin console. */
export const SIDEBAR_DIST = 'sidebar/dist';
export const ADMIN_CONSOLE_DIST = 'sidebar/dist-admin';

export function createHttpApp(deps: HttpDeps): Koa<RequestState> {
  const koa = new Koa<RequestState>({ proxy: true });
  // Errors are rendered by errorHandler; Koa's default listener would print stacks.
  koa.silent = true;
  koa.use(requestContext({ logger: deps.app.logger }));
  koa.use(errorHandler());
  const callback = wecomCallbackRoutes({ path: CALLBACK_PATH, crypto: deps.crypto, app: deps.app, metrics: deps.metrics });
  const health = healthRoutes({ checks: deps.readiness, registry: deps.metrics.registry, beforeMetrics: deps.beforeMetrics });
  koa.use(callback.routes()).use(callback.allowedMethods());
  koa.use(health.routes()).use(health.allowedMethods());
  if (deps.admin) {
    mountAdmin(koa, deps.admin, () => deps.app.clock.now().getTime());
    // The page itself is public: everything it shows comes from the admin API behind the gate.
    const consolePage = staticPageRoutes({ path: '/admin', distDir: ADMIN_CONSOLE_DIST, index: 'admin.html', notBuiltCode: 'admin_console_not_built' });
    koa.use(consolePage.routes()).use(consolePage.allowedMethods());
  }
  if (deps.sidebar) {
    const sandbox = deps.sidebar.sandbox;
    const page = staticPageRoutes({ path: '/sidebar', distDir: SIDEBAR_DIST, hidden: (file) => file === DEV_SHIM && !sandbox, notBuiltCode: 'sidebar_not_built' });
    for (const router of [sidebarRoutes(deps.sidebar), page]) koa.use(router.routes()).use(router.allowedMethods());
  }
  return koa;
}

/**
 * The admin routers behind the gate (bearer token or console session), which also covers
 * unknown admin paths. Only signing in and out pass it: they check for themselves.
 */
function mountAdmin(koa: Koa<RequestState>, admin: AdminHttpDeps, now: () => number): void {
  const auth = adminAuth({ token: admin.token, now });
  const sessionPath = `${ADMIN_PATH}/session`;
  koa.use(async function adminGate(ctx, next) {
    if (ctx.path === sessionPath && (ctx.method === 'POST' || ctx.method === 'DELETE')) return next();
    return ADMIN_PATH_PATTERN.test(ctx.path) ? auth(ctx, next) : next();
  });
  const routers = [
    adminSessionRoutes({ basePath: ADMIN_PATH, token: admin.token, now }),
    adminWelcomeFlowRoutes({ basePath: ADMIN_PATH, welcomeFlows: admin.welcomeFlows }),
    adminCustomerRoutes({ basePath: ADMIN_PATH, customers: admin.customers }),
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
    ...(admin.groupCodes ? [adminGroupCodeRoutes({ basePath: ADMIN_PATH, deps: admin.groupCodes })] : []),
  ];
  for (const router of routers) koa.use(router.routes()).use(router.allowedMethods());
  if (admin.dashboardQueues) koa.use(queueDashboard(admin.dashboardQueues, QUEUE_DASHBOARD_PATH));
}
