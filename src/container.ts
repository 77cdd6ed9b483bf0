/**
 * The composition root: the only place that constructs concrete adapters. It wires
 * Prisma, Redis, BullMQ and the WeCom codec into AppDeps, starts the configured roles
 * and registers every resource's close in a fixed shutdown order.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { Worker } from 'bullmq';
import type { AppDeps } from './app/deps.ts';
import type { RunningBot } from './bot/bot.ts';
import type { Config, Role, WecomCallbackConfig } from './config.ts';
import { CachedChannels, CachedCorpTagGroups, CachedWelcomeFlows } from './app/cached-config.ts';
import { rebalanceChannels, refreshChannel, type ChannelDeps } from './app/admin/channels.ts';
import { followUpChannelAdd } from './app/channel-add.ts';
import { checkHandoverResults, type HandoverDeps } from './app/admin/handovers.ts';
import { syncCorpTags } from './app/admin/tags.ts';
import { ingestContactEvent, type ContactDeps } from './app/ingest-contact-event.ts';
import { recordGroupChange } from './app/record-group-change.ts';
import { recheckGroupCodes, rollOverOnGroupChange, type GroupCodeDeps } from './app/group-codes/roll-over.ts';
import { SqlGroupCodeRepo } from './db/group-code-repo.ts';
import { WecomGroupWelcomeTemplates } from './wecom/api/group-welcome-template.ts';
import { WecomJoinWays } from './wecom/api/join-way.ts';
import { CachedCampaigns } from './app/campaigns/cached-campaigns.ts';
import { recordGroupMessage, type CheckInDeps } from './app/campaigns/record-check-in.ts';
import { postDueSummaries, sendDueReminders, type ScheduledSendDeps } from './app/campaigns/scheduled-sends.ts';
import type { CampaignAdminDeps } from './app/admin/campaigns.ts';
import type { CampaignReportDeps } from './app/campaigns/campaign-reports.ts';
import { SqlCampaignRepo } from './db/campaign-repo.ts';
import { SqlCheckInLedger, SqlRewardLog } from './db/check-in-ledger.ts';
import { SqlGroupRoster } from './db/group-roster-repo.ts';
import { SqlOnceClaims } from './db/once-claims.ts';
import { BullBotOutbox, startOutboxWorker } from './queue/bot-outbox.ts';
import { WecomGroupRobot } from './wecom/api/group-robot.ts';
import { applyTagRules } from './app/apply-tag-rules.ts';
import { refreshAllValues } from './app/refresh-values.ts';
import { refreshAllLifecycles, refreshLifecycle, refreshStageOf, type LifecycleDeps } from './app/refresh-lifecycle.ts';
import { CachedReplyScripts, CachedTagRules } from './app/cached-rules.ts';
import { bestReply, recordScriptUse, suggestScripts } from './app/admin/scripts.ts';
import type { ClassifyDeps } from './app/classify-message.ts';
import { ingestMessages, requeueUnclassified, syncKfMessages, type MessageIngestDeps } from './app/ingest-messages.ts';
import { startsWelcome, type WelcomeDeps } from './app/send-welcome.ts';
import { PrismaChannelRepo } from './db/channel-repo.ts';
import { SqlChannelActivity } from './db/channel-activity.ts';
import { SqlContactRepo } from './db/contact-repo.ts';
import { PrismaCorpTagStore } from './db/corp-tag-repo.ts';
import { PrismaHandoverStore } from './db/handover-repo.ts';
import { PrismaKfCursorStore } from './db/kf-cursor-repo.ts';
import { SqlMessageStore } from './db/message-repo.ts';
import { PrismaSalesTaskStore } from './db/sales-task-repo.ts';
import { PrismaReplyScriptRepo } from './db/reply-script-repo.ts';
import { PrismaTagRuleRepo } from './db/tag-rule-repo.ts';
import { SqlOrderStore } from './db/order-repo.ts';
import { SqlRecallStore } from './db/recall-repo.ts';
import { SqlSegmentQueries } from './db/segment-queries.ts';
import { SqlCustomFieldRepo, SqlCustomFieldValueStore } from './db/custom-field-repo.ts';
import { SqlSegmentRepo } from './db/segment-repo.ts';
import { SqlQualityAlertStore, SqlQualityRuleRepo, SqlQualitySettingsStore } from './db/quality-repo.ts';
import type { QualityDeps } from './app/quality/deps.ts';
import { checkReplyTimeouts } from './app/quality/reply-timeouts.ts';
import { screenMessages } from './app/quality/screen-messages.ts';
import { WecomAppMessenger } from './wecom/api/app-message.ts';
import { checkRecallResults, sendQueuedRecalls, type RecallDeps } from './app/segments/recalls.ts';
import { WecomMassMessages } from './wecom/api/mass-message.ts';
import { SqlGroupHistory } from './db/group-history-repo.ts';
import { SqlLifecycleStore } from './db/lifecycle-repo.ts';
import { PrismaAnswerStore, PrismaNoteStore, PrismaQuestionSetRepo } from './db/sidebar-repo.ts';
import { SqlRoleStore, SqlStaffDirectory } from './db/access-repo.ts';
import { SqlAuditTrail } from './db/audit-log-repo.ts';
import { WecomStaffDirectory } from './wecom/api/staff-directory.ts';
import { syncStaffDirectory, type StaffSyncDeps } from './app/access/staff-directory.ts';
import type { SidebarHttpDeps } from './http/routes/sidebar.ts';
import { SessionCodec } from './http/sidebar-session.ts';
import { sandboxJsSdkSigner } from './sandbox/jssdk-signer.ts';
import { AppError } from './shared/errors.ts';
import { WecomGroupChats } from './wecom/api/groupchat.ts';
import { WecomSidebarAuth } from './wecom/api/jssdk.ts';
import { openAiSecondOpinion } from './llm/openai-intent.ts';
import { SqlCustomerTagStore } from './db/customer-tag-repo.ts';
import { PrismaCustomerQueries } from './db/customer-queries.ts';
import { SqlDashboardQueries } from './db/dashboard-queries.ts';
import { DASHBOARD_WARM_EVERY_MS, snapshotDashboardQueries, warmDashboard } from './app/admin/dashboard-snapshots.ts';
import { RedisSnapshots } from './queue/redis-snapshots.ts';
import { SqlInboxStore } from './db/inbox-repo.ts';
import { PrismaWelcomeFlowRepo } from './db/welcome-flow-repo.ts';
import { SqlWelcomeSendLog } from './db/welcome-send-log.ts';
import { openDatabase, type DatabaseConnection } from './db/prisma.ts';
import type { EventHandlers } from './domain/ports.ts';
import { createHttpApp, type AdminHttpDeps } from './http/app.ts';
import { closeServer, listen } from './http/server.ts';
import { BullEventQueue, type BullEventQueueOptions } from './queue/event-queue.ts';
import { startEventWorker } from './queue/event-worker.ts';
import { startClassifyWorker } from './queue/classify-worker.ts';
import { CLASSIFY_JOB_OPTIONS, CLASSIFY_QUEUE, EVENTS_QUEUE, WELCOME_JOB_OPTIONS, WELCOME_QUEUE } from './queue/jobs.ts';
import { RedisLocks } from './queue/redis-lock.ts';
import { startMaintenance, type Maintenance, type MaintenanceTask } from './queue/maintenance.ts';
import { startWelcomeWorker } from './queue/welcome-worker.ts';
import { createProducerConnection, type Redis } from './queue/redis.ts';
import { startSweeper, type Sweeper } from './queue/sweeper.ts';
import { type Clock, systemClock } from './shared/clock.ts';
import { childLogger, createRootLogger, type Logger } from './shared/logger.ts';
import { createMetrics, type Metrics } from './shared/metrics.ts';
import { SHUTDOWN_ORDER, ShutdownRegistry } from './shared/shutdown.ts';
import { within } from './shared/timeout.ts';
import { WecomClient } from './wecom/client.ts';
import { WecomContactWays } from './wecom/api/contact-way.ts';
import { WecomContactRemarks } from './wecom/api/contact-remark.ts';
import { WecomTags } from './wecom/api/corp-tag.ts';
import { WecomKfMessages } from './wecom/api/kf.ts';
import { WecomTransfers } from './wecom/api/transfer.ts';
import { WecomWelcomeSender } from './wecom/api/welcome.ts';
import { WecomContactDirectory } from './wecom/contact-directory.ts';
import { WecomCrypto } from './wecom/crypto.ts';

export interface ContainerOptions {
  /** The callback identity: real credentials or the sandbox's. */
  callback: WecomCallbackConfig;
  /** Admin token when ADMIN_TOKEN is not set (sandbox mode). */
  adminToken?: string;
  /** Sidebar session secret when SIDEBAR_SESSION_SECRET is not set (sandbox mode). */
  sessionSecret?: string;
  clock?: Clock;
  logger?: Logger;
  /** BullMQ key prefix. @defaultValue 'bull' */
  queuePrefix?: string;
  eventHandlers?: EventHandlers;
  /** Overrides of the event jobs' attempts, backoff and retention. */
  eventJobOptions?: BullEventQueueOptions['jobOptions'];
  /** Node process metrics in /metrics. @defaultValue true */
  processMetrics?: boolean;
  sweeper?: { intervalMs?: number; graceMs?: number };
  /** A puppet instance for the bot role instead of the configured one (tests, sandbox). */
  botPuppet?: object;
}

