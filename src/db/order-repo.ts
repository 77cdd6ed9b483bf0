/** Imported orders and customer values in plain SQL (imports bring thousands of rows). */
import type { OrderStore } from '../domain/ports.ts';
import type { CustomerValue, Order, ValueLayer } from '../domain/value/customer-value.ts';
import { placeholders, type SqlClient } from './sql-client.ts';
import { booleanColumn } from './column-values.ts';

/** 7 parameters a row. */
const INSERT_CHUNK = 500;
/** 9 parameters a row, under SQLite's and PostgreSQL's parameter limits. */
const VALUE_CHUNK = 500;

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
    return (await this.valuesOf([externalUserId])).get(externalUserId) ?? null;
  }

  async saveValue(v: CustomerValue): Promise<void> {
    await this.saveValues([v]);
  }

  async buyerIds(after: string | undefined, limit: number): Promise<string[]> {
    // Walks the (externalUserId, orderedAt) index: one entry per customer skipped, no table reads.
    const rows = await this.sql.query<{ externalUserId: string }>(
      `SELECT DISTINCT "externalUserId" FROM "CustomerOrder" ${after === undefined ? '' : 'WHERE "externalUserId" > ?'} ORDER BY "externalUserId" LIMIT ?`,
      after === undefined ? [limit] : [after, limit],
    );
    return rows.map((row) => row.externalUserId);
  }

  async ordersOfMany(externalUserIds: string[]): Promise<Map<string, Pick<Order, 'amountFen' | 'orderedAt'>[]>> {
    const byCustomer = new Map<string, Pick<Order, 'amountFen' | 'orderedAt'>[]>();
    if (externalUserIds.length === 0) return byCustomer;
    const rows = await this.sql.query<{ externalUserId: string; amountFen: number | string; orderedAt: number | string }>(
      `SELECT "externalUserId", "amountFen", "orderedAt" FROM "CustomerOrder" WHERE "externalUserId" IN (${placeholders(externalUserIds.length)})`,
      externalUserIds,
    );
    for (const row of rows) {
      let own = byCustomer.get(row.externalUserId);
      if (!own) byCustomer.set(row.externalUserId, (own = []));
      own.push({ amountFen: Number(row.amountFen), orderedAt: Number(row.orderedAt) });
    }
    return byCustomer;
  }

  async valuesOf(externalUserIds: string[]): Promise<Map<string, CustomerValue>> {
    if (externalUserIds.length === 0) return new Map();
    const rows = await this.sql.query<Record<string, unknown>>(
      `SELECT "externalUserId", "totalSpendFen", "annualSpendFen", "orderCount", "firstOrderAt", "lastOrderAt", "valueLayer", "highValue"
       FROM "CustomerValue" WHERE "externalUserId" IN (${placeholders(externalUserIds.length)})`,
      externalUserIds,
    );
    return new Map(
      rows.map((row) => [
        String(row.externalUserId),
        {
          externalUserId: String(row.externalUserId),
          totalSpendFen: Number(row.totalSpendFen),
          annualSpendFen: Number(row.annualSpendFen),
          orderCount: Number(row.orderCount),
          firstOrderAt: Number(row.firstOrderAt),
          lastOrderAt: Number(row.lastOrderAt),
          valueLayer: row.valueLayer as ValueLayer,
          // SQLite stores booleans as 0/1, PostgreSQL as true/false.
          highValue: booleanColumn(row.highValue),
        },
      ]),
    );
  }

  async saveValues(values: CustomerValue[]): Promise<void> {
    const updatedAt = this.sql.toDbTime(new Date());
    for (let i = 0; i < values.length; i += VALUE_CHUNK) {
      const chunk = values.slice(i, i + VALUE_CHUNK);
      await this.sql.execute(
        `INSERT INTO "CustomerValue" ("externalUserId", "totalSpendFen", "annualSpendFen", "orderCount", "firstOrderAt", "lastOrderAt", "valueLayer", "highValue", "updatedAt")
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT ("externalUserId") DO UPDATE SET "totalSpendFen" = excluded."totalSpendFen", "annualSpendFen" = excluded."annualSpendFen",
           "orderCount" = excluded."orderCount", "firstOrderAt" = excluded."firstOrderAt", "lastOrderAt" = excluded."lastOrderAt",
           "valueLayer" = excluded."valueLayer", "highValue" = excluded."highValue", "updatedAt" = excluded."updatedAt"`,
        chunk.flatMap((v) => [
          v.externalUserId,
          v.totalSpendFen,
          v.annualSpendFen,
          v.orderCount,
          v.firstOrderAt,
          v.lastOrderAt,
          v.valueLayer,
          this.sql.dialect === 'postgresql' ? v.highValue : v.highValue ? 1 : 0,
          updatedAt,
        ]),
      );
    }
  }

  async externalUserIdsByPhone(phones: string[]): Promise<Map<string, string[]>> {
    const byPhone = new Map<string, string[]>();
    for (let i = 0; i < phones.length; i += INSERT_CHUNK) {
      const part = phones.slice(i, i + INSERT_CHUNK);
      const rows = await this.sql.query<{ phone: string; externalUserId: string }>(
        `SELECT DISTINCT "phone", "externalUserId" FROM "CustomerPhone" WHERE "phone" IN (${placeholders(part.length)}) ORDER BY "externalUserId"`,
        part,
      );
      for (const row of rows) byPhone.set(row.phone, [...(byPhone.get(row.phone) ?? []), row.externalUserId]);
    }
    return byPhone;
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
