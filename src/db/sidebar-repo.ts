/**
 * The sidebar's own records in Prisma: first-contact question sets and answers, notes,
 * (the audit trail of every write is db/audit-log-repo.ts). All low-volume: one salesperson's taps.
 */
import type { AnswerStore, NoteStore, QuestionSetRepo } from '../domain/ports.ts';
import type { Answer, NewQuestionSet, Question, QuestionSet } from '../domain/sidebar/questions.ts';
import type { Note } from '../domain/sidebar/sidebar-views.ts';
import type { QuestionSet as QuestionSetRow } from './generated/sqlite/client.ts';
import { stringArray } from './column-values.ts';
import type { Db } from './prisma.ts';
import type { SqlClient } from './sql-client.ts';

function toSet(row: QuestionSetRow): QuestionSet {
  return { id: row.id, name: row.name, questions: JSON.parse(row.questions) as Question[], isDefault: row.isDefault, enabled: row.enabled };
}

export class PrismaQuestionSetRepo implements QuestionSetRepo {
  constructor(private readonly db: Db) {}

  async list(): Promise<QuestionSet[]> {
    return (await this.db.questionSet.findMany({ orderBy: { id: 'asc' } })).map(toSet);
  }

  async get(id: number): Promise<QuestionSet | null> {
    const row = await this.db.questionSet.findUnique({ where: { id } });
    return row ? toSet(row) : null;
  }

  async create(set: NewQuestionSet): Promise<QuestionSet> {
    return this.db.$transaction(async (tx) => {
      if (set.isDefault) await tx.questionSet.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
      return toSet(await tx.questionSet.create({ data: { ...set, questions: JSON.stringify(set.questions) } }));
    });
  }

  async update(id: number, changes: Partial<NewQuestionSet>): Promise<QuestionSet | null> {
    return this.db.$transaction(async (tx) => {
      if (!(await tx.questionSet.findUnique({ where: { id }, select: { id: true } }))) return null;
      if (changes.isDefault) await tx.questionSet.updateMany({ where: { isDefault: true, id: { not: id } }, data: { isDefault: false } });
      const { questions, ...rest } = changes;
      return toSet(await tx.questionSet.update({ where: { id }, data: { ...rest, ...(questions ? { questions: JSON.stringify(questions) } : {}) } }));
    });
  }

  async remove(id: number): Promise<boolean> {
    return (await this.db.questionSet.deleteMany({ where: { id } })).count > 0;
  }
}

export class PrismaAnswerStore implements AnswerStore {
  constructor(private readonly db: Db) {}

  async answersFor(externalUserId: string): Promise<Answer[]> {
    const rows = await this.db.customerAnswer.findMany({ where: { externalUserId } });
    return rows.map((row) => ({
      questionId: row.questionId,
      optionIds: stringArray(row.optionIds),
      ...(row.text !== null ? { text: row.text } : {}),
      userId: row.userId,
      answeredAt: row.answeredAt,
    }));
  }

  async save(externalUserId: string, questionSetId: number, answer: Answer): Promise<void> {
    const fields = { questionSetId, userId: answer.userId, optionIds: JSON.stringify(answer.optionIds), text: answer.text ?? null, answeredAt: answer.answeredAt };
    await this.db.customerAnswer.upsert({
      where: { externalUserId_questionId: { externalUserId, questionId: answer.questionId } },
      create: { externalUserId, questionId: answer.questionId, ...fields },
      update: fields,
    });
  }
}

export class PrismaNoteStore implements NoteStore {
  constructor(
    private readonly db: Db,
    /** For `recent`, read on every sidebar profile. */
    private readonly sql: SqlClient,
  ) {}

  async add(note: Omit<Note, 'id'>): Promise<Note> {
    return this.db.customerNote.create({ data: note });
  }

  async recent(externalUserId: string, limit: number): Promise<Note[]> {
    const rows = await this.sql.query<{ id: number | string; userId: string; text: string; createdAt: number | string }>(
      `SELECT "id", "userId", "text", "createdAt" FROM "CustomerNote" WHERE "externalUserId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT ?`,
      [externalUserId, limit],
    );
    return rows.map((row) => ({ id: Number(row.id), externalUserId, userId: row.userId, text: row.text, createdAt: Number(row.createdAt) }));
  }
}
