/**
 * The world the sidebar e2e tests run in: the real app (web role, real database and
 * Redis) with WeCom mocked by nock, and a small seeded corp — tag groups, a first-contact
 * question set whose options tag, a reply script, a channel, custom profile fields, and
 * customers made per test.
 */
import nock from 'nock';
import { SqlContactRepo } from '../../src/db/contact-repo.ts';
import { SqlCustomFieldRepo } from '../../src/db/custom-field-repo.ts';
import { PrismaChannelRepo } from '../../src/db/channel-repo.ts';
import { PrismaCorpTagStore } from '../../src/db/corp-tag-repo.ts';
import { SqlMessageStore } from '../../src/db/message-repo.ts';
import { PrismaReplyScriptRepo } from '../../src/db/reply-script-repo.ts';
import { PrismaSalesTaskStore } from '../../src/db/sales-task-repo.ts';
import { PrismaNoteStore, PrismaQuestionSetRepo } from '../../src/db/sidebar-repo.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { FIXTURE_CORP_ID } from '../fixtures/wecom/events.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

/** 2026-11-23 10:00 in Shanghai: the app's clock and the page's, so screenshots repeat. */
export const FIXTURE_NOW_MS = Date.UTC(2026, 10, 23, 2, 0, 0);
const NOW = FIXTURE_NOW_MS / 1000;
const HOUR = 3600;
const DAY = 24 * HOUR;

export const FIXTURE_SALESPERSON = 'sales.li';
export const FIXTURE_OTHER_SALESPERSON = 'sales.wang';
export const FIXTURE_GROUP = { chatId: 'wrE2eGroup0001', name: '燕窝老客福利群' };
export const FIXTURE_TAG_GROUPS = [
  { groupId: 'etLevel', name: '客户等级', tags: [['etHot', '高意向'], ['etNormal', '普通'], ['etCold', '低意向']] },
  { groupId: 'etProduct', name: '产品偏好', tags: [['etNutrition', '营养滋补'], ['etBeauty', '美容养颜'], ['etGut', '肠胃调理'], ['etBaby', '母婴']] },
  { groupId: 'etSource', name: '来源', tags: [['etStore', '门店'], ['etLive', '直播'], ['etReferral', '老客推荐']] },
] as const;
export const FIXTURE_SCRIPT = { title: '组合装推荐', text: '王姐，您常买的燕窝这周有组合装活动，两盒立减 80 元，我帮您留一份？' };
export const FIXTURE_TASK = { scene: 'ready_to_buy', title: '客户准备下单：发购买链接', priority: 'high', suggestedReply: '好的王姐，这是下单链接，选好规格后我帮您确认收货地址～' };
/** Custom profile fields every customer shows (option keys given, so tests can name them). */
export const FIXTURE_CUSTOM_FIELDS = [
  { key: 'industry', label: '行业', type: 'single', options: [{ key: 'retail', label: '零售' }, { key: 'beauty', label: '美业' }, { key: 'other', label: '其他' }] },
  { key: 'interests', label: '关注', type: 'multi', options: [{ key: 'nest', label: '燕窝' }, { key: 'maw', label: '花胶' }, { key: 'gelatin', label: '阿胶' }] },
  { key: 'budget', label: '月预算', type: 'number', options: [] },
  { key: 'birthday', label: '生日', type: 'date', options: [] },
  { key: 'shop', label: '常去门店', type: 'text', options: [] },
] as const;
/** WeCom serves avatars from here; the browser tests answer these requests themselves. */
export const WECOM_AVATAR_HOST = 'https://wework.qpic.cn';

/** Where the app under test finds WeCom's API (answered by nock). */
export const WECOM_API = 'http://wecom-e2e.test';
const AGENT_ID = '1000002';
export const FIXTURE_TICKETS = { corp: 'E2E_CORP_TICKET', agent: 'E2E_AGENT_TICKET' };

export interface SidebarWorld {
  app: TestApp;
  database: TestDatabase;
  /** The id of the seeded reply script. */
  scriptId: number;
  /** mark_tag request bodies WeCom received, in order. */
  markTagCalls: { userid: string; external_userid: string; add_tag: string[]; remove_tag: string[] }[];
  close(): Promise<void>;
}

