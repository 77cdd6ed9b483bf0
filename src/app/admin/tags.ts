/**
 * Corp tags for admins: mirror WeCom's tag groups locally, create missing tags, change a
 * customer's tags by hand and read who changed what. WeCom stays the source of truth:
 * every write goes to WeCom first and the mirror follows its answer.
 */
import type { CorpTagDirectory, CorpTagStore, CustomerTagStore } from '../../domain/ports.ts';
import type { CorpTagGroup, TagChangeRecord } from '../../domain/tags/tags.ts';
import type { Clock } from '../../shared/clock.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { changeCustomerTags, type CustomerTagResult, type TagDeps } from '../tag-customer.ts';

export interface CorpTagDeps {
  directory: CorpTagDirectory;
  corpTags: CorpTagStore;
  clock: Clock;
}

/** Replaces the local mirror with WeCom's current tags (also run on `change_external_tag`). */
export async function syncCorpTags(deps: CorpTagDeps): Promise<{ groups: number; tags: number }> {
  const groups = await deps.directory.list();
  await deps.corpTags.replaceAll(groups, deps.clock.now());
  return { groups: groups.length, tags: groups.reduce((sum, group) => sum + group.tags.length, 0) };
}

export function listCorpTags(deps: Pick<CorpTagDeps, 'corpTags'>): Promise<CorpTagGroup[]> {
  return deps.corpTags.listGroups();
}

/**
 * Makes sure the named tags exist in the group (by id, or by name: created when missing)
 * and returns the group with every requested tag. Tags that already exist are reused, so
 * running it twice creates nothing the second time.
 */
export async function ensureCorpTags(
  deps: CorpTagDeps,
  input: { groupId?: string; groupName?: string; names: string[] },
): Promise<CorpTagGroup> {
  const groups = await deps.corpTags.listGroups();
  const group = input.groupId
    ? groups.find((g) => g.groupId === input.groupId)
    : groups.find((g) => g.name === input.groupName);
  if (input.groupId && !group) throw new ValidationError(`groupId: no tag group ${input.groupId} (sync tags first)`);
  const wanted = [...new Set(input.names)];
  const missing = wanted.filter((name) => !group?.tags.some((tag) => tag.name === name));
  if (missing.length === 0 && group) return { ...group, tags: group.tags.filter((tag) => wanted.includes(tag.name)) };
  const created = await deps.directory.create(group ? { groupId: group.groupId, names: missing } : { groupName: input.groupName, names: missing });
  await deps.corpTags.upsertGroup(created, deps.clock.now());
  const tags = [...(group?.tags ?? []), ...created.tags].filter((tag) => wanted.includes(tag.name));
  return { groupId: created.groupId, name: created.name, order: created.order, tags };
}

/** An admin adds or removes tags on one salesperson's relation with the customer. */
export async function changeTagsAsAdmin(
  deps: TagDeps & { corpTags: CorpTagStore },
  input: { userId: string; externalUserId: string; add: string[]; remove: string[]; operationId: string },
): Promise<CustomerTagResult> {
  if ((await deps.customerTags.tagsOf(input.userId, input.externalUserId)) === null) {
    throw new NotFoundError(`${input.userId} does not serve ${input.externalUserId}`);
  }
  return changeCustomerTags(deps, { ...input, cause: { kind: 'admin' } });
}

export function tagHistory(deps: { customerTags: CustomerTagStore }, externalUserId: string, limit: number): Promise<TagChangeRecord[]> {
  return deps.customerTags.history(externalUserId, limit);
}
