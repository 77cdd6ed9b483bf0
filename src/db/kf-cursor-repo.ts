/** Where kf/sync_msg stopped, per customer-service account (KfSyncCursor). */
import type { KfCursorStore } from '../domain/ports.ts';
import type { Db } from './prisma.ts';

export class PrismaKfCursorStore implements KfCursorStore {
  constructor(private readonly db: Db) {}

  async get(openKfId: string): Promise<string | undefined> {
    return (await this.db.kfSyncCursor.findUnique({ where: { openKfId } }))?.cursor;
  }

  async set(openKfId: string, cursor: string): Promise<void> {
    await this.db.kfSyncCursor.upsert({ where: { openKfId }, create: { openKfId, cursor }, update: { cursor } });
  }
}
