/**
 * Check-ins, the points ledger and stage reward grants. Reads are plain SQL (the member's
 * ledger is read for every check-in message). `record` writes the check-in, its awards and
 * its grant in one SQL transaction; each write is INSERT … ON CONFLICT DO NOTHING on the
 * table's unique key, so the unique indexes, not a read first, decide races.
 */
import type { MemberLedger } from '../domain/campaign/check-in.ts';
import type { MemberRecord } from '../domain/campaign/streak.ts';
import type { CheckInLedger, CountedCheckIn, LedgerEntry, RewardGrant, RewardLog } from '../domain/ports.ts';
import { nullableNumber, stringArray } from './column-values.ts';
import type { SqlClient } from './sql-client.ts';

/** Display names of the members of a campaign's groups, falling back to the member key. */
type Names = (memberKey: string) => string;

async function campaignNames(sql: SqlClient, campaignId: number): Promise<Names> {
  const [campaign] = await sql.query<{ chatIds: string }>('SELECT "chatIds" FROM "Campaign" WHERE "id" = ?', [campaignId]);
  const chatIds = campaign ? stringArray(campaign.chatIds) : [];
  const names = new Map<string, string>();
  if (chatIds.length > 0) {
    const rows = await sql.query<{ memberKey: string; displayName: string }>(
      `SELECT "memberKey", "displayName" FROM "GroupMember" WHERE "chatId" IN (${chatIds.map(() => '?').join(', ')}) ORDER BY "chatId"`,
      chatIds,
    );
    // A member in several of the campaign's groups: the first group's name, every time.
    for (const row of rows) if (!names.has(row.memberKey)) names.set(row.memberKey, row.displayName);
  }
  return (memberKey) => names.get(memberKey) ?? memberKey;
}

export class SqlCheckInLedger implements CheckInLedger {
  constructor(private readonly sql: SqlClient) {}

  async memberLedger(campaignId: number, memberKey: string): Promise<MemberLedger> {
    // One round trip on the hot path: the check-in rows, then one row (day NULL) with the points total.
    const rows = await this.sql.query<{ day: number | string | null; n: number | string | null }>(
      `SELECT "day", CASE WHEN "makeUp" THEN 1 ELSE 0 END AS "n" FROM "CheckIn" WHERE "campaignId" = ? AND "memberKey" = ?
       UNION ALL
       SELECT NULL, COALESCE(SUM("points"), 0) FROM "PointsEntry" WHERE "campaignId" = ? AND "memberKey" = ?`,
      [campaignId, memberKey, campaignId, memberKey],
    );
    const days: number[] = [];
    let makeUpsUsed = 0;
    let points = 0;
    for (const row of rows) {
      if (row.day === null) {
        points = Number(row.n ?? 0);
      } else {
        days.push(Number(row.day));
        makeUpsUsed += Number(row.n);
      }
    }
    return { days: days.sort((a, b) => a - b), makeUpsUsed, points };
  }