export interface Container {
  config: Readonly<Config>;
  logger: Logger;
  metrics: Metrics;
  db: DatabaseConnection;
  redis: Redis;
  inbox: SqlInboxStore;
  eventQueue: BullEventQueue;
  welcomeQueue: BullEventQueue;
  welcomeDeps: WelcomeDeps;
  /** Chat messages: storage and the classification queue (every message source uses it). */
  messageDeps: MessageIngestDeps;
  classifyDeps: ClassifyDeps;
  /** Check-in campaigns: the engine's deps (the bot role's plugin uses them). */
  checkIns: CheckInDeps & { campaigns: CachedCampaigns; roster: SqlGroupRoster };
  botOutbox: BullBotOutbox;
  admin: AdminHttpDeps;
  sidebar: SidebarHttpDeps;
  /** Periodic chores the worker role schedules. */
  maintenanceTasks: MaintenanceTask[];
  crypto: WecomCrypto;
  wecom: WecomClient;
  appDeps: AppDeps;
  shutdown: ShutdownRegistry;
}

export interface RunningRoles {
  server?: Server;
  worker?: Worker;
  welcomeWorker?: Worker;
  classifyWorker?: Worker;
  sweeper?: Sweeper;
  maintenance?: Maintenance;
  bot?: RunningBot;
  botOutboxWorker?: Worker;
}

