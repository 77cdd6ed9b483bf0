/**
 * /api/admin/tag-rules over real HTTP and a real database on SQLite and PostgreSQL. The
 * router is mounted on a bare Koa app with the real request-context and error-handler
 * middleware (the admin auth gate is app.ts's and is tested there).
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PrismaCorpTagStore } from '../../../src/db/corp-tag-repo.ts';
import { PrismaTagRuleRepo } from '../../../src/db/tag-rule-repo.ts';
import { adminTagRuleRoutes } from '../../../src/http/routes/admin-tag-rules.ts';
import { closeServer } from '../../../src/http/server.ts';
import { listenRouter } from '../../helpers/router-app.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const RULES = '/api/admin/tag-rules';
const FIXTURE_RULE = { name: '投诉预警', trigger: { type: 'intent', intents: ['complaint'] }, addTagIds: ['etRisk'], removeTagIds: ['etHappy'] };

describe.each(PROVIDERS)('admin API tag rules (%s)', (provider) => {
  let database: TestDatabase;
  let server: Server;
  let baseUrl: string;

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${baseUrl}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
  const create = async (body: unknown = FIXTURE_RULE): Promise<{ id: number }> => {
    const response = await call('POST', RULES, body);
    expect(response.status).toBe(201);
    return (await response.json()) as { id: number };
  };
  const expectRefusal = async (response: Response, status: number, error: string, ...named: string[]) => {
    expect(response.status).toBe(status);
    const body = (await response.json()) as { ok: boolean; error: string; message: string };
    expect(body).toMatchObject({ ok: false, error });
    for (const part of named) expect(body.message).toContain(part);
  };

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    const corpTags = new PrismaCorpTagStore(database.db);
    const tags = ['etRisk', 'etHappy', 'etVip'].map((tagId, order) => ({ tagId, groupId: 'g1', name: tagId, order }));
    await corpTags.replaceAll([{ groupId: 'g1', name: '客户状态', order: 1, tags }], new Date());
    ({ server, baseUrl } = await listenRouter(adminTagRuleRoutes({ basePath: '/api/admin', deps: { rules: new PrismaTagRuleRepo(database.db), corpTags } })));
  });

  beforeEach(async () => {
    await database.db.tagRule.deleteMany();
  });

  afterAll(async () => {
    if (server) await closeServer(server);
    await database?.drop();
  });

  describe('POST /api/admin/tag-rules', () => {
    it('should answer 201 with the rule, its defaults and a Location, and store it', async () => {
      const response = await call('POST', RULES, FIXTURE_RULE);
      expect(response.status).toBe(201);
      const rule = (await response.json()) as { id: number };
      expect(rule).toEqual({ id: rule.id, enabled: true, ...FIXTURE_RULE });
      expect(response.headers.get('location')).toBe(`${RULES}/${rule.id}`);
      expect(await database.db.tagRule.count()).toBe(1);
    });

    it.each([
      ['an unknown trigger type', { ...FIXTURE_RULE, trigger: { type: 'weather', sunny: true } }, 'trigger.type'],
      ['an unknown intent', { ...FIXTURE_RULE, trigger: { type: 'intent', intents: ['gossip'] } }, 'trigger.intents.0'],
      ['an empty keyword list', { ...FIXTURE_RULE, trigger: { type: 'keyword', keywords: [] } }, 'trigger.keywords'],
      ['a blank keyword', { ...FIXTURE_RULE, trigger: { type: 'keyword', keywords: ['  '] } }, 'trigger.keywords.0'],
      ['a negative spend', { ...FIXTURE_RULE, trigger: { type: 'spend', atLeast: -1 } }, 'trigger.atLeast'],
      ['an unknown stage', { ...FIXTURE_RULE, trigger: { type: 'stage', stages: ['vip'] } }, 'trigger.stages.0'],
      ['an extra trigger field', { ...FIXTURE_RULE, trigger: { type: 'spend', atLeast: 1, currency: 'CNY' } }, 'trigger.currency: unknown field'],
      ['an unknown field', { ...FIXTURE_RULE, priority: 1 }, 'priority: unknown field'],
      ['a missing name', { trigger: FIXTURE_RULE.trigger, addTagIds: ['etRisk'] }, 'name'],
    ])('should answer 400 naming the field and store nothing for %s', async (_case, body, named) => {
      await expectRefusal(await call('POST', RULES, body), 400, 'invalid_input', named);
      expect(await database.db.tagRule.count()).toBe(0);
    });

    it('should answer 400 naming tags that are not synced corp tags', async () => {
      await expectRefusal(await call('POST', RULES, { ...FIXTURE_RULE, addTagIds: ['etRisk', 'etGone'] }), 400, 'invalid_input', 'addTagIds: unknown corp tags etGone');
      expect(await database.db.tagRule.count()).toBe(0);
    });

    it('should answer 400 for a rule that changes no tag', async () => {
      await expectRefusal(await call('POST', RULES, { ...FIXTURE_RULE, addTagIds: [], removeTagIds: [] }), 400, 'invalid_input', 'at least one tag');
    });

    it('should answer 400 invalid_json for a body that is not JSON', async () => {
      const response = await fetch(`${baseUrl}${RULES}`, { method: 'POST', body: '{"name":', headers: { 'content-type': 'application/json' } });
      await expectRefusal(response, 400, 'invalid_json');
    });
  });

  describe('GET /api/admin/tag-rules', () => {
    it('should list the rules by id', async () => {
      const first = await create();
      const second = await create({ name: '高消费', trigger: { type: 'spend', atLeast: 1000 }, addTagIds: ['etVip'] });
      const response = await call('GET', RULES);
      expect(response.status).toBe(200);
      const { items } = (await response.json()) as { items: { id: number; trigger: unknown }[] };
      expect(items.map((r) => r.id)).toEqual([first.id, second.id]);
      expect(items[1]?.trigger).toEqual({ type: 'spend', atLeast: 1000 });
    });
  });

  describe('GET, PATCH and DELETE /api/admin/tag-rules/:id', () => {
    it('should read, change and delete one rule', async () => {
      const { id } = await create();
      expect(await (await call('GET', `${RULES}/${id}`)).json()).toMatchObject({ id, name: '投诉预警' });

      const patched = await call('PATCH', `${RULES}/${id}`, { enabled: false, trigger: { type: 'keyword', keywords: ['差评'] } });
      expect(patched.status).toBe(200);
      expect(await patched.json()).toEqual({ ...FIXTURE_RULE, id, enabled: false, trigger: { type: 'keyword', keywords: ['差评'] } });

      expect((await call('DELETE', `${RULES}/${id}`)).status).toBe(204);
      expect(await database.db.tagRule.count()).toBe(0);
    });

    it('should answer 404 not_found for an unknown id on every method', async () => {
      await expectRefusal(await call('GET', `${RULES}/999`), 404, 'not_found', 'tag rule 999');
      await expectRefusal(await call('PATCH', `${RULES}/999`, { name: 'x' }), 404, 'not_found');
      await expectRefusal(await call('DELETE', `${RULES}/999`), 404, 'not_found');
    });

    it('should answer 400 naming id when it is not a positive integer', async () => {
      await expectRefusal(await call('GET', `${RULES}/abc`), 400, 'invalid_input', 'id: must be a positive integer');
    });

    it('should answer 400 and keep the rule for an empty PATCH or one that empties its tags', async () => {
      const { id } = await create();
      await expectRefusal(await call('PATCH', `${RULES}/${id}`, {}), 400, 'invalid_input', 'at least one field');
      await expectRefusal(await call('PATCH', `${RULES}/${id}`, { addTagIds: [], removeTagIds: [] }), 400, 'invalid_input', 'at least one tag');
      expect(await (await call('GET', `${RULES}/${id}`)).json()).toMatchObject({ addTagIds: ['etRisk'], removeTagIds: ['etHappy'] });
    });
  });
});
