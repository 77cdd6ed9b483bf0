/**
 * In-memory fakes of the ports in src/domain/ports.ts. Each behaves like a small world
 * (state that later calls observe), mirroring the semantics of the real adapter, rather
 * than a stub that answers one call.
 */
import type { ContactSnapshot, RelationState, RelationStatus } from '../../src/domain/contact/contact.ts';
import type { WecomEvent } from '../../src/domain/events.ts';
import type {
  ContactDirectory,
  ContactRepo,
  CustomerTagStore,
  EventQueue,
  InboxEntry,
  InboxStore,
  StoredInboxEntry,
  TransferFailureRecord,
} from '../../src/domain/ports.ts';
import type { TagChangeRecord } from '../../src/domain/tags/tags.ts';
import { createRootLogger, type Logger } from '../../src/shared/logger.ts';

interface InboxRow extends StoredInboxEntry {
  lastError: string | null;
}

function copyRow(row: InboxRow): InboxRow {
  return {
    ...row,
    event: structuredClone(row.event),
    receivedAt: new Date(row.receivedAt),
    processedAt: row.processedAt === null ? null : new Date(row.processedAt),
  };
}

/** The durable inbox as a Map keyed by dedupe key; mirrors src/db/inbox-repo.ts. */
export class InMemoryInboxStore implements InboxStore {
  private readonly rows = new Map<string, InboxRow>();
  /** When set, every call rejects with this error (a database that is down). */
  failWith: Error | null = null;

  async add(entry: InboxEntry): Promise<boolean> {
    const [isNew] = await this.addMany([entry]);
    return isNew ?? false;
  }

  async addMany(entries: InboxEntry[]): Promise<boolean[]> {
    this.check();
    // Only the first occurrence of an unknown key is new; repeats in one batch are replays.
    return entries.map((entry) => {
      if (this.rows.has(entry.dedupeKey)) return false;
      this.rows.set(entry.dedupeKey, {
        dedupeKey: entry.dedupeKey,
        event: structuredClone(entry.event),
        receivedAt: new Date(entry.receivedAt),
        status: 'received',
        attempts: 0,
        processedAt: null,
        lastError: null,
      });
      return true;
    });
  }

  async get(dedupeKey: string): Promise<StoredInboxEntry | null> {
    this.check();
    const row = this.rows.get(dedupeKey);
    if (!row) return null;
    const copy = copyRow(row);
    return {
      dedupeKey: copy.dedupeKey,
      event: copy.event,
      receivedAt: copy.receivedAt,
      status: copy.status,
      attempts: copy.attempts,
      processedAt: copy.processedAt,
    };
  }

  async listUnprocessed(before: Date, limit: number): Promise<InboxEntry[]> {
    this.check();
    return [...this.rows.values()]
      .filter((row) => row.status === 'received' && row.receivedAt.getTime() < before.getTime())
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())
      .slice(0, limit)
      .map((row) => {
        const copy = copyRow(row);
        return { dedupeKey: copy.dedupeKey, event: copy.event, receivedAt: copy.receivedAt };
      });
  }

  async markProcessed(dedupeKey: string, at: Date): Promise<void> {
    this.check();
    const row = this.rows.get(dedupeKey);
    if (!row || row.status === 'processed') return;
    row.status = 'processed';
    row.processedAt = new Date(at);
    row.attempts += 1;
    row.lastError = null;
  }

  async recordFailure(dedupeKey: string, error: string, final: boolean): Promise<void> {
    this.check();
    const row = this.rows.get(dedupeKey);
    if (!row || row.status !== 'received') return;
    row.attempts += 1;
    row.lastError = error.slice(0, 1000);
    if (final) row.status = 'failed';
  }

  /** Test inspection: the last recorded error of an entry, or undefined when unknown. */
  lastError(dedupeKey: string): string | null | undefined {
    return this.rows.get(dedupeKey)?.lastError;
  }

  /** Test inspection: how many entries are stored. */
  get size(): number {
    return this.rows.size;
  }

  private check(): void {
    if (this.failWith) throw this.failWith;
  }
}

/**
 * The event queue: a key already queued is ignored (like a BullMQ custom job id), and
 * `down = true` makes every enqueue reject (Redis unreachable).
 */
export class InMemoryEventQueue implements EventQueue {
  /** Keys accepted, in order (a duplicate is not recorded again). */
  readonly enqueued: string[] = [];
  /** Every enqueue attempt, accepted or not. */
  readonly attempts: string[] = [];
  down = false;
  private readonly queued = new Set<string>();

  async enqueue(dedupeKey: string): Promise<void> {
    await this.enqueueMany([dedupeKey]);
  }

