/**
 * Sandbox mode's demo: sets the product up as an admin would (through its own admin API:
 * corp tags, welcome flows, a channel code, tag rules, reply scripts) against the local
 * WeCom simulator, then plays customers at `ratePerSecond`: new customers scanning the
 * channel's QR code (signed add_external_contact callbacks with the simulator's
 * WelcomeCode), customers writing to customer service (kf_msg_or_event → kf/sync_msg),
 * members checking in to the demo campaign in the bot's group, customers joining (and
 * leaving) groups by the demo group code's QR code, and orders. Everything
 * goes through the product's real paths.
 */
import { randomInt } from 'node:crypto';
import type { WecomCallbackConfig } from '../config.ts';
import type { Logger } from '../shared/logger.ts';
import { localTime } from '../domain/local-time.ts';
import { DEMO_CAMPAIGN, DEMO_CUSTOMER_NAMES, DEMO_DEFAULT_WELCOME, DEMO_GROUP, DEMO_GROUP_CODE, DEMO_MEMBERS, DEMO_MESSAGES, DEMO_SCRIPTS, DEMO_TAG_GROUPS, DEMO_WELCOME } from './demo-content.ts';
import { randomExternalUserId, sampleEventXml } from './sample-events.ts';
import { buildSignedCallback, toQueryString } from './signed-callback.ts';

/** What the driver needs of the WeCom simulator. */
export interface SimulatedCustomers {
  /** A customer scans a contact-way QR code: WeCom makes the relation and a WelcomeCode. */
  scanContactWay(configId: string, customer: { name: string }): { userId: string; externalUserId: string; welcomeCode: string; state: string };
  /** A customer writes to a customer-service account; returns the token the callback carries. */
  kfCustomerSays(openKfId: string, externalUserId: string, text: string): string;
  /** Whether the simulator has this contact way (it forgets everything on restart). */
  knowsContactWay(configId: string): boolean;
  /** A customer scans a group code's join way and joins the group WeCom picks. */
  scanJoinWay(configId: string, externalUserId: string): { chatId: string };
  /** A member leaves a customer group. */
  leaveGroup(chatId: string, userId: string): boolean;
  knowsJoinWay(configId: string): boolean;
  /** A customer group with only its owner, unless the simulator has it already. */
  ensureGroup(group: { chatId: string; name: string; owner: string }): void;
}

export interface SandboxDriverOptions {
  productUrl: string;
  adminToken: string;
  callback: WecomCallbackConfig;
  simulator: SimulatedCustomers;
  ratePerSecond: number;
  logger: Logger;
  /** The bot's customer group (sandbox-group.ts), when the bot role runs here. */
  group?: { chatId: string; randomMemberSays(text: string): void; join(): string; leave(): string | undefined };
}

export interface DemoSetup {
  channelConfigId: string;
  channelState: string;
  /** The demo group code's join way. */
  groupCodeConfigId: string;
}

const OPEN_KF_ID = 'wkSandboxService01';
const DEMO_CHANNEL = '直播间活码';

