/** WelcomeSend rows: one per WelcomeCode, the first record wins. */
import type { WelcomeResult, WelcomeSendLog, WelcomeSendRecord } from '../domain/ports.ts';
import type { Db } from './prisma.ts';

export class PrismaWelcomeSendLog implements WelcomeSendLog {
  constructor(private readonly db: Db) {}

  async find(welcomeCode: string): Promise<WelcomeSendRecord | null> {
    const row = await this.db.welcomeSend.findUnique({ where: { welcomeCode } });
    if (!row) return null;
    const record: WelcomeSendRecord = {
      welcomeCode: row.welcomeCode,
      userId: row.userId,
      externalUserId: row.externalUserId,
      result: row.result as WelcomeResult,
      eventTime: row.eventTime,
    };
    if (row.flowId !== null) record.flowId = row.flowId;
    if (row.errcode !== null) record.errcode = row.errcode;
    if (row.latencyMs !== null) record.latencyMs = row.latencyMs;
    return record;
  }

  async record(send: WelcomeSendRecord): Promise<void> {
    // An upsert that never updates: concurrent attempts for one code keep the first record.
    await this.db.welcomeSend.upsert({
      where: { welcomeCode: send.welcomeCode },
      create: {
        welcomeCode: send.welcomeCode,
        userId: send.userId,
        externalUserId: send.externalUserId,
        flowId: send.flowId ?? null,
        result: send.result,
        errcode: send.errcode ?? null,
        eventTime: send.eventTime,
        latencyMs: send.latencyMs ?? null,
      },
      update: {},
    });
  }
}
