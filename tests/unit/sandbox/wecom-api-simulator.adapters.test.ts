/**
 * The product's REAL WeCom adapters (src/wecom/api/*, contact-directory) against the
 * simulator. WecomClient needs Redis, so a small stand-in does what its request() does on
 * the wire — gettoken once per secret, the call with access_token, WeCom's bigint-safe
 * JSON, errcode → WecomApiError — and the adapters build their own bodies and parse the answers.
 */
import type { Redis } from 'ioredis';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWecomApiSimulator, type WecomApiSimulator } from '../../../src/sandbox/wecom-api-simulator.ts';
import { systemClock } from '../../../src/shared/clock.ts';
import type { Logger } from '../../../src/shared/logger.ts';
import type { WecomClient, WecomRequest } from '../../../src/wecom/client.ts';
import { WecomContactDirectory } from '../../../src/wecom/contact-directory.ts';
import { WecomContactWays } from '../../../src/wecom/api/contact-way.ts';
import { WecomContactRemarks } from '../../../src/wecom/api/contact-remark.ts';
import { WecomTags } from '../../../src/wecom/api/corp-tag.ts';
import { WecomGroupChats } from '../../../src/wecom/api/groupchat.ts';
import { WecomSidebarAuth } from '../../../src/wecom/api/jssdk.ts';
import { WecomKfMessages } from '../../../src/wecom/api/kf.ts';
import { WecomMassMessages } from '../../../src/wecom/api/mass-message.ts';
import { WecomTransfers } from '../../../src/wecom/api/transfer.ts';
import { WecomWelcomeSender } from '../../../src/wecom/api/welcome.ts';
import { WecomApiError } from '../../../src/wecom/errors.ts';
import { parseWecomJson } from '../../../src/wecom/safe-json.ts';

const CORP = 'wwsimadapters01';
const SECRETS = { contact: 'contact-secret', agent: 'agent-secret' };
let sim: WecomApiSimulator;
let client: WecomClient;
/** Every request the adapters made, for asserting what they sent. */
let sent: WecomRequest[];