  async enqueueMany(dedupeKeys: string[]): Promise<void> {
    this.attempts.push(...dedupeKeys);
    if (this.down) throw new Error('queue unavailable: connect ECONNREFUSED 127.0.0.1:6390');
    for (const key of dedupeKeys) {
      if (this.queued.has(key)) continue;
      this.queued.add(key);
      this.enqueued.push(key);
    }
  }

  isQueued(dedupeKey: string): boolean {
    return this.queued.has(dedupeKey);
  }

  /** A worker finished the job and it was removed, so the key may be queued again. */
  remove(dedupeKey: string): void {
    this.queued.delete(dedupeKey);
  }
}

/** A logger that writes nothing. */
export function silentLogger(): Logger {
  return createRootLogger('silent');
}

/** A contact-added event for factories; override any field. */
export function contactAddedEvent(overrides: Partial<Extract<WecomEvent, { type: 'contact_changed' }>> = {}): WecomEvent {
  return {
    type: 'contact_changed',
    change: 'add_external_contact',
    corpId: 'ww0123456789abcdef',
    createTime: 1717000000,
    userId: 'sales.li',
    externalUserId: 'wmAbCdEfGhIjKlMnOpQrStUvWxYz0001',
    ...overrides,
  };
}

/** An inbox entry for factories. */
export function inboxEntry(dedupeKey: string, receivedAt: Date, event: WecomEvent = contactAddedEvent()): InboxEntry {
  return { dedupeKey, event, receivedAt };
}

/** A customer row as src/db/contact-repo.ts stores it: absent optional fields are null. */
export interface StoredCustomer {
  externalUserId: string;
  name: string;
  avatar: string | null;
  type: number;
  gender: number;
  unionId: string | null;
  position: string | null;
  corpName: string | null;
  corpFullName: string | null;
  fetchedAt: Date;
}

/** A FollowRelation row as src/db/contact-repo.ts stores it (tagIds decoded). */
export interface StoredRelation {
  userId: string;
  externalUserId: string;
  status: RelationStatus;
  statusChangedAt: number;
  remark: string | null;
  description: string | null;
  addWay: number | null;
  state: string | null;
  operUserId: string | null;
  addedAt: number | null;
  tagIds: string[];
  removedByStaffAt: number | null;
  removalSource: string | null;
  removedByCustomerAt: number | null;
}

const relationKey = (userId: string, externalUserId: string): string => `${userId}\u0000${externalUserId}`;
const copyRelation = (row: StoredRelation): StoredRelation => ({ ...row, tagIds: [...row.tagIds] });

/**
 * Customers and relations in Maps; mirrors src/db/contact-repo.ts: every write is an
 * upsert, a snapshot never moves an existing relation's status, and the event's channel
 * state only fills a relation that did not exist yet.
 */
export class InMemoryContactRepo implements ContactRepo, CustomerTagStore {
  private readonly customers = new Map<string, StoredCustomer>();
  private readonly relations = new Map<string, StoredRelation>();
  private readonly failures: TransferFailureRecord[] = [];
  private readonly tagChanges: TagChangeRecord[] = [];

  async tagsOf(userId: string, externalUserId: string): Promise<string[] | null> {
    const row = this.relations.get(relationKey(userId, externalUserId));
    return row ? [...row.tagIds] : null;
  }

  async recordChange(input: { userId: string; externalUserId: string; next: string[]; changes: TagChangeRecord[] }): Promise<void> {
    const row = this.relations.get(relationKey(input.userId, input.externalUserId));
    if (row) row.tagIds = [...input.next];
    for (const change of input.changes) {
      const same = (c: TagChangeRecord) =>
        c.operationId === change.operationId && c.userId === change.userId && c.externalUserId === change.externalUserId && c.tagId === change.tagId && c.action === change.action;
      if (!this.tagChanges.some(same)) this.tagChanges.push({ ...change });
    }
  }

  async history(externalUserId: string, limit: number): Promise<TagChangeRecord[]> {
    return this.tagChanges.filter((c) => c.externalUserId === externalUserId).reverse().slice(0, limit);
  }

  async getRelation(userId: string, externalUserId: string): Promise<RelationState | null> {
    const row = this.relations.get(relationKey(userId, externalUserId));
    if (!row) return null;
    const state: RelationState = { status: row.status, statusChangedAt: row.statusChangedAt };
    if (row.removedByStaffAt !== null) state.removedByStaffAt = row.removedByStaffAt;
    if (row.removalSource !== null) state.removalSource = row.removalSource;
    if (row.removedByCustomerAt !== null) state.removedByCustomerAt = row.removedByCustomerAt;
    return state;
  }

