/**
 * What the core needs from the outside world, in ids and plain data. Adapters in db/,
 * queue/ and wecom/ implement these; tests use the in-memory fakes in tests/helpers/.
 */
import type { Campaign, NewCampaign, StageReward } from './campaign/campaign.ts';
import type { MemberLedger, PointsAward } from './campaign/check-in.ts';
import type { CampaignMember } from './campaign/group-health.ts';
import type { MemberRecord } from './campaign/streak.ts';
import type { Channel, ChannelChanges, RoutingStatus } from './contact/channel.ts';
import type { ChannelDayCounts } from './metrics/channel-stats.ts';
import type { HandoverKind, HandoverPair, HandoverRecord, HandoverStatus } from './contact/handover.ts';
import type { ContactSnapshot, RelationState } from './contact/contact.ts';
import type { CustomerListFilters, CustomerListPage, CustomerProfileView } from './contact/customer-views.ts';
import type { WecomEvent } from './events.ts';
import type { CodeJoin, GroupCode, GroupFill, GroupWelcome } from './group-code/group-code.ts';
import type { Intent } from './intent/intent.ts';
import type { ChatMessage, MessageClassification, NewChatMessage } from './messages/chat-message.ts';
import type { NewSalesTask, SalesTask, SalesTaskStatus } from './messages/sales-task.ts';
import type { Answer, NewQuestionSet, QuestionSet } from './sidebar/questions.ts';
import type { Note } from './sidebar/sidebar-views.ts';
import type { AuditFilter, AuditRecord, StoredAuditRecord } from './access/audit.ts';
import type { Department, RoleAssignment, StaffDirectorySnapshot, StaffMember } from './access/staff.ts';
import type { DayCounts, PeriodCounts, SalespersonLoad, TimeWindow } from './metrics/dashboard.ts';
import type { BreakdownCounts, BreakdownDimension } from './metrics/breakdown.ts';
import type { CustomerValue, Order } from './value/customer-value.ts';
import type { LifecycleFacts, LifecycleStage } from './value/lifecycle.ts';
import type { CorpTagGroup, TagChangeRecord } from './tags/tags.ts';
import type { NewRecall, Recall, RecallSummary, RecallCounts, RecipientStatus } from './segments/recall.ts';
import type { AlertKind, NewQualityAlert, NewQualityRule, NotifyStatus, QualityAlert, QualityRule, QualitySettings } from './quality/quality.ts';
import type { ConversationMessage } from './quality/reply-threads.ts';
import type { NewSegment, Segment, SegmentDefinition, SegmentMember } from './segments/segment.ts';
import type { WelcomeMessage } from './welcome/welcome-plan.ts';
import type { NewWelcomeFlow, WelcomeFlow } from './welcome/welcome-flow.ts';

/** One acknowledged callback, as kept in the durable inbox. */
export interface InboxEntry {
  /** Stable key per delivery (wecom/dedupe-key.ts); WeCom's retries share it. */
  dedupeKey: string;
  event: WecomEvent;
  receivedAt: Date;
}

export type InboxStatus = 'received' | 'processed' | 'failed';

export interface StoredInboxEntry extends InboxEntry {
  status: InboxStatus;
  attempts: number;
  processedAt: Date | null;
}

/** The durable inbox: every acknowledged callback, keyed by its dedupe key. */
export interface InboxStore {
  /** Stores one entry; `true` when it was new, `false` for a replay of a stored key. */
  add(entry: InboxEntry): Promise<boolean>;
  /**
   * Stores entries whose key is not yet known. Returns, per entry in order, `true` when
   * it was new and `false` when the key was already stored (a replay).
   */
  addMany(entries: InboxEntry[]): Promise<boolean[]>;
  get(dedupeKey: string): Promise<StoredInboxEntry | null>;
  /** Entries still `received` that arrived before `before`, oldest first. */
  listUnprocessed(before: Date, limit: number): Promise<InboxEntry[]>;
  markProcessed(dedupeKey: string, at: Date): Promise<void>;
  /** Records a failed attempt; `final` moves the entry to `failed`. */
  recordFailure(dedupeKey: string, error: string, final: boolean): Promise<void>;
}

/** Hands inbox entries to the workers. Enqueueing the same key twice is a no-op. */
export interface EventQueue {
  enqueue(dedupeKey: string): Promise<void>;
  enqueueMany(dedupeKeys: string[]): Promise<void>;
}

/** Something that reacts to one kind of event; must be idempotent (retries happen). */
export type EventHandler<E extends WecomEvent = WecomEvent> = (event: E, context: { dedupeKey: string }) => Promise<void>;

/** Handlers by event type; later features register theirs here. */
export type EventHandlers = { [T in WecomEvent['type']]?: EventHandler<Extract<WecomEvent, { type: T }>>[] };

