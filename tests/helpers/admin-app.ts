/**
 * The Koa app with the admin API over a real database (real Prisma repos), listening on
 * an ephemeral loopback port, plus a small fetch wrapper that sends the bearer token.
 * No Redis: the callback parts get in-memory fakes, which the admin routes never touch.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SqlCampaignRepo } from '../../src/db/campaign-repo.ts';
import { PrismaChannelRepo } from '../../src/db/channel-repo.ts';
import { SqlChannelActivity } from '../../src/db/channel-activity.ts';
import { SqlCheckInLedger, SqlRewardLog } from '../../src/db/check-in-ledger.ts';
import { SqlGroupRoster } from '../../src/db/group-roster-repo.ts';
import { SqlContactRepo } from '../../src/db/contact-repo.ts';
import { PrismaCustomerQueries } from '../../src/db/customer-queries.ts';
import { SqlDashboardQueries } from '../../src/db/dashboard-queries.ts';
import { PrismaCorpTagStore } from '../../src/db/corp-tag-repo.ts';
import { PrismaHandoverStore } from '../../src/db/handover-repo.ts';
import { SqlMessageStore } from '../../src/db/message-repo.ts';
import { PrismaSalesTaskStore } from '../../src/db/sales-task-repo.ts';
import { PrismaQuestionSetRepo } from '../../src/db/sidebar-repo.ts';
import { PrismaReplyScriptRepo } from '../../src/db/reply-script-repo.ts';
import { PrismaTagRuleRepo } from '../../src/db/tag-rule-repo.ts';
import { SqlOrderStore } from '../../src/db/order-repo.ts';
import { SqlCustomerTagStore } from '../../src/db/customer-tag-repo.ts';
import type { ContactWayGateway, CorpTagDirectory, TagGateway } from '../../src/domain/ports.ts';
import { PrismaWelcomeFlowRepo } from '../../src/db/welcome-flow-repo.ts';
import { SqlRoleStore, SqlStaffDirectory } from '../../src/db/access-repo.ts';
import { SqlAuditTrail } from '../../src/db/audit-log-repo.ts';
import { createHttpApp, type AdminHttpDeps, type HttpDeps } from '../../src/http/app.ts';
import { closeServer, listen } from '../../src/http/server.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { createMetrics } from '../../src/shared/metrics.ts';
import { WecomCrypto } from '../../src/wecom/crypto.ts';
import { FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../fixtures/wecom/events.ts';
import { InMemoryEventQueue, InMemoryInboxStore, silentLogger } from './fakes.ts';
import type { TestDatabase } from './test-db.ts';

export const FIXTURE_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface AdminRequest {
  /** Bearer token to send; `null` sends no Authorization header. @defaultValue FIXTURE_ADMIN_TOKEN */
  token?: string | null;
  /** JSON-encoded unless it is already a string. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface AdminTestApp {
  baseUrl: string;
  request(method: string, path: string, options?: AdminRequest): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Starts the app for one test file.
 * @param options.token - the configured ADMIN_TOKEN; pass undefined for "not set"
 */
export async function startAdminApp(
  database: TestDatabase,
  options: { token: string | undefined; access?: Partial<AdminHttpDeps['access']>; contactWays?: ContactWayGateway; wecomTags?: TagGateway & CorpTagDirectory; classifyQueue?: InMemoryEventQueue },
): Promise<AdminTestApp> {
  const noWecom = (what: string) => () => Promise.reject(new Error(`this test gives the admin app no WeCom ${what}`));
  const wecomTags = options.wecomTags ?? { markTags: noWecom('mark_tag'), list: noWecom('tag list'), create: noWecom('add_corp_tag') };
  const corpTags = new PrismaCorpTagStore(database.db);
  const clock = fixedClock(new Date());
  const classifyQueue = options.classifyQueue ?? new InMemoryEventQueue();
  const campaigns = {
    campaigns: new SqlCampaignRepo(database.connection.sql),
    rewards: new SqlRewardLog(database.connection.sql),
    ledger: new SqlCheckInLedger(database.connection.sql),
    roster: new SqlGroupRoster(database.connection.sql),
    clock,
  };
  // Cast: the admin tests do not care which queues the callback route is given.
  const app = { inbox: new InMemoryInboxStore(), eventQueue: new InMemoryEventQueue(), logger: silentLogger(), clock } as HttpDeps['app'];
  const koa = createHttpApp({
    app,
    crypto: new WecomCrypto({ token: FIXTURE_TOKEN, encodingAesKey: FIXTURE_ENCODING_AES_KEY, receiveId: FIXTURE_CORP_ID }),
    metrics: createMetrics(false),
    readiness: {},
    admin: {
      token: options.token,
      welcomeFlows: new PrismaWelcomeFlowRepo(database.db),
      customers: new PrismaCustomerQueries(database.db, database.connection.sql),
      transferFailures: new SqlContactRepo(database.connection.sql),
      channels: {
        channels: new PrismaChannelRepo(database.db),
        contactWays: options.contactWays ?? { create: noWecom('add_contact_way'), update: noWecom('update_contact_way'), remove: noWecom('del_contact_way') },
        loads: new SqlContactRepo(database.connection.sql),
        welcomeFlows: new PrismaWelcomeFlowRepo(database.db),
        corpTags,
        activity: new SqlChannelActivity(database.connection.sql),
        clock,
        randomId: () => Math.random().toString(36).slice(2, 10),
      },
      handovers: {
        transfers: { transfer: noWecom('transfer_customer'), results: noWecom('transfer_result') },
        handovers: new PrismaHandoverStore(database.db),
        roster: new SqlContactRepo(database.connection.sql),
        loads: new SqlContactRepo(database.connection.sql),
        clock,
      },
      messages: { messages: new SqlMessageStore(database.connection.sql), classifyQueue, tasks: new PrismaSalesTaskStore(database.db, database.connection.sql), clock },
      questionSets: { questionSets: new PrismaQuestionSetRepo(database.db), corpTags },
      tagRules: { rules: new PrismaTagRuleRepo(database.db), corpTags },
      scripts: { scripts: new PrismaReplyScriptRepo(database.db), corpTags },
      orders: { orders: new SqlOrderStore(database.connection.sql), roster: new SqlContactRepo(database.connection.sql), clock },
      tags: { tags: wecomTags, directory: wecomTags, customerTags: new SqlCustomerTagStore(database.connection.sql), corpTags, clock },
      dashboard: { dashboard: new SqlDashboardQueries(database.connection.sql), campaigns, clock },
      campaigns,
      access: { roles: new SqlRoleStore(database.connection.sql), directory: new SqlStaffDirectory(database.connection.sql), audit: new SqlAuditTrail(database.connection.sql), clock, ...options.access },
    },
  });
  const server: Server = await listen(koa, 0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    request(method, path, request = {}) {
      const token = request.token === undefined ? FIXTURE_ADMIN_TOKEN : request.token;
      const headers: Record<string, string> = { ...(token === null ? {} : { authorization: `Bearer ${token}` }) };
      let body: string | undefined;
      if (request.body !== undefined) {
        body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
        headers['content-type'] = 'application/json';
      }
      return fetch(`${baseUrl}${path}`, { method, headers: { ...headers, ...request.headers }, body });
    },
    close: () => closeServer(server),
  };
}
