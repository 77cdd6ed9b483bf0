import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWecomApiSimulator, type WecomApiSimulator } from '../../../src/sandbox/wecom-api-simulator.ts';

const CORP = 'wwsimtest0001';
const SECRET = 'contact-secret';
let clock = 1_717_000_000_000;
let sim: WecomApiSimulator;
let token: string;

type Answer = Record<string, unknown> & { errcode: number };

async function call(method: 'GET' | 'POST', path: string, options: { query?: Record<string, string>; body?: unknown; token?: string | null } = {}): Promise<Answer> {
  const query = new URLSearchParams(options.query);
  const t = options.token === undefined ? token : options.token;
  if (t !== null) query.set('access_token', t);
  const response = await fetch(`${sim.url}${path}?${query.toString()}`, { method, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) });
  return (await response.json()) as Answer;
}
const post = (path: string, body: unknown) => call('POST', `/cgi-bin/externalcontact/${path}`, { body });

beforeAll(() => nock.enableNetConnect(/127\.0\.0\.1/));
afterAll(() => nock.disableNetConnect());

beforeEach(async () => {
  clock = 1_717_000_000_000;
  sim = await startWecomApiSimulator({
    corpId: CORP,
    secrets: [SECRET],
    now: () => clock,
    members: [{ userId: 'sales.li', name: '李娜' }, { userId: 'sales.wang', name: '王强' }],
    customers: [{ externalUserId: 'wmCustomer0001', name: '林女士', gender: 2, unionId: 'ounion0001' }],
    follows: [{ userId: 'sales.li', externalUserId: 'wmCustomer0001', state: 'live', createtime: 1_716_000_000 }],
    tagGroups: [{ name: '来源', tags: ['直播间', '门店'] }],
  });
  const answer = await call('GET', '/cgi-bin/gettoken', { query: { corpid: CORP, corpsecret: SECRET }, token: null });
  token = answer.access_token as string;
});

afterEach(() => sim.close());

const tagId = (name: string) => sim.snapshot().tagGroups.flatMap((g) => g.tags).find((t) => t.name === name)!.tagId;

describe('tokens', () => {
  it('should refuse a wrong corpid (40013) and a wrong secret (40001)', async () => {
    expect((await call('GET', '/cgi-bin/gettoken', { query: { corpid: 'x', corpsecret: SECRET }, token: null })).errcode).toBe(40013);
    expect((await call('GET', '/cgi-bin/gettoken', { query: { corpid: CORP, corpsecret: 'nope' }, token: null })).errcode).toBe(40001);
  });

  it('should hand out the same token while it is valid, with the seconds left', async () => {
    clock += 100_000;
    const again = await call('GET', '/cgi-bin/gettoken', { query: { corpid: CORP, corpsecret: SECRET }, token: null });
    expect(again).toMatchObject({ errcode: 0, access_token: token, expires_in: 7100 });
  });

  it('should answer 40014 without a token it issued and 42001 once it expired', async () => {
    expect((await call('GET', '/cgi-bin/externalcontact/get', { query: { external_userid: 'wmCustomer0001' }, token: 'forged' })).errcode).toBe(40014);
    expect((await call('GET', '/cgi-bin/externalcontact/get', { query: { external_userid: 'wmCustomer0001' }, token: null })).errcode).toBe(40014);
    sim.expireTokens();
    expect((await call('GET', '/cgi-bin/externalcontact/get', { query: { external_userid: 'wmCustomer0001' } })).errcode).toBe(42001);
  });

  it('should answer 40058 for the wrong method and 404 for a path it does not know', async () => {
    expect((await call('GET', '/cgi-bin/externalcontact/mark_tag')).errcode).toBe(40058);
    const response = await fetch(`${sim.url}/cgi-bin/nothing?access_token=${token}`);
    expect(response.status).toBe(404);
  });
});

