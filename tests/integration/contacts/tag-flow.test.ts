/**
 * Corp tags through the real app (admin API, callback route, Redis, SQLite, workers;
 * WeCom mocked with nock): sync, create-if-missing, a `change_external_tag` callback that
 * re-syncs, and an admin changing a customer's tags through mark_tag with history.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSignedCallback, toQueryString } from '../../../src/sandbox/signed-callback.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../../fixtures/wecom/events.ts';
import { startTestApp, waitUntil, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

const NOW = 1717000000;
const API = 'http://wecom-tags.test';
const ADMIN_TOKEN = 'tag-test-admin-token-0000000001';
const CUSTOMER = 'wmTagFlow000000000000000000000001';

const tagList = (tags: { id: string; name: string }[]) => ({
  errcode: 0,
  errmsg: 'ok',
  tag_group: [{ group_id: 'etGroupTaste', group_name: '偏好', order: 1, tag: tags.map((t, i) => ({ ...t, order: i })) }],
});

describe('corp tag journey', () => {
  let database: TestDatabase;
  let app: TestApp;
  const admin = (method: string, path: string, body?: unknown, token = ADMIN_TOKEN) =>
    fetch(`${app.baseUrl}/api/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const callback = async (inner: string, nonce: string) => {
    const xml =
      `<xml><ToUserName><![CDATA[${FIXTURE_CORP_ID}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${NOW}</CreateTime>` +
      `<MsgType><![CDATA[event]]></MsgType>${inner}</xml>`;
    const { query, body } = buildSignedCallback({ token: FIXTURE_TOKEN, encodingAesKey: FIXTURE_ENCODING_AES_KEY, corpId: FIXTURE_CORP_ID, xml, timestamp: String(NOW), nonce });
    const response = await fetch(`${app.callbackUrl}?${toQueryString(query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
    expect(response.status).toBe(200);
  };
  const processed = (count: number, what: string) =>
    waitUntil(async () => (await database.db.inboxEvent.count({ where: { status: 'processed' } })) === count, 15_000, what);

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web', 'worker'],
      clock: fixedClock(new Date(NOW * 1000)),
      env: { WECOM_API_BASE: API, WECOM_CONTACT_SECRET: 'contact-secret', ADMIN_TOKEN },
    });
    const stale = await app.container.redis.keys(`wecom:${FIXTURE_CORP_ID}:*`);
    if (stale.length > 0) await app.container.redis.del(...stale);
    nock(API).persist().get('/cgi-bin/gettoken').query(true).reply(200, { errcode: 0, errmsg: 'ok', access_token: 'TOKEN', expires_in: 7200 });
  });

  afterAll(async () => {
    nock.cleanAll();
    await app?.container.eventQueue.queue.obliterate({ force: true });
    await app?.close();
    await database?.drop();
  });

  it('should sync the corp tags and list them', async () => {
    nock(API).post('/cgi-bin/externalcontact/get_corp_tag_list').query({ access_token: 'TOKEN' }).reply(200, tagList([{ id: 'etBirdsNest', name: '燕窝' }]));

    expect(await (await admin('POST', '/tags/sync')).json()).toEqual({ groups: 1, tags: 1 });

    const listed = await admin('GET', '/tags');
    expect(await listed.json()).toEqual({ groups: [{ groupId: 'etGroupTaste', name: '偏好', order: 1, tags: [{ tagId: 'etBirdsNest', name: '燕窝', order: 0 }] }] });
    expect((await admin('GET', '/tags', undefined, 'wrong-token')).status).toBe(401);
  });

  it('should create only the missing tags of a group and reuse the ones that exist', async () => {
    const created: unknown[] = [];
    nock(API)
      .post('/cgi-bin/externalcontact/add_corp_tag', (body) => Boolean(created.push(body)))
      .query({ access_token: 'TOKEN' })
      .reply(200, { errcode: 0, errmsg: 'ok', tag_group: { group_id: 'etGroupTaste', group_name: '偏好', order: 1, tag: [{ id: 'etCollagen', name: '胶原蛋白', order: 2 }] } });

    const response = await admin('POST', '/tags', { groupName: '偏好', names: ['燕窝', '胶原蛋白'] });

    expect(response.status).toBe(201);
    expect(created).toEqual([{ group_id: 'etGroupTaste', tag: [{ name: '胶原蛋白' }] }]);
    const group = (await response.json()) as { tags: { tagId: string }[] };
    expect(group.tags.map((t) => t.tagId)).toEqual(['etBirdsNest', 'etCollagen']);
    const again = await admin('POST', '/tags', { groupName: '偏好', names: ['胶原蛋白'] });
    expect(again.status).toBe(201);
    expect(created).toHaveLength(1);
    expect((await admin('POST', '/tags', { groupName: '偏好', groupId: 'etGroupTaste', names: ['x'] })).status).toBe(400);
  });

  it('should re-sync when WeCom reports a tag change', async () => {
    nock(API)
      .post('/cgi-bin/externalcontact/get_corp_tag_list')
      .query(true)
      .reply(200, tagList([{ id: 'etBirdsNest', name: '燕窝' }, { id: 'etCollagen', name: '胶原蛋白' }, { id: 'etProbiotic', name: '益生菌' }]));

    await callback('<Event><![CDATA[change_external_tag]]></Event><Id><![CDATA[etProbiotic]]></Id><TagType><![CDATA[tag]]></TagType><ChangeType><![CDATA[create]]></ChangeType>', 'tag1');
    await processed(1, 'the tag event');

    const listed = (await (await admin('GET', '/tags')).json()) as { groups: { tags: { tagId: string }[] }[] };
    expect(listed.groups[0]?.tags.map((t) => t.tagId)).toEqual(['etBirdsNest', 'etCollagen', 'etProbiotic']);
  });

  it('should change a customer tag through mark_tag, record who did it, and refuse bad requests without calling WeCom', async () => {
    nock(API).persist().get('/cgi-bin/externalcontact/get').query(true).reply(200, {
      errcode: 0,
      errmsg: 'ok',
      external_contact: { external_userid: CUSTOMER, name: '林女士', type: 1, gender: 2 },
      follow_user: [{ userid: 'sales.li', createtime: NOW, tags: [{ group_name: '偏好', tag_name: '燕窝', type: 1, tag_id: 'etBirdsNest' }] }],
    });
    await callback(
      `<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[sales.li]]></UserID><ExternalUserID><![CDATA[${CUSTOMER}]]></ExternalUserID>`,
      'add1',
    );
    await processed(2, 'the add event');
    const marks: unknown[] = [];
    nock(API).persist().post('/cgi-bin/externalcontact/mark_tag', (body) => Boolean(marks.push(body))).query(true).reply(200, { errcode: 0, errmsg: 'ok' });

    const changed = await admin('POST', `/customers/${CUSTOMER}/tags`, { userId: 'sales.li', add: ['etCollagen'], remove: ['etBirdsNest'] });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ tagIds: ['etCollagen'], added: ['etCollagen'], removed: ['etBirdsNest'] });

    for (const [body, status] of [
      [{ userId: 'sales.li', add: ['etUnknown'] }, 400],
      [{ userId: 'sales.li', add: ['etProbiotic'], remove: ['etProbiotic'] }, 400],
      [{ userId: 'sales.li' }, 400],
      [{ userId: 'sales.wang', add: ['etProbiotic'] }, 404],
    ] as const) {
      expect((await admin('POST', `/customers/${CUSTOMER}/tags`, body)).status).toBe(status);
    }
    expect(marks).toEqual([{ userid: 'sales.li', external_userid: CUSTOMER, add_tag: ['etCollagen'], remove_tag: ['etBirdsNest'] }]);

    const history = (await (await admin('GET', `/customers/${CUSTOMER}/tag-history`)).json()) as { items: unknown[] };
    expect(history.items).toEqual([
      { userId: 'sales.li', tagId: 'etBirdsNest', action: 'remove', cause: 'admin', causeRef: null, at: NOW },
      { userId: 'sales.li', tagId: 'etCollagen', action: 'add', cause: 'admin', causeRef: null, at: NOW },
      { userId: 'sales.li', tagId: 'etBirdsNest', action: 'add', cause: 'wecom', causeRef: 'sales.li', at: NOW },
    ]);
    const profile = (await (await admin('GET', `/customers/${CUSTOMER}`)).json()) as { followers: { tagIds: string[] }[] };
    expect(profile.followers[0]?.tagIds).toEqual(['etCollagen']);
  });
});
