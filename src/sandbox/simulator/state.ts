/**
 * The simulated corp's world: members, customers, follow relations with their corp tags,
 * the tag library, 「联系我」 configs, transfers, customer-service messages, groups, and
 * the one-time codes WeCom hands out (WelcomeCodes, OAuth codes, kf sync tokens). The
 * routes read and change it through WeCom's API; a driver (sandbox, benchmark, tests)
 * changes it the way people do in the WeCom clients (scan a code, write to customer service).
 */
import { randomBytes } from 'node:crypto';
import { randomExternalUserId } from '../sample-events.ts';

export interface Member {
  userId: string;
  name: string;
  resigned: boolean;
  /** 通讯录 departments (department/list, user/list); none → the root (1). */
  departmentIds?: number[];
  /** The departments the member leads (`is_leader_in_dept` = 1). */
  leadsDepartmentIds?: number[];
}

/** A department of the corp's 通讯录; the root is 1 with parent 0. */
export interface SimDepartment {
  id: number;
  name: string;
  parentId: number;
}

export interface Customer {
  externalUserId: string;
  name: string;
  avatar: string;
  /** 0 unknown, 1 male, 2 female. */
  gender: number;
  /** 1 WeChat user, 2 WeCom user. */
  type: number;
  unionId?: string;
}

export type CustomerInput = Partial<Customer>;

export interface Follow {
  userId: string;
  externalUserId: string;
  remark: string;
  description: string;
  /** Unix seconds. */
  createtime: number;
  state?: string;
  /** PROTOCOL §4.2 add_way: 1 QR scan, 202 assigned by admin (transfers)… */
  addWay: number;
  operUserId: string;
  tagIds: string[];
}

export interface FollowOptions {
  state?: string;
  /** Unix seconds. @defaultValue now */
  createtime?: number;
  remark?: string;
  addWay?: number;
  tagIds?: string[];
}

export interface Tag {
  tagId: string;
  name: string;
  createTime: number;
  order: number;
}

export interface TagGroup {
  groupId: string;
  name: string;
  createTime: number;
  order: number;
  tags: Tag[];
}

export interface ContactWay {
  configId: string;
  type: number;
  scene: number;
  state: string;
  userIds: string[];
  remark: string;
  skipVerify: boolean;
  qrCode: string;
  /** Round-robin position of the next scan. */
  nextUser: number;
}

export interface IssuedWelcomeCode {
  code: string;
  userId: string;
  externalUserId: string;
  issuedAt: number;
}

export interface WelcomeDelivery {
  code: string;
  /** When the simulator received the send_welcome_msg call. */
  at: number;
  /** 0 accepted, 41050 unknown or expired, 41051 already used, 41049 missing code, 40058 bad content. */
  errcode: number;
  text?: string;
  /** The relation the code belongs to (known codes only). */
  userId?: string;
  externalUserId?: string;
  attachments?: number;
}

/** One mark_tag call, accepted or not. */
export interface TagMark {
  at: number;
  userId: string;
  externalUserId: string;
  add: string[];
  remove: string[];
  errcode: number;
}

export type TransferKind = 'on_job' | 'resigned';

/** One accepted transfer of one customer. status: 2 waiting, 1 done (PROTOCOL §4.6). */
export interface TransferRecord {
  kind: TransferKind;
  handoverUserId: string;
  takeoverUserId: string;
  externalUserId: string;
  startedAt: number;
  status: number;
  /** Unix seconds, once done. */
  takeoverTime?: number;
  message?: string;
}

export interface KfMessage {
  msgid: string;
  open_kfid: string;
  external_userid: string;
  send_time: number;
  /** 3 the customer, 5 a servicer. */
  origin: number;
  servicer_userid?: string;
  msgtype: 'text';
  text: { content: string };
}

export interface GroupMember {
  userId: string;
  /** 1 member, 2 external contact. */
  type: number;
  joinTime: number;
  /** groupchat/get's join_scene: 1 invited directly, 2 invite link, 3 QR code. @defaultValue 1 */
  joinScene?: number;
  /** The join way's state, for members who joined through one. */
  state?: string;
}

/** A customer group join way (客户群「加入群聊」, groupchat/add_join_way). */
export interface JoinWay {
  configId: string;
  scene: number;
  remark: string;
  state: string;
  chatIds: string[];
  autoCreateRoom: boolean;
  roomBaseName: string;
  /** The number the next auto-created group is named with (counts up). */
  roomBaseId: number;
  qrCode: string;
}

/** An entry of the group welcome template library (入群欢迎语素材). */
export interface GroupWelcomeTemplate {
  templateId: string;
  /** The text and at most one attachment, keyed as WeCom takes them (`text`, `image`, `link`, `miniprogram`). */
  content: Record<string, unknown>;
  notify: boolean;
}