describe('externalcontact/get and tags', () => {
  it('should return the customer with every follow and its tags, and 84061 for an unknown customer', async () => {
    sim.follow('sales.wang', 'wmCustomer0001');
    await post('mark_tag', { userid: 'sales.li', external_userid: 'wmCustomer0001', add_tag: [tagId('直播间')], remove_tag: [] });
    const answer = await call('GET', '/cgi-bin/externalcontact/get', { query: { external_userid: 'wmCustomer0001' } });
    expect(answer.external_contact).toMatchObject({ external_userid: 'wmCustomer0001', name: '林女士', gender: 2, type: 1, unionid: 'ounion0001' });
    const follows = answer.follow_user as Record<string, unknown>[];
    expect(follows.map((f) => f.userid)).toEqual(['sales.li', 'sales.wang']);
    expect(follows[0]).toMatchObject({ state: 'live', createtime: 1_716_000_000, tags: [{ group_name: '来源', tag_name: '直播间', type: 1, tag_id: tagId('直播间') }] });
    expect(follows[1]!.tags).toEqual([]);
    expect((await call('GET', '/cgi-bin/externalcontact/get', { query: { external_userid: 'wmNobody' } })).errcode).toBe(84061);
    sim.unfollow('sales.li', 'wmCustomer0001');
    sim.unfollow('sales.wang', 'wmCustomer0001');
    expect((await call('GET', '/cgi-bin/externalcontact/get', { query: { external_userid: 'wmCustomer0001' } })).errcode).toBe(84061);
  });

  it('should filter the tag list by group_id, else by tag_id', async () => {
    await post('add_corp_tag', { group_name: '偏好', tag: [{ name: '燕窝' }] });
    const groups = sim.snapshot().tagGroups;
    const byGroup = await post('get_corp_tag_list', { group_id: [groups[1]!.groupId], tag_id: [tagId('门店')] });
    expect((byGroup.tag_group as { group_name: string }[]).map((g) => g.group_name)).toEqual(['偏好']);
    const byTag = await post('get_corp_tag_list', { tag_id: [tagId('门店')] });
    expect(byTag.tag_group).toMatchObject([{ group_name: '来源', tag: [{ name: '门店', deleted: false }] }]);
    expect(((byTag.tag_group as { tag: unknown[] }[])[0]!.tag).length).toBe(1);
    expect(((await post('get_corp_tag_list', {})).tag_group as unknown[]).length).toBe(2);
  });

  it('should return only the new tags from add_corp_tag and refuse a name the group has (40071)', async () => {
    const added = await post('add_corp_tag', { group_name: '来源', tag: [{ name: '老客推荐' }] });
    expect(added.tag_group).toMatchObject({ group_name: '来源', tag: [{ name: '老客推荐' }] });
    expect((added.tag_group as { tag: unknown[] }).tag).toHaveLength(1);
    expect((await post('add_corp_tag', { group_name: '来源', tag: [{ name: '门店' }] })).errcode).toBe(40071);
    expect((await post('add_corp_tag', { group_id: 'etUnknown', tag: [{ name: 'x' }] })).errcode).toBe(40068);
    expect((await post('add_corp_tag', { group_name: '来源', tag: [{ name: 'x'.repeat(31) }] })).errcode).toBe(40072);
  });

  it('should validate mark_tag: 40068 unknown tag, 84061 no relation; record every call', async () => {
    expect((await post('mark_tag', { userid: 'sales.li', external_userid: 'wmCustomer0001', add_tag: ['etNope'] })).errcode).toBe(40068);
    expect((await post('mark_tag', { userid: 'sales.wang', external_userid: 'wmCustomer0001', add_tag: [tagId('门店')] })).errcode).toBe(84061);
    expect((await post('mark_tag', { userid: 'sales.li', external_userid: 'wmCustomer0001', add_tag: [tagId('门店')], remove_tag: [] })).errcode).toBe(0);
    expect((await post('mark_tag', { userid: 'sales.li', external_userid: 'wmCustomer0001', add_tag: [], remove_tag: [tagId('门店')] })).errcode).toBe(0);
    expect(sim.marks.map((m) => m.errcode)).toEqual([40068, 84061, 0, 0]);
    expect(sim.snapshot().follows[0]!.tagIds).toEqual([]);
  });
});

describe('welcome codes', () => {
  it('should accept a code once within 20 s: 41051 the second time, 41050 late or unknown, 41049 missing', async () => {
    const first = sim.follow('sales.li', 'wmNew0001');
    const late = sim.issueWelcomeCode('sales.li', 'wmNew0002');
    const send = (code: string) => post('send_welcome_msg', { welcome_code: code, text: { content: '您好' } });
    expect((await send(first.code)).errcode).toBe(0);
    expect((await send(first.code)).errcode).toBe(41051);
    clock += 20_001;
    expect((await send(late.code)).errcode).toBe(41050);
    expect((await send('unknown')).errcode).toBe(41050);
    expect((await send('')).errcode).toBe(41049);
    expect(sim.deliveries[0]).toMatchObject({ code: first.code, errcode: 0, text: '您好', userId: 'sales.li', externalUserId: 'wmNew0001' });
  });
});