/** Reminders and summaries are due at a minute of the day: look every minute. */
const CAMPAIGN_SCHEDULE_EVERY_MS = 60_000;
/**
 * How often channel codes are re-routed (schedules change on the minute, caps reset at
 * midnight); WeCom is called only for channels whose members change.
 */
const CHANNEL_REBALANCE_EVERY_MS = 60_000;
/** How often waiting handovers are checked with transfer_result (moves take 24 h). */
const HANDOVER_CHECK_EVERY_MS = 30 * 60_000;
/** Stages also change by time passing (declining after 30 idle days): re-check everyone this often. */
const LIFECYCLE_REFRESH_EVERY_MS = 15 * 60_000;
/** How often recall mass messages are asked for their results (salespeople confirm them over hours). */
const RECALL_CHECK_EVERY_MS = 10 * 60_000;
/** How soon a queued recall whose web process died (or a dead sender's) is picked up. */
const RECALL_SEND_EVERY_MS = 60_000;
/** How often every group code's groups are recounted (callbacks can be lost; groupchat/get may lag them). */
const GROUP_CODE_RECHECK_EVERY_MS = 10 * 60_000;
/** Reply timeouts are counted in minutes: look every minute. */
const QUALITY_CHECK_EVERY_MS = 60_000;
/** WeCom's 通讯录 changes rarely; a lead's scope follows a reorganisation within hours (admins can sync at once). */
const STAFF_SYNC_EVERY_MS = 6 * 3600_000;
/** Stored messages still unclassified after this long are queued again (their job was lost). */
const CLASSIFY_CATCH_UP_AFTER_MS = 60_000;

/** The puppet the bot role uses: configured, or the mock puppet in sandbox mode. */
export function botPuppet(config: Readonly<Config>): string | undefined {
  return config.wechatyPuppet ?? (config.mode === 'sandbox' ? 'wechaty-puppet-mock' : undefined);
}

