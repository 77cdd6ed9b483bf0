/**
 * 客户联系 customer details: `GET /cgi-bin/externalcontact/get` (PROTOCOL §4.2, doc 92114).
 * Customers with more than 500 followers come in pages: `next_cursor` is followed until
 * empty. Errcodes: 40096 invalid external_userid, 84061 no relation — both mean "WeCom
 * has nothing for this pair", which the caller treats as no details.
 */
import type { ContactSnapshot, FollowDetails } from '../../domain/contact/contact.ts';
import { normalizePhones } from '../../domain/contact/phone.ts';
import type { WecomClient } from '../client.ts';

interface FollowUserJson {
  userid: string;
  remark?: string;
  description?: string;
  createtime?: number;
  tags?: { tag_id?: string; type?: number }[];
  add_way?: number;
  state?: string;
  oper_userid?: string;
  remark_mobiles?: string[];
}

interface ExternalContactResponse {
  external_contact: {
    external_userid: string;
    name: string;
    avatar?: string;
    type: number;
    gender?: number;
    unionid?: string;
    position?: string;
    corp_name?: string;
    corp_full_name?: string;
  };
  follow_user?: FollowUserJson[];
  next_cursor?: string;
}

/** Errcodes meaning WeCom has no relation data for this customer. */
export const NO_SUCH_CONTACT_ERRCODES = new Set([40096, 84061]);

const nonEmpty = (value: string | undefined) => (value ? value : undefined);

function toFollowDetails(follower: FollowUserJson): FollowDetails {
  const details: FollowDetails = {
    userId: follower.userid,
    // Personal tags (type 2) have no id and cannot be marked through the API.
    tagIds: (follower.tags ?? []).filter((t) => t.tag_id && t.type !== 2).map((t) => String(t.tag_id)),
  };
  if (nonEmpty(follower.remark)) details.remark = follower.remark;
  if (nonEmpty(follower.description)) details.description = follower.description;
  if (typeof follower.createtime === 'number') details.addedAt = follower.createtime;
  if (typeof follower.add_way === 'number') details.addWay = follower.add_way;
  if (nonEmpty(follower.state)) details.state = follower.state;
  if (nonEmpty(follower.oper_userid)) details.operUserId = follower.oper_userid;
  if (Array.isArray(follower.remark_mobiles)) details.remarkMobiles = normalizePhones(follower.remark_mobiles.map(String));
  return details;
}

/** Reads a customer and all their followers. */
export async function getExternalContact(client: WecomClient, externalUserId: string): Promise<ContactSnapshot> {
  const followers: FollowDetails[] = [];
  let cursor = '';
  let first: ExternalContactResponse | undefined;
  for (let page = 0; page < 100; page++) {
    const query: Record<string, string> = { external_userid: externalUserId };
    if (cursor) query.cursor = cursor;
    const response = await client.request<ExternalContactResponse>({
      api: '/cgi-bin/externalcontact/get',
      method: 'GET',
      query,
      secret: 'contact',
    });
    first ??= response;
    followers.push(...(response.follow_user ?? []).map(toFollowDetails));
    cursor = response.next_cursor ?? '';
    if (!cursor) break;
  }
  const c = first!.external_contact;
  const customer: ContactSnapshot['customer'] = { externalUserId: c.external_userid, name: c.name, type: c.type, gender: c.gender ?? 0 };
  if (nonEmpty(c.avatar)) customer.avatar = c.avatar;
  if (nonEmpty(c.unionid)) customer.unionId = c.unionid;
  if (nonEmpty(c.position)) customer.position = c.position;
  if (nonEmpty(c.corp_name)) customer.corpName = c.corp_name;
  if (nonEmpty(c.corp_full_name)) customer.corpFullName = c.corp_full_name;
  return { customer, followers };
}
