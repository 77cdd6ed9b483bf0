/**
 * Customers and salesperson–customer relations, keyed by WeCom's ids so every write is
 * an upsert and replaying an event leaves the same rows. Plain SQL (see sql-client.ts):
 * every new customer passes through here several times within seconds of the add, and
 * Prisma's per-query cost (~1 ms) made contact handling the worker's bottleneck.
 */
import type { ContactSnapshot, RelationState, RelationStatus } from '../domain/contact/contact.ts';
import type { ContactRepo, CustomerNames, CustomerRoster, SalespersonLoads, TransferFailureLog, TransferFailureRecord } from '../domain/ports.ts';
import type { SqlClient } from './sql-client.ts';

/** Optional values as SQL parameters: absent → NULL, so a cleared remark is cleared. */
const orNull = <T>(value: T | undefined): T | null => value ?? null;

interface RelationRow extends Record<string, unknown> {
  status: string;
  statusChangedAt: number | string;
  removedByStaffAt: number | string | null;
  removalSource: string | null;
  removedByCustomerAt: number | string | null;
}

const UPSERT_CUSTOMER = `
  INSERT INTO "Customer" ("externalUserId", "name", "avatar", "type", "gender", "unionId", "position", "corpName", "corpFullName", "fetchedAt", "createdAt", "updatedAt")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT ("externalUserId") DO UPDATE SET "name" = excluded."name", "avatar" = excluded."avatar", "type" = excluded."type",
    "gender" = excluded."gender", "unionId" = excluded."unionId", "position" = excluded."position", "corpName" = excluded."corpName",
    "corpFullName" = excluded."corpFullName", "fetchedAt" = excluded."fetchedAt", "updatedAt" = excluded."updatedAt"`;

// A follower first seen in a snapshot is active as of its add time; an existing relation keeps its status.
const UPSERT_FOLLOW_DETAILS = `
  INSERT INTO "FollowRelation" ("userId", "externalUserId", "status", "statusChangedAt", "remark", "description", "addWay", "state", "operUserId", "addedAt", "tagIds", "updatedAt")
  VALUES (?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT ("userId", "externalUserId") DO UPDATE SET "remark" = excluded."remark", "description" = excluded."description",
    "addWay" = excluded."addWay", "state" = excluded."state", "operUserId" = excluded."operUserId", "addedAt" = excluded."addedAt",
    "tagIds" = excluded."tagIds", "updatedAt" = excluded."updatedAt"`;

// The channel `state` from the event only fills a gap on creation; the API's value wins later.
const UPSERT_RELATION_STATE = `
  INSERT INTO "FollowRelation" ("userId", "externalUserId", "status", "statusChangedAt", "removedByStaffAt", "removalSource", "removedByCustomerAt", "state", "updatedAt")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT ("userId", "externalUserId") DO UPDATE SET "status" = excluded."status", "statusChangedAt" = excluded."statusChangedAt",
    "removedByStaffAt" = excluded."removedByStaffAt", "removalSource" = excluded."removalSource",
    "removedByCustomerAt" = excluded."removedByCustomerAt", "updatedAt" = excluded."updatedAt"`;

export class SqlContactRepo implements ContactRepo, CustomerNames, TransferFailureLog, SalespersonLoads, CustomerRoster {
  constructor(private readonly sql: SqlClient) {}

  async activeCustomersOf(userId: string): Promise<string[]> {
    const rows = await this.sql.query<{ externalUserId: string }>(
      `SELECT "externalUserId" FROM "FollowRelation" WHERE "userId" = ? AND "status" = 'active' ORDER BY "externalUserId"`,
      [userId],
    );
    return rows.map((row) => row.externalUserId);
  }

  async activeFollowersOf(externalUserId: string): Promise<string[]> {
    const rows = await this.sql.query<{ userId: string }>(
      `SELECT "userId" FROM "FollowRelation" WHERE "externalUserId" = ? AND "status" = 'active' ORDER BY COALESCE("addedAt", 0) DESC, "userId"`,
      [externalUserId],
    );
    return rows.map((row) => row.userId);
  }

  async customerCounts(userIds: readonly string[]): Promise<Map<string, number>> {
    if (userIds.length === 0) return new Map();
    // Uses the (userId, status) index; pending half-adds count, as WeCom counts them toward the cap.
    const rows = await this.sql.query<{ userId: string; count: number | string }>(
      `SELECT "userId", COUNT(*) AS "count" FROM "FollowRelation"
       WHERE "userId" IN (${userIds.map(() => '?').join(', ')}) AND "status" IN ('active', 'pending') GROUP BY "userId"`,
      [...userIds],
    );
    return new Map(rows.map((row) => [row.userId, Number(row.count)]));
  }