/** Reads a customer's current details from WeCom. */
export interface ContactDirectory {
  /**
   * `null` when details cannot be had: WeCom does not know the pair any more (40096,
   * 84061) or no customer-contact secret is configured.
   */
  getContact(externalUserId: string): Promise<ContactSnapshot | null>;
}

export interface TransferFailureRecord {
  takeoverUserId: string;
  externalUserId: string;
  reason: string;
  occurredAt: number;
}

/** Customers and salesperson–customer relations. */
export interface ContactRepo {
  getRelation(userId: string, externalUserId: string): Promise<RelationState | null>;
  /**
   * Upserts the customer and each follower's details. A follower seen for the first time
   * gets an `active` relation as of its add time; existing relations keep their status.
   */
  saveSnapshot(snapshot: ContactSnapshot, fetchedAt: Date): Promise<void>;
  /** Sets the relation's lifecycle state, creating the relation row if needed. */
  setRelationState(userId: string, externalUserId: string, state: RelationState, channelState?: string): Promise<void>;
  /** Idempotent per (takeover member, customer, time). */
  recordTransferFailure(failure: TransferFailureRecord): Promise<void>;
}

/**
 * Welcome flows as admins define them. At most one flow is the default: creating or
 * updating a flow with `isDefault: true` clears the flag on every other flow atomically.
 */
export interface WelcomeFlowRepo {
  list(): Promise<WelcomeFlow[]>;
  get(id: number): Promise<WelcomeFlow | null>;
  create(flow: NewWelcomeFlow): Promise<WelcomeFlow>;
  /**
   * `null` when there is no such flow. A key present with the value `undefined` clears
   * that optional field (`channelState`); an absent key leaves it as it is.
   */
  update(id: number, changes: Partial<NewWelcomeFlow>): Promise<WelcomeFlow | null>;
  /** `false` when there was no such flow. */
  remove(id: number): Promise<boolean>;
}

export type WelcomeResult = 'sent' | 'already_sent' | 'expired' | 'no_flow' | 'failed';

/** Sends a welcome message with a one-time code (send_welcome_msg). */
export interface WelcomeSender {
  /**
   * Resolves with `sent`, `already_sent` (41051) or `expired` (41050, or `deadline`
   * (epoch ms) passed before the call could go out); throws on other failures.
   */
  send(welcomeCode: string, message: WelcomeMessage, deadline?: number): Promise<{ result: 'sent' | 'already_sent' | 'expired'; errcode?: number }>;
}

export interface WelcomeSendRecord {
  welcomeCode: string;
  userId: string;
  externalUserId: string;
  flowId?: number;
  result: WelcomeResult;
  errcode?: number;
  eventTime: number;
  latencyMs?: number;
}

/** What every new customer received: one record per WelcomeCode. */
export interface WelcomeSendLog {
  find(welcomeCode: string): Promise<WelcomeSendRecord | null>;
  /** Idempotent per code: a second record for the same code keeps the first. */
  record(send: WelcomeSendRecord): Promise<void>;
}

/** Reads the customer's nickname if it is already known locally. */
export interface CustomerNames {
  nameOf(externalUserId: string): Promise<string | undefined>;
}

/** Read models of customers for the admin console (src/domain/contact/customer-views.ts). */
export interface CustomerQueries {
  /**
   * The customer with every relation and welcome send; `null` when the id is known
   * nowhere (no customer row, no relation, no welcome send).
   */
  profile(externalUserId: string): Promise<CustomerProfileView | null>;
  /** One page of customers matching the filters, ordered by externalUserId. */
  list(filters: CustomerListFilters): Promise<CustomerListPage>;
  /** Whether one of `userIds` has a relation with the customer (any status): the scope check of one customer. */
  servedBy(externalUserId: string, userIds: readonly string[]): Promise<boolean>;
}

/** Channel codes as stored. */
/** Finds the channel an add event's `state` names (what workers need of channels). */
export interface ChannelLookup {
  byState(state: string): Promise<Channel | null>;
}

export interface ChannelRepo extends ChannelLookup {
  get(id: number): Promise<Channel | null>;
  list(): Promise<Channel[]>;
  create(channel: Omit<Channel, 'id'>): Promise<Channel>;
  /** `null` when there is no such channel. */
  update(id: number, changes: ChannelChanges & { activeUserIds?: string[]; routingStatus?: RoutingStatus }): Promise<Channel | null>;
  /** `false` when there was no such channel. */
  remove(id: number): Promise<boolean>;
}

/** 「联系我」 configurations in WeCom (add / update / del_contact_way). */
export interface ContactWayGateway {
  /** `skipVerify`: customers are added without the salesperson accepting. */
  create(input: { state: string; userIds: string[]; remark: string; skipVerify: boolean }): Promise<{ configId: string; qrCode: string }>;
  /** Replaces the members, remark and skip_verify of an existing configuration; the QR code stays. */
  update(input: { configId: string; userIds: string[]; remark: string; skipVerify: boolean }): Promise<void>;
  remove(configId: string): Promise<void>;
}

