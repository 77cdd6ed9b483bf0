import { describe, expect, it } from 'vitest';
import { createTagRule, deleteTagRule, getTagRule, listTagRules, updateTagRule } from '../../../../src/app/admin/tag-rules.ts';
import type { NewTagRule, TagRule, TagRuleChanges, TagRuleRepo } from '../../../../src/domain/tags/tag-rules.ts';
import { NotFoundError, ValidationError } from '../../../../src/shared/errors.ts';

/** Rules in a Map, ids from 1, like src/db/tag-rule-repo.ts. */
class InMemoryTagRuleRepo implements TagRuleRepo {
  private readonly rules = new Map<number, TagRule>();
  private nextId = 1;

  async list() {
    return [...this.rules.values()].sort((a, b) => a.id - b.id).map((r) => structuredClone(r));
  }
  async get(id: number) {
    const rule = this.rules.get(id);
    return rule ? structuredClone(rule) : null;
  }
  async create(rule: NewTagRule) {
    const stored = { ...structuredClone(rule), id: this.nextId++ };
    this.rules.set(stored.id, stored);
    return structuredClone(stored);
  }
  async update(id: number, changes: TagRuleChanges) {
    const rule = this.rules.get(id);
    if (!rule) return null;
    Object.assign(rule, structuredClone(changes));
    return structuredClone(rule);
  }
  async remove(id: number) {
    return this.rules.delete(id);
  }
}

const LIVE_TAGS = ['etVip', 'etRisk', 'etHappy'];

function world() {
  const rules = new InMemoryTagRuleRepo();
  const corpTags = { unknownTagIds: async (ids: string[]) => ids.filter((id) => !LIVE_TAGS.includes(id)) };
  return { rules, deps: { rules, corpTags } };
}

const newRule = (overrides: Partial<NewTagRule> = {}): NewTagRule => ({
  name: '投诉预警',
  enabled: true,
  trigger: { type: 'intent', intents: ['complaint'] },
  addTagIds: ['etRisk'],
  removeTagIds: ['etHappy'],
  ...overrides,
});

async function refusal(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('createTagRule()', () => {
  it('should store a valid rule with a new id', async () => {
    const { deps } = world();
    const rule = await createTagRule(deps, newRule());
    expect(rule).toEqual({ id: 1, ...newRule() });
    expect(await listTagRules(deps)).toEqual([rule]);
  });

  it('should refuse tags that are not live corp tags, naming each field and tag, and store nothing', async () => {
    const { deps } = world();
    const error = await refusal(createTagRule(deps, newRule({ addTagIds: ['etVip', 'etGone'], removeTagIds: ['etOld'] })));
    expect(error.message).toContain('addTagIds: unknown corp tags etGone');
    expect(error.message).toContain('removeTagIds: unknown corp tags etOld');
    expect(error.message).not.toContain('etVip');
    expect(await listTagRules(deps)).toEqual([]);
  });

  it('should refuse a rule that changes no tag', async () => {
    const { deps } = world();
    expect((await refusal(createTagRule(deps, newRule({ addTagIds: [], removeTagIds: [] })))).message).toContain('at least one tag');
  });

  it('should refuse a rule that both adds and removes the same tag', async () => {
    const { deps } = world();
    expect((await refusal(createTagRule(deps, newRule({ addTagIds: ['etVip'], removeTagIds: ['etVip'] })))).message).toContain('etVip named in both');
  });
});

describe('updateTagRule()', () => {
  it('should change only the given fields', async () => {
    const { deps } = world();
    const { id } = await createTagRule(deps, newRule());
    const updated = await updateTagRule(deps, { id, changes: { enabled: false, trigger: { type: 'keyword', keywords: ['差评'] } } });
    expect(updated).toEqual({ ...newRule(), id, enabled: false, trigger: { type: 'keyword', keywords: ['差评'] } });
    expect(await getTagRule(deps, id)).toEqual(updated);
  });

  it('should check the rule as it would be after the change', async () => {
    const { deps } = world();
    const { id } = await createTagRule(deps, newRule({ addTagIds: ['etRisk'], removeTagIds: [] }));
    expect((await refusal(updateTagRule(deps, { id, changes: { addTagIds: [] } }))).message).toContain('at least one tag');
    expect((await refusal(updateTagRule(deps, { id, changes: { removeTagIds: ['etRisk'] } }))).message).toContain('etRisk named in both');
    expect((await getTagRule(deps, id)).addTagIds).toEqual(['etRisk']);
  });

  it('should refuse new tags that are not live, but not a rename of a rule whose old tag is gone', async () => {
    const { rules, deps } = world();
    const { id } = await rules.create(newRule({ addTagIds: ['etDeletedInWecom'] }));
    expect((await refusal(updateTagRule(deps, { id, changes: { addTagIds: ['etNope'] } }))).message).toContain('addTagIds: unknown corp tags etNope');
    expect(await updateTagRule(deps, { id, changes: { name: '改名' } })).toMatchObject({ name: '改名', addTagIds: ['etDeletedInWecom'] });
  });

  it('should refuse an empty change and answer NotFoundError for an unknown id', async () => {
    const { deps } = world();
    const { id } = await createTagRule(deps, newRule());
    await refusal(updateTagRule(deps, { id, changes: {} }));
    await expect(updateTagRule(deps, { id: 99, changes: { name: 'x' } })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('getTagRule() and deleteTagRule()', () => {
  it('should delete a rule, then answer NotFoundError for it', async () => {
    const { deps } = world();
    const { id } = await createTagRule(deps, newRule());
    await deleteTagRule(deps, id);
    await expect(getTagRule(deps, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteTagRule(deps, id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
