import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWecomApiSimulator, type WecomApiSimulator } from '../../../src/sandbox/wecom-api-simulator.ts';

const CORP = 'wwsimjoinway01';
const SECRET = 'contact-secret';
let sim: WecomApiSimulator;
let token: string;

async function call(api: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${sim.url}/cgi-bin/externalcontact/${api}?access_token=${token}`, { method: 'POST', body: JSON.stringify(body) });
  return (await response.json()) as Record<string, unknown>;
}

beforeAll(() => nock.enableNetConnect(/127\.0\.0\.1/));
afterAll(() => nock.disableNetConnect());

beforeEach(async () => {
  sim = await startWecomApiSimulator({ corpId: CORP, secrets: [SECRET], now: () => 1_717_000_000_000, members: [{ userId: 'owner' }] });
  sim.createGroup({ chatId: 'wrA', name: 'A群', owner: 'owner', members: [] });
  sim.createGroup({ chatId: 'wrB', name: 'B群', owner: 'owner', members: [] });
  token = ((await (await fetch(`${sim.url}/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`)).json()) as { access_token: string }).access_token;
});

afterEach(() => sim.close());

describe('groupchat join ways (simulator)', () => {
  it('should refuse a bad scene, an empty or six-chat list, an unknown chat and a long state', async () => {
    const ok = { scene: 2, chat_id_list: ['wrA'], state: 'gc-1' };
    expect((await call('groupchat/add_join_way', { ...ok, scene: 3 })).errcode).toBe(40058);
    expect((await call('groupchat/add_join_way', { ...ok, chat_id_list: [] })).errcode).toBe(40058);
    expect((await call('groupchat/add_join_way', { ...ok, chat_id_list: ['wrA', 'wrA', 'wrA', 'wrA', 'wrA', 'wrA'] })).errcode).toBe(40058);
    expect((await call('groupchat/add_join_way', { ...ok, chat_id_list: ['wrNope'] })).errcode).toBe(40050);
    expect((await call('groupchat/add_join_way', { ...ok, state: 'x'.repeat(31) })).errcode).toBe(40058);
    expect((await call('groupchat/get_join_way', { config_id: 'nope' })).errcode).toBe(41044);
    expect((await call('groupchat/del_join_way', { config_id: 'nope' })).errcode).toBe(41044);
  });

  it('should put scanners in the first listed group under 200 with the state, and follow update_join_way', async () => {
    const { config_id: configId } = (await call('groupchat/add_join_way', { scene: 2, chat_id_list: ['wrA', 'wrB'], state: 'gc-1', auto_create_room: 0 })) as { config_id: string };
    expect(sim.scanJoinWay(configId, 'wm1')).toEqual({ chatId: 'wrA', state: 'gc-1' });
    expect(await call('groupchat/update_join_way', { config_id: configId, scene: 2, chat_id_list: ['wrB'], state: 'gc-1', auto_create_room: 0 })).toMatchObject({ errcode: 0 });
    expect(sim.scanJoinWay(configId, 'wm2').chatId).toBe('wrB');
    const group = (await call('groupchat/get', { chat_id: 'wrB' })) as { group_chat: { member_list: Record<string, unknown>[] } };
    expect(group.group_chat.member_list.find((m) => m.userid === 'wm2')).toMatchObject({ join_scene: 3, state: 'gc-1' });
    expect((await call('groupchat/get_join_way', { config_id: configId })).join_way).toMatchObject({ chat_id_list: ['wrB'], qr_code: expect.stringContaining(configId) });
  });

  it('should open a new group named room_base_name + room_base_id once every listed group holds 200', async () => {
    const { config_id: configId } = (await call('groupchat/add_join_way', { scene: 2, chat_id_list: ['wrA'], state: 'gc-2', auto_create_room: 1, room_base_name: '体验', room_base_id: 7 })) as { config_id: string };
    for (let i = 1; i < 200; i++) sim.scanJoinWay(configId, `wmFill${i}`);
    const { chatId } = sim.scanJoinWay(configId, 'wmOverflow');
    expect(chatId).not.toBe('wrA');
    expect(sim.world.groups.get(chatId)?.name).toBe('体验7');
  });
});

describe('group welcome templates (simulator)', () => {
  it('should keep a text with one attachment, refuse two, edit and delete by template_id', async () => {
    expect((await call('group_welcome_template/add', { text: { content: '欢迎' }, image: { pic_url: 'https://x/1.png' }, link: { title: 't', url: 'https://x' } })).errcode).toBe(40058);
    const { template_id: id } = (await call('group_welcome_template/add', { text: { content: '欢迎' }, notify: 1 })) as { template_id: string };
    expect(await call('group_welcome_template/edit', { template_id: id, text: { content: '欢迎光临' } })).toMatchObject({ errcode: 0 });
    expect(await call('group_welcome_template/get', { template_id: id })).toMatchObject({ text: { content: '欢迎光临' } });
    expect(await call('group_welcome_template/del', { template_id: id })).toMatchObject({ errcode: 0 });
    expect((await call('group_welcome_template/get', { template_id: id })).errcode).toBe(41044);
  });
});
