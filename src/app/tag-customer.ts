/**
 * The one way tags change on a customer: through WeCom's mark_tag first (a failure
 * changes nothing locally), then the local relation tags and the history with the
 * change's cause. Re-running the same operation after a crash finds the tags the first
 * run applied (or calls mark_tag again, which WeCom treats as a no-op) and records
 * each history row once.
 */
import type { CorpTagStore, CustomerTagStore, Locks, TagGateway } from '../domain/ports.ts';
import { conflictingTags, diffTags, planTagEdit, tagChangeRecords, type TagCause, type TagEdit } from '../domain/tags/tags.ts';
import { nowSeconds, type Clock } from '../shared/clock.ts';
import { ValidationError } from '../shared/errors.ts';

export interface TagDeps {
  tags: TagGateway;
  customerTags: CustomerTagStore;
  clock: Clock;
  /** With it, tag ids are checked against the synced corp tags before anything is called. */
  corpTags?: CorpTagStore;
  /**
   * Serialises changes to one relation across workers; without it two concurrent changes
   * both read the old tags (harmless at WeCom, but the history would say it twice).
   */
  locks?: Locks;
}

export interface CustomerTagChange extends TagEdit {
  userId: string;
  externalUserId: string;
  cause: TagCause;
  /** See TagChangeRecord.operationId. */
  operationId: string;
}

export interface CustomerTagResult extends TagEdit {
  /** The relation's tags afterwards. */
  tagIds: string[];
}

export async function changeCustomerTags(deps: TagDeps, change: CustomerTagChange): Promise<CustomerTagResult> {
  const conflicts = conflictingTags(change);
  if (conflicts.length > 0) throw new ValidationError(`add, remove: ${conflicts.join(', ')} named in both`);
  if (deps.corpTags) {
    const unknown = await deps.corpTags.unknownTagIds([...change.add, ...change.remove]);
    if (unknown.length > 0) throw new ValidationError(`unknown corp tag ids: ${unknown.join(', ')} (sync tags first: POST /api/admin/tags/sync)`);
  }
  const apply = () => applyEdit(deps, change);
  return deps.locks ? deps.locks.withLock(`tags:${change.userId}:${change.externalUserId}`, apply) : apply();
}

async function applyEdit(deps: TagDeps, change: CustomerTagChange): Promise<CustomerTagResult> {
  const current = (await deps.customerTags.tagsOf(change.userId, change.externalUserId)) ?? [];
  const plan = planTagEdit(current, change);
  if (plan.add.length > 0 || plan.remove.length > 0) {
    await deps.tags.markTags({ userId: change.userId, externalUserId: change.externalUserId, add: plan.add, remove: plan.remove });
    await recordEdit(deps, { ...change, next: plan.next, edit: plan });
  }
  return { add: plan.add, remove: plan.remove, tagIds: plan.next };
}

/**
 * Records tags a salesperson changed in the WeCom client, found by comparing the relation's
 * tags before and after a details refresh. WeCom already has them: no mark_tag.
 */
export async function recordTagsSeenInWecom(
  deps: Pick<TagDeps, 'customerTags' | 'clock'>,
  input: { userId: string; externalUserId: string; before: readonly string[]; after: string[]; operationId: string },
): Promise<void> {
  const edit = diffTags(input.before, input.after);
  if (edit.add.length === 0 && edit.remove.length === 0) return;
  await recordEdit(deps, { ...input, next: input.after, edit, cause: { kind: 'wecom', ref: input.userId } });
}

/** Stores the relation's new tags and one history row per tag changed. */
function recordEdit(
  deps: Pick<TagDeps, 'customerTags' | 'clock'>,
  input: { userId: string; externalUserId: string; next: string[]; edit: TagEdit; cause: TagCause; operationId: string },
): Promise<void> {
  const { userId, externalUserId, operationId, cause } = input;
  return deps.customerTags.recordChange({
    userId,
    externalUserId,
    next: input.next,
    changes: tagChangeRecords({ operationId, userId, externalUserId, cause, at: nowSeconds(deps.clock) }, input.edit),
  });
}