describe('contact ways', () => {
  const add = (body: Record<string, unknown>) => post('add_contact_way', { type: 2, scene: 2, state: 'ch1', user: ['sales.li', 'sales.wang'], skip_verify: true, remark: '直播', ...body });

  it('should validate state, users and type', async () => {
    expect((await add({ state: 's'.repeat(31) })).errcode).toBe(40058);
    expect((await add({ user: [] })).errcode).toBe(40058);
    expect((await add({ user: ['ghost'] })).errcode).toBe(60111);
    expect((await add({ type: 3 })).errcode).toBe(41039);
    expect((await add({ type: 1 })).errcode).toBe(40058);
  });

  it('should give scans to its members in turn with its state, and follow updates and deletion', async () => {
    const created = await add({});
    expect(created).toMatchObject({ errcode: 0, config_id: expect.any(String), qr_code: expect.stringMatching(/^https:\/\//) });
    const configId = created.config_id as string;
    const a = sim.scanContactWay(configId, { name: '陈姐' });
    const b = sim.scanContactWay(configId);
    expect([a.userId, b.userId]).toEqual(['sales.li', 'sales.wang']);
    expect(a).toMatchObject({ state: 'ch1', welcomeCode: expect.any(String) });
    expect(sim.snapshot().customers.find((c) => c.externalUserId === a.externalUserId)?.name).toBe('陈姐');
    const got = await call('GET', '/cgi-bin/externalcontact/get', { query: { external_userid: a.externalUserId } });
    expect(got.follow_user).toMatchObject([{ userid: 'sales.li', state: 'ch1', add_way: 1 }]);

    expect((await post('update_contact_way', { config_id: configId, user: ['sales.wang'], remark: 'x' })).errcode).toBe(0);
    expect(sim.scanContactWay(configId).userId).toBe('sales.wang');
    expect((await post('del_contact_way', { config_id: configId })).errcode).toBe(0);
    expect((await post('del_contact_way', { config_id: configId })).errcode).toBe(41044);
    expect((await post('update_contact_way', { config_id: 'nope', user: ['sales.li'] })).errcode).toBe(41044);
    expect(() => sim.scanContactWay(configId)).toThrow();
  });
});

describe('transfers', () => {
  const pair = { handover_userid: 'sales.li', takeover_userid: 'sales.wang' };

  it('should wait (status 2) until completeTransfers, then move the follow', async () => {
    sim.follow('sales.li', 'wmCustomer0002');
    sim.refuseTransfers.add('wmCustomer0002');
    const answer = await post('transfer_customer', { ...pair, external_userid: ['wmCustomer0001', 'wmCustomer0002', 'wmStranger'] });
    expect(answer.customer).toEqual([
      { external_userid: 'wmCustomer0001', errcode: 0 },
      { external_userid: 'wmCustomer0002', errcode: 40129 },
      { external_userid: 'wmStranger', errcode: 84061 },
    ]);
    expect((await post('transfer_result', pair)).customer).toEqual([{ external_userid: 'wmCustomer0001', status: 2 }]);
    // (The token lives 2 h: the driver decides when WeCom's 24 h are over.)
    clock += 3_600_000;
    sim.completeTransfers();
    expect((await post('transfer_result', pair)).customer).toEqual([{ external_userid: 'wmCustomer0001', status: 1, takeover_time: Math.floor(clock / 1000) }]);
    const got = await call('GET', '/cgi-bin/externalcontact/get', { query: { external_userid: 'wmCustomer0001' } });
    expect(got.follow_user).toMatchObject([{ userid: 'sales.wang', state: 'live' }]);
  });

  it('should allow an on-job customer 2 transfers in 90 days', async () => {
    const back = { handover_userid: 'sales.wang', takeover_userid: 'sales.li' };
    for (const p of [pair, back]) {
      expect((await post('transfer_customer', { ...p, external_userid: ['wmCustomer0001'] })).customer).toEqual([{ external_userid: 'wmCustomer0001', errcode: 0 }]);
      sim.completeTransfers();
    }
    expect((await post('transfer_customer', { ...pair, external_userid: ['wmCustomer0001'] })).customer).toEqual([{ external_userid: 'wmCustomer0001', errcode: 40129 }]);
  });

  it('should need a resigned handover for resigned/transfer_customer (40097) and keep its results apart', async () => {
    expect((await post('resigned/transfer_customer', { ...pair, external_userid: ['wmCustomer0001'] })).errcode).toBe(40097);
    sim.resignMember('sales.li');
    expect((await post('resigned/transfer_customer', { ...pair, external_userid: ['wmCustomer0001'] })).customer).toEqual([{ external_userid: 'wmCustomer0001', errcode: 0 }]);
    expect((await post('resigned/transfer_result', pair)).customer).toEqual([{ external_userid: 'wmCustomer0001', status: 2 }]);
    expect((await post('transfer_result', pair)).customer).toEqual([]);
    expect((await post('transfer_customer', { ...pair, takeover_userid: 'ghost', external_userid: ['wmCustomer0001'] })).errcode).toBe(60111);
  });
});

describe('customer service, JS-SDK, login, groups', () => {
  it('should page kf messages after the cursor and refuse an unknown token (95007)', async () => {
    const t = sim.kfCustomerSays('wkKf01', 'wmCustomer0001', '还有货吗');
    sim.kfCustomerSays('wkKf01', 'wmCustomer0001', '多少钱');
    sim.kfCustomerSays('wkOther', 'wmCustomer0001', 'elsewhere');
    const first = await call('POST', '/cgi-bin/kf/sync_msg', { body: { token: t, open_kfid: 'wkKf01', limit: 1 } });
    expect(first).toMatchObject({ errcode: 0, has_more: 1, msg_list: [{ open_kfid: 'wkKf01', external_userid: 'wmCustomer0001', origin: 3, msgtype: 'text', text: { content: '还有货吗' } }] });
    const second = await call('POST', '/cgi-bin/kf/sync_msg', { body: { token: t, open_kfid: 'wkKf01', cursor: first.next_cursor } });
    expect(second).toMatchObject({ has_more: 0, msg_list: [{ text: { content: '多少钱' } }] });
    const third = await call('POST', '/cgi-bin/kf/sync_msg', { body: { token: t, open_kfid: 'wkKf01', cursor: second.next_cursor } });
    expect(third).toMatchObject({ msg_list: [], next_cursor: second.next_cursor });
    expect((await call('POST', '/cgi-bin/kf/sync_msg', { body: { token: 'bad', open_kfid: 'wkKf01' } })).errcode).toBe(95007);
    expect((await call('POST', '/cgi-bin/kf/sync_msg', { body: { open_kfid: 'wkKf01' } })).errcode).toBe(95007);
    clock += 600_001;
    expect((await call('POST', '/cgi-bin/kf/sync_msg', { body: { token: t, open_kfid: 'wkKf01' } })).errcode).toBe(95007);
  });

  it('should hand out two different tickets for 7200 s and answer login codes once', async () => {
    const corp = await call('GET', '/cgi-bin/get_jsapi_ticket');
    const agent = await call('GET', '/cgi-bin/ticket/get', { query: { type: 'agent_config' } });
    expect(corp).toMatchObject({ errcode: 0, expires_in: 7200 });
    expect(agent).toMatchObject({ errcode: 0, expires_in: 7200 });
    expect(corp.ticket).not.toBe(agent.ticket);
    expect(sim.ticket('agent_config')).toBe(agent.ticket);
    expect((await call('GET', '/cgi-bin/ticket/get', { query: { type: 'other' } })).errcode).toBe(40058);

    const code = sim.issueLoginCode('sales.li');
    expect(await call('GET', '/cgi-bin/auth/getuserinfo', { query: { code } })).toMatchObject({ errcode: 0, userid: 'sales.li' });
    expect((await call('GET', '/cgi-bin/auth/getuserinfo', { query: { code } })).errcode).toBe(40029);
    const stale = sim.issueLoginCode('sales.li');
    clock += 300_001;
    expect((await call('GET', '/cgi-bin/auth/getuserinfo', { query: { code: stale } })).errcode).toBe(40029);
  });

  it('should describe and list groups made by the driver, 40050 for an unknown one', async () => {
    sim.createGroup({ chatId: 'wrGroup01', name: '燕窝老客群', owner: 'sales.li', members: ['sales.wang', 'wmCustomer0001'] });
    sim.createGroup({ chatId: 'wrGroup02', name: '二群', owner: 'sales.wang', members: [] });
    const got = await post('groupchat/get', { chat_id: 'wrGroup01', need_name: 1 });
    expect(got.group_chat).toMatchObject({
      chat_id: 'wrGroup01',
      name: '燕窝老客群',
      owner: 'sales.li',
      member_list: [
        { userid: 'sales.li', type: 1, name: '李娜' },
        { userid: 'sales.wang', type: 1 },
        { userid: 'wmCustomer0001', type: 2, unionid: 'ounion0001', name: '林女士' },
      ],
    });
    expect((await post('groupchat/get', { chat_id: 'wrNope' })).errcode).toBe(40050);
    const page = await post('groupchat/list', { limit: 1 });
    expect(page.group_chat_list).toEqual([{ chat_id: 'wrGroup01', status: 0 }]);
    const rest = await post('groupchat/list', { limit: 1, cursor: page.next_cursor });
    expect(rest.group_chat_list).toEqual([{ chat_id: 'wrGroup02', status: 0 }]);
    expect(rest.next_cursor).toBeUndefined();
    expect((await post('groupchat/list', { limit: 10, owner_filter: { userid_list: ['sales.wang'] } })).group_chat_list).toEqual([{ chat_id: 'wrGroup02', status: 0 }]);
    expect((await post('groupchat/list', {})).errcode).toBe(40058);
  });
});
