/** Imported orders and customer values in plain SQL (imports bring thousands of rows). */
import type { OrderStore } from '../domain/ports.ts';
import type { CustomerValue, Order, ValueLayer } from '../domain/value/customer-value.ts';
import type { SqlClient } from './sql-client.ts';
import { booleanColumn } from './column-values.ts';

/** 6 parameters a row. */
const INSERT_CHUNK = 500;

export class SqlOrderStore implements OrderStore {
  constructor(private readonly sql: SqlClient) {}

  async addMany(orders: Order[]): Promise<string[]> {
    const unique = [...new Map(orders.map((o) => [o.orderId, o])).values()];
    const inserted: string[] = [];
    for (let i = 0; i < unique.length; i += INSERT_CHUNK) {
      const chunk = unique.slice(i, i + INSERT_CHUNK);
      const rows = await this.sql.query<{ orderId: string }>(
        `INSERT INTO "CustomerOrder" ("orderId", "externalUserId", "amountFen", "items", "orderedAt", "channel", "createdAt")
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT ("orderId") DO NOTHING RETURNING "orderId"`,
        chunk.flatMap((o) => [o.orderId, o.externalUserId, o.amountFen, JSON.stringify(o.items), o.orderedAt, o.channel ?? null, this.sql.toDbTime(new Date())]),
      );
      inserted.push(...rows.map((row) => row.orderId));
    }
    return inserted;
  }

  async ordersOf(externalUserId: string): Promise<Pick<Order, 'amountFen' | 'orderedAt'>[]> {
    const rows = await this.sql.query<{ amountFen: number | string; orderedAt: number | string }>(
      'SELECT "amountFen", "orderedAt" FROM "CustomerOrder" WHERE "externalUserId" = ?',
      [externalUserId],
    );
    return rows.map((row) => ({ amountFen: Number(row.amountFen), orderedAt: Number(row.orderedAt) }));
  }

  async valueOf(externalUserId: string): Promise<CustomerValue | null> {
    const [row] = await this.sql.query<Record<string, unknown>>(
      `SELECT "totalSpendFen", "annualSpendFen", "orderCount", "firstOrderAt", "lastOrderAt", "valueLayer", "highValue" FROM "CustomerValue" WHERE "externalUserId" = ?`,
      [externalUserId],
    );
    if (!row) return null;
    return {
      externalUserId,
      totalSpendFen: Number(row.totalSpendFen),
      annualSpendFen: Number(row.annualSpendFen),
      orderCount: Number(row.orderCount),
      firstOrderAt: Number(row.firstOrderAt),
      lastOrderAt: Number(row.lastOrderAt),
      valueLayer: row.valueLayer as ValueLayer,
      // SQLite stores booleans as 0/1, PostgreSQL as true/false.
      highValue: booleanColumn(row.highValue),
    };
  }

  async saveValue(v: CustomerValue): Promise<void> {
    const highValue = this.sql.dialect === 'postgresql' ? v.highValue : v.highValue ? 1 : 0;
    await this.sql.execute(
      `INSERT INTO "CustomerValue" ("externalUserId", "totalSpendFen", "annualSpendFen", "orderCount", "firstOrderAt", "lastOrderAt", "valueLayer", "highValue", "updatedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT ("externalUserId") DO UPDATE SET "totalSpendFen" = excluded."totalSpendFen", "annualSpendFen" = excluded."annualSpendFen",
         "orderCount" = excluded."orderCount", "firstOrderAt" = excluded."firstOrderAt", "lastOrderAt" = excluded."lastOrderAt",
         "valueLayer" = excluded."valueLayer", "highValue" = excluded."highValue", "updatedAt" = excluded."updatedAt"`,
      [v.externalUserId, v.totalSpendFen, v.annualSpendFen, v.orderCount, v.firstOrderAt, v.lastOrderAt, v.valueLayer, highValue, this.sql.toDbTime(new Date())],
    );
  }

  async externalUserIdsByUnionId(unionIds: string[]): Promise<Map<string, string>> {
    if (unionIds.length === 0) return new Map();
    const rows = await this.sql.query<{ unionId: string; externalUserId: string }>(
      `SELECT "unionId", "externalUserId" FROM "Customer" WHERE "unionId" IN (${unionIds.map(() => '?').join(', ')})`,
      unionIds,
    );
    return new Map(rows.map((row) => [row.unionId, row.externalUserId]));
  }
}
