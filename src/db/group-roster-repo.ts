/**
 * Group membership as last seen (GroupMember) in plain SQL. Join and leave events arrive
 * from several sources and out of order (callbacks retried, the bot's room events, an
 * archive catch-up), so each upsert compares times in SQL and the newest event wins: a
 * stale join never reopens a membership that a later leave closed, and the other way round.
 */
import type { CampaignMember } from '../domain/campaign/group-health.ts';
import type { GroupRoster } from '../domain/ports.ts';
import { nullableNumber } from './column-values.ts';
import type { SqlClient } from './sql-client.ts';

/** 4 parameters a row. */
const UPSERT_CHUNK = 500;

/** The stored row saw an event later than this one's time (`excluded` holds the event). */
const newerThan = (column: 'joinedAt' | 'leftAt') => `("GroupMember"."joinedAt" > excluded."${column}" OR "GroupMember"."leftAt" > excluded."${column}")`;

interface MemberRow extends Record<string, unknown> {
  chatId: string;
  memberKey: string;
  displayName: string;
  externalUserId: string | null;
  joinedAt: number | string | null;
  leftAt: number | string | null;
}

function toMember(row: MemberRow): CampaignMember {
  const member: CampaignMember = { chatId: row.chatId, memberKey: row.memberKey, displayName: row.displayName };
  if (row.externalUserId !== null) member.externalUserId = row.externalUserId;
  const joinedAt = nullableNumber(row.joinedAt);
  const leftAt = nullableNumber(row.leftAt);
  if (joinedAt !== null) member.joinedAt = joinedAt;
  if (leftAt !== null) member.leftAt = leftAt;
  return member;
}

export class SqlGroupRoster implements GroupRoster {
  constructor(private readonly sql: SqlClient) {}

  async seen(members: Parameters<GroupRoster['seen']>[0]): Promise<void> {
    await this.upsert(
      ['chatId', 'memberKey', 'displayName', 'externalUserId'],
      members.map((m) => [m.chatId, m.memberKey, m.displayName, m.externalUserId ?? null]),
      `"displayName" = excluded."displayName", "externalUserId" = COALESCE(excluded."externalUserId", "GroupMember"."externalUserId")`,
    );
  }

  async joined(chatId: string, members: readonly { memberKey: string; displayName?: string }[], at: number): Promise<void> {
    const stale = newerThan('joinedAt');
    const join = (named: boolean) =>
      this.upsert(
        ['chatId', 'memberKey', 'displayName', 'joinedAt'],
        members.filter((m) => (m.displayName !== undefined) === named).map((m) => [chatId, m.memberKey, m.displayName ?? m.memberKey, at]),
        `"displayName" = ${named ? 'excluded."displayName"' : '"GroupMember"."displayName"'},
         "joinedAt" = CASE WHEN ${stale} THEN "GroupMember"."joinedAt" ELSE excluded."joinedAt" END,
         "leftAt" = CASE WHEN ${stale} THEN "GroupMember"."leftAt" ELSE NULL END`,
      );
    // Two statement shapes: a member without a name keeps the stored one.
    await join(true);
    await join(false);
  }

  async left(chatId: string, memberKeys: readonly string[], at: number): Promise<void> {
    await this.upsert(
      ['chatId', 'memberKey', 'displayName', 'leftAt'],
      memberKeys.map((key) => [chatId, key, key, at]),
      `"leftAt" = CASE WHEN ${newerThan('leftAt')} THEN "GroupMember"."leftAt" ELSE excluded."leftAt" END`,
    );
  }

  async members(chatIds: readonly string[]): Promise<CampaignMember[]> {
    if (chatIds.length === 0) return [];
    const rows = await this.sql.query<MemberRow>(
      `SELECT "chatId", "memberKey", "displayName", "externalUserId", "joinedAt", "leftAt" FROM "GroupMember"
       WHERE "chatId" IN (${chatIds.map(() => '?').join(', ')}) ORDER BY "chatId", "memberKey"`,
      [...chatIds],
    );
    return rows.map(toMember);
  }

  /**
   * Multi-row INSERT … ON CONFLICT DO UPDATE; rows start with chatId and memberKey. The last
   * row per member wins: PostgreSQL refuses to update one row twice in a statement.
   */
  private async upsert(columns: string[], rows: unknown[][], onConflict: string): Promise<void> {
    const unique = [...new Map(rows.map((row) => [`${String(row[0])}\u0000${String(row[1])}`, row])).values()];
    const placeholders = `(${columns.map(() => '?').join(', ')})`;
    for (let i = 0; i < unique.length; i += UPSERT_CHUNK) {
      const chunk = unique.slice(i, i + UPSERT_CHUNK);
      await this.sql.execute(
        `INSERT INTO "GroupMember" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${chunk.map(() => placeholders).join(', ')}
         ON CONFLICT ("chatId", "memberKey") DO UPDATE SET ${onConflict}`,
        chunk.flat(),
      );
    }
  }
}