/** One admin API call; `contentType` application/x-ndjson sends `body` as one JSON line. */
async function admin<T>(options: SandboxDriverOptions, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const response = await fetch(`${options.productUrl}/api/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${options.adminToken}`, 'content-type': contentType },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sandbox: ${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * Configures the demo corp through the admin API. The simulator starts empty on every
 * run while the product's database persists, so tags are re-synced from the simulator
 * first, and a channel is reused only if the simulator still knows its code; flows, rules
 * and scripts are added only when missing by name.
 */
export async function setUpDemo(options: SandboxDriverOptions): Promise<DemoSetup> {
  await admin(options, 'POST', '/tags/sync');
  const tagIds = new Map<string, string>();
  for (const group of DEMO_TAG_GROUPS) {
    const created = await admin<{ tags: { tagId: string; name: string }[] }>(options, 'POST', '/tags', { groupName: group.name, names: [...group.tags] });
    for (const tag of created.tags) tagIds.set(tag.name, tag.tagId);
  }
  const names = async (path: string, field: 'name' | 'title') =>
    new Set((await admin<{ items: Record<string, unknown>[] }>(options, 'GET', path)).items.map((item) => String(item[field])));
  const flows = await admin<{ items: { id: number; name: string }[] }>(options, 'GET', '/welcome-flows');
  if (!flows.items.some((f) => f.name === DEMO_DEFAULT_WELCOME.name)) await admin(options, 'POST', '/welcome-flows', { ...DEMO_DEFAULT_WELCOME, isDefault: true });
  const flowId = flows.items.find((f) => f.name === DEMO_WELCOME.name)?.id ?? (await admin<{ id: number }>(options, 'POST', '/welcome-flows', { ...DEMO_WELCOME, isDefault: false })).id;
  // Existing rules get this run's tag ids: the simulator made new ones.
  const rules = new Map((await admin<{ items: { id: number; name: string }[] }>(options, 'GET', '/tag-rules')).items.map((r) => [r.name, r.id]));
  const rule = async (name: string, trigger: unknown, tag: string) => {
    const id = rules.get(name);
    if (id === undefined) await admin(options, 'POST', '/tag-rules', { name, trigger, addTagIds: [tagIds.get(tag)!] });
    else await admin(options, 'PATCH', `/tag-rules/${id}`, { addTagIds: [tagIds.get(tag)!] });
  };
  await rule('快用完自动打标', { type: 'intent', intents: ['repurchase_signal'] }, '快用完');
  await rule('转介绍自动打标', { type: 'intent', intents: ['referral'] }, '转介绍');
  await rule('投诉自动打标', { type: 'intent', intents: ['complaint'] }, '投诉过');
  await rule('累计消费满5000', { type: 'spend', atLeast: 5000 }, '高价值');
  const scripts = await names('/scripts', 'title');
  for (const script of DEMO_SCRIPTS) {
    if (!scripts.has(script.title)) await admin(options, 'POST', '/scripts', { ...script, scenes: [...script.scenes], intents: [...script.intents] });
  }
  if (options.group) await ensureDemoCampaign(options, options.group.chatId);
  const groupCodeConfigId = await ensureDemoGroupCode(options);
  const channels = await admin<{ items: { id: number; name: string; state: string; configId: string | null }[] }>(options, 'GET', '/channels');
  const live = channels.items.find((c) => c.name === DEMO_CHANNEL && c.configId && options.simulator.knowsContactWay(c.configId));
  if (live) return { channelConfigId: live.configId!, channelState: live.state, groupCodeConfigId };
  const channel = await admin<{ state: string; configId: string }>(options, 'POST', '/channels', {
    name: DEMO_CHANNEL,
    userIds: DEMO_MEMBERS.map((m) => m.userId),
    tagIds: [tagIds.get('直播间')!],
    welcomeFlowId: flowId,
  });
  return { channelConfigId: channel.configId, channelState: channel.state, groupCodeConfigId };
}

/**
 * The demo group code over the two new-product groups. One from an earlier run whose join
 * way the (restarted, empty) simulator no longer knows is deleted and made again.
 */
async function ensureDemoGroupCode(options: SandboxDriverOptions): Promise<string> {
  for (const group of DEMO_GROUP_CODE.groups) options.simulator.ensureGroup({ ...group, owner: DEMO_GROUP_CODE.owner });
  const codes = await admin<{ items: { id: number; name: string; configId: string | null }[] }>(options, 'GET', '/group-codes');
  const existing = codes.items.find((c) => c.name === DEMO_GROUP_CODE.name);
  if (existing?.configId && options.simulator.knowsJoinWay(existing.configId)) return existing.configId;
  if (existing) await fetch(`${options.productUrl}/api/admin/group-codes/${existing.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${options.adminToken}` } });
  const code = await admin<{ configId: string }>(options, 'POST', '/group-codes', {
    name: DEMO_GROUP_CODE.name,
    chatIds: DEMO_GROUP_CODE.groups.map((g) => g.chatId),
    capPerGroup: DEMO_GROUP_CODE.capPerGroup,
    autoCreateRoom: true,
    roomBaseName: DEMO_GROUP_CODE.roomBaseName,
    roomBaseId: DEMO_GROUP_CODE.roomBaseId,
    welcome: DEMO_GROUP_CODE.welcome,
  });
  return code.configId;
}

/** The demo campaign, running from today in the bot's group (restarted if an earlier run ended). */
async function ensureDemoCampaign(options: SandboxDriverOptions, chatId: string): Promise<void> {
  const today = localTime(new Date(), 'Asia/Shanghai').date;
  const campaigns = await admin<{ items: { id: number; name: string }[] }>(options, 'GET', '/campaigns');
  const existing = campaigns.items.find((c) => c.name === DEMO_CAMPAIGN.name);
  const campaign = { chatIds: [chatId], startDate: today, days: DEMO_CAMPAIGN.days };
  if (existing) await admin(options, 'PATCH', `/campaigns/${existing.id}`, { ...campaign, status: 'active' });
  else await admin(options, 'POST', '/campaigns', { name: DEMO_CAMPAIGN.name, ...campaign, rules: DEMO_CAMPAIGN.rules });
}