/** WeCom's limit for joining a customer group by QR code. */
export const QR_GROUP_LIMIT = 200;

export interface GroupChat {
  chatId: string;
  name: string;
  owner: string;
  createTime: number;
  notice: string;
  /** groupchat/list status: 0 normal. */
  status: number;
  members: GroupMember[];
}

/**
 * One add_msg_template message (企业群发). WeCom holds it until the sender confirms it in
 * the client; per customer then 1 sent, 2 not a friend any more (PROTOCOL §4.4).
 */
export interface MassMessage {
  msgid: string;
  sender: string;
  text?: string;
  attachments: number;
  createdAt: number;
  /** Unix seconds the sender confirmed it; undefined while waiting. */
  sentAt?: number;
  /** externalUserId → 0 waiting, 1 sent, 2 failed (not a friend). */
  recipients: Map<string, number>;
}

export interface ScanResult {
  userId: string;
  externalUserId: string;
  welcomeCode: string;
  state: string;
}

export interface WorldOptions {
  corpId: string;
  secrets: string[];
  now: () => number;
  welcomeCodeTtlMs: number;
  kfTokenTtlMs: number;
  loginCodeTtlMs: number;
  /** follow_user entries per externalcontact/get page (WeCom: 500). */
  followPageSize: number;
}

export interface WorldSnapshot {
  members: Member[];
  customers: Customer[];
  follows: Follow[];
  tagGroups: TagGroup[];
  contactWays: ContactWay[];
  groups: GroupChat[];
}

const DAY_MS = 86_400_000;

export const randomHex = (bytes: number) => randomBytes(bytes).toString('hex');

/** One app message (应用消息) delivered to one member. */
export interface AppMessage {
  msgid: string;
  toUserId: string;
  agentId: number;
  text: string;
  at: number;
}

export class World {
  readonly members = new Map<string, Member>();
  /** The 通讯录's departments besides the root (department/list answers the root too). */
  readonly departments = new Map<number, SimDepartment>();
  readonly customers = new Map<string, Customer>();
  /** externalUserId → userId → follow, in creation order. */
  readonly follows = new Map<string, Map<string, Follow>>();
  readonly tagGroups: TagGroup[] = [];
  readonly contactWays = new Map<string, ContactWay>();
  readonly groups = new Map<string, GroupChat>();
  readonly joinWays = new Map<string, JoinWay>();
  readonly groupWelcomeTemplates = new Map<string, GroupWelcomeTemplate>();
  readonly welcomeCodes = new Map<string, IssuedWelcomeCode & { used: boolean }>();
  readonly loginCodes = new Map<string, { userId?: string; openId?: string; issuedAt: number }>();
  readonly kfTokens = new Map<string, number>();
  /** access_token → expiry (epoch ms); the current token per secret. */
  readonly accessTokens = new Map<string, number>();
  readonly tokenBySecret = new Map<string, string>();
  /** jsapi_ticket / agent_ticket with their expiry (epoch ms). */
  readonly tickets = new Map<'jsapi' | 'agent_config', { ticket: string; expiresAt: number }>();
  readonly kfMessages = new Map<string, KfMessage[]>();
  readonly deliveries: WelcomeDelivery[] = [];
  readonly marks: TagMark[] = [];
  readonly transfers: TransferRecord[] = [];
  /** Customers whose transfers WeCom refuses (per-customer errcode 40129). */
  readonly refuseTransfers = new Set<string>();
  readonly massMessages = new Map<string, MassMessage>();
  /** App messages (message/send) as members received them. */
  readonly appMessages: AppMessage[] = [];

  constructor(readonly options: WorldOptions) {}

  now(): number {
    return this.options.now();
  }

  nowSec(): number {
    return Math.floor(this.now() / 1000);
  }

  addMember(input: { userId: string; name?: string; departmentIds?: readonly number[]; leadsDepartmentIds?: readonly number[] }): Member {
    const member = this.members.get(input.userId) ?? { userId: input.userId, name: input.name ?? input.userId, resigned: false };
    if (input.name) member.name = input.name;
    if (input.departmentIds) member.departmentIds = [...input.departmentIds];
    if (input.leadsDepartmentIds) member.leadsDepartmentIds = [...input.leadsDepartmentIds];
    this.members.set(member.userId, member);
    return member;
  }

  resignMember(userId: string): void {
    this.addMember({ userId }).resigned = true;
  }

  addCustomer(input: CustomerInput = {}): Customer {
    const externalUserId = input.externalUserId ?? randomExternalUserId();
    const existing = this.customers.get(externalUserId);
    const customer: Customer = {
      externalUserId,
      name: input.name ?? existing?.name ?? `客户${externalUserId.slice(-4)}`,
      avatar: input.avatar ?? existing?.avatar ?? `https://wework.qpic.cn/wwhead/${externalUserId}/0`,
      gender: input.gender ?? existing?.gender ?? 0,
      type: input.type ?? existing?.type ?? 1,
      ...((input.unionId ?? existing?.unionId) ? { unionId: input.unionId ?? existing?.unionId } : {}),
    };
    this.customers.set(externalUserId, customer);
    return customer;
  }