/** Answers every WeCom API the sidebar calls, for the whole file. */
function mockWecom(markTagCalls: SidebarWorld['markTagCalls']): void {
  const ok = { errcode: 0, errmsg: 'ok' };
  nock(WECOM_API).persist().get('/cgi-bin/gettoken').query(true).reply(200, { ...ok, access_token: 'E2E_TOKEN', expires_in: 7200 });
  nock(WECOM_API).persist().get('/cgi-bin/get_jsapi_ticket').query(true).reply(200, { ...ok, ticket: FIXTURE_TICKETS.corp, expires_in: 7200 });
  nock(WECOM_API).persist().get('/cgi-bin/ticket/get').query({ access_token: 'E2E_TOKEN', type: 'agent_config' }).reply(200, { ...ok, ticket: FIXTURE_TICKETS.agent, expires_in: 7200 });
  // The login code the browser brings back is `code-<userid>` (see routeWecomLogin).
  nock(WECOM_API)
    .persist()
    .get('/cgi-bin/auth/getuserinfo')
    .query(true)
    .reply((uri) => [200, { ...ok, userid: new URL(uri, WECOM_API).searchParams.get('code')!.replace(/^code-/, '') }]);
  nock(WECOM_API)
    .persist()
    .post('/cgi-bin/externalcontact/mark_tag', (body: SidebarWorld['markTagCalls'][number]) => Boolean(markTagCalls.push(body)))
    .query(true)
    .reply(200, ok);
  nock(WECOM_API)
    .persist()
    .post('/cgi-bin/externalcontact/groupchat/get', { chat_id: FIXTURE_GROUP.chatId, need_name: 1 })
    .query(true)
    .reply(200, {
      ...ok,
      group_chat: {
        chat_id: FIXTURE_GROUP.chatId,
        name: FIXTURE_GROUP.name,
        owner: FIXTURE_SALESPERSON,
        member_list: [
          { userid: FIXTURE_SALESPERSON, type: 1, join_time: NOW - 60 * DAY },
          ...Array.from({ length: 185 }, (_, i) => ({ userid: `wmE2eMember${i}`, type: 2, join_time: NOW - (i < 12 ? i * HOUR : 30 * DAY) })),
        ],
      },
    });
}

/** The corp every test shares: tags, the question set, a script, a channel and custom fields. Returns the script's id. */
async function seedCorp(database: TestDatabase): Promise<number> {
  await new PrismaCorpTagStore(database.db).replaceAll(
    FIXTURE_TAG_GROUPS.map((group, g) => ({
      groupId: group.groupId,
      name: group.name,
      order: g,
      tags: group.tags.map(([tagId, name], t) => ({ tagId, groupId: group.groupId, name, order: t })),
    })),
    new Date(FIXTURE_NOW_MS),
  );
  await new PrismaQuestionSetRepo(database.db).create({
    name: '首次沟通',
    isDefault: true,
    enabled: true,
    questions: [
      {
        id: 'product_kind',
        text: '平时主要吃/用哪类产品？',
        options: [
          { id: 'nutrition', label: '营养滋补', tagId: 'etNutrition' },
          { id: 'beauty', label: '美容养颜', tagId: 'etBeauty' },
          { id: 'gut', label: '肠胃调理', tagId: 'etGut' },
        ],
        allowText: true,
      },
      { id: 'who_takes', text: '家里谁在吃/用？', options: [{ id: 'self', label: '自己' }, { id: 'parents', label: '父母' }, { id: 'kids', label: '孩子' }], allowText: false },
    ],
  });
  const fields = new SqlCustomFieldRepo(database.connection.sql);
  for (const [position, field] of FIXTURE_CUSTOM_FIELDS.entries()) {
    await fields.create({ ...field, options: [...field.options], required: false, position, archived: false });
  }
  await new PrismaChannelRepo(database.db).create({ name: '直播间活码', state: 'live_0921', userIds: [FIXTURE_SALESPERSON], activeUserIds: [FIXTURE_SALESPERSON], tagIds: ['etLive'] });
  const script = await new PrismaReplyScriptRepo(database.db).create({
    ...FIXTURE_SCRIPT,
    intents: ['purchase_intent'],
    scenes: ['ready_to_buy'],
    stages: [],
    tagIds: ['etHot'],
    attachments: [],
    enabled: true,
  });
  return script.id;
}

