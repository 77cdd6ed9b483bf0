/**
 * Check-in campaigns in plain SQL: `get` runs for every group message the bot reads, so
 * it stays one prepared statement. Rules and chat ids are JSON text (one schema for
 * SQLite and PostgreSQL).
 */
import type { Campaign, CampaignRules, CampaignStatus, NewCampaign } from '../domain/campaign/campaign.ts';
import type { CampaignRepo } from '../domain/ports.ts';
import { stringArray } from './column-values.ts';
import type { SqlClient } from './sql-client.ts';

const COLUMNS = `"id", "name", "chatIds", "startDate", "days", "timezone", "status", "rules"`;

interface CampaignRow extends Record<string, unknown> {
  id: number | string;
  name: string;
  chatIds: string;
  startDate: string;
  days: number | string;
  timezone: string;
  status: string;
  rules: string;
}

function toCampaign(row: CampaignRow): Campaign {
  return {
    id: Number(row.id),
    name: row.name,
    chatIds: stringArray(row.chatIds),
    startDate: row.startDate,
    days: Number(row.days),
    timezone: row.timezone,
    status: row.status as CampaignStatus,
    rules: JSON.parse(row.rules) as CampaignRules,
  };
}

export class SqlCampaignRepo implements CampaignRepo {
  constructor(private readonly sql: SqlClient) {}

  async create(input: NewCampaign): Promise<Campaign> {
    const now = this.sql.toDbTime(new Date());
    const [row] = await this.sql.query<CampaignRow>(
      `INSERT INTO "Campaign" ("name", "chatIds", "startDate", "days", "timezone", "status", "rules", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
      [input.name, JSON.stringify(input.chatIds), input.startDate, input.days, input.timezone, input.status ?? 'active', JSON.stringify(input.rules), now, now],
    );
    return toCampaign(row!);
  }

  async update(id: number, changes: Partial<NewCampaign>): Promise<Campaign | undefined> {
    // Every column is NOT NULL, so a NULL parameter means "not in `changes`": one statement, no read first.
    const [row] = await this.sql.query<CampaignRow>(
      `UPDATE "Campaign" SET "name" = COALESCE(?, "name"), "chatIds" = COALESCE(?, "chatIds"), "startDate" = COALESCE(?, "startDate"),
         "days" = COALESCE(?, "days"), "timezone" = COALESCE(?, "timezone"), "status" = COALESCE(?, "status"), "rules" = COALESCE(?, "rules"),
         "updatedAt" = ?
       WHERE "id" = ? RETURNING ${COLUMNS}`,
      [
        changes.name ?? null,
        changes.chatIds ? JSON.stringify(changes.chatIds) : null,
        changes.startDate ?? null,
        changes.days ?? null,
        changes.timezone ?? null,
        changes.status ?? null,
        changes.rules ? JSON.stringify(changes.rules) : null,
        this.sql.toDbTime(new Date()),
        id,
      ],
    );
    return row ? toCampaign(row) : undefined;
  }

  async get(id: number): Promise<Campaign | undefined> {
    const [row] = await this.sql.query<CampaignRow>(`SELECT ${COLUMNS} FROM "Campaign" WHERE "id" = ?`, [id]);
    return row ? toCampaign(row) : undefined;
  }

  async list(): Promise<Campaign[]> {
    const rows = await this.sql.query<CampaignRow>(`SELECT ${COLUMNS} FROM "Campaign" ORDER BY "id"`);
    return rows.map(toCampaign);
  }
}