function wireClient(base: string): WecomClient {
  const tokens = new Map<string, string>();
  const exchange = async (api: string, method: string, query: Record<string, string>, body?: unknown) => {
    const response = await fetch(`${base}${api}?${new URLSearchParams(query).toString()}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const answer = parseWecomJson(await response.text()) as { errcode?: number; errmsg?: string };
    if (typeof answer.errcode === 'number' && answer.errcode !== 0) throw new WecomApiError({ api, errcode: answer.errcode, errmsg: answer.errmsg ?? '' });
    return answer;
  };
  const stub = {
    async request<T>(req: WecomRequest): Promise<T> {
      sent.push(req);
      let token = tokens.get(req.secret);
      if (!token) {
        const answer = (await exchange('/cgi-bin/gettoken', 'GET', { corpid: CORP, corpsecret: SECRETS[req.secret] })) as { access_token: string };
        tokens.set(req.secret, (token = answer.access_token));
      }
      return (await exchange(req.api, req.method, { ...req.query, access_token: token }, req.body)) as T;
    },
  };
  return stub as unknown as WecomClient;
}

const quietLogger = { warn: () => undefined, info: () => undefined, debug: () => undefined, error: () => undefined } as unknown as Logger;

beforeAll(() => nock.enableNetConnect(/127\.0\.0\.1/));
afterAll(() => nock.disableNetConnect());

beforeEach(async () => {
  sent = [];
  sim = await startWecomApiSimulator({
    corpId: CORP,
    secrets: [SECRETS.contact, SECRETS.agent],
    members: [{ userId: 'sales.li', name: '李娜' }, { userId: 'sales.wang', name: '王强' }, { userId: 'sales.zhao', name: '赵敏' }],
    tagGroups: [{ name: '来源', tags: ['直播间'] }],
  });
  client = wireClient(sim.url);
});

afterEach(() => sim.close());

describe('the product adapters against the simulator', () => {
  it('tags: create into a group, list it back, mark a customer, and read the tag in the contact', async () => {
    const tags = new WecomTags(client);
    const created = await tags.create({ groupName: '偏好', names: ['燕窝', '益生菌'] });
    expect(created).toMatchObject({ name: '偏好', tags: [{ name: '燕窝' }, { name: '益生菌' }] });
    const more = await tags.create({ groupId: created.groupId, names: ['胶原蛋白'] });
    expect(more.tags.map((t) => t.name)).toEqual(['胶原蛋白']);
    await expect(tags.create({ groupId: created.groupId, names: ['燕窝'] })).rejects.toMatchObject({ errcode: 40071 });

    const listed = await tags.list();
    expect(listed.map((g) => [g.name, g.tags.map((t) => t.name)])).toEqual([
      ['来源', ['直播间']],
      ['偏好', ['燕窝', '益生菌', '胶原蛋白']],
    ]);

    const { externalUserId } = sim.addCustomer({ name: '林女士', unionId: 'ou01' });
    sim.follow('sales.li', externalUserId, { state: 'live' });
    await tags.markTags({ userId: 'sales.li', externalUserId, add: [created.tags[0]!.tagId], remove: [] });
    await expect(tags.markTags({ userId: 'sales.wang', externalUserId, add: [created.tags[0]!.tagId], remove: [] })).rejects.toMatchObject({ errcode: 84061 });
    await expect(tags.markTags({ userId: 'sales.li', externalUserId, add: ['etNope'], remove: [] })).rejects.toMatchObject({ errcode: 40068 });

    const contact = await new WecomContactDirectory(client, quietLogger).getContact(externalUserId);
    expect(contact).toEqual({
      customer: { externalUserId, name: '林女士', type: 1, gender: 0, avatar: expect.any(String), unionId: 'ou01' },
      followers: [expect.objectContaining({ userId: 'sales.li', state: 'live', addWay: 1, tagIds: [created.tags[0]!.tagId], addedAt: expect.any(Number) })],
    });
    expect(await new WecomContactDirectory(client, quietLogger).getContact('wmUnknown000')).toBeNull();
  });

  it('contact directory: follows the next_cursor pages of a customer with many followers', async () => {
    await sim.close();
    sim = await startWecomApiSimulator({ corpId: CORP, secrets: [SECRETS.contact], followPageSize: 2 });
    client = wireClient(sim.url);
    for (const userId of ['a', 'b', 'c', 'd', 'e']) sim.follow(userId, 'wmManyFollowers');
    const contact = await new WecomContactDirectory(client, quietLogger).getContact('wmManyFollowers');
    expect(contact?.followers.map((f) => f.userId)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(sent).toHaveLength(3);
  });

  it('contact ways: the channel the adapter creates is scanned with its state, updated and removed', async () => {
    const ways = new WecomContactWays(client);
    const { configId, qrCode } = await ways.create({ state: 'ch_live_01', userIds: ['sales.li', 'sales.wang'], remark: '直播间活码'.repeat(10), skipVerify: true });
    expect(qrCode).toMatch(/^https:\/\//);
    expect(sim.snapshot().contactWays[0]).toMatchObject({ type: 2, scene: 2, skipVerify: true, remark: '直播间活码'.repeat(6) });
    const scan = sim.scanContactWay(configId, { name: '陈姐' });
    expect(scan).toMatchObject({ userId: 'sales.li', state: 'ch_live_01' });

    const sender = new WecomWelcomeSender(client);
    expect(await sender.send(scan.welcomeCode, { text: '陈姐您好', attachments: [] })).toEqual({ result: 'sent' });
    expect(await sender.send(scan.welcomeCode, { text: '陈姐您好', attachments: [] })).toMatchObject({ result: 'already_sent' });

    await ways.update({ configId, userIds: ['sales.zhao'], remark: '换人', skipVerify: false });
    expect(sim.snapshot().contactWays[0]).toMatchObject({ skipVerify: false, userIds: ['sales.zhao'] });
    expect(sim.scanContactWay(configId).userId).toBe('sales.zhao');
    await ways.remove(configId);
    await expect(ways.remove(configId)).rejects.toMatchObject({ errcode: 41044 });
    await expect(ways.create({ state: 'x'.repeat(31), userIds: ['sales.li'], remark: '', skipVerify: true })).rejects.toBeInstanceOf(WecomApiError);
  });

  it('contact remarks: a clipped remark and description read back through get; a missing relation is 84061', async () => {
    const remarks = new WecomContactRemarks(client);
    const directory = new WecomContactDirectory(client, quietLogger);
    const followOf = async () => (await directory.getContact('wmRemark0001'))?.followers[0];
    sim.follow('sales.li', 'wmRemark0001');
    await remarks.setRemark({ userId: 'sales.li', externalUserId: 'wmRemark0001', remark: '展会3号展位-王先生-2024-05-29', description: '来自 展会3号展位' });
    expect(await followOf()).toMatchObject({ remark: '展会3号展位-王先生-2024-05-2', description: '来自 展会3号展位' });
    await remarks.setRemark({ userId: 'sales.li', externalUserId: 'wmRemark0001', description: '客'.repeat(200) });
    expect(await followOf()).toMatchObject({ remark: '展会3号展位-王先生-2024-05-2', description: '客'.repeat(150) });
    await expect(remarks.setRemark({ userId: 'sales.li', externalUserId: 'wmNobody', remark: 'x' })).rejects.toMatchObject({ errcode: 84061 });
    await expect(remarks.setRemark({ userId: 'sales.li', externalUserId: 'wmRemark0001' })).rejects.toMatchObject({ errcode: 40058 });
  });

  it('transfers: per-customer answers, waiting results, then done after completeTransfers', async () => {
    const transfers = new WecomTransfers(client);
    sim.follow('sales.li', 'wmHandover0001');
    sim.follow('sales.li', 'wmHandover0002');
    sim.refuseTransfers.add('wmHandover0002');
    const pair = { kind: 'on_job' as const, handoverUserId: 'sales.li', takeoverUserId: 'sales.wang' };
    expect(await transfers.transfer({ ...pair, externalUserIds: ['wmHandover0001', 'wmHandover0002'], message: '我换岗了' })).toEqual([
      { externalUserId: 'wmHandover0001', errcode: 0 },
      { externalUserId: 'wmHandover0002', errcode: 40129 },
    ]);
    expect(sent.at(-1)!.body).toMatchObject({ transfer_success_msg: '我换岗了' });
    expect(await transfers.results(pair)).toEqual([{ externalUserId: 'wmHandover0001', status: 2 }]);
    sim.completeTransfers();
    expect(await transfers.results(pair)).toEqual([{ externalUserId: 'wmHandover0001', status: 1, takeoverTime: expect.any(Number) }]);
    expect(sim.snapshot().follows.filter((f) => f.externalUserId === 'wmHandover0001').map((f) => f.userId)).toEqual(['sales.wang']);

    sim.resignMember('sales.li');
    const resigned = { ...pair, kind: 'resigned' as const };
    expect(await transfers.transfer({ ...resigned, externalUserIds: ['wmHandover0002'] })).toEqual([{ externalUserId: 'wmHandover0002', errcode: 40129 }]);
    sim.refuseTransfers.clear();
    expect(await transfers.transfer({ ...resigned, externalUserIds: ['wmHandover0002'] })).toEqual([{ externalUserId: 'wmHandover0002', errcode: 0 }]);
    expect(sent.at(-1)!.api).toBe('/cgi-bin/externalcontact/resigned/transfer_customer');
    expect(await transfers.results(resigned)).toEqual([{ externalUserId: 'wmHandover0002', status: 2 }]);
  });

  it('mass messages: non-friends in fail_list, nothing sent until the sender confirms, then per-customer results', async () => {
    const mass = new WecomMassMessages(client);
    sim.follow('sales.li', 'wmMass0001');
    sim.follow('sales.li', 'wmMass0002');
    const { msgid, failList } = await mass.send({ sender: 'sales.li', externalUserIds: ['wmMass0001', 'wmMass0002', 'wmStranger'], text: '回来看看', attachments: [] });
    expect(failList).toEqual(['wmStranger']);
    expect(sent.at(-1)!.body).toEqual({ chat_type: 'single', sender: 'sales.li', external_userid: ['wmMass0001', 'wmMass0002', 'wmStranger'], allow_select: false, text: { content: '回来看看' } });
    expect(await mass.senders(msgid!)).toEqual([{ userId: 'sales.li', sent: false }]);
    expect(await mass.results(msgid!, 'sales.li')).toEqual([{ externalUserId: 'wmMass0001', status: 0 }, { externalUserId: 'wmMass0002', status: 0 }]);
    // wmMass0002 deletes the salesperson before the message goes out.
    sim.world.unfollow('sales.li', 'wmMass0002');
    sim.world.confirmMassMessage(msgid!);
    expect(await mass.senders(msgid!)).toEqual([{ userId: 'sales.li', sent: true }]);
    expect(await mass.results(msgid!, 'sales.li')).toEqual([
      { externalUserId: 'wmMass0001', status: 1, sendTime: expect.any(Number) },
      { externalUserId: 'wmMass0002', status: 2 },
    ]);
    // Nobody sendable is WeCom's 41048, which the adapter reports as all failed.
    expect(await mass.send({ sender: 'sales.wang', externalUserIds: ['wmMass0001'], text: 'x', attachments: [] })).toEqual({ msgid: null, failList: ['wmMass0001'] });
    await expect(mass.send({ sender: 'sales.nobody', externalUserIds: ['wmMass0001'], text: 'x', attachments: [] })).rejects.toMatchObject({ errcode: 60111 });
  });

  it('transfer results: follows next_cursor across pages', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `wmPaged${String(i).padStart(4, '0')}`);
    for (const id of [...ids, 'wmPagedLast']) sim.follow('sales.li', id);
    const transfers = new WecomTransfers(client);
    const pair = { kind: 'on_job' as const, handoverUserId: 'sales.li', takeoverUserId: 'sales.zhao' };
    await transfers.transfer({ ...pair, externalUserIds: ids });
    await transfers.transfer({ ...pair, externalUserIds: ['wmPagedLast'] });
    const results = await transfers.results(pair);
    expect(results).toHaveLength(101);
    expect(sent.filter((r) => r.api.endsWith('/transfer_result'))).toHaveLength(2);
  });

  it('customer service: pages the messages and keeps the cursor', async () => {
    const kf = new WecomKfMessages(client);
    const token = sim.kfCustomerSays('wkSandbox01', 'wmKfCustomer01', '快用完了，再来一盒');
    sim.kfServicerSays('wkSandbox01', 'sales.li', 'wmKfCustomer01', '好的');
    const page = await kf.page({ openKfId: 'wkSandbox01', token });
    expect(page.hasMore).toBe(false);
    expect(page.messages).toEqual([
      expect.objectContaining({ source: 'kf', externalUserId: 'wmKfCustomer01', userId: 'wkSandbox01', direction: 'in', msgType: 'text', text: '快用完了，再来一盒' }),
      expect.objectContaining({ direction: 'out', text: '好的' }),
    ]);
    const again = sim.kfCustomerSays('wkSandbox01', 'wmKfCustomer01', '在吗');
    const next = await kf.page({ openKfId: 'wkSandbox01', token: again, cursor: page.nextCursor });
    expect(next.messages.map((m) => m.text)).toEqual(['在吗']);
    await expect(kf.page({ openKfId: 'wkSandbox01', token: 'ENCforged' })).rejects.toMatchObject({ errcode: 95007 });
  });

  it('sidebar login and tickets: codes name the member once; visitors have no userid', async () => {
    const auth = new WecomSidebarAuth(client, { corpId: CORP, agentId: '1000002', redis: {} as Redis, clock: systemClock });
    expect(await auth.userIdForCode(sim.issueLoginCode('sales.wang'))).toBe('sales.wang');
    expect(await auth.userIdForCode(sim.issueVisitorLoginCode('oVisitor01'))).toBeNull();
    await expect(auth.userIdForCode('forged')).rejects.toMatchObject({ errcode: 40029 });
    expect(sent.every((r) => r.secret === 'agent')).toBe(true);

    // The two requests of WecomSidebarAuth.fetchTicket, as written there.
    const corp = await client.request<{ ticket: string; expires_in: number }>({ api: '/cgi-bin/get_jsapi_ticket', method: 'GET', secret: 'agent' });
    const agent = await client.request<{ ticket: string; expires_in: number }>({ api: '/cgi-bin/ticket/get', method: 'GET', secret: 'agent', query: { type: 'agent_config' } });
    expect(corp.expires_in).toBe(7200);
    expect(agent.expires_in).toBe(7200);
    expect([corp.ticket, agent.ticket]).toEqual([sim.ticket('jsapi'), sim.ticket('agent_config')]);
  });

  it('groups: the adapter reads members and their kinds, null for an unknown group', async () => {
    const { externalUserId } = sim.addCustomer({ name: '张阿姨' });
    sim.createGroup({ chatId: 'wrSandbox01', name: '老客群', owner: 'sales.li', members: ['sales.wang', externalUserId], createTime: 1_717_000_000 });
    const groups = new WecomGroupChats(client);
    expect(await groups.get('wrSandbox01')).toEqual({
      chatId: 'wrSandbox01',
      name: '老客群',
      owner: 'sales.li',
      members: [
        { userId: 'sales.li', type: 'member', joinTime: 1_717_000_000 },
        { userId: 'sales.wang', type: 'member', joinTime: 1_717_000_000 },
        { userId: externalUserId, type: 'external', joinTime: 1_717_000_000 },
      ],
    });
    expect(await groups.get('wrNoSuchGroup')).toBeNull();
  });

  it('welcome: a code the benchmark issues for an unknown customer still has a contact behind it', async () => {
    const issued = sim.issueWelcomeCode('sales.li', 'wmBenchCustomer01');
    const contact = await new WecomContactDirectory(client, quietLogger).getContact('wmBenchCustomer01');
    expect(contact?.followers.map((f) => f.userId)).toEqual(['sales.li']);
    expect(await new WecomWelcomeSender(client).send(issued.code, { text: 'hi', attachments: [] })).toEqual({ result: 'sent' });
    expect(sim.deliveries).toEqual([expect.objectContaining({ code: issued.code, errcode: 0, text: 'hi' })]);
  });
});