export async function createContainer(config: Readonly<Config>, options: ContainerOptions): Promise<Container> {
  const logger = options.logger ?? createRootLogger(config.logLevel);
  const shutdown = new ShutdownRegistry();
  const metrics = createMetrics(options.processMetrics ?? true);
  const db = await openDatabase(config.databaseUrl);
  shutdown.register('database', SHUTDOWN_ORDER.database, () => db.close());
  const redis = createProducerConnection(config.redisUrl);
  // Connection errors are expected while Redis restarts; enqueue failures are reported where they happen.
  redis.on('error', () => {});
  // Commands fail at once until connected (no offline queue): give Redis a moment at boot,
  // but start anyway if it is down — the inbox keeps events until the sweeper can queue them.
  if (redis.status !== 'ready') await within(3_000, new Promise((resolve) => redis.once('ready', resolve)));
  shutdown.register('redis', SHUTDOWN_ORDER.redis, async () => {
    await redis.quit().catch(() => redis.disconnect());
  });
  const inbox = new SqlInboxStore(db.sql);
  shutdown.register('inbox', SHUTDOWN_ORDER.inbox, () => inbox.drain());
  const eventQueue = new BullEventQueue({ connection: redis, prefix: options.queuePrefix, jobOptions: options.eventJobOptions });
  const welcomeQueue = new BullEventQueue({
    connection: redis,
    prefix: options.queuePrefix,
    name: WELCOME_QUEUE,
    jobIdPrefix: 'welcome-',
    jobOptions: WELCOME_JOB_OPTIONS,
  });
  const classifyQueue = new BullEventQueue({
    connection: redis,
    prefix: options.queuePrefix,
    name: CLASSIFY_QUEUE,
    jobOptions: CLASSIFY_JOB_OPTIONS,
  });
  shutdown.register('queues', SHUTDOWN_ORDER.queues, async () => {
    await within(2_000, Promise.all([eventQueue.close(), welcomeQueue.close(), classifyQueue.close()]));
  });
  const crypto = new WecomCrypto({
    token: options.callback.token,
    encodingAesKey: options.callback.encodingAesKey,
    receiveId: options.callback.corpId,
  });
  const clock = options.clock ?? systemClock;
  const wecom = new WecomClient({
    apiBase: config.wecomApiBase,
    corpId: options.callback.corpId,
    secrets: { contact: config.wecomContactSecret, agent: config.wecomAgentSecret },
    agentId: config.wecomAgentId,
    redis,
    logger,
    clock,
  });
  const contacts = new SqlContactRepo(db.sql);
  const directory = new WecomContactDirectory(wecom, childLogger(logger, 'wecom.client'));
  const channelRepo = new PrismaChannelRepo(db.prisma);
  // Workers read channels per add event; admins write through the uncached repo.
  const channels = new CachedChannels(channelRepo, clock);
  const wecomTags = new WecomTags(wecom);
  const corpTags = new PrismaCorpTagStore(db.prisma);
  const tagging = { tags: wecomTags, customerTags: new SqlCustomerTagStore(db.sql), locks: new RedisLocks(redis, { prefix: `${options.queuePrefix ?? 'bull'}:lock` }) };
  const corpTagDeps = { directory: wecomTags, corpTags, clock };
  const handoverStore = new PrismaHandoverStore(db.prisma);
  const contactDeps: ContactDeps = {
    contacts,
    directory,
    channels,
    tagging,
    handovers: handoverStore,
    clock,
    // ruleDeps and the lifecycle are built below with the message pipeline; these run only once events flow.
    applyRules: (input) => applyTagRules(ruleDeps, input),
    refreshStage: (externalUserId) => refreshStageOf(lifecycleDeps, externalUserId),
  };
  const welcomeFlows = new PrismaWelcomeFlowRepo(db.prisma);
  const welcomeDeps: WelcomeDeps = {
    flows: new CachedWelcomeFlows(welcomeFlows, clock),
    sender: new WecomWelcomeSender(wecom),
    sends: new SqlWelcomeSendLog(db.sql),
    names: contacts,
    directory,
    channels,
    clock,
    logger: childLogger(logger, 'worker'),
  };
  const channelDeps: ChannelDeps = {
    channels: channelRepo,
    contactWays: new WecomContactWays(wecom),
    welcomeFlows,
    corpTags,
    loads: contacts,
    activity: new SqlChannelActivity(db.sql),
    clock,
    randomId: () => randomBytes(6).toString('base64url'),
  };
  const channelAddDeps = {
    channels,
    contacts,
    names: contacts,
    remarks: new WecomContactRemarks(wecom),
    claims: new SqlOnceClaims(db.sql),
    clock,
    logger: childLogger(logger, 'worker'),
    refreshChannel: (id: number) => refreshChannel(channelDeps, id),
  };
  const campaigns = new CachedCampaigns(new SqlCampaignRepo(db.sql), clock);
  const ledger = new SqlCheckInLedger(db.sql);
  const rewards = new SqlRewardLog(db.sql);
  const groupRoster = new SqlGroupRoster(db.sql);
  const botOutbox = new BullBotOutbox({ connection: redis, prefix: options.queuePrefix });
  shutdown.register('bot outbox queue', SHUTDOWN_ORDER.queues, () => within(2_000, botOutbox.close()).then(() => undefined));
  const checkIns = { campaigns, ledger, rewards, roster: groupRoster, messenger: botOutbox, clock };
  const scheduledSends: ScheduledSendDeps = {
    campaigns,
    ledger,
    roster: groupRoster,
    claims: new SqlOnceClaims(db.sql),
    messenger: botOutbox,
    webhook: new WecomGroupRobot(wecom, { redis, corpId: options.callback.corpId, clock }),
    clock,
  };
  const campaignAdmin: CampaignAdminDeps & CampaignReportDeps = { campaigns, rewards, ledger, roster: groupRoster, clock };
  const qualityDeps: QualityDeps = {
    rules: new SqlQualityRuleRepo(db.sql),
    settings: new SqlQualitySettingsStore(db.sql),
    alerts: new SqlQualityAlertStore(db.sql),
    // Without an AgentId the sends fail and the alerts end `failed` after retries; the console still lists them.
    messenger: new WecomAppMessenger(wecom, config.wecomAgentId ?? ''),
    claims: scheduledSends.claims,
    clock,
    logger: childLogger(logger, 'worker'),
  };
  const messageDeps: MessageIngestDeps = {
    messages: new SqlMessageStore(db.sql),
    classifyQueue,
    recordGroupMessage: (message) => recordGroupMessage(checkIns, message),
    screenMessages: (messages) => screenMessages(qualityDeps, messages),
  };
  const tasks = new PrismaSalesTaskStore(db.prisma, db.sql);
  const tagRules = new PrismaTagRuleRepo(db.prisma);
  const scripts = new PrismaReplyScriptRepo(db.prisma);
  // Workers read rules and scripts per message; admins write through the uncached repos.
  const ruleDeps = { ...tagging, corpTags, clock, rules: new CachedTagRules(tagRules, clock) };
  const scriptReads = { scripts: new CachedReplyScripts(scripts, clock) };
  const orders = new SqlOrderStore(db.sql);
  const groupHistory = new SqlGroupHistory(db.sql);
  const lifecycle = new SqlLifecycleStore(db.sql);
  const lifecycleDeps: LifecycleDeps = {
    lifecycle,
    roster: contacts,
    tasks,
    clock,
    thresholds: config.lifecycleThresholds,
    applyRules: (input) => applyTagRules(ruleDeps, input),
  };
  const refreshStage = (externalUserId: string) => refreshStageOf(lifecycleDeps, externalUserId);
  const classifyDeps: ClassifyDeps = {
    messages: messageDeps.messages,
    roster: contacts,
    tasks,
    clock,
    applyRules: (input) => applyTagRules(ruleDeps, input),
    values: orders,
    refreshStage,
    suggestReply: (context) => bestReply(scriptReads, context),
    ...(config.intentLlm ? { secondOpinion: openAiSecondOpinion({ ...config.intentLlm, logger: childLogger(logger, 'worker') }) } : {}),
  };
  const kfDeps = { ...messageDeps, feed: new WecomKfMessages(wecom), cursors: new PrismaKfCursorStore(db.prisma) };
  const handoverDeps: HandoverDeps = { transfers: new WecomTransfers(wecom), handovers: handoverStore, roster: contacts, loads: contacts, clock };
  const sidebarStores = {
    notes: new PrismaNoteStore(db.prisma, db.sql),
    questionSets: new PrismaQuestionSetRepo(db.prisma),
    answers: new PrismaAnswerStore(db.prisma),
  };
  const customerQueries = new PrismaCustomerQueries(db.prisma, db.sql);
  const customFields = new SqlCustomFieldRepo(db.sql);
  const recallDeps: RecallDeps = {
    segments: new SqlSegmentRepo(db.sql),
    queries: new SqlSegmentQueries(db.sql),
    recalls: new SqlRecallStore(db.sql),
    messenger: new WecomMassMessages(wecom),
    tasks,
    clock,
    fields: customFields,
  };
  const groupCodeDeps: GroupCodeDeps = {
    codes: new SqlGroupCodeRepo(db.sql),
    joinWays: new WecomJoinWays(wecom),
    welcomeTemplates: new WecomGroupWelcomeTemplates(wecom),
    groups: new WecomGroupChats(wecom),
    locks: tagging.locks,
    clock,
    randomId: () => randomBytes(6).toString('base64url'),
  };
  const audit = new SqlAuditTrail(db.sql);
  const roles = new SqlRoleStore(db.sql);
  const staffSync: StaffSyncDeps = { source: new WecomStaffDirectory(wecom), directory: new SqlStaffDirectory(db.sql), clock };
  const dashboardQueries = new SqlDashboardQueries(db.sql);
  const dashboardSnapshots = { snapshots: new RedisSnapshots(redis, `${options.queuePrefix ?? 'bull'}:snapshot`), clock, logger: childLogger(logger, 'worker') };
  const admin: AdminHttpDeps = {
    // Undefined → the admin API answers 401 to everything and says to set ADMIN_TOKEN.
    token: config.adminToken ?? options.adminToken,
    // Uncached: admins read what they just wrote, even from another process.
    welcomeFlows,
    customers: customerQueries,
    transferFailures: contacts,
    channels: channelDeps,
    tags: { ...tagging, ...corpTagDeps },
    handovers: handoverDeps,
    messages: { ...messageDeps, tasks, clock },
    questionSets: { questionSets: sidebarStores.questionSets, corpTags },
    tagRules: { rules: tagRules, corpTags },
    scripts: { scripts, corpTags },
    orders: { orders, roster: contacts, clock, thresholds: config.valueThresholds, applyRules: (input) => applyTagRules(ruleDeps, input), refreshStages: (ids) => refreshLifecycle(lifecycleDeps, ids) },
    dashboard: { dashboard: snapshotDashboardQueries(dashboardQueries, dashboardSnapshots), campaigns: campaignAdmin, clock },
    campaigns: campaignAdmin,
    segments: recallDeps,
    quality: qualityDeps,
    customFields: { fields: customFields },
    groupCodes: groupCodeDeps,
    dashboardQueues: [eventQueue.queue, welcomeQueue.queue, classifyQueue.queue, botOutbox.queue],
    // login is the sidebar's WeCom login, set below once the sidebar's wiring has made it.
    access: { roles, directory: staffSync.directory, audit, clock, sync: staffSync, sandbox: config.mode === 'sandbox' },
  };
  const sidebar = sidebarDeps(config, options, {
    wecom, redis, clock, groupHistory, audit, roles,
    campaigns: { campaigns, ledger, rewards, roster: groupRoster },
    read: {
      customers: customerQueries,
      corpTags: new CachedCorpTagGroups(corpTags, clock),
      channels,
      messages: messageDeps.messages,
      customerTags: tagging.customerTags,
      tasks,
      ...sidebarStores,
      values: orders,
      stages: lifecycle,
      checkIns: ledger,
      suggestScripts: async (context, limit) =>
        (await suggestScripts(scriptReads, context, limit)).map(({ script, score, reasons }) => ({ id: script.id, title: script.title, text: script.text, score, reasons })),
    },
    write: {
      ...tagging,
      ...sidebarStores,
      corpTags,
      clock,
      customers: customerQueries,
      tasks,
      recordScriptUse: (id) => recordScriptUse({ scripts }, id),
    },
  });
  if (sidebar.login) admin.access.login = sidebar.login;
  sidebar.customFields = { fields: customFields, values: new SqlCustomFieldValueStore(db.sql) };
  const maintenanceTasks: MaintenanceTask[] = [
    { name: 'dashboard-warm', everyMs: DASHBOARD_WARM_EVERY_MS, run: () => warmDashboard({ ...dashboardSnapshots, dashboard: dashboardQueries }) },
    { name: 'channel-rebalance', everyMs: CHANNEL_REBALANCE_EVERY_MS, run: () => rebalanceChannels(channelDeps) },
    { name: 'handover-results', everyMs: HANDOVER_CHECK_EVERY_MS, run: () => checkHandoverResults(handoverDeps) },
    {
      // Values first: the stages read each buyer's last order from them.
      name: 'lifecycle-refresh',
      everyMs: LIFECYCLE_REFRESH_EVERY_MS,
      run: async () => ({
        values: await refreshAllValues({ orders, clock, thresholds: config.valueThresholds }),
        stages: await refreshAllLifecycles(lifecycleDeps),
      }),
    },
    { name: 'recall-results', everyMs: RECALL_CHECK_EVERY_MS, run: () => checkRecallResults(recallDeps) },
    { name: 'recall-send', everyMs: RECALL_SEND_EVERY_MS, run: () => sendQueuedRecalls(recallDeps) },
    { name: 'quality-reply-timeouts', everyMs: QUALITY_CHECK_EVERY_MS, run: () => checkReplyTimeouts(qualityDeps) },
    { name: 'staff-directory-sync', everyMs: STAFF_SYNC_EVERY_MS, run: () => syncStaffDirectory(staffSync) },
    { name: 'group-code-recheck', everyMs: GROUP_CODE_RECHECK_EVERY_MS, run: () => recheckGroupCodes(groupCodeDeps) },
    {
      name: 'campaign-schedule',
      everyMs: CAMPAIGN_SCHEDULE_EVERY_MS,
      run: async () => ({ reminders: await sendDueReminders(scheduledSends), summaries: await postDueSummaries(scheduledSends) }),
    },
    {
      name: 'classify-catch-up',
      everyMs: CLASSIFY_CATCH_UP_AFTER_MS,
      run: () => requeueUnclassified(messageDeps, new Date(clock.now().getTime() - CLASSIFY_CATCH_UP_AFTER_MS)),
    },
  ];
  const appDeps: AppDeps = {
    inbox,
    eventQueue,
    eventHandlers: options.eventHandlers ?? {
      contact_changed: [
        (event, { dedupeKey }) => ingestContactEvent(contactDeps, event, dedupeKey),
        // Safety net for a welcome job the web role could not queue; the job id dedupes.
        async (event, { dedupeKey }) => {
          if (startsWelcome(event)) await welcomeQueue.enqueue(dedupeKey);
        },
        // After the contact is stored and the welcome queued: the remark never delays the welcome.
        (event) => followUpChannelAdd(channelAddDeps, event).then(() => undefined),
      ],
      // The event names one tag or group; a full re-read also catches reorders and group deletes.
      tag_changed: [() => syncCorpTags(corpTagDeps).then(() => undefined)],
      kf_messages_pending: [(event) => syncKfMessages(kfDeps, event).then(() => undefined)],
      chat_changed: [
        (event, { dedupeKey }) => recordGroupChange({ groups: groupHistory, roster: groupRoster }, event, dedupeKey),
        (event) => rollOverOnGroupChange(groupCodeDeps, event).then(() => undefined),
      ],
    },
    clock,
    logger,
  };
  return {
    config, logger, metrics, db, redis, inbox, eventQueue, welcomeQueue, welcomeDeps, messageDeps, classifyDeps, checkIns, botOutbox, admin, sidebar, maintenanceTasks, crypto, wecom, appDeps,
    shutdown,
  };
}