  getFollow(userId: string, externalUserId: string): Follow | undefined {
    return this.follows.get(externalUserId)?.get(userId);
  }

  followsOf(externalUserId: string): Follow[] {
    return [...(this.follows.get(externalUserId)?.values() ?? [])];
  }

  /** Makes (or keeps) the relation; unknown members and customers are created with defaults. */
  ensureFollow(userId: string, externalUserId: string, options: FollowOptions = {}): Follow {
    if (!this.members.has(userId)) this.addMember({ userId });
    if (!this.customers.has(externalUserId)) this.addCustomer({ externalUserId });
    let byUser = this.follows.get(externalUserId);
    if (!byUser) this.follows.set(externalUserId, (byUser = new Map()));
    const existing = byUser.get(userId);
    if (existing) return existing;
    const follow: Follow = {
      userId,
      externalUserId,
      remark: options.remark ?? '',
      description: '',
      createtime: options.createtime ?? this.nowSec(),
      ...(options.state ? { state: options.state } : {}),
      addWay: options.addWay ?? (options.state ? 1 : 0),
      operUserId: externalUserId,
      tagIds: [...(options.tagIds ?? [])],
    };
    byUser.set(userId, follow);
    return follow;
  }

  unfollow(userId: string, externalUserId: string): boolean {
    const byUser = this.follows.get(externalUserId);
    const removed = byUser?.delete(userId) ?? false;
    if (byUser?.size === 0) this.follows.delete(externalUserId);
    return removed;
  }

  issueWelcomeCode(userId: string, externalUserId: string): IssuedWelcomeCode {
    this.ensureFollow(userId, externalUserId);
    const issued = { code: randomHex(16), userId, externalUserId, issuedAt: this.now() };
    this.welcomeCodes.set(issued.code, { ...issued, used: false });
    return issued;
  }

  follow(userId: string, externalUserId: string, options: FollowOptions = {}): { follow: Follow; welcomeCode: IssuedWelcomeCode } {
    const follow = this.ensureFollow(userId, externalUserId, options);
    return { follow, welcomeCode: this.issueWelcomeCode(userId, externalUserId) };
  }

  /** A customer scans a contact-way QR code: the next of its members (in turn) gets the relation. */
  scanContactWay(configId: string, customer: CustomerInput | string = {}): ScanResult {
    const way = this.contactWays.get(configId);
    if (!way) throw new Error(`no contact way ${configId}`);
    const userId = way.userIds[way.nextUser % way.userIds.length]!;
    way.nextUser++;
    const { externalUserId } = this.addCustomer(typeof customer === 'string' ? { externalUserId: customer } : customer);
    const { welcomeCode } = this.follow(userId, externalUserId, { state: way.state, addWay: 1 });
    return { userId, externalUserId, welcomeCode: welcomeCode.code, state: way.state };
  }

  findTag(tagId: string): { group: TagGroup; tag: Tag } | undefined {
    for (const group of this.tagGroups) {
      const tag = group.tags.find((t) => t.tagId === tagId);
      if (tag) return { group, tag };
    }
    return undefined;
  }

  /** Adds a tag group (or tags to an existing one of that name) without WeCom's checks; returns the group. */
  seedTagGroup(name: string, tags: string[]): TagGroup {
    let group = this.tagGroups.find((g) => g.name === name);
    if (!group) this.tagGroups.push((group = { groupId: `et${randomHex(11)}`, name, createTime: this.nowSec(), order: 0, tags: [] }));
    for (const tagName of tags) {
      if (!group.tags.some((t) => t.name === tagName)) group.tags.push({ tagId: `et${randomHex(11)}`, name: tagName, createTime: this.nowSec(), order: 0 });
    }
    return group;
  }

  /** On-job transfers of a customer in the last 90 days (WeCom allows 2). */
  recentOnJobTransfers(externalUserId: string): number {
    return this.transfers.filter((t) => t.kind === 'on_job' && t.externalUserId === externalUserId && this.now() - t.startedAt < 90 * DAY_MS).length;
  }

  /** WeCom's 24 h wait is over: every waiting transfer completes and the follow moves. */
  completeTransfers(): TransferRecord[] {
    const done: TransferRecord[] = [];
    for (const transfer of this.transfers) {
      if (transfer.status !== 2) continue;
      const old = this.getFollow(transfer.handoverUserId, transfer.externalUserId);
      this.unfollow(transfer.handoverUserId, transfer.externalUserId);
      const moved = this.ensureFollow(transfer.takeoverUserId, transfer.externalUserId, { addWay: 202, ...(old?.state ? { state: old.state } : {}), remark: old?.remark ?? '' });
      for (const tagId of old?.tagIds ?? []) if (!moved.tagIds.includes(tagId)) moved.tagIds.push(tagId);
      moved.operUserId = transfer.handoverUserId;
      transfer.status = 1;
      transfer.takeoverTime = this.nowSec();
      done.push(transfer);
    }
    return done;
  }

