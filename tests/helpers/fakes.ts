/**
 * In-memory fakes of the ports in src/domain/ports.ts. Each behaves like a small world
 * (state that later calls observe), mirroring the semantics of the real adapter, rather
 * than a stub that answers one call.
 */
import type { WecomEvent } from '../../src/domain/events.ts';
import type { EventQueue, InboxEntry, InboxStore, StoredInboxEntry } from '../../src/domain/ports.ts';
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
