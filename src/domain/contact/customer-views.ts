/**
 * Read models of customers for the admin console: what one customer looks like with
 * every salesperson's side of the relation and the welcome messages sent, and one row of
 * the customer list. Plain data with `null` for unknown values, so the JSON shape is the
 * same for every customer. Times are unix seconds, as WeCom sends them.
 */
import type { RelationStatus } from './contact.ts';
import type { CustomFieldCondition } from '../custom-fields/custom-field.ts';

/** One salesperson's side of the relation, as the profile shows it. */
export interface CustomerFollowerView {
  userId: string;
  status: RelationStatus;
  remark: string | null;
  description: string | null;
  /** Channel code `state` that brought the customer to this salesperson. */
  state: string | null;
  addWay: number | null;
  /** When the relation was made (unix s); null until WeCom's details are fetched. */
  addedAt: number | null;
  tagIds: string[];
  removedByCustomerAt: number | null;
  removedByStaffAt: number | null;
}

/** One welcome attempt (one per WelcomeCode). */
export interface WelcomeSendView {
  /**
   * The one-time code. The read-model port returns it whole; `getCustomerProfile` masks it
   * with {@link maskWelcomeCode} before it leaves the core.
   */
  welcomeCode: string;
  userId: string;
  flowId: number | null;
  /** sent | already_sent | expired | no_flow | failed */
  result: string;
  errcode: number | null;
  /** CreateTime of the add event (unix s). */
  eventTime: number;
  latencyMs: number | null;
}

/**
 * Everything known locally about one customer. A customer seen only through a relation
 * or a welcome send (WeCom's details not fetched yet, or not fetchable) still has a
 * profile: its own fields are `null` and `detailsFetchedAt` is `null`.
 */
export interface CustomerProfileView {
  externalUserId: string;
  name: string | null;
  avatar: string | null;
  /** 1 WeChat user, 2 WeCom user. */
  type: number | null;
  /** 0 unknown, 1 male, 2 female. */
  gender: number | null;
  corpName: string | null;
  corpFullName: string | null;
  position: string | null;
  unionId: string | null;
  /** When the details were last read from WeCom (unix s), or null when never. */
  detailsFetchedAt: number | null;
  /** Ordered by userId. */
  followers: CustomerFollowerView[];
  /** Newest first. */
  welcomeSends: WelcomeSendView[];
}

/** A salesperson's side of the relation, in the short form the list shows. */
export interface CustomerListFollower {
  userId: string;
  status: RelationStatus;
  remark: string | null;
  state: string | null;
  addedAt: number | null;
  tagIds: string[];
}

/** One row of the customer list. */
export interface CustomerListItem {
  externalUserId: string;
  name: string | null;
  avatar: string | null;
  type: number | null;
  corpName: string | null;
  /** Every follower of the customer (not only those that matched), ordered by userId. */
  followers: CustomerListFollower[];
}

/**
 * Filters of the customer list. A customer matches when one of its relations satisfies
 * every relation filter at once (tag, salesperson, channel, added range): "added by
 * sales.li through channel X in June" means one relation, not three different ones.
 */
export interface CustomerListFilters {
  /** Corp tag id on the relation. */
  tag?: string;
  /** Salesperson's userid. */
  userId?: string;
  /**
   * The caller's data scope: only customers served by one of these salespeople, and only
   * those relations (a dept lead's or salesperson's view). Undefined → every customer.
   */
  servingUserIds?: readonly string[];
  /** Channel code `state` of the relation. */
  channel?: string;
  /** Relation added at or after (unix s). */
  addedFrom?: number;
  /** Relation added at or before (unix s). */
  addedTo?: number;
  /** Custom profile field conditions, all must hold. */
  fields?: CustomFieldCondition[];
  /** Page size. */
  limit: number;
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor?: string;
}

/** One page of the customer list, ordered by externalUserId. */
export interface CustomerListPage {
  items: CustomerListItem[];
  /** Present when more customers follow. */
  nextCursor?: string;
}

/**
 * A welcome code reduced to its last 4 characters. The code is a one-time credential
 * for send_welcome_msg (valid 20 s), so even the admin console never shows it whole.
 */
export function maskWelcomeCode(code: string): string {
  return code.length > 4 ? `****${code.slice(-4)}` : '****';
}
