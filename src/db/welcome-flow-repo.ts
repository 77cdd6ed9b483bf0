/**
 * Welcome flows in Prisma. Attachments, variants and userIds are JSON text columns (one
 * schema for SQLite and PostgreSQL). "At most one default" is kept inside a serializable
 * transaction: on PostgreSQL two admins saving a default at the same moment would both
 * see no other default under READ COMMITTED; SERIALIZABLE makes one of them fail with a
 * write conflict (P2034), and that one is retried. SQLite transactions are serial anyway.
 */
import type { WelcomeFlowRepo } from '../domain/ports.ts';
import type { NewWelcomeFlow, WelcomeAttachment, WelcomeFlow, WelcomeVariant } from '../domain/welcome/welcome-flow.ts';
import type { Prisma, WelcomeFlow as WelcomeFlowRow } from './generated/sqlite/client.ts';
import { jsonArray } from './column-values.ts';
import type { Db } from './prisma.ts';

/** Attempts of a transaction that lost a serialization conflict; each retry usually wins. */
const CONFLICT_ATTEMPTS = 8;

type Tx = Prisma.TransactionClient;

function toFlow(row: WelcomeFlowRow): WelcomeFlow {
  const flow: WelcomeFlow = {
    id: row.id,
    name: row.name,
    text: row.text,
    attachments: jsonArray<WelcomeAttachment>(row.attachments),
    variants: jsonArray<WelcomeVariant>(row.variants),
    userIds: jsonArray<string>(row.userIds),
    isDefault: row.isDefault,
    enabled: row.enabled,
  };
  if (row.channelState !== null) flow.channelState = row.channelState;
  return flow;
}

/** The columns for the fields present in `changes`; a present `channelState: undefined` clears it. */
function toColumns(changes: Partial<NewWelcomeFlow>) {
  return {
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.text !== undefined && { text: changes.text }),
    ...(changes.isDefault !== undefined && { isDefault: changes.isDefault }),
    ...(changes.enabled !== undefined && { enabled: changes.enabled }),
    ...('channelState' in changes && { channelState: changes.channelState ?? null }),
    ...(changes.userIds !== undefined && { userIds: JSON.stringify(changes.userIds) }),
    ...(changes.attachments !== undefined && { attachments: JSON.stringify(changes.attachments) }),
    ...(changes.variants !== undefined && { variants: JSON.stringify(changes.variants) }),
  };
}

const isWriteConflict = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'P2034';

export class PrismaWelcomeFlowRepo implements WelcomeFlowRepo {
  constructor(private readonly db: Db) {}

  async list(): Promise<WelcomeFlow[]> {
    const rows = await this.db.welcomeFlow.findMany({ orderBy: { id: 'asc' } });
    return rows.map(toFlow);
  }

  async get(id: number): Promise<WelcomeFlow | null> {
    const row = await this.db.welcomeFlow.findUnique({ where: { id } });
    return row && toFlow(row);
  }

  async create(flow: NewWelcomeFlow): Promise<WelcomeFlow> {
    const data = { ...toColumns(flow), name: flow.name, text: flow.text };
    return this.serializable(async (tx) => {
      if (flow.isDefault) await tx.welcomeFlow.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
      return toFlow(await tx.welcomeFlow.create({ data }));
    });
  }

  async update(id: number, changes: Partial<NewWelcomeFlow>): Promise<WelcomeFlow | null> {
    return this.serializable(async (tx) => {
      const existing = await tx.welcomeFlow.findUnique({ where: { id }, select: { id: true } });
      if (!existing) return null;
      if (changes.isDefault) {
        await tx.welcomeFlow.updateMany({ where: { isDefault: true, id: { not: id } }, data: { isDefault: false } });
      }
      return toFlow(await tx.welcomeFlow.update({ where: { id }, data: toColumns(changes) }));
    });
  }

  async remove(id: number): Promise<boolean> {
    // deleteMany, not delete: an unknown id is an answer (false), not a P2025 error.
    const { count } = await this.db.welcomeFlow.deleteMany({ where: { id } });
    return count > 0;
  }

  /** Runs `work` in a SERIALIZABLE transaction, again when it lost a write conflict. */
  private async serializable<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.$transaction(work, { isolationLevel: 'Serializable' });
      } catch (error) {
        if (!isWriteConflict(error) || attempt >= CONFLICT_ATTEMPTS) throw error;
        // A short random pause, so the retries of two conflicting admins do not collide again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }
}
