/** PrismaReplyScriptRepo against real SQLite and PostgreSQL. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PrismaReplyScriptRepo } from '../../../src/db/reply-script-repo.ts';
import type { NewReplyScript } from '../../../src/domain/scripts/reply-scripts.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const FIXTURE_SCRIPT: NewReplyScript = {
  title: '物流查询',
  text: '亲，您的包裹已发出，单号稍后发您～',
  intents: ['logistics'],
  scenes: ['delivery_followup'],
  stages: ['breaking_in', 'stable'],
  tagIds: ['etVip'],
  attachments: [
    { type: 'image', mediaId: 'media-1' },
    { type: 'link', title: '物流查询', url: 'https://shop.example.com/track', desc: '点此查看', picUrl: 'https://shop.example.com/p.png' },
  ],
  enabled: true,
};

describe.each(PROVIDERS)('PrismaReplyScriptRepo (%s)', (provider) => {
  let database: TestDatabase;
  let repo: PrismaReplyScriptRepo;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    repo = new PrismaReplyScriptRepo(database.db);
  });

  beforeEach(async () => {
    await database.db.replyScript.deleteMany();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should store a script with its labels and attachments and read it back unused', async () => {
    const created = await repo.create(FIXTURE_SCRIPT);
    expect(created).toEqual({ ...FIXTURE_SCRIPT, id: created.id, usageCount: 0 });
    expect(await repo.get(created.id)).toEqual(created);
    const other = await repo.create({ ...FIXTURE_SCRIPT, title: '通用', intents: [], scenes: [], stages: [], tagIds: [], attachments: [] });
    expect((await repo.list()).map((s) => s.id)).toEqual([created.id, other.id]);
  });

  it('should change only the given fields, and answer null and false for unknown ids', async () => {
    const { id } = await repo.create(FIXTURE_SCRIPT);
    const updated = await repo.update(id, { enabled: false, scenes: [], attachments: [] });
    expect(updated).toEqual({ ...FIXTURE_SCRIPT, id, usageCount: 0, enabled: false, scenes: [], attachments: [] });
    expect(await repo.update(id + 1000, { title: 'x' })).toBeNull();
    expect(await repo.remove(id + 1000)).toBe(false);
    expect(await repo.remove(id)).toBe(true);
    expect(await repo.get(id)).toBeNull();
  });

  it('should count every one of concurrent uses, and none for an unknown id', async () => {
    const { id } = await repo.create(FIXTURE_SCRIPT);
    expect(await Promise.all(Array.from({ length: 10 }, () => repo.recordUse(id)))).toEqual(Array(10).fill(true));
    expect((await repo.get(id))?.usageCount).toBe(10);
    expect(await repo.recordUse(id + 1000)).toBe(false);
  });

  it('should read damaged JSON columns as empty lists', async () => {
    const row = await database.db.replyScript.create({ data: { title: 't', text: 'x', intents: 'not json', tagIds: '{"a":1}' } });
    expect(await repo.get(row.id)).toMatchObject({ intents: [], tagIds: [], scenes: [], attachments: [] });
  });
});