  record(c: CountedCheckIn): Promise<{ grantId?: number } | undefined> {
    return this.sql.transaction(async (tx) => {
      const inserted = await tx.query<{ id: number }>(
        `INSERT INTO "CheckIn" ("campaignId", "memberKey", "chatId", "day", "makeUp", "messageKey", "at") VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT ("campaignId", "memberKey", "day") DO NOTHING RETURNING "id"`,
        [c.campaignId, c.memberKey, c.chatId, c.day, tx.dialect === 'sqlite' ? Number(c.makeUp) : c.makeUp, c.messageKey, c.at],
      );
      if (inserted.length === 0) return undefined;
      if (c.awards.length > 0) {
        // Sorted by cause, so two transactions of one member take row locks in the same order (no deadlock on PostgreSQL).
        const awards = [...c.awards].sort((a, b) => (a.cause < b.cause ? -1 : a.cause > b.cause ? 1 : 0));
        await tx.execute(
          `INSERT INTO "PointsEntry" ("campaignId", "memberKey", "cause", "points", "at") VALUES ${awards.map(() => '(?, ?, ?, ?, ?)').join(', ')}
           ON CONFLICT ("campaignId", "memberKey", "cause") DO NOTHING`,
          awards.flatMap((a) => [c.campaignId, c.memberKey, a.cause, a.points, c.at]),
        );
      }
      if (!c.stage) return {};
      const [grant] = await tx.query<{ id: number }>(
        `INSERT INTO "RewardGrant" ("campaignId", "memberKey", "chatId", "stageDay", "reward", "grantedAt") VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT ("campaignId", "memberKey", "stageDay") DO NOTHING RETURNING "id"`,
        [c.campaignId, c.memberKey, c.chatId, c.stage.day, c.stage.reward, c.at],
      );
      // The stage was granted before (e.g. another transaction got there first): report that grant.
      const existing = grant ?? (await tx.query<{ id: number }>('SELECT "id" FROM "RewardGrant" WHERE "campaignId" = ? AND "memberKey" = ? AND "stageDay" = ?', [c.campaignId, c.memberKey, c.stage.day]))[0];
      return existing ? { grantId: Number(existing.id) } : {};
    });
  }

  async memberRecords(campaignId: number): Promise<MemberRecord[]> {
    const [rows, name] = await Promise.all([
      this.sql.query<{ memberKey: string; day: number | string | null; points: number | string | null }>(
        `SELECT "memberKey", "day", NULL AS "points" FROM "CheckIn" WHERE "campaignId" = ?
         UNION ALL
         SELECT "memberKey", NULL, SUM("points") FROM "PointsEntry" WHERE "campaignId" = ? GROUP BY "memberKey"`,
        [campaignId, campaignId],
      ),
      campaignNames(this.sql, campaignId),
    ]);
    const records = new Map<string, { days: number[]; points: number }>();
    for (const row of rows) {
      let record = records.get(row.memberKey);
      if (!record) records.set(row.memberKey, (record = { days: [], points: 0 }));
      if (row.day !== null) record.days.push(Number(row.day));
      else record.points = Number(row.points ?? 0);
    }
    return [...records]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([memberKey, r]) => ({ memberKey, displayName: name(memberKey), days: r.days.sort((a, b) => a - b), points: r.points }));
  }

  async checkIns(campaignId: number): Promise<{ memberKey: string; day: number }[]> {
    const rows = await this.sql.query<{ memberKey: string; day: number | string }>(
      'SELECT "memberKey", "day" FROM "CheckIn" WHERE "campaignId" = ? ORDER BY "day", "memberKey"',
      [campaignId],
    );
    return rows.map((row) => ({ memberKey: row.memberKey, day: Number(row.day) }));
  }

  async pointsAwarded(campaignId: number): Promise<number> {
    const [row] = await this.sql.query<{ total: number | string | null }>(
      'SELECT COALESCE(SUM("points"), 0) AS "total" FROM "PointsEntry" WHERE "campaignId" = ?',
      [campaignId],
    );
    return Number(row?.total ?? 0);
  }

  async recentOf(memberKey: string, limit: number): Promise<{ campaignName: string; day: number; makeUp: boolean; at: number }[]> {
    const rows = await this.sql.query<{ name: string; day: number | string; makeUp: number | boolean; at: number | string }>(
      `SELECT c."name", k."day", k."makeUp", k."at" FROM "CheckIn" k JOIN "Campaign" c ON c."id" = k."campaignId"
       WHERE k."memberKey" = ? ORDER BY k."at" DESC, k."id" DESC LIMIT ?`,
      [memberKey, limit],
    );
    return rows.map((row) => ({ campaignName: row.name, day: Number(row.day), makeUp: Boolean(row.makeUp), at: Number(row.at) }));
  }

  async entries(campaignId: number): Promise<LedgerEntry[]> {
    const [rows, name] = await Promise.all([
      this.sql.query<{ memberKey: string; cause: string; points: number | string; at: number | string }>(
        'SELECT "memberKey", "cause", "points", "at" FROM "PointsEntry" WHERE "campaignId" = ? ORDER BY "at", "id"',
        [campaignId],
      ),
      campaignNames(this.sql, campaignId),
    ]);
    return rows.map((row) => ({ memberKey: row.memberKey, displayName: name(row.memberKey), cause: row.cause, points: Number(row.points), at: Number(row.at) }));
  }
}