/**
 * The sidebar's wiring: real WeCom login and JS-SDK tickets when the app's AgentId and
 * secret are set; in sandbox mode a dev login and signatures over a sandbox ticket.
 */
function sidebarDeps(
  config: Readonly<Config>,
  options: ContainerOptions,
  parts: Pick<SidebarHttpDeps, 'read' | 'write' | 'audit' | 'roles'> & { wecom: WecomClient; redis: Redis; clock: Clock; groupHistory: SqlGroupHistory; campaigns: NonNullable<SidebarHttpDeps['campaigns']> },
): SidebarHttpDeps {
  const secret = config.sidebarSessionSecret ?? options.sessionSecret;
  const sandbox = config.mode === 'sandbox';
  const corpId = options.callback.corpId;
  const auth =
    config.wecomAgentId && config.wecomAgentSecret
      ? new WecomSidebarAuth(parts.wecom, { corpId, agentId: config.wecomAgentId, redis: parts.redis, clock: parts.clock })
      : undefined;
  const unconfigured = {
    sign: () => Promise.reject(new AppError('sidebar_not_configured', 'the sidebar JS-SDK needs WECOM_AGENT_ID and WECOM_AGENT_SECRET', { status: 503 })),
  };
  return {
    ...(secret ? { sessions: new SessionCodec(secret) } : {}),
    sandbox,
    corpId,
    ...(config.wecomAgentId ? { agentId: config.wecomAgentId } : {}),
    ...(auth && !sandbox ? { login: auth } : {}),
    signer: auth ?? (sandbox ? sandboxJsSdkSigner(corpId, config.wecomAgentId) : unconfigured),
    read: parts.read,
    write: parts.write,
    groups: new WecomGroupChats(parts.wecom),
    groupHistory: parts.groupHistory,
    campaigns: parts.campaigns,
    clock: parts.clock,
    audit: parts.audit,
    ...(parts.roles ? { roles: parts.roles } : {}),
  };
}