/** A channel's activity read from the relations it brought (their `state`). */
export interface ChannelActivity {
  /** Adds through the channel in [start, end) (unix s) per salesperson; absent = 0. */
  addsByUser(state: string, window: TimeWindow): Promise<Map<string, number>>;
  /** Adds and both kinds of delete per China day in the window; days with nothing are absent. */
  dailyCounts(state: string, window: TimeWindow): Promise<ChannelDayCounts[]>;
}

/** The salesperson's remark and description of a customer (externalcontact/remark). */
export interface ContactRemarks {
  setRemark(input: { userId: string; externalUserId: string; remark?: string; description?: string }): Promise<void>;
}

/** How many customers each salesperson serves (active or pending relations). */
export interface SalespersonLoads {
  /** Salespeople with no customers are absent from the map. */
  customerCounts(userIds: readonly string[]): Promise<Map<string, number>>;
}

/** Corp tags on a customer (mark_tag). */
export interface TagGateway {
  markTags(input: { userId: string; externalUserId: string; add: string[]; remove: string[] }): Promise<void>;
}

/** WeCom's corp tag groups and tags (get_corp_tag_list, add_corp_tag). */
export interface CorpTagDirectory {
  /** Every group with its tags, deleted ones left out. */
  list(): Promise<CorpTagGroup[]>;
  /**
   * Creates tags in an existing group (`groupId`) or in the group named `groupName`
   * (created when missing). Returns the group with the new tags' ids.
   */
  create(input: { groupId?: string; groupName?: string; names: string[] }): Promise<CorpTagGroup>;
}

/** The local mirror of WeCom's corp tags. */
export interface CorpTagStore {
  /** Makes the mirror equal to `groups`: upserts them and marks every other group and tag deleted. */
  replaceAll(groups: CorpTagGroup[], at: Date): Promise<void>;
  /** Upserts one group and its listed tags (after add_corp_tag); other tags stay as they are. */
  upsertGroup(group: CorpTagGroup, at: Date): Promise<void>;
  /** Live groups with their live tags, by order then name. */
  listGroups(): Promise<CorpTagGroup[]>;
  /** Those of `tagIds` that are not live tags. */
  unknownTagIds(tagIds: string[]): Promise<string[]>;
}

/** Tags on salesperson–customer relations, and the history of who changed them. */
export interface CustomerTagStore {
  /** The relation's corp tag ids; `null` when the relation is unknown. */
  tagsOf(userId: string, externalUserId: string): Promise<string[] | null>;
  /**
   * Sets the relation's tags to `next` and appends `changes` to the history, keeping one
   * row per (operation, relation, tag, action) so a retried operation adds nothing.
   */
  recordChange(input: { userId: string; externalUserId: string; next: string[]; changes: TagChangeRecord[] }): Promise<void>;
  /** The customer's tag history over every relation, newest first. */
  history(externalUserId: string, limit: number): Promise<TagChangeRecord[]>;
}

/** Handovers WeCom could not complete, for admins to act on. */
export interface TransferFailureLog {
  /** Newest first. */
  recent(limit: number): Promise<TransferFailureRecord[]>;
}

/** WeCom's customer inheritance (transfer_customer, transfer_result, and their resigned/ twins). */
export interface TransferGateway {
  /** Asks WeCom to move ≤ 100 customers; per customer, 0 (accepted) or WeCom's errcode. */
  transfer(input: HandoverPair & { externalUserIds: string[]; message?: string }): Promise<{ externalUserId: string; errcode: number }[]>;
  /** Every customer's outcome for the pair (all pages): transfer_result's status code 1–5. */
  results(pair: HandoverPair): Promise<{ externalUserId: string; status: number; takeoverTime?: number }[]>;
}

/** Handovers as requested and as WeCom reported them. */
export interface HandoverStore {
  record(rows: HandoverRecord[]): Promise<void>;
  /** Of `externalUserIds`, those with a `waiting` handover from this salesperson. */
  waitingFrom(handoverUserId: string, externalUserIds: string[]): Promise<Set<string>>;
  /** Pairs with at least one `waiting` customer. */
  waitingPairs(): Promise<HandoverPair[]>;
  /** Moves waiting rows of the pair to the reported statuses; returns how many changed. */
  applyResults(pair: HandoverPair, results: { externalUserId: string; status: HandoverStatus; takeoverTime?: number }[], checkedAt: number): Promise<number>;
  /** A `transfer_fail` event: the waiting handovers of this customer to this takeover end with `status`. */
  markFailed(takeoverUserId: string, externalUserId: string, status: HandoverStatus, at: number): Promise<void>;
  /** Newest first. */
  list(filters: { status?: HandoverStatus; handoverUserId?: string; kind?: HandoverKind; limit: number }): Promise<HandoverRecord[]>;
}