  async saveSnapshot(snapshot: ContactSnapshot, fetchedAt: Date): Promise<void> {
    const { customer, followers } = snapshot;
    this.customers.set(customer.externalUserId, {
      externalUserId: customer.externalUserId,
      name: customer.name,
      avatar: customer.avatar ?? null,
      type: customer.type,
      gender: customer.gender,
      unionId: customer.unionId ?? null,
      position: customer.position ?? null,
      corpName: customer.corpName ?? null,
      corpFullName: customer.corpFullName ?? null,
      fetchedAt: new Date(fetchedAt),
    });
    for (const follower of followers) {
      const key = relationKey(follower.userId, customer.externalUserId);
      const details = {
        remark: follower.remark ?? null,
        description: follower.description ?? null,
        addWay: follower.addWay ?? null,
        state: follower.state ?? null,
        operUserId: follower.operUserId ?? null,
        addedAt: follower.addedAt ?? null,
        tagIds: [...follower.tagIds],
      };
      const existing = this.relations.get(key);
      if (existing) {
        Object.assign(existing, details);
        continue;
      }
      this.relations.set(key, {
        userId: follower.userId,
        externalUserId: customer.externalUserId,
        status: 'active',
        statusChangedAt: follower.addedAt ?? 0,
        removedByStaffAt: null,
        removalSource: null,
        removedByCustomerAt: null,
        ...details,
      });
    }
  }

  async setRelationState(userId: string, externalUserId: string, state: RelationState, channelState?: string): Promise<void> {
    const key = relationKey(userId, externalUserId);
    const fields = {
      status: state.status,
      statusChangedAt: state.statusChangedAt,
      removedByStaffAt: state.removedByStaffAt ?? null,
      removalSource: state.removalSource ?? null,
      removedByCustomerAt: state.removedByCustomerAt ?? null,
    };
    const existing = this.relations.get(key);
    if (existing) {
      Object.assign(existing, fields);
      return;
    }
    this.relations.set(key, {
      userId,
      externalUserId,
      remark: null,
      description: null,
      addWay: null,
      state: channelState ?? null,
      operUserId: null,
      addedAt: null,
      tagIds: [],
      ...fields,
    });
  }

  async recordTransferFailure(failure: TransferFailureRecord): Promise<void> {
    const existing = this.failures.find(
      (f) => f.takeoverUserId === failure.takeoverUserId && f.externalUserId === failure.externalUserId && f.occurredAt === failure.occurredAt,
    );
    if (existing) existing.reason = failure.reason;
    else this.failures.push({ ...failure });
  }

  /** Test inspection: a copy of the relation row, or undefined when none. */
  relation(userId: string, externalUserId: string): StoredRelation | undefined {
    const row = this.relations.get(relationKey(userId, externalUserId));
    return row && copyRelation(row);
  }

  /** Test inspection: a copy of the customer row, or undefined when none. */
  customer(externalUserId: string): StoredCustomer | undefined {
    const row = this.customers.get(externalUserId);
    return row && { ...row, fetchedAt: new Date(row.fetchedAt) };
  }

  /** Test inspection: the recorded transfer failures, in insertion order (copies). */
  get transferFailures(): TransferFailureRecord[] {
    return this.failures.map((f) => ({ ...f }));
  }

  /** Test inspection: how many customer and relation rows exist. */
  get counts(): { customers: number; relations: number } {
    return { customers: this.customers.size, relations: this.relations.size };
  }
}

/** WeCom's externalcontact/get as a map of snapshots: unknown ids answer null; calls are counted. */
export class InMemoryContactDirectory implements ContactDirectory {
  private readonly snapshots = new Map<string, ContactSnapshot>();
  /** Every id asked for, in order. */
  readonly calls: string[] = [];

  constructor(snapshots: ContactSnapshot[] = []) {
    for (const snapshot of snapshots) this.set(snapshot);
  }

  /** Sets (or replaces) what WeCom currently says about the customer. */
  set(snapshot: ContactSnapshot): void {
    this.snapshots.set(snapshot.customer.externalUserId, structuredClone(snapshot));
  }

  /** WeCom no longer knows the customer (40096/84061). */
  forget(externalUserId: string): void {
    this.snapshots.delete(externalUserId);
  }

  async getContact(externalUserId: string): Promise<ContactSnapshot | null> {
    this.calls.push(externalUserId);
    const snapshot = this.snapshots.get(externalUserId);
    return snapshot ? structuredClone(snapshot) : null;
  }
}