  async getRelation(userId: string, externalUserId: string): Promise<RelationState | null> {
    const [row] = await this.sql.query<RelationRow>(
      `SELECT "status", "statusChangedAt", "removedByStaffAt", "removalSource", "removedByCustomerAt"
       FROM "FollowRelation" WHERE "userId" = ? AND "externalUserId" = ?`,
      [userId, externalUserId],
    );
    if (!row) return null;
    const state: RelationState = { status: row.status as RelationStatus, statusChangedAt: Number(row.statusChangedAt) };
    if (row.removedByStaffAt !== null) state.removedByStaffAt = Number(row.removedByStaffAt);
    if (row.removalSource !== null) state.removalSource = row.removalSource;
    if (row.removedByCustomerAt !== null) state.removedByCustomerAt = Number(row.removedByCustomerAt);
    return state;
  }

  /** One transaction: a fetch lands whole, and one commit instead of one per row. */
  async saveSnapshot(snapshot: ContactSnapshot, fetchedAt: Date): Promise<void> {
    const { customer, followers } = snapshot;
    const now = this.sql.toDbTime(fetchedAt);
    await this.sql.transaction(async (tx) => {
      await tx.execute(UPSERT_CUSTOMER, [
        customer.externalUserId, customer.name, orNull(customer.avatar), customer.type, customer.gender, orNull(customer.unionId),
        orNull(customer.position), orNull(customer.corpName), orNull(customer.corpFullName), now, now, now,
      ]);
      for (const f of followers) {
        await tx.execute(UPSERT_FOLLOW_DETAILS, [
          f.userId, customer.externalUserId, f.addedAt ?? 0, orNull(f.remark), orNull(f.description), orNull(f.addWay),
          orNull(f.state), orNull(f.operUserId), orNull(f.addedAt), JSON.stringify(f.tagIds), now,
        ]);
        if (f.remarkMobiles) await replacePhones(tx, f.userId, customer.externalUserId, f.remarkMobiles);
      }
    });
  }

  async setRelationState(userId: string, externalUserId: string, state: RelationState, channelState?: string): Promise<void> {
    await this.sql.execute(UPSERT_RELATION_STATE, [
      userId, externalUserId, state.status, state.statusChangedAt, orNull(state.removedByStaffAt), orNull(state.removalSource),
      orNull(state.removedByCustomerAt), orNull(channelState), this.sql.toDbTime(new Date()),
    ]);
  }

  async recordTransferFailure(failure: TransferFailureRecord): Promise<void> {
    await this.sql.execute(
      `INSERT INTO "TransferFailure" ("takeoverUserId", "externalUserId", "reason", "occurredAt") VALUES (?, ?, ?, ?)
       ON CONFLICT ("takeoverUserId", "externalUserId", "occurredAt") DO NOTHING`,
      [failure.takeoverUserId, failure.externalUserId, failure.reason, failure.occurredAt],
    );
  }

  async nameOf(externalUserId: string): Promise<string | undefined> {
    const [row] = await this.sql.query<{ name: string }>('SELECT "name" FROM "Customer" WHERE "externalUserId" = ?', [externalUserId]);
    return row?.name || undefined;
  }

  async recent(limit: number): Promise<TransferFailureRecord[]> {
    const rows = await this.sql.query<{ takeoverUserId: string; externalUserId: string; reason: string; occurredAt: number | string }>(
      `SELECT "takeoverUserId", "externalUserId", "reason", "occurredAt" FROM "TransferFailure" ORDER BY "occurredAt" DESC, "id" DESC LIMIT ?`,
      [limit],
    );
    return rows.map((row) => ({ ...row, occurredAt: Number(row.occurredAt) }));
  }
}

/** The salesperson's noted phones for the customer, as WeCom has them now; untouched when unchanged (the usual case). */
async function replacePhones(tx: SqlClient, userId: string, externalUserId: string, phones: readonly string[]): Promise<void> {
  const stored = await tx.query<{ phone: string }>('SELECT "phone" FROM "CustomerPhone" WHERE "externalUserId" = ? AND "userId" = ?', [externalUserId, userId]);
  const wanted = new Set(phones);
  if (stored.length === wanted.size && stored.every((row) => wanted.has(row.phone))) return;
  await tx.execute('DELETE FROM "CustomerPhone" WHERE "externalUserId" = ? AND "userId" = ?', [externalUserId, userId]);
  if (wanted.size === 0) return;
  const distinct = [...wanted];
  await tx.execute(
    `INSERT INTO "CustomerPhone" ("phone", "externalUserId", "userId") VALUES ${distinct.map(() => '(?, ?, ?)').join(', ')}`,
    distinct.flatMap((phone) => [phone, externalUserId, userId]),
  );
}
