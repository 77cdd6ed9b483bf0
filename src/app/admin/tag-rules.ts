/**
 * Tag rule administration. Input arrives validated (http/routes/admin-tag-rules.ts); here
 * the rules that need other data: a rule's tags must be live corp tags (mark_tag refuses
 * others with 40068, so a rule naming one could never apply), and a rule must change
 * something without naming a tag both to add and to remove.
 */
import type { CorpTagStore } from '../../domain/ports.ts';
import type { NewTagRule, TagRule, TagRuleChanges, TagRuleRepo } from '../../domain/tags/tag-rules.ts';
import { conflictingTags } from '../../domain/tags/tags.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';

export interface TagRuleAdminDeps {
  rules: TagRuleRepo;
  corpTags: Pick<CorpTagStore, 'unknownTagIds'>;
}

/**
 * Refuses tag ids that are not live corp tags, naming them field by field.
 * @param fields - field name → the tag ids it names (absent fields are skipped)
 * @throws ValidationError e.g. "addTagIds: unknown corp tags etX (sync tags first: …)"
 */
export async function assertLiveCorpTags(
  corpTags: Pick<CorpTagStore, 'unknownTagIds'>,
  fields: Record<string, readonly string[] | undefined>,
): Promise<void> {
  const named = Object.values(fields).flatMap((tagIds) => tagIds ?? []);
  if (named.length === 0) return;
  const unknown = new Set(await corpTags.unknownTagIds([...new Set(named)]));
  if (unknown.size === 0) return;
  const problems = Object.entries(fields).flatMap(([field, tagIds]) => {
    const bad = [...new Set((tagIds ?? []).filter((tagId) => unknown.has(tagId)))];
    return bad.length > 0 ? [`${field}: unknown corp tags ${bad.join(', ')}`] : [];
  });
  throw new ValidationError(`${problems.join('; ')} (sync tags first: POST /api/admin/tags/sync)`);
}

/** Refuses a PATCH that changes nothing (the schema does too; other callers get the same answer). */
export function assertSomeChange(changes: object): void {
  if (Object.keys(changes).length === 0) throw new ValidationError('(body): at least one field is required');
}

function notFound(id: number): NotFoundError {
  return new NotFoundError(`tag rule ${id} does not exist`);
}

/** The edit itself must make sense: at least one tag, none both added and removed. */
function assertSensibleEdit(rule: Pick<NewTagRule, 'addTagIds' | 'removeTagIds'>): void {
  if (rule.addTagIds.length + rule.removeTagIds.length === 0) {
    throw new ValidationError('addTagIds, removeTagIds: a rule must add or remove at least one tag');
  }
  const conflicts = conflictingTags({ add: rule.addTagIds, remove: rule.removeTagIds });
  if (conflicts.length > 0) throw new ValidationError(`addTagIds, removeTagIds: ${conflicts.join(', ')} named in both`);
}

/** Every rule, by id. */
export function listTagRules(deps: Pick<TagRuleAdminDeps, 'rules'>): Promise<TagRule[]> {
  return deps.rules.list();
}

/** @throws NotFoundError when there is no such rule */
export async function getTagRule(deps: Pick<TagRuleAdminDeps, 'rules'>, id: number): Promise<TagRule> {
  const rule = await deps.rules.get(id);
  if (!rule) throw notFound(id);
  return rule;
}

/**
 * @returns the stored rule with its id
 * @throws ValidationError for an empty or contradictory edit, or tags that are not live corp tags
 */
export async function createTagRule(deps: TagRuleAdminDeps, input: NewTagRule): Promise<TagRule> {
  assertSensibleEdit(input);
  await assertLiveCorpTags(deps.corpTags, { addTagIds: input.addTagIds, removeTagIds: input.removeTagIds });
  return deps.rules.create(input);
}

/**
 * Changes some fields; the edit is checked as it will be after the change. Only tags
 * named in this change must be live: a rename is not refused because WeCom has since
 * deleted one of the rule's tags (applying the rule skips such tags).
 * @throws ValidationError as {@link createTagRule}, or for no change at all; NotFoundError for an unknown id
 */
export async function updateTagRule(deps: TagRuleAdminDeps, input: { id: number; changes: TagRuleChanges }): Promise<TagRule> {
  assertSomeChange(input.changes);
  const current = await getTagRule(deps, input.id);
  assertSensibleEdit({ ...current, ...input.changes });
  await assertLiveCorpTags(deps.corpTags, { addTagIds: input.changes.addTagIds, removeTagIds: input.changes.removeTagIds });
  const rule = await deps.rules.update(input.id, input.changes);
  if (!rule) throw notFound(input.id);
  return rule;
}

/** @throws NotFoundError when there is no such rule */
export async function deleteTagRule(deps: Pick<TagRuleAdminDeps, 'rules'>, id: number): Promise<void> {
  if (!(await deps.rules.remove(id))) throw notFound(id);
}
