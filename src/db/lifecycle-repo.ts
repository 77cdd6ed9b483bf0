/**
 * Lifecycle facts and stages in plain SQL: the periodic refresh walks every customer, so
 * each page of 500 is three grouped queries (relations, inbound messages, orders).
 */
import type { LifecycleStore } from '../domain/ports.ts';
import type { LifecycleFacts, LifecycleStage } from '../domain/value/lifecycle.ts';
import { nullableNumber } from './column-values.ts';
import { placeholders, type SqlClient } from './sql-client.ts';


export class SqlLifecycleStore implements LifecycleStore {
  constructor(private readonly sql: SqlClient) {}

  async factsFor(ids: string[]): Promise<LifecycleFacts[]> {
    if (ids.length === 0) return [];
    const list = placeholders(ids.length);
    const [relations, messages, values] = await Promise.all([
      this.sql.query<Record<string, unknown>>(
        // Before WeCom's details are fetched a relation has no addedAt; the add event's time stands in.
        `SELECT "externalUserId", MIN(COALESCE("addedAt", "statusChangedAt")) AS "firstAddedAt",
           SUM(CASE WHEN "status" IN ('active', 'pending') THEN 1 ELSE 0 END) AS "served",
           SUM(CASE WHEN "status" = 'removed_by_customer' THEN 1 ELSE 0 END) AS "removedByCustomer"
         FROM "FollowRelation" WHERE "externalUserId" IN (${list}) GROUP BY "externalUserId"`,
        ids,
      ),
      this.sql.query<Record<string, unknown>>(
        `SELECT "externalUserId", MAX("sentAt") AS "lastInboundAt" FROM "ChatMessage"
         WHERE "direction" = 'in' AND "externalUserId" IN (${list}) GROUP BY "externalUserId"`,
        ids,
      ),
      this.sql.query<Record<string, unknown>>(`SELECT "externalUserId", "lastOrderAt", "orderCount" FROM "CustomerValue" WHERE "externalUserId" IN (${list})`, ids),
    ]);
    const lastInbound = new Map(messages.map((row) => [row.externalUserId as string, nullableNumber(row.lastInboundAt)]));
    const orders = new Map(values.map((row) => [row.externalUserId as string, { lastOrderAt: nullableNumber(row.lastOrderAt), orderCount: Number(row.orderCount) }]));
    return relations.map((row) => {
      const id = row.externalUserId as string;
      return {
        externalUserId: id,
        firstAddedAt: nullableNumber(row.firstAddedAt),
        served: Number(row.served) > 0,
        removedByCustomer: Number(row.removedByCustomer) > 0,
        lastInboundAt: lastInbound.get(id) ?? null,
        lastOrderAt: orders.get(id)?.lastOrderAt ?? null,
        orderCount: orders.get(id)?.orderCount ?? 0,
      };
    });
  }

  async customerIds(after: string | undefined, limit: number): Promise<string[]> {
    const rows = await this.sql.query<{ externalUserId: string }>(
      `SELECT DISTINCT "externalUserId" FROM "FollowRelation" ${after === undefined ? '' : 'WHERE "externalUserId" > ?'} ORDER BY "externalUserId" LIMIT ?`,
      after === undefined ? [limit] : [after, limit],
    );
    return rows.map((row) => row.externalUserId);
  }

  async stagesOf(ids: string[]): Promise<Map<string, { stage: LifecycleStage; since: number }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.sql.query<{ externalUserId: string; stage: string; since: number | string }>(
      `SELECT "externalUserId", "stage", "since" FROM "CustomerLifecycle" WHERE "externalUserId" IN (${placeholders(ids.length)})`,
      ids,
    );
    return new Map(rows.map((row) => [row.externalUserId, { stage: row.stage as LifecycleStage, since: Number(row.since) }]));
  }

  async save(externalUserId: string, stage: LifecycleStage, since: number): Promise<void> {
    await this.sql.execute(
      `INSERT INTO "CustomerLifecycle" ("externalUserId", "stage", "since", "updatedAt") VALUES (?, ?, ?, ?)
       ON CONFLICT ("externalUserId") DO UPDATE SET "stage" = excluded."stage", "since" = excluded."since", "updatedAt" = excluded."updatedAt"`,
      [externalUserId, stage, since, this.sql.toDbTime(new Date())],
    );
  }
}
