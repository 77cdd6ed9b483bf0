/** WelcomeSend rows: one per WelcomeCode, the first record wins. Plain SQL: on the 20 s path. */
import type { WelcomeResult, WelcomeSendLog, WelcomeSendRecord } from '../domain/ports.ts';
import type { SqlClient } from './sql-client.ts';

interface SendRow extends Record<string, unknown> {
  welcomeCode: string;
  userId: string;
  externalUserId: string;
  flowId: number | null;
  result: string;
  errcode: number | null;
  eventTime: number | string;
  latencyMs: number | null;
}

export class SqlWelcomeSendLog implements WelcomeSendLog {
  constructor(private readonly sql: SqlClient) {}

  async find(welcomeCode: string): Promise<WelcomeSendRecord | null> {
    const [row] = await this.sql.query<SendRow>('SELECT * FROM "WelcomeSend" WHERE "welcomeCode" = ?', [welcomeCode]);
    if (!row) return null;
    const record: WelcomeSendRecord = {
      welcomeCode: row.welcomeCode,
      userId: row.userId,
      externalUserId: row.externalUserId,
      result: row.result as WelcomeResult,
      eventTime: Number(row.eventTime),
    };
    if (row.flowId !== null) record.flowId = Number(row.flowId);
    if (row.errcode !== null) record.errcode = Number(row.errcode);
    if (row.latencyMs !== null) record.latencyMs = Number(row.latencyMs);
    return record;
  }

  async record(send: WelcomeSendRecord): Promise<void> {
    // Concurrent attempts for one code keep the first record.
    await this.sql.execute(
      `INSERT INTO "WelcomeSend" ("welcomeCode", "userId", "externalUserId", "flowId", "result", "errcode", "eventTime", "latencyMs", "createdAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("welcomeCode") DO NOTHING`,
      [send.welcomeCode, send.userId, send.externalUserId, send.flowId ?? null, send.result, send.errcode ?? null, send.eventTime, send.latencyMs ?? null, this.sql.toDbTime(new Date())],
    );
  }
}