/** The customers a salesperson serves now, and who serves a customer. */
export interface CustomerRoster {
  /** External user ids with an active relation to `userId`, in id order. */
  activeCustomersOf(userId: string): Promise<string[]>;
  /** Userids with an active relation to the customer, the most recently added first. */
  activeFollowersOf(externalUserId: string): Promise<string[]>;
}

/** Chat messages from every source, stored once per source message. */
export interface MessageStore {
  /** Stores the messages whose key is new; returns the keys that were new, in order. */
  addMany(messages: NewChatMessage[]): Promise<string[]>;
  getByKey(key: string): Promise<ChatMessage | null>;
  saveClassification(id: number, classification: MessageClassification): Promise<void>;
  /** The customer's latest messages, newest first. */
  recentFor(externalUserId: string, limit: number): Promise<ChatMessage[]>;
  /** Keys of inbound text messages stored before `before` and still unclassified, oldest first. */
  unclassifiedKeys(before: Date, limit: number): Promise<string[]>;
}

/** WeChat customer service's message feed (kf/sync_msg). */
export interface KfMessageFeed {
  page(input: { openKfId: string; token: string; cursor?: string }): Promise<{ messages: NewChatMessage[]; nextCursor: string; hasMore: boolean }>;
}

/** Where kf/sync_msg stopped, per customer-service account. */
export interface KfCursorStore {
  get(openKfId: string): Promise<string | undefined>;
  set(openKfId: string, cursor: string): Promise<void>;
}

/** SOP tasks for salespeople. */
export interface SalesTaskStore {
  /**
   * Opens the task unless the same salesperson already has an open one for the customer
   * and scene; then that one is returned with `created: false`.
   */
  open(task: NewSalesTask): Promise<{ task: SalesTask; created: boolean }>;
  get(id: number): Promise<SalesTask | null>;
  /** Open tasks first, each group by due time. */
  list(filters: { userId?: string; servingUserIds?: readonly string[]; externalUserId?: string; status?: SalesTaskStatus; limit: number }): Promise<SalesTask[]>;
  /** Closes an open task; `null` when there is no such open task. */
  close(id: number, status: Exclude<SalesTaskStatus, 'open'>, by: string, at: number): Promise<SalesTask | null>;
}

/** A second classifier for messages the offline one is unsure about (an LLM endpoint). */
export interface IntentSecondOpinion {
  /** Asked only when the local verdict's confidence is below this. */
  below: number;
  /** `null` when it has no answer (timed out, unparsable): the local verdict stands. */
  classify(text: string): Promise<{ intent: Intent; confidence: number } | null>;
}

/** First-contact question sets as admins configure them. */
export interface QuestionSetRepo {
  list(): Promise<QuestionSet[]>;
  get(id: number): Promise<QuestionSet | null>;
  create(set: NewQuestionSet): Promise<QuestionSet>;
  /** `null` when there is no such set. Saving one as default clears the flag on the others. */
  update(id: number, changes: Partial<NewQuestionSet>): Promise<QuestionSet | null>;
  remove(id: number): Promise<boolean>;
}

/** Customers' answers to first-contact questions; the latest answer to a question wins. */
export interface AnswerStore {
  answersFor(externalUserId: string): Promise<Answer[]>;
  save(externalUserId: string, questionSetId: number, answer: Answer): Promise<void>;
}

export interface NoteStore {
  add(note: Omit<Note, 'id'>): Promise<Note>;
  /** Newest first. */
  recent(externalUserId: string, limit: number): Promise<Note[]>;
}

/** Every write through the sidebar and the admin API leaves one row here; nothing edits or deletes one. */
export interface AuditTrail {
  append(record: AuditRecord): Promise<void>;
  /** Newest first. */
  search(filter: AuditFilter): Promise<StoredAuditRecord[]>;
}

/** WeCom's 通讯录: departments and members (department/list, user/list). */
export interface StaffDirectorySource {
  fetchDirectory(): Promise<StaffDirectorySnapshot>;
}

/** The synced staff directory. */
export interface StaffDirectoryStore {
  /** Replaces the directory with this snapshot (departments and members no longer listed are dropped). */
  replace(snapshot: StaffDirectorySnapshot, at: number): Promise<void>;
  departments(): Promise<Department[]>;
  staff(): Promise<StaffMember[]>;
  member(userId: string): Promise<StaffMember | null>;
}

/** Console role assignments. */
export interface RoleStore {
  get(userId: string): Promise<RoleAssignment | null>;
  list(): Promise<RoleAssignment[]>;
  put(assignment: RoleAssignment): Promise<void>;
  /** `false` when there was none. */
  remove(userId: string): Promise<boolean>;
}

