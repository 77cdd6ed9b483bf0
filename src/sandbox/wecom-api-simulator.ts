/**
 * A stand-in for WeCom's server API on loopback, speaking its real paths, JSON shapes and
 * errcodes for every call the product makes (src/wecom/api/*), over one in-memory corp:
 * members, customers, follow relations with corp tags, 「联系我」 configs, transfers,
 * customer-service messages and groups. The sandbox and the welcome benchmark run the
 * product against it; a driver plays the people (customers scanning codes, writing to
 * customer service, WeCom finishing transfers) through the methods below.
 *
 * Endpoints (details and errcodes in src/sandbox/simulator/routes/*):
 * - gettoken (40013 / 40001); every other call needs its token (40014, 42001 expired)
 * - externalcontact/get (84061 unknown customer or no relation; follow_user pages)
 * - get_corp_tag_list, add_corp_tag (40068 / 40071 / 40072), mark_tag (40068, 84061, 60111)
 * - externalcontact/remark (remark ≤ 20, description ≤ 150, read back by get; 40058, 84061, 60111)
 * - send_welcome_msg (20 s one-time WelcomeCode: 41049 / 41050 / 41051)
 * - add_contact_way, update_contact_way, del_contact_way, get_contact_way (skip_verify and the
 *   member list kept and read back; 41037–41044, 60111)
 * - transfer_customer, transfer_result and their resigned/ twins (per-customer 84061 / 40129)
 * - kf/sync_msg (95007 bad token), get_jsapi_ticket, ticket/get?type=agent_config,
 *   auth/getuserinfo (40029), groupchat/get (40050), groupchat/list
 * - groupchat/add_join_way, get_join_way, update_join_way, del_join_way and
 *   group_welcome_template/add, edit, get, del (40058, 40050, 41044)
 */
import { listen } from './simulator/server.ts';
import {
  World,
  type Customer,
  type CustomerInput,
  type Follow,
  type FollowOptions,
  type GroupChat,
  type IssuedWelcomeCode,
  type KfMessage,
  type Member,
  type ScanResult,
  type TagGroup,
  type TagMark,
  type TransferRecord,
  type WelcomeDelivery,
  type WorldSnapshot,
} from './simulator/state.ts';

export type {
  Customer,
  CustomerInput,
  Follow,
  FollowOptions,
  GroupChat,
  IssuedWelcomeCode,
  KfMessage,
  Member,
  ScanResult,
  TagGroup,
  TagMark,
  TransferRecord,
  WelcomeDelivery,
  WorldSnapshot,
};

export interface SimulatorOptions {
  corpId: string;
  /** Secrets gettoken accepts (any kind). */
  secrets: string[];
  /** @defaultValue 0 (any free port) */
  port?: number;
  /** How long a WelcomeCode stays usable. @defaultValue 20000 */
  welcomeCodeTtlMs?: number;
  /** How long a kf sync token stays usable. @defaultValue 600000 */
  kfTokenTtlMs?: number;
  /** How long an OAuth login code stays usable. @defaultValue 300000 */
  loginCodeTtlMs?: number;
  /** follow_user entries per externalcontact/get page. @defaultValue 500 */
  followPageSize?: number;
  now?: () => number;
  /** The seeded directory. */
  members?: { userId: string; name?: string }[];
  customers?: CustomerInput[];
  follows?: ({ userId: string; externalUserId: string } & FollowOptions)[];
  /** Corp tag groups to start with (ids are generated: read them with snapshot()). */
  tagGroups?: { name: string; tags: string[] }[];
}

export { World };