let customers = 0;

/**
 * A customer served by {@link FIXTURE_SALESPERSON}, with a note, an inbound message and an
 * open task, under a fresh id so no test sees another's answers, tags or sends.
 */
export async function seedCustomer(world: SidebarWorld): Promise<{ externalUserId: string; taskId: number }> {
  const { database } = world;
  const externalUserId = `wmE2eCustomer${String(++customers).padStart(4, '0')}${Math.random().toString(36).slice(2, 8)}`;
  await new SqlContactRepo(database.connection.sql).saveSnapshot(
    {
      customer: { externalUserId, name: '王小美', avatar: `${WECOM_AVATAR_HOST}/wwhead/e2e/0`, type: 1, gender: 2 },
      followers: [
        {
          userId: FIXTURE_SALESPERSON,
          remark: '王姐 · 复购老客',
          description: '偏好滋补类，周末回复快',
          addedAt: NOW - 40 * DAY,
          addWay: 1,
          state: 'live_0921',
          tagIds: ['etHot', 'etBeauty', 'etReferral'],
        },
        { userId: 'sales.zhao', addedAt: NOW - 90 * DAY, addWay: 3, tagIds: [] },
      ],
    },
    new Date(FIXTURE_NOW_MS - 40 * DAY * 1000),
  );
  await new PrismaNoteStore(database.db, database.connection.sql).add({ externalUserId, userId: FIXTURE_SALESPERSON, text: '上次说想给妈妈也买一份，等发工资。', createdAt: NOW - 2 * DAY });
  await new SqlMessageStore(database.connection.sql).addMany([
    { source: 'archive', sourceMessageId: `${externalUserId}-1`, externalUserId, userId: FIXTURE_SALESPERSON, direction: 'in', msgType: 'text', text: '上次那个燕窝还有吗？想再要两盒', sentAt: NOW - 2 * HOUR },
  ]);
  const { task } = await new PrismaSalesTaskStore(database.db, database.connection.sql).open({
    ...FIXTURE_TASK,
    userId: FIXTURE_SALESPERSON,
    externalUserId,
    dueAt: NOW + HOUR,
    createdAt: NOW - 2 * HOUR,
  });
  return { externalUserId, taskId: task.id };
}

/**
 * Starts the app for one test file. `real` mode has WeCom credentials (web login through
 * OAuth, JS-SDK tickets from nock); `sandbox` mode has none (dev login, the dev JS-SDK shim).
 * `env` adds settings, e.g. ADMIN_TOKEN for the admin console.
 */
export async function startSidebarWorld(mode: 'real' | 'sandbox', env: Record<string, string> = {}): Promise<SidebarWorld> {
  const database = await createTestDatabase('sqlite');
  const markTagCalls: SidebarWorld['markTagCalls'] = [];
  // Blank callback credentials are what makes the config say sandbox (the app still gets the fixture callback identity).
  const credentials: Record<string, string> = mode === 'real' ? {} : { WECOM_CORP_ID: '', WECOM_TOKEN: '', WECOM_ENCODING_AES_KEY: '' };
  const app = await startTestApp({
    databaseUrl: database.url,
    roles: ['web'],
    clock: fixedClock(new Date(FIXTURE_NOW_MS)),
    env: {
      WECOM_API_BASE: WECOM_API,
      WECOM_CONTACT_SECRET: 'e2e-contact-secret',
      WECOM_AGENT_ID: AGENT_ID,
      WECOM_AGENT_SECRET: 'e2e-agent-secret',
      SIDEBAR_SESSION_SECRET: 'sidebar-e2e-session-secret-0123456789',
      ...credentials,
      ...env,
    },
  });
  // Tickets and tokens cached by an earlier file would skip the mocked WeCom calls.
  const cached = await app.container.redis.keys(`wecom:${FIXTURE_CORP_ID}:*`);
  if (cached.length > 0) await app.container.redis.del(...cached);
  mockWecom(markTagCalls);
  const scriptId = await seedCorp(database);
  return {
    app,
    database,
    scriptId,
    markTagCalls,
    async close() {
      nock.cleanAll();
      await app.close();
      await database.drop();
    },
  };
}