/** JS-SDK signatures for a page URL (wx.config and wx.agentConfig). */
export interface JsSdkSigner {
  sign(url: string): Promise<{
    corp: { appId: string; timestamp: number; nonceStr: string; signature: string };
    agent: { corpid: string; agentid: string; timestamp: number; nonceStr: string; signature: string };
  }>;
}

/** WeCom's web login (OAuth2 snsapi_base) for members opening the sidebar. */
export interface MemberLogin {
  /** Where to send the browser; WeCom comes back to `redirectUri` with `code` and `state`. */
  authorizeUrl(redirectUri: string, state: string): string;
  /** The member's userid for a code; `null` when the code belongs to a non-member. */
  userIdForCode(code: string): Promise<string | null>;
}

/** A customer group as WeCom describes it now (groupchat/get). */
export interface GroupChatDirectory {
  get(chatId: string): Promise<{
    chatId: string;
    name: string;
    owner: string;
    /** `state`: the join way's state when the member joined through one (group codes). */
    members: { userId: string; type: 'member' | 'external'; joinTime: number; state?: string }[];
  } | null>;
}

/** Mutual exclusion across processes for a short read-modify-write. */
export interface Locks {
  withLock<T>(name: string, work: () => Promise<T>): Promise<T>;
}

/** Imported orders and the customer values computed from them. */
export interface OrderStore {
  /** Stores the orders whose id is new; returns the ids that were new. */
  addMany(orders: Order[]): Promise<string[]>;
  /** Every order of the customer (amount and time), for recomputing their value. */
  ordersOf(externalUserId: string): Promise<Pick<Order, 'amountFen' | 'orderedAt'>[]>;
  valueOf(externalUserId: string): Promise<CustomerValue | null>;
  saveValue(value: CustomerValue): Promise<void>;
  /** A page of customers who have orders, in id order, after `after` (the periodic value pass). */
  buyerIds(after: string | undefined, limit: number): Promise<string[]>;
  /** Orders of each listed customer (customers without orders are absent). */
  ordersOfMany(externalUserIds: string[]): Promise<Map<string, Pick<Order, 'amountFen' | 'orderedAt'>[]>>;
  /** Stored values of the listed customers that have one. */
  valuesOf(externalUserIds: string[]): Promise<Map<string, CustomerValue>>;
  /** Upserts many values at once (one statement a chunk). */
  saveValues(values: CustomerValue[]): Promise<void>;
  /** Customers whose salespeople noted each phone (normalised) as a remark mobile; one phone may name several. */
  externalUserIdsByPhone(phones: string[]): Promise<Map<string, string[]>>;
  /** Maps unionids to external user ids known locally (orders from shops carry unionids). */
  externalUserIdsByUnionId(unionIds: string[]): Promise<Map<string, string>>;
}

/** Aggregates behind the operators' dashboard (domain/metrics/dashboard.ts). */
export interface DashboardQueries {
  /*
   * `servingUserIds` (a dept lead's or salesperson's scope) limits every figure to those
   * salespeople's relations and the customers they serve; undefined → the whole corp.
   */
  /** Counts per China day of the window; days with nothing to count may be left out. */
  dailyCounts(window: TimeWindow, servingUserIds?: readonly string[]): Promise<DayCounts[]>;
  /** Counts over the whole window; `topPercent` of buyers by spend make the top revenue. */
  periodCounts(window: TimeWindow, topPercent: number, servingUserIds?: readonly string[]): Promise<PeriodCounts>;
  /** Customers per stored lifecycle stage. */
  stageCounts(servingUserIds?: readonly string[]): Promise<Map<string, number>>;
  /** The `limit` most loaded salespeople, most loaded first. */
  salespersonLoads(limit: number, servingUserIds?: readonly string[]): Promise<SalespersonLoad[]>;
  /**
   * Counts per salesperson or channel over the window; `now` (unix s) says whose conversion
   * windows have passed. `servingUserIds` (a dept lead's or salesperson's scope) limits every
   * count to those salespeople's relations; undefined → the whole corp.
   */
  breakdownCounts(window: TimeWindow, by: BreakdownDimension, now: number, servingUserIds?: readonly string[]): Promise<BreakdownCounts[]>;
}

/** Computed results kept for every process to read (dashboard figures), with when they were computed. */
export interface SnapshotStore {
  read(key: string): Promise<{ computedAt: number; json: string } | null>;
  /** Keeps `json` for `keepSeconds`. */
  write(key: string, json: string, computedAt: number, keepSeconds: number): Promise<void>;
  /** True for exactly one caller per `key` until `seconds` pass: who recomputes a stale snapshot. */
  claimRefresh(key: string, seconds: number): Promise<boolean>;
}

