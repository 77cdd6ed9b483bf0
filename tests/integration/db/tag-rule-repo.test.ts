/** PrismaTagRuleRepo against real SQLite and PostgreSQL: every trigger type round-trips. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PrismaTagRuleRepo } from '../../../src/db/tag-rule-repo.ts';
import type { NewTagRule, TagRuleTrigger } from '../../../src/domain/tags/tag-rules.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const newRule = (trigger: TagRuleTrigger, overrides: Partial<NewTagRule> = {}): NewTagRule => ({
  name: `${trigger.type} 规则`,
  enabled: true,
  trigger,
  addTagIds: ['etA'],
  removeTagIds: ['etB'],
  ...overrides,
});

describe.each(PROVIDERS)('PrismaTagRuleRepo (%s)', (provider) => {
  let database: TestDatabase;
  let repo: PrismaTagRuleRepo;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    repo = new PrismaTagRuleRepo(database.db);
  });

  beforeEach(async () => {
    await database.db.tagRule.deleteMany();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should store every trigger type and read each rule back as written, by id', async () => {
    const triggers: TagRuleTrigger[] = [
      { type: 'intent', intents: ['complaint', 'return_exchange'] },
      { type: 'keyword', keywords: ['ＶＩＰ', '团购'] },
      { type: 'channel', states: ['ch-expo'] },
      { type: 'spend', atLeast: 999.5 },
      { type: 'stage', stages: ['declining'] },
    ];
    const created = [];
    for (const trigger of triggers) created.push(await repo.create(newRule(trigger, { enabled: trigger.type !== 'spend' })));
    expect(created.map((r) => r.trigger)).toEqual(triggers);
    expect(await repo.list()).toEqual(created);
    expect(await repo.get(created[3]!.id)).toEqual({ ...newRule(triggers[3]!, { enabled: false }), id: created[3]!.id });
    expect(await database.db.tagRule.findUniqueOrThrow({ where: { id: created[0]!.id } })).toMatchObject({
      triggerType: 'intent',
      trigger: '{"intents":["complaint","return_exchange"]}',
    });
  });

  it('should change only the given fields, and answer null and false for unknown ids', async () => {
    const { id } = await repo.create(newRule({ type: 'intent', intents: ['referral'] }));
    const updated = await repo.update(id, { trigger: { type: 'spend', atLeast: 100 }, removeTagIds: [] });
    expect(updated).toEqual({ ...newRule({ type: 'spend', atLeast: 100 }, { name: 'intent 规则', removeTagIds: [] }), id });
    expect(await repo.update(id + 1000, { name: 'x' })).toBeNull();
    expect(await repo.remove(id + 1000)).toBe(false);
    expect(await repo.remove(id)).toBe(true);
    expect(await repo.get(id)).toBeNull();
  });

  it('should read a rule whose trigger was damaged by hand as disabled and never firing', async () => {
    const row = await database.db.tagRule.create({ data: { name: 'hand-edited', triggerType: 'weather', trigger: '{', addTagIds: '["etA"]' } });
    expect(await repo.get(row.id)).toEqual({
      id: row.id,
      name: 'hand-edited',
      enabled: false,
      trigger: { type: 'intent', intents: [] },
      addTagIds: ['etA'],
      removeTagIds: [],
    });
  });
});