interface GrantRow extends Record<string, unknown> {
  id: number | string;
  campaignId: number | string;
  memberKey: string;
  displayName: string | null;
  chatId: string;
  stageDay: number | string;
  reward: string;
  grantedAt: number | string;
  announcedAt: number | string | null;
  announcedBy: string | null;
  fulfilledAt: number | string | null;
}

function toGrant(row: GrantRow): RewardGrant {
  const grant: RewardGrant = {
    id: Number(row.id),
    campaignId: Number(row.campaignId),
    memberKey: row.memberKey,
    displayName: row.displayName ?? row.memberKey,
    chatId: row.chatId,
    stageDay: Number(row.stageDay),
    reward: row.reward,
    grantedAt: Number(row.grantedAt),
  };
  const announcedAt = nullableNumber(row.announcedAt);
  const fulfilledAt = nullableNumber(row.fulfilledAt);
  if (announcedAt !== null) grant.announcedAt = announcedAt;
  if (row.announcedBy === 'bot' || row.announcedBy === 'sidebar') grant.announcedBy = row.announcedBy;
  if (fulfilledAt !== null) grant.fulfilledAt = fulfilledAt;
  return grant;
}

/** Stage reward grants: announced once (by the bot or through the sidebar), then fulfilled. */
export class SqlRewardLog implements RewardLog {
  constructor(private readonly sql: SqlClient) {}

  async list(campaignId: number, filter: { chatId?: string; announced?: boolean } = {}): Promise<RewardGrant[]> {
    const conditions = ['g."campaignId" = ?'];
    const params: unknown[] = [campaignId];
    if (filter.chatId !== undefined) {
      conditions.push('g."chatId" = ?');
      params.push(filter.chatId);
    }
    if (filter.announced !== undefined) conditions.push(`g."announcedAt" IS ${filter.announced ? 'NOT NULL' : 'NULL'}`);
    const rows = await this.sql.query<GrantRow>(
      `SELECT g."id", g."campaignId", g."memberKey", m."displayName", g."chatId", g."stageDay", g."reward", g."grantedAt",
         g."announcedAt", g."announcedBy", g."fulfilledAt"
       FROM "RewardGrant" g LEFT JOIN "GroupMember" m ON m."chatId" = g."chatId" AND m."memberKey" = g."memberKey"
       WHERE ${conditions.join(' AND ')} ORDER BY g."id"`,
      params,
    );
    return rows.map(toGrant);
  }

  async markAnnounced(ids: readonly number[], by: 'bot' | 'sidebar', at: number): Promise<number[]> {
    if (ids.length === 0) return [];
    // The `IS NULL` guard is re-checked after a row lock on PostgreSQL, so of two racing callers only one marks a grant.
    const rows = await this.sql.query<{ id: number | string }>(
      `UPDATE "RewardGrant" SET "announcedAt" = ?, "announcedBy" = ?
       WHERE "id" IN (${ids.map(() => '?').join(', ')}) AND "announcedAt" IS NULL RETURNING "id"`,
      [at, by, ...ids],
    );
    return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
  }

  async markFulfilled(id: number, at: number): Promise<boolean> {
    // COALESCE: a repeated click does not move the fulfilment time.
    const changed = await this.sql.execute('UPDATE "RewardGrant" SET "fulfilledAt" = COALESCE("fulfilledAt", ?) WHERE "id" = ?', [at, id]);
    return changed > 0;
  }
}