/** Lifecycle stages as stored, and the facts they are computed from. */
export interface LifecycleStore {
  /** The facts of each customer in the list that has a relation. */
  factsFor(externalUserIds: string[]): Promise<LifecycleFacts[]>;
  /** A page of customer ids (those with a relation), in id order, after `after`. */
  customerIds(after: string | undefined, limit: number): Promise<string[]>;
  stagesOf(externalUserIds: string[]): Promise<Map<string, { stage: LifecycleStage; since: number }>>;
  save(externalUserId: string, stage: LifecycleStage, since: number): Promise<void>;
}

/** Members joining and leaving customer groups, as the callbacks reported them. */
export interface GroupHistory {
  /** Idempotent per `dedupeKey`. */
  record(change: { dedupeKey: string; chatId: string; kind: 'join' | 'leave'; count: number; memberIds: string[]; at: number }): Promise<void>;
  /** Members who joined and left the group at or after `since` (unix s). */
  counts(chatId: string, since: number): Promise<{ joined: number; left: number }>;
}

/** Check-in campaigns: their definitions (admin-edited, read through a cache). */
export interface CampaignRepo {
  create(input: NewCampaign): Promise<Campaign>;
  /** undefined when there is no such campaign. */
  update(id: number, changes: Partial<NewCampaign>): Promise<Campaign | undefined>;
  get(id: number): Promise<Campaign | undefined>;
  list(): Promise<Campaign[]>;
}

/** One counted check-in with what it earned, stored together or not at all. */
export interface CountedCheckIn {
  campaignId: number;
  memberKey: string;
  chatId: string;
  day: number;
  makeUp: boolean;
  messageKey: string;
  /** Unix seconds the message was sent. */
  at: number;
  awards: PointsAward[];
  stage?: StageReward;
}

export interface LedgerEntry {
  memberKey: string;
  displayName: string;
  cause: string;
  points: number;
  at: number;
}

/** Check-ins and the points ledger. */
export interface CheckInLedger {
  memberLedger(campaignId: number, memberKey: string): Promise<MemberLedger>;
  /**
   * Stores the check-in, its awards (each once per cause) and its stage grant in one
   * transaction; undefined when the member's day was already counted (nothing stored).
   */
  record(checkIn: CountedCheckIn): Promise<{ grantId?: number } | undefined>;
  /** Every member with a check-in or points: days, points, display name. */
  memberRecords(campaignId: number): Promise<MemberRecord[]>;
  checkIns(campaignId: number): Promise<{ memberKey: string; day: number }[]>;
  pointsAwarded(campaignId: number): Promise<number>;
  entries(campaignId: number): Promise<LedgerEntry[]>;
  /** A member's latest check-ins across campaigns, newest first (the customer's timeline). */
  recentOf(memberKey: string, limit: number): Promise<{ campaignName: string; day: number; makeUp: boolean; at: number }[]>;
}

export interface RewardGrant {
  id: number;
  campaignId: number;
  memberKey: string;
  displayName: string;
  chatId: string;
  stageDay: number;
  reward: string;
  grantedAt: number;
  announcedAt?: number;
  announcedBy?: 'bot' | 'sidebar';
  fulfilledAt?: number;
}

export interface RewardLog {
  list(campaignId: number, filter?: { chatId?: string; announced?: boolean }): Promise<RewardGrant[]>;
  /** Marks grants announced unless already; returns the ids this call marked. */
  markAnnounced(ids: readonly number[], by: 'bot' | 'sidebar', at: number): Promise<number[]>;
  markFulfilled(id: number, at: number): Promise<boolean>;
}

/** Group membership as last seen, with join and leave times. */
export interface GroupRoster {
  /** Adds members not yet known and refreshes names; join and leave times stay. */
  seen(members: readonly Pick<CampaignMember, 'chatId' | 'memberKey' | 'displayName' | 'externalUserId'>[]): Promise<void>;
  joined(chatId: string, members: readonly { memberKey: string; displayName?: string }[], at: number): Promise<void>;
  left(chatId: string, memberKeys: readonly string[], at: number): Promise<void>;
  members(chatIds: readonly string[]): Promise<CampaignMember[]>;
}

/** Something scheduled that must happen once across all workers. */
export interface OnceClaims {
  /** `true` for the first caller with this key, `false` ever after. */
  claim(key: string, at: number): Promise<boolean>;
  /** Gives a claim back, after the work it guarded failed, so a retry can claim it again. */
  release(key: string): Promise<void>;
}

/** Says something in a customer group, through whatever carries the bot's voice. */
export interface GroupMessenger {
  /**
   * @param dedupeKey the same key says nothing twice.
   * @param mentions member keys to @-mention.
   */
  say(chatId: string, text: string, options: { dedupeKey: string; mentions?: readonly string[] }): Promise<void>;
}