export interface WecomApiSimulator {
  url: string;
  /** The whole in-memory world, for drivers that need more than the methods below. */
  readonly world: World;
  addMember(member: { userId: string; name?: string }): Member;
  /** The member leaves the company (resigned/transfer_customer needs it). */
  resignMember(userId: string): void;
  /** Adds or updates a customer; a missing external_userid is generated (`wm…`). */
  addCustomer(customer?: CustomerInput): Customer;
  /** The customer adds the member (or already has); returns the add's WelcomeCode. */
  follow(userId: string, externalUserId: string, options?: FollowOptions): IssuedWelcomeCode;
  /** The member deletes the customer; false when there was no relation. */
  unfollow(userId: string, externalUserId: string): boolean;
  /** Makes a WelcomeCode as WeCom does when a customer adds a salesperson (creates the relation if missing). */
  issueWelcomeCode(userId: string, externalUserId: string): IssuedWelcomeCode;
  /** A customer (new unless an existing external_userid is given) scans a contact way: its next member, in turn. */
  scanContactWay(configId: string, customer?: CustomerInput | string): ScanResult;
  /** A customer writes to a customer-service account; returns the sync token of the kf_msg_or_event callback. */
  kfCustomerSays(openKfId: string, externalUserId: string, text: string): string;
  /** A servicer answers in customer service (origin 5); returns a sync token. */
  kfServicerSays(openKfId: string, servicerUserId: string, externalUserId: string, text: string): string;
  /** WeCom's 24 h are over: every waiting transfer is done and its follow moves to the takeover member. */
  completeTransfers(): TransferRecord[];
  /** Customers whose transfer_customer WeCom refuses (per-customer errcode 40129). */
  readonly refuseTransfers: Set<string>;
  /** A code for auth/getuserinfo that answers this member's userid (once, 5 min). */
  issueLoginCode(userId: string): string;
  /** A code for a visitor who is not a member: getuserinfo answers an openid only. */
  issueVisitorLoginCode(openId: string): string;
  /** A customer scans a group code's join way: they join its first listed group under 200 (or a new one, with auto_create_room). */
  scanJoinWay(configId: string, externalUserId: string): { chatId: string; state: string };
  /** A member leaves a customer group; false when they were not in it. */
  leaveGroup(chatId: string, userId: string): boolean;
  /** A customer group; members that are known members get type 1, anyone else type 2. */
  createGroup(group: { chatId?: string; name: string; owner: string; members: string[]; createTime?: number }): GroupChat;
  /** Every issued access_token expires (calls answer 42001 until gettoken is called again). */
  expireTokens(): void;
  /** The current jsapi_ticket / agent ticket, for checking JS-SDK signatures. */
  ticket(kind: 'jsapi' | 'agent_config'): string | undefined;
  /** A deep copy of members, customers, follows, tags, contact ways and groups. */
  snapshot(): WorldSnapshot;
  /** Every send_welcome_msg call, in arrival order. */
  readonly deliveries: WelcomeDelivery[];
  /** Every mark_tag call, in arrival order, with its errcode. */
  readonly marks: TagMark[];
  /** Every accepted transfer of a customer (both kinds), live. */
  readonly transfers: TransferRecord[];
  close(): Promise<void>;
}

export async function startWecomApiSimulator(options: SimulatorOptions): Promise<WecomApiSimulator> {
  const world = new World({
    corpId: options.corpId,
    secrets: options.secrets,
    now: options.now ?? Date.now,
    welcomeCodeTtlMs: options.welcomeCodeTtlMs ?? 20_000,
    kfTokenTtlMs: options.kfTokenTtlMs ?? 600_000,
    loginCodeTtlMs: options.loginCodeTtlMs ?? 300_000,
    followPageSize: options.followPageSize ?? 500,
  });
  for (const member of options.members ?? []) world.addMember(member);
  for (const customer of options.customers ?? []) world.addCustomer(customer);
  for (const group of options.tagGroups ?? []) world.seedTagGroup(group.name, group.tags);
  for (const { userId, externalUserId, ...rest } of options.follows ?? []) world.ensureFollow(userId, externalUserId, rest);
  const server = await listen(world, options.port ?? 0);

  return {
    url: server.url,
    world,
    deliveries: world.deliveries,
    marks: world.marks,
    transfers: world.transfers,
    refuseTransfers: world.refuseTransfers,
    addMember: (member) => world.addMember(member),
    resignMember: (userId) => world.resignMember(userId),
    addCustomer: (customer) => world.addCustomer(customer),
    follow: (userId, externalUserId, followOptions) => world.follow(userId, externalUserId, followOptions).welcomeCode,
    unfollow: (userId, externalUserId) => world.unfollow(userId, externalUserId),
    issueWelcomeCode: (userId, externalUserId) => world.issueWelcomeCode(userId, externalUserId),
    scanContactWay: (configId, customer) => world.scanContactWay(configId, customer),
    kfCustomerSays: (openKfId, externalUserId, text) => world.kfSays(openKfId, externalUserId, text),
    kfServicerSays: (openKfId, servicerUserId, externalUserId, text) => world.kfSays(openKfId, externalUserId, text, servicerUserId),
    completeTransfers: () => world.completeTransfers(),
    issueLoginCode: (userId) => world.issueLoginCode({ userId }),
    issueVisitorLoginCode: (openId) => world.issueLoginCode({ openId }),
    createGroup: (group) => world.createGroup(group),
    scanJoinWay: (configId, externalUserId) => world.scanJoinWay(configId, externalUserId),
    leaveGroup: (chatId, userId) => world.leaveGroup(chatId, userId),
    expireTokens: () => world.expireTokens(),
    ticket: (kind) => world.tickets.get(kind)?.ticket,
    snapshot: () => world.snapshot(),
    close: () => server.close(),
  };
}
