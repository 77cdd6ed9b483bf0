/**
 * Customers (external contacts) and the salesperson–customer relation, as the rest of
 * the product sees them. Ids are WeCom's strings; times are unix seconds as WeCom sends.
 */

/** A customer's own details (externalcontact/get → external_contact). */
export interface CustomerProfile {
  externalUserId: string;
  name: string;
  avatar?: string;
  /** 1 WeChat user, 2 WeCom user. */
  type: number;
  /** 0 unknown, 1 male, 2 female. */
  gender: number;
  unionId?: string;
  position?: string;
  corpName?: string;
  corpFullName?: string;
}

/** One salesperson's side of the relation (externalcontact/get → follow_user[]). */
export interface FollowDetails {
  userId: string;
  remark?: string;
  description?: string;
  /** follow_user.createtime: when the relation was made (unix s). */
  addedAt?: number;
  addWay?: number;
  /** Channel code `state`. */
  state?: string;
  operUserId?: string;
  /** Corp tag ids (tag types 1 and 3; personal tags have no id). */
  tagIds: string[];
  /** The salesperson's remark mobiles (备注手机号) for this customer, normalised (phone.ts). */
  remarkMobiles?: string[];
}

/** Everything WeCom says about one customer right now. */
export interface ContactSnapshot {
  customer: CustomerProfile;
  followers: FollowDetails[];
}

export type RelationStatus = 'pending' | 'active' | 'removed_by_staff' | 'removed_by_customer';

/** The lifecycle part of a relation, driven by contact events. */
export interface RelationState {
  status: RelationStatus;
  /** CreateTime of the event that set `status`. */
  statusChangedAt: number;
  removedByStaffAt?: number;
  removalSource?: string;
  removedByCustomerAt?: number;
}