/** An internal staff group's robot (群机器人 webhook): posts only, reads nothing. */
export interface StaffGroupWebhook {
  post(webhookKey: string, text: string): Promise<void>;
}

/** Saved segments (domain/segments/segment.ts). */
export interface SegmentRepo {
  /** By id. */
  list(): Promise<Segment[]>;
  get(id: number): Promise<Segment | null>;
  create(segment: NewSegment): Promise<Segment>;
  /** `null` when there is no such segment. */
  update(id: number, changes: Partial<NewSegment>): Promise<Segment | null>;
  /** `false` when there was no such segment. */
  remove(id: number): Promise<boolean>;
}

/** Segment definitions evaluated over the customer tables, as of `now` (unix s). */
export interface SegmentQueries {
  /** How many customers are members. */
  count(definition: SegmentDefinition, now: number): Promise<number>;
  /** Up to `limit` members with an externalUserId after `after`, in externalUserId order. */
  members(definition: SegmentDefinition, now: number, page: { after?: string; limit: number }): Promise<SegmentMember[]>;
}

/** WeCom's mass messages to customers (企业群发: add_msg_template and its follow-ups). */
export interface MassMessenger {
  /** One sender's message; `msgid` is null when WeCom found nobody sendable (then all ids are in `failList`). */
  send(input: { sender: string; externalUserIds: string[]; text: string; attachments: unknown[] }): Promise<{ msgid: string | null; failList: string[] }>;
  /** Whether each sender has confirmed the message yet (get_groupmsg_task). */
  senders(msgid: string): Promise<{ userId: string; sent: boolean }[]>;
  /** Per customer of one sender (get_groupmsg_send_result): WeCom's status 0–3 and the send time. */
  results(msgid: string, userId: string): Promise<{ externalUserId: string; status: number; sendTime?: number }[]>;
}

/** One mass-message call of a recall, as far as its results are not all in. */
export interface UnsettledRecallMessage {
  id: number;
  recallId: number;
  userId: string;
  msgid: string;
}

/** Recalls, their mass-message calls and every recipient (the frequency cap's memory). */
export interface RecallStore {
  /** Stores the recall as queued: nothing is sent until a sender claims it. */
  create(recall: NewRecall): Promise<Recall>;
  get(id: number): Promise<Recall | null>;
  /** Takes a queued recall, or one whose sender's claim ran out before `now`, until `until`; false when another holds it or it is sent. */
  claim(id: number, now: number, until: number): Promise<boolean>;
  extendClaim(id: number, until: number): Promise<void>;
  /** Marks the recall sent with what sending did. */
  finish(id: number, summary: RecallSummary): Promise<void>;
  /** Recalls waiting for a sender: queued, or sending with a claim that ran out before `now`. */
  claimable(now: number): Promise<number[]>;
  /** Customers already recorded for this recall (a resumed sender skips them). */
  recipientIds(recallId: number): Promise<Set<string>>;
  /** Marks failed the mass recipients recorded for a call that never answered; returns how many. */
  failUnanswered(recallId: number): Promise<number>;
  /** Newest first. */
  list(limit: number): Promise<Recall[]>;
  /** Of `externalUserIds`, those a recall reached or is reaching (pending, sent, task) at or after `since` (unix s). */
  contactedSince(externalUserIds: string[], since: number): Promise<Set<string>>;
  /** Records recipients before anything is sent, so a crash cannot make the cap forget them. */
  addRecipients(recallId: number, rows: { externalUserId: string; userId: string; channel: 'mass' | 'task'; status: RecipientStatus }[], at: number): Promise<void>;
  /** Stores one add_msg_template answer; its recipients get the msgid, those in `failList` (or all, without a msgid) fail. */
  recordMessage(recallId: number, message: { userId: string; externalUserIds: string[]; msgid: string | null; errcode: number; failList: string[] }): Promise<void>;
  /** Calls whose results may still change: of one recall, or of every recall made at or after `since` (unix s). */
  unsettledMessages(filter: { recallId: number } | { since: number }): Promise<UnsettledRecallMessage[]>;
  /** Applies per-customer results of one call; `settled` ends its polling. Returns how many recipients changed. */
  applyResults(message: UnsettledRecallMessage, results: { externalUserId: string; status: RecipientStatus; sentAt?: number }[], settled: boolean, at: number): Promise<number>;
  /** Recipients by channel and status, with how many wrote or ordered within `windowSeconds` after the send. */
  counts(recallId: number, windowSeconds: number): Promise<RecallCounts[]>;
}

