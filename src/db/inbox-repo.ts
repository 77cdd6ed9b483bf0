/**
 * The durable inbox (InboxEvent rows) behind the InboxStore port. `add` group-commits:
 * the callbacks arriving while one batch is being written go together into the next.
 */
import type { WecomEvent } from '../domain/events.ts';
import { eventLabel } from '../domain/events.ts';
import type { InboxEntry, InboxStatus, InboxStore, StoredInboxEntry } from '../domain/ports.ts';
import { GroupCommit } from '../shared/group-commit.ts';
import type { Db } from './prisma.ts';
import { isUniqueViolation } from './prisma-errors.ts';

type Row = Awaited<ReturnType<Db['inboxEvent']['findUniqueOrThrow']>>;

function toEntry(row: Row): StoredInboxEntry {
  return {
    dedupeKey: row.dedupeKey,
    event: JSON.parse(row.payload) as WecomEvent,
    receivedAt: row.receivedAt,
    status: row.status as InboxStatus,
    attempts: row.attempts,
    processedAt: row.processedAt,
  };
}

export class PrismaInboxStore implements InboxStore {
  private readonly writer = new GroupCommit<InboxEntry, boolean>((entries) => this.addMany(entries));

  constructor(private readonly db: Db) {}

  /** Stores one entry through the group commit; `true` when it was new. */
  add(entry: InboxEntry): Promise<boolean> {
    return this.writer.submit(entry);
  }

  async addMany(entries: InboxEntry[]): Promise<boolean[]> {
    const keys = [...new Set(entries.map((e) => e.dedupeKey))];
    const existing = await this.db.inboxEvent.findMany({
      where: { dedupeKey: { in: keys } },
      select: { dedupeKey: true },
    });
    const known = new Set(existing.map((row) => row.dedupeKey));
    const fresh = new Map<string, InboxEntry>();
    for (const entry of entries) if (!known.has(entry.dedupeKey) && !fresh.has(entry.dedupeKey)) fresh.set(entry.dedupeKey, entry);
    const inserted = await this.insert([...fresh.values()]);
    // Only the first occurrence of a fresh key counts as new; repeats in the same batch are replays.
    const claimed = new Set<string>();
    return entries.map((entry) => {
      if (!inserted.has(entry.dedupeKey) || claimed.has(entry.dedupeKey)) return false;
      claimed.add(entry.dedupeKey);
      return true;
    });
  }

  /** Inserts in one statement; if another process won a race for a key, falls back row by row. */
  private async insert(entries: InboxEntry[]): Promise<Set<string>> {
    if (entries.length === 0) return new Set();
    const data = entries.map((entry) => ({
      dedupeKey: entry.dedupeKey,
      kind: eventLabel(entry.event),
      corpId: entry.event.corpId,
      payload: JSON.stringify(entry.event),
      receivedAt: entry.receivedAt,
    }));
    try {
      await this.db.inboxEvent.createMany({ data });
      return new Set(entries.map((e) => e.dedupeKey));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const inserted = new Set<string>();
    for (const row of data) {
      try {
        await this.db.inboxEvent.create({ data: row });
        inserted.add(row.dedupeKey);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    return inserted;
  }

  async get(dedupeKey: string): Promise<StoredInboxEntry | null> {
    const row = await this.db.inboxEvent.findUnique({ where: { dedupeKey } });
    return row ? toEntry(row) : null;
  }

  async listUnprocessed(before: Date, limit: number): Promise<InboxEntry[]> {
    const rows = await this.db.inboxEvent.findMany({
      where: { status: 'received', receivedAt: { lt: before } },
      orderBy: { receivedAt: 'asc' },
      take: limit,
    });
    return rows.map(toEntry);
  }

  async markProcessed(dedupeKey: string, at: Date): Promise<void> {
    await this.db.inboxEvent.updateMany({
      where: { dedupeKey, status: { not: 'processed' } },
      data: { status: 'processed', processedAt: at, attempts: { increment: 1 }, lastError: null },
    });
  }

  async recordFailure(dedupeKey: string, error: string, final: boolean): Promise<void> {
    await this.db.inboxEvent.updateMany({
      where: { dedupeKey, status: 'received' },
      data: { attempts: { increment: 1 }, lastError: error.slice(0, 1000), ...(final ? { status: 'failed' } : {}) },
    });
  }

  /** Waits for writes still in the group commit (graceful shutdown). */
  drain(): Promise<void> {
    return this.writer.drain();
  }
}