/** Graceful close, forced after 8 s (see the workers' shutdown registration). */
async function closeWorker(worker: Worker): Promise<void> {
  const closed = await within(8_000, worker.close().then(() => true));
  if (!closed) await within(1_000, worker.close(true));
}

/** Starts the requested roles of this process. */
export async function startRoles(
  container: Container,
  roles: readonly Role[],
  options: Pick<ContainerOptions, 'queuePrefix' | 'sweeper' | 'botPuppet'> & { ackWindowMs?: number } = {},
): Promise<RunningRoles> {
  const { config, logger, metrics, shutdown, appDeps } = container;
  const running: RunningRoles = {};
  if (roles.includes('worker')) {
    const workerLog = childLogger(logger, 'worker');
    running.worker = startEventWorker(
      { ...appDeps, logger: workerLog },
      { redisUrl: config.redisUrl, prefix: options.queuePrefix, metrics },
    );
    const worker = running.worker;
    // close() waits for jobs in flight, so SIGTERM never leaves a half-done job behind. It
    // cannot finish while Redis is unreachable: then force it after 8 s (the job, if any,
    // is re-run by another worker after its lock expires).
    shutdown.register('workers', SHUTDOWN_ORDER.workers, () => closeWorker(worker));
    running.sweeper = startSweeper(
      { ...appDeps, logger: childLogger(logger, 'queue.sweeper') },
      { ...options.sweeper, metrics },
    );
    const sweeper = running.sweeper;
    shutdown.register('sweeper', SHUTDOWN_ORDER.sweeper, () => sweeper.stop());
    const classifyWorker = startClassifyWorker(
      { ...container.classifyDeps, logger: workerLog },
      { redisUrl: config.redisUrl, prefix: options.queuePrefix, metrics },
    );
    running.classifyWorker = classifyWorker;
    shutdown.register('classify worker', SHUTDOWN_ORDER.workers, () => closeWorker(classifyWorker));
    const maintenance = await startMaintenance(container.maintenanceTasks, {
      connection: container.redis,
      redisUrl: config.redisUrl,
      prefix: options.queuePrefix,
      logger: childLogger(logger, 'queue.maintenance'),
    });
    running.maintenance = maintenance;
    shutdown.register('maintenance', SHUTDOWN_ORDER.workers, () => maintenance.close());
  }
  if (roles.includes('welcome')) {
    const welcomeWorker = startWelcomeWorker(
      { ...container.welcomeDeps, inbox: container.inbox },
      { redisUrl: config.redisUrl, prefix: options.queuePrefix, metrics },
    );
    running.welcomeWorker = welcomeWorker;
    shutdown.register('welcome worker', SHUTDOWN_ORDER.workers, () => closeWorker(welcomeWorker));
  }
  if (roles.includes('bot')) {
    const botLog = childLogger(logger, 'bot');
    const puppet = options.botPuppet ?? botPuppet(config);
    if (puppet) {
      // Loaded only here: wechaty is heavy and web/worker processes do not need it.
      const { startScrmBot } = await import('./bot/scrm-bot.ts');
      const { checkIns } = container;
      const bot = await startScrmBot({
        puppet,
        ...(config.wechatyPuppetServiceToken ? { puppetToken: config.wechatyPuppetServiceToken } : {}),
        logger: botLog,
        onMessages: (messages) => ingestMessages(container.messageDeps, messages).then(() => undefined),
        recordGroupMessage: (message) => recordGroupMessage(checkIns, message),
        roster: checkIns.roster,
        campaignRooms: async () => (await checkIns.campaigns.active()).flatMap((c) => c.chatIds),
        ...(options.ackWindowMs !== undefined ? { ackWindowMs: options.ackWindowMs } : {}),
      });
      running.bot = bot;
      shutdown.register('bot', SHUTDOWN_ORDER.bot, () => bot.stop());
      // Only this role holds the account, so only it says what others queued for the groups.
      const outboxWorker = startOutboxWorker({ redisUrl: config.redisUrl, prefix: options.queuePrefix, send: (m) => bot.say(m.chatId, m.text, m.mentions), logger: botLog });
      running.botOutboxWorker = outboxWorker;
      shutdown.register('bot outbox', SHUTDOWN_ORDER.workers, () => closeWorker(outboxWorker));
    } else {
      botLog.warn('bot role not started: set WECHATY_PUPPET (and WECHATY_PUPPET_SERVICE_TOKEN) to run the group bot');
    }
  }
  if (roles.includes('web')) {
    const app = createHttpApp({
      app: { ...appDeps, welcomeQueue: container.welcomeQueue, logger: childLogger(logger, 'http') },
      crypto: container.crypto,
      trustProxy: config.trustProxy,
      admin: container.admin,
      sidebar: container.sidebar,
      metrics,
      readiness: {
        database: () => container.db.sql.query('SELECT 1'),
        redis: () => container.redis.ping(),
      },
      beforeMetrics: async () => {
        const counts = await container.eventQueue.counts();
        for (const [state, count] of Object.entries(counts)) metrics.queueDepth.set({ queue: EVENTS_QUEUE, state }, count);
      },
    });
    const server = await listen(app, config.port, config.host);
    running.server = server;
    shutdown.register('http', SHUTDOWN_ORDER.httpServer, () => closeServer(server));
  }
  return running;
}
