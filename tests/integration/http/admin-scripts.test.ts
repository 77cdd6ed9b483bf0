/**
 * /api/admin/scripts over real HTTP and a real database on SQLite and PostgreSQL. The
 * router is mounted on a bare Koa app with the real request-context and error-handler
 * middleware (the admin auth gate is app.ts's and is tested there).
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PrismaCorpTagStore } from '../../../src/db/corp-tag-repo.ts';
import { PrismaReplyScriptRepo } from '../../../src/db/reply-script-repo.ts';
import { adminScriptRoutes } from '../../../src/http/routes/admin-scripts.ts';
import { closeServer } from '../../../src/http/server.ts';
import { listenRouter } from '../../helpers/router-app.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const SCRIPTS = '/api/admin/scripts';
const FIXTURE_SCRIPT = { title: '下单引导', text: '这是购买链接，今天下单明天发～', intents: ['purchase_intent'], scenes: ['ready_to_buy'] };

interface RankedJson {
  script: { id: number; title: string };
  score: number;
  reasons: string[];
}

describe.each(PROVIDERS)('admin API reply scripts (%s)', (provider) => {
  let database: TestDatabase;
  let server: Server;
  let baseUrl: string;

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${baseUrl}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
  const create = async (body: unknown = FIXTURE_SCRIPT): Promise<{ id: number }> => {
    const response = await call('POST', SCRIPTS, body);
    expect(response.status).toBe(201);
    return (await response.json()) as { id: number };
  };
  const expectRefusal = async (response: Response, status: number, error: string, ...named: string[]) => {
    expect(response.status).toBe(status);
    const body = (await response.json()) as { ok: boolean; error: string; message: string };
    expect(body).toMatchObject({ ok: false, error });
    for (const part of named) expect(body.message).toContain(part);
  };
  const suggest = async (query: string): Promise<RankedJson[]> => {
    const response = await call('GET', `${SCRIPTS}/suggest${query}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: RankedJson[] }).items;
  };

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    const corpTags = new PrismaCorpTagStore(database.db);
    const tags = ['etVip', 'etNew'].map((tagId, order) => ({ tagId, groupId: 'g1', name: tagId, order }));
    await corpTags.replaceAll([{ groupId: 'g1', name: '客户等级', order: 1, tags }], new Date());
    ({ server, baseUrl } = await listenRouter(adminScriptRoutes({ basePath: '/api/admin', deps: { scripts: new PrismaReplyScriptRepo(database.db), corpTags } })));
  });

  beforeEach(async () => {
    await database.db.replyScript.deleteMany();
  });

  afterAll(async () => {
    if (server) await closeServer(server);
    await database?.drop();
  });

  describe('POST /api/admin/scripts', () => {
    it('should answer 201 with the script, its defaults and a Location', async () => {
      const response = await call('POST', SCRIPTS, FIXTURE_SCRIPT);
      expect(response.status).toBe(201);
      const script = (await response.json()) as { id: number };
      expect(script).toEqual({ id: script.id, ...FIXTURE_SCRIPT, stages: [], tagIds: [], attachments: [], enabled: true, usageCount: 0 });
      expect(response.headers.get('location')).toBe(`${SCRIPTS}/${script.id}`);
    });

    it.each([
      ['an unknown scene', { ...FIXTURE_SCRIPT, scenes: ['party'] }, 'scenes.0'],
      ['an unknown intent', { ...FIXTURE_SCRIPT, intents: ['gossip'] }, 'intents.0'],
      ['an empty text', { ...FIXTURE_SCRIPT, text: '' }, 'text'],
      ['an image without media id or url', { ...FIXTURE_SCRIPT, attachments: [{ type: 'image' }] }, 'attachments.0'],
      ['a link to a non-http url', { ...FIXTURE_SCRIPT, attachments: [{ type: 'link', title: 'x', url: 'javascript:alert(1)' }] }, 'attachments.0.url'],
      ['usageCount, which the library keeps', { ...FIXTURE_SCRIPT, usageCount: 99 }, 'usageCount: unknown field'],
    ])('should answer 400 naming the field and store nothing for %s', async (_case, body, named) => {
      await expectRefusal(await call('POST', SCRIPTS, body), 400, 'invalid_input', named);
      expect(await database.db.replyScript.count()).toBe(0);
    });

    it('should answer 400 naming tags that are not synced corp tags', async () => {
      await expectRefusal(await call('POST', SCRIPTS, { ...FIXTURE_SCRIPT, tagIds: ['etVip', 'etGone'] }), 400, 'invalid_input', 'tagIds: unknown corp tags etGone');
      expect(await database.db.replyScript.count()).toBe(0);
    });
  });

  describe('GET, PATCH and DELETE /api/admin/scripts/:id', () => {
    it('should list, read, change and delete scripts', async () => {
      const first = await create();
      const second = await create({ ...FIXTURE_SCRIPT, title: '第二条' });
      const list = (await (await call('GET', SCRIPTS)).json()) as { items: { id: number }[] };
      expect(list.items.map((s) => s.id)).toEqual([first.id, second.id]);
      expect(await (await call('GET', `${SCRIPTS}/${first.id}`)).json()).toMatchObject({ id: first.id, title: '下单引导' });

      const patched = await call('PATCH', `${SCRIPTS}/${first.id}`, { enabled: false, tagIds: ['etVip'] });
      expect(patched.status).toBe(200);
      expect(await patched.json()).toMatchObject({ id: first.id, enabled: false, tagIds: ['etVip'], title: '下单引导' });

      expect((await call('DELETE', `${SCRIPTS}/${first.id}`)).status).toBe(204);
      expect(await database.db.replyScript.count()).toBe(1);
    });

    it('should answer 404 not_found for an unknown id and 400 for an id that is not one', async () => {
      await expectRefusal(await call('GET', `${SCRIPTS}/999`), 404, 'not_found', 'reply script 999');
      await expectRefusal(await call('PATCH', `${SCRIPTS}/999`, { title: 'x' }), 404, 'not_found');
      await expectRefusal(await call('DELETE', `${SCRIPTS}/999`), 404, 'not_found');
      await expectRefusal(await call('GET', `${SCRIPTS}/0`), 400, 'invalid_input', 'id: must be a positive integer');
    });

    it('should answer 400 for an empty PATCH and for an unknown tag, changing nothing', async () => {
      const { id } = await create();
      await expectRefusal(await call('PATCH', `${SCRIPTS}/${id}`, {}), 400, 'invalid_input', 'at least one field');
      await expectRefusal(await call('PATCH', `${SCRIPTS}/${id}`, { tagIds: ['etGhost'] }), 400, 'invalid_input', 'etGhost');
      expect(await (await call('GET', `${SCRIPTS}/${id}`)).json()).toMatchObject({ tagIds: [] });
    });
  });

  describe('GET /api/admin/scripts/suggest', () => {
    it('should rank matching scripts best first with score and reasons, generic ones last, others left out', async () => {
      const generic = await create({ title: '通用问候', text: '您好～' });
      const byTag = await create({ title: 'VIP 专属', text: '尊贵的会员您好', tagIds: ['etVip'] });
      const byScene = await create();
      await create({ title: '投诉安抚', text: '非常抱歉', intents: ['complaint'], scenes: ['urgent_complaint'] });
      await create({ title: '停用', text: 'x', scenes: ['ready_to_buy'], enabled: false });

      const items = await suggest('?intent=purchase_intent&scene=ready_to_buy&stage=&tagIds=etVip,%20etNew');
      expect(items.map((r) => [r.script.id, r.score, r.reasons])).toEqual([
        [byScene.id, 24, ['scene:ready_to_buy', 'intent:purchase_intent']],
        [byTag.id, 1, ['tag:etVip']],
        [generic.id, 0, ['generic']],
      ]);
      expect((await suggest('?scene=ready_to_buy&limit=1')).map((r) => r.script.id)).toEqual([byScene.id]);
    });

    it.each([
      ['an unknown scene', '?scene=party', 'scene'],
      ['a limit out of range', '?limit=21', 'limit'],
      ['a limit that is not a number', '?limit=many', 'limit'],
      ['an unknown parameter', '?customer=wm1', 'customer: unknown field'],
      ['a repeated parameter', '?intent=complaint&intent=logistics', 'intent'],
    ])('should answer 400 naming the parameter for %s', async (_case, query, named) => {
      await expectRefusal(await call('GET', `${SCRIPTS}/suggest${query}`), 400, 'invalid_input', named);
    });
  });
});
