/** Staff handovers in Prisma: written per admin request and per result poll, both rare. */
import type { HandoverKind, HandoverPair, HandoverRecord, HandoverStatus } from '../domain/contact/handover.ts';
import type { HandoverStore } from '../domain/ports.ts';
import type { Handover as HandoverRow } from './generated/sqlite/client.ts';
import type { Db } from './prisma.ts';

function toRecord(row: HandoverRow): HandoverRecord {
  const record: HandoverRecord = {
    kind: row.kind as HandoverKind,
    handoverUserId: row.handoverUserId,
    takeoverUserId: row.takeoverUserId,
    externalUserId: row.externalUserId,
    status: row.status as HandoverStatus,
    requestedAt: row.requestedAt,
  };
  if (row.errcode !== null) record.errcode = row.errcode;
  if (row.takeoverTime !== null) record.takeoverTime = row.takeoverTime;
  return record;
}

export class PrismaHandoverStore implements HandoverStore {
  constructor(private readonly db: Db) {}

  async record(rows: HandoverRecord[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.handover.createMany({
      data: rows.map((row) => ({ ...row, errcode: row.errcode ?? null, takeoverTime: row.takeoverTime ?? null })),
    });
  }

  async waitingFrom(handoverUserId: string, externalUserIds: string[]): Promise<Set<string>> {
    const rows = await this.db.handover.findMany({
      where: { handoverUserId, status: 'waiting', externalUserId: { in: externalUserIds } },
      select: { externalUserId: true },
    });
    return new Set(rows.map((row) => row.externalUserId));
  }

  async waitingPairs(): Promise<HandoverPair[]> {
    const rows = await this.db.handover.findMany({
      where: { status: 'waiting' },
      distinct: ['kind', 'handoverUserId', 'takeoverUserId'],
      select: { kind: true, handoverUserId: true, takeoverUserId: true },
      orderBy: [{ handoverUserId: 'asc' }, { takeoverUserId: 'asc' }],
    });
    return rows.map((row) => ({ ...row, kind: row.kind as HandoverKind }));
  }

  async applyResults(
    pair: HandoverPair,
    results: { externalUserId: string; status: HandoverStatus; takeoverTime?: number }[],
    checkedAt: number,
  ): Promise<number> {
    let changed = 0;
    await this.db.$transaction(async (tx) => {
      for (const result of results) {
        const { count } = await tx.handover.updateMany({
          where: { ...pair, externalUserId: result.externalUserId, status: 'waiting' },
          data: { status: result.status, takeoverTime: result.takeoverTime ?? null, checkedAt },
        });
        if (result.status !== 'waiting') changed += count;
      }
    });
    return changed;
  }

  async markFailed(takeoverUserId: string, externalUserId: string, status: HandoverStatus, at: number): Promise<void> {
    await this.db.handover.updateMany({ where: { takeoverUserId, externalUserId, status: 'waiting' }, data: { status, checkedAt: at } });
  }

  async list(filters: { status?: HandoverStatus; handoverUserId?: string; kind?: HandoverKind; limit: number }): Promise<HandoverRecord[]> {
    const rows = await this.db.handover.findMany({
      where: { status: filters.status, handoverUserId: filters.handoverUserId, kind: filters.kind },
      orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
      take: filters.limit,
    });
    return rows.map(toRecord);
  }
}