  /**
   * The sender confirms a mass message in the client (what a driver or test does for the
   * salesperson): each recipient still a friend gets it, the others fail.
   */
  confirmMassMessage(msgid: string): MassMessage {
    const message = this.massMessages.get(msgid);
    if (!message) throw new Error(`no mass message ${msgid}`);
    message.sentAt ??= this.nowSec();
    for (const [externalUserId, status] of message.recipients) {
      if (status === 0) message.recipients.set(externalUserId, this.getFollow(message.sender, externalUserId) ? 1 : 2);
    }
    return message;
  }

  /** Queues a customer-service message; returns the sync token its kf_msg_or_event callback carries. */
  kfSays(openKfId: string, externalUserId: string, text: string, servicerUserId?: string): string {
    const list = this.kfMessages.get(openKfId) ?? [];
    this.kfMessages.set(openKfId, list);
    list.push({
      msgid: randomHex(16),
      open_kfid: openKfId,
      external_userid: externalUserId,
      send_time: this.nowSec(),
      origin: servicerUserId ? 5 : 3,
      ...(servicerUserId ? { servicer_userid: servicerUserId } : {}),
      msgtype: 'text',
      text: { content: text },
    });
    const token = `ENC${randomBytes(24).toString('base64url')}`;
    this.kfTokens.set(token, this.now() + this.options.kfTokenTtlMs);
    return token;
  }

  issueLoginCode(who: { userId?: string; openId?: string }): string {
    const code = randomHex(16);
    this.loginCodes.set(code, { ...who, issuedAt: this.now() });
    return code;
  }

  createGroup(input: { chatId?: string; name: string; owner: string; members: string[]; createTime?: number }): GroupChat {
    const createTime = input.createTime ?? this.nowSec();
    const ids = [input.owner, ...input.members.filter((id) => id !== input.owner)];
    const group: GroupChat = {
      chatId: input.chatId ?? `wr${randomBytes(24).toString('base64url').slice(0, 30)}`,
      name: input.name,
      owner: input.owner,
      createTime,
      notice: '',
      status: 0,
      members: ids.map((userId) => ({ userId, type: this.members.has(userId) ? 1 : 2, joinTime: createTime })),
    };
    this.groups.set(group.chatId, group);
    return group;
  }

  /**
   * A customer scans a join way's QR code: they join the first listed group under 200
   * members, with the join way's state (join scene 3). With every listed group full and
   * auto_create_room on, WeCom opens a new group named room_base_name + room_base_id.
   */
  scanJoinWay(configId: string, externalUserId: string): { chatId: string; state: string } {
    const way = this.joinWays.get(configId);
    if (!way) throw new Error(`no join way ${configId}`);
    let group = way.chatIds.map((chatId) => this.groups.get(chatId)).find((g) => g && g.members.length < QR_GROUP_LIMIT);
    if (!group) {
      const first = this.groups.get(way.chatIds[0] ?? '');
      if (!way.autoCreateRoom || !first) throw new Error(`join way ${configId}: every group is full`);
      group = this.createGroup({ name: `${way.roomBaseName}${way.roomBaseId++}`, owner: first.owner, members: [] });
      way.chatIds.push(group.chatId);
    }
    if (!this.customers.has(externalUserId)) this.addCustomer({ externalUserId });
    group.members.push({ userId: externalUserId, type: 2, joinTime: this.nowSec(), joinScene: 3, state: way.state });
    return { chatId: group.chatId, state: way.state };
  }

  /** A member leaves a group; false when they were not in it. */
  leaveGroup(chatId: string, userId: string): boolean {
    const group = this.groups.get(chatId);
    const before = group?.members.length ?? 0;
    if (group) group.members = group.members.filter((m) => m.userId !== userId);
    return (group?.members.length ?? 0) < before;
  }

  /** Every issued access_token expires now (calls answer 42001 until gettoken is called again). */
  expireTokens(): void {
    for (const token of this.accessTokens.keys()) this.accessTokens.set(token, this.now() - 1);
    this.tokenBySecret.clear();
  }

  snapshot(): WorldSnapshot {
    return structuredClone({
      members: [...this.members.values()],
      customers: [...this.customers.values()],
      follows: [...this.follows.values()].flatMap((byUser) => [...byUser.values()]),
      tagGroups: this.tagGroups,
      contactWays: [...this.contactWays.values()],
      groups: [...this.groups.values()],
    });
  }
}