/** Quality rules (sensitive words and patterns) as admins define them. */
export interface QualityRuleRepo {
  /** By id. */
  list(): Promise<QualityRule[]>;
  get(id: number): Promise<QualityRule | null>;
  create(rule: NewQualityRule): Promise<QualityRule>;
  /** `null` when there is no such rule. */
  update(id: number, changes: Partial<NewQualityRule>): Promise<QualityRule | null>;
  remove(id: number): Promise<boolean>;
}

/** Quality settings and each salesperson's lead (the org structure is not synced). */
export interface QualitySettingsStore {
  /** The defaults until an admin saves settings. */
  settings(): Promise<QualitySettings>;
  saveSettings(settings: QualitySettings): Promise<void>;
  /** salesperson userid → lead userid. */
  leads(): Promise<Record<string, string>>;
  saveLeads(leads: Record<string, string>): Promise<void>;
}

/** Quality alerts and the conversation reads behind them. */
export interface QualityAlertStore {
  /** Stores the alert unless its key exists; the stored alert, or `null` for a known key. */
  add(alert: NewQualityAlert): Promise<QualityAlert | null>;
  /** Records a notification attempt's outcome; `sent` and `no_lead` also set notifiedAt. */
  markNotify(id: number, status: NotifyStatus, at: number): Promise<void>;
  /** Pending alerts raised in [since, before), oldest first (their first notification failed). */
  pending(since: number, before: number, limit: number): Promise<QualityAlert[]>;
  /** Alerts occurred in [from, to), newest first. */
  list(filters: { userId?: string; servingUserIds?: readonly string[]; kind?: AlertKind; from?: number; to?: number; limit: number }): Promise<QualityAlert[]>;
  countsByKind(from: number, to: number): Promise<{ userId: string; kind: AlertKind; count: number }[]>;
  /**
   * 1:1 pairs whose latest customer message (at or after `since`) has no later message
   * from the salesperson: the pair and the first message still waiting.
   */
  unanswered(since: number): Promise<{ userId: string; externalUserId: string; startAt: number }[]>;
  /** 1:1 messages with a salesperson and a customer sent in [from, to). */
  conversation(from: number, to: number): Promise<ConversationMessage[]>;
}

/** App messages (应用消息, message/send) to members. */
export interface MemberMessenger {
  sendText(toUserId: string, text: string): Promise<void>;
}

/** What a group code's join way (groupchat/add_join_way, a scene-2 QR code) is set to. */
export interface JoinWaySettings {
  state: string;
  remark: string;
  /** ≤ 5, in fill order. */
  chatIds: string[];
  autoCreateRoom: boolean;
  roomBaseName?: string;
  roomBaseId?: number;
}

/** Customer group join ways (客户群「加入群聊」, doc 92229). */
export interface JoinWayGateway {
  create(settings: JoinWaySettings): Promise<{ configId: string }>;
  /** The QR code URL and the chats listed now; null for a config WeCom does not know. */
  get(configId: string): Promise<{ qrCode: string; chatIds: string[] } | null>;
  update(configId: string, settings: JoinWaySettings): Promise<void>;
  remove(configId: string): Promise<void>;
}

/** The group welcome template library (入群欢迎语素材, group_welcome_template/*). */
export interface GroupWelcomeTemplates {
  create(welcome: GroupWelcome): Promise<string>;
  update(templateId: string, welcome: GroupWelcome): Promise<void>;
  remove(templateId: string): Promise<void>;
}

/** Group codes, their groups' last counts and the joins through them. */
export interface GroupCodeRepo {
  list(): Promise<GroupCode[]>;
  get(id: number): Promise<GroupCode | null>;
  create(code: Omit<GroupCode, 'id'>): Promise<GroupCode>;
  /** Replaces what is given; a new chat list keeps the counts of the groups it keeps. */
  update(id: number, changes: Partial<Omit<GroupCode, 'id' | 'state'>>): Promise<GroupCode | null>;
  /** Removes the code, its groups and its joins. */
  remove(id: number): Promise<boolean>;
  /** Ids of the codes that fill this group. */
  codesWithChat(chatId: string): Promise<number[]>;
  /** The code's groups as last counted (groups never counted are absent). */
  fills(codeId: number): Promise<GroupFill[]>;
  /** Stores a group's count for every code that fills it. */
  saveFill(fill: GroupFill, at: number): Promise<void>;
  /** Joins through the code into this group that have no leave yet. */
  openJoins(codeId: number, chatId: string): Promise<CodeJoin[]>;
  /** Adds joins; ones already recorded are left as they are. */
  recordJoins(codeId: number, joins: readonly CodeJoin[]): Promise<void>;
  /** Sets the leave time of these joins unless one is set. */
  recordLeaves(codeId: number, leaves: readonly CodeJoin[]): Promise<void>;
  /** Joins that began or ended in [from, to) (unix seconds). */
  joinsBetween(codeId: number, from: number, to: number): Promise<CodeJoin[]>;
}
