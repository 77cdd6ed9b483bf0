/**
 * Corp customer tags (企业客户标签): WeCom's tag groups and tags, mirrored locally, and
 * the changes made to a salesperson–customer relation's tags, each with its cause so an
 * admin can tell which channel, rule or person put a tag on a customer.
 */

export interface CorpTag {
  tagId: string;
  groupId: string;
  name: string;
  order: number;
}

export interface CorpTagGroup {
  groupId: string;
  name: string;
  order: number;
  tags: CorpTag[];
}

/** WeCom's limit on tag and group names (add_corp_tag, 40072 beyond it). */
export const MAX_TAG_NAME_LENGTH = 30;

/**
 * Who changed a tag: a channel code's tags, a tag rule, a salesperson in the sidebar, an
 * admin, or a salesperson editing the customer in the WeCom client (seen on the next
 * `edit_external_contact`).
 */
export type TagCauseKind = 'channel' | 'rule' | 'salesperson' | 'admin' | 'wecom';

export interface TagCause {
  kind: TagCauseKind;
  /** The channel id, rule id or userid behind the change. */
  ref?: string;
}

export interface TagEdit {
  add: string[];
  remove: string[];
}

/** One tag added to or removed from one relation. */
export interface TagChangeRecord {
  /**
   * Identifies the operation (an event's dedupe key, a request id): recording the same
   * operation twice keeps one row per tag, so retries do not double the history.
   */
  operationId: string;
  userId: string;
  externalUserId: string;
  tagId: string;
  action: 'add' | 'remove';
  cause: TagCause;
  /** Unix seconds. */
  at: number;
}

/** Tags named in both lists of an edit; such an edit is ambiguous and refused. */
export function conflictingTags(edit: TagEdit): string[] {
  const removing = new Set(edit.remove);
  return [...new Set(edit.add.filter((tag) => removing.has(tag)))];
}

/**
 * What an edit really changes on a relation that has `current`: adds it lacks, removes it
 * has, and the resulting set. An edit that changes nothing yields empty lists, so no API
 * call and no history row is made for it.
 */
export function planTagEdit(current: readonly string[], edit: TagEdit): TagEdit & { next: string[] } {
  const has = new Set(current);
  const add = [...new Set(edit.add)].filter((tag) => !has.has(tag));
  const removing = new Set(edit.remove.filter((tag) => has.has(tag)));
  const next = [...current.filter((tag) => !removing.has(tag)), ...add];
  return { add, remove: [...removing], next };
}

/** The edit that turns `before` into `after` (e.g. a salesperson's edit in the WeCom client). */
export function diffTags(before: readonly string[], after: readonly string[]): TagEdit {
  const had = new Set(before);
  const has = new Set(after);
  return { add: after.filter((tag) => !had.has(tag)), remove: before.filter((tag) => !has.has(tag)) };
}

/** History rows for an edit that was carried out. */
export function tagChangeRecords(
  base: Omit<TagChangeRecord, 'tagId' | 'action'>,
  edit: TagEdit,
): TagChangeRecord[] {
  return [
    ...edit.add.map((tagId) => ({ ...base, tagId, action: 'add' as const })),
    ...edit.remove.map((tagId) => ({ ...base, tagId, action: 'remove' as const })),
  ];
}
