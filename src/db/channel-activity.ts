/**
 * A channel's activity from FollowRelation in SQL that runs unchanged on SQLite and
 * PostgreSQL. Every query is a range on one of the (state, addedAt | removedByStaffAt |
 * removedByCustomerAt) indexes, so a busy channel costs its own rows, not the table's.
 * China days are `(t + 8 h) / 1 day` in integer arithmetic, as on the dashboard.
 */
import type { ChannelDayCounts } from '../domain/metrics/channel-stats.ts';
import { DASHBOARD_UTC_OFFSET_SEC, type TimeWindow } from '../domain/metrics/dashboard.ts';
import type { ChannelActivity } from '../domain/ports.ts';
import type { SqlClient } from './sql-client.ts';

type Row = Record<string, unknown>;
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/** Counts per China day of relations from the channel whose `column` falls in the window. */
const perDay = (column: string) =>
  `SELECT ("${column}" + ${DASHBOARD_UTC_OFFSET_SEC}) / 86400 AS "day", COUNT(*) AS "n"
   FROM "FollowRelation" WHERE "state" = ? AND "${column}" >= ? AND "${column}" < ? GROUP BY 1`;

export class SqlChannelActivity implements ChannelActivity {
  constructor(private readonly sql: SqlClient) {}

  async addsByUser(state: string, window: TimeWindow): Promise<Map<string, number>> {
    const rows = await this.sql.query<Row>(
      `SELECT "userId", COUNT(*) AS "n" FROM "FollowRelation" WHERE "state" = ? AND "addedAt" >= ? AND "addedAt" < ? GROUP BY "userId"`,
      [state, window.start, window.end],
    );
    return new Map(rows.map((row) => [String(row.userId), num(row.n)]));
  }

  async dailyCounts(state: string, window: TimeWindow): Promise<ChannelDayCounts[]> {
    const params = [state, window.start, window.end];
    const [adds, byStaff, byCustomer] = await Promise.all([
      this.sql.query<Row>(perDay('addedAt'), params),
      this.sql.query<Row>(perDay('removedByStaffAt'), params),
      this.sql.query<Row>(perDay('removedByCustomerAt'), params),
    ]);
    const days = new Map<number, ChannelDayCounts>();
    const at = (row: Row): ChannelDayCounts => {
      const day = num(row.day);
      let counts = days.get(day);
      if (!counts) days.set(day, (counts = { day, added: 0, deletedByStaff: 0, deletedByCustomer: 0 }));
      return counts;
    };
    for (const row of adds) at(row).added = num(row.n);
    for (const row of byStaff) at(row).deletedByStaff = num(row.n);
    for (const row of byCustomer) at(row).deletedByCustomer = num(row.n);
    return [...days.values()].sort((a, b) => a.day - b.day);
  }
}