const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)]!;

/** Plays customers until stopped. */
export function startCustomerTraffic(options: SandboxDriverOptions, demo: DemoSetup): { stop(): void; customers: { userId: string; externalUserId: string }[] } {
  const customers: { userId: string; externalUserId: string }[] = [];
  const intents = Object.keys(DEMO_MESSAGES);
  const deliver = async (xml: string) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const { query, body } = buildSignedCallback({ ...options.callback, xml, timestamp, nonce: String(randomInt(1e9)) });
    await fetch(`${options.productUrl}/wecom/callback?${toQueryString(query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
  };
  const now = () => Math.floor(Date.now() / 1000);
  // Customers who joined a group by the group code, so some can leave again.
  const codeJoiners: { chatId: string; member: string }[] = [];
  const groupCodeChange = async (joins: boolean) => {
    const leaver = joins || codeJoiners.length === 0 ? undefined : codeJoiners.splice(randomInt(codeJoiners.length), 1)[0]!;
    if (leaver) options.simulator.leaveGroup(leaver.chatId, leaver.member);
    const member = leaver?.member ?? randomExternalUserId();
    const chatId = leaver?.chatId ?? options.simulator.scanJoinWay(demo.groupCodeConfigId, member).chatId;
    if (!leaver) codeJoiners.push({ chatId, member });
    await deliver(sampleEventXml(leaver ? 'chat_del_member' : 'chat_add_member', { corpId: options.callback.corpId, createTime: now(), chatId, externalUserId: member }));
  };
  const groupChange = async (group: NonNullable<SandboxDriverOptions['group']>, joins: boolean) => {
    // WeCom tells the app callback of a group join or leave; the bot sees it in the room too.
    const member = joins ? group.join() : group.leave();
    if (member) {
      await deliver(sampleEventXml(joins ? 'chat_add_member' : 'chat_del_member', { corpId: options.callback.corpId, createTime: now(), chatId: group.chatId, externalUserId: member }));
    }
  };
  // The group opens with a check-in and a newcomer, so it shows activity from the first seconds.
  const groupOpening = options.group ? [() => options.group!.randomMemberSays('打卡'), () => groupChange(options.group!, true)] : [];
  const step = async () => {
    const roll = randomInt(100);
    if (groupOpening.length > 0 && customers.length >= 3) {
      await groupOpening.shift()!();
      return;
    }
    if (customers.length < 3 || roll < 35) {
      const scan = options.simulator.scanContactWay(demo.channelConfigId, { name: pick(DEMO_CUSTOMER_NAMES) });
      customers.push({ userId: scan.userId, externalUserId: scan.externalUserId });
      await deliver(sampleEventXml('add_external_contact', { corpId: options.callback.corpId, createTime: now(), userId: scan.userId, externalUserId: scan.externalUserId, state: scan.state, welcomeCode: scan.welcomeCode }));
    } else if (roll < 80) {
      const customer = pick(customers).externalUserId;
      const token = options.simulator.kfCustomerSays(OPEN_KF_ID, customer, pick(DEMO_MESSAGES[pick(intents)]!));
      await deliver(sampleEventXml('kf_msg_or_event', { corpId: options.callback.corpId, createTime: now(), kf: { token, openKfId: OPEN_KF_ID } }));
    } else if (roll < 92 && options.group) {
      options.group.randomMemberSays(pick(DEMO_GROUP.say).replace('{day}', String(1 + randomInt(DEMO_CAMPAIGN.days))));
    } else if (roll < 94 && options.group) {
      await groupChange(options.group, randomInt(3) > 0);
    } else if (roll < 97) {
      await groupCodeChange(randomInt(4) > 0);
    } else {
      const customer = pick(customers).externalUserId;
      const order = { orderId: `demo-${Date.now()}-${randomInt(1e6)}`, externalUserId: customer, amount: pick([298, 598, 1288, 2680]), orderedAt: now(), channel: 'mini-program' };
      await admin(options, 'POST', '/orders', order, 'application/x-ndjson');
    }
  };
  const timer = setInterval(() => {
    step().catch((error: unknown) => options.logger.warn({ err: error }, 'sandbox traffic step failed'));
  }, Math.max(50, Math.round(1000 / options.ratePerSecond)));
  timer.unref();
  return { stop: () => clearInterval(timer), customers };
}
