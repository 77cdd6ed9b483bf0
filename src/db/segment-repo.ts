/** Saved segments in plain SQL; the definition is JSON text (one schema for SQLite and PostgreSQL). */
import type { SegmentRepo } from '../domain/ports.ts';
import type { NewSegment, Segment, SegmentDefinition } from '../domain/segments/segment.ts';
import type { SqlClient } from './sql-client.ts';

const COLUMNS = `"id", "name", "definition", "createdAt", "updatedAt"`;

interface SegmentRow extends Record<string, unknown> {
  id: number | string;
  name: string;
  definition: string;
  createdAt: unknown;
  updatedAt: unknown;
}

export class SqlSegmentRepo implements SegmentRepo {
  constructor(private readonly sql: SqlClient) {}

  private toSegment(row: SegmentRow): Segment {
    return {
      id: Number(row.id),
      name: row.name,
      definition: JSON.parse(row.definition) as SegmentDefinition,
      createdAt: this.sql.fromDbTime(row.createdAt),
      updatedAt: this.sql.fromDbTime(row.updatedAt),
    };
  }

  async list(): Promise<Segment[]> {
    const rows = await this.sql.query<SegmentRow>(`SELECT ${COLUMNS} FROM "Segment" ORDER BY "id"`);
    return rows.map((row) => this.toSegment(row));
  }

  async get(id: number): Promise<Segment | null> {
    const [row] = await this.sql.query<SegmentRow>(`SELECT ${COLUMNS} FROM "Segment" WHERE "id" = ?`, [id]);
    return row ? this.toSegment(row) : null;
  }

  async create(segment: NewSegment): Promise<Segment> {
    const now = this.sql.toDbTime(new Date());
    const [row] = await this.sql.query<SegmentRow>(
      `INSERT INTO "Segment" ("name", "definition", "createdAt", "updatedAt") VALUES (?, ?, ?, ?) RETURNING ${COLUMNS}`,
      [segment.name, JSON.stringify(segment.definition), now, now],
    );
    return this.toSegment(row!);
  }

  async update(id: number, changes: Partial<NewSegment>): Promise<Segment | null> {
    // Both columns are NOT NULL: a NULL parameter means "unchanged".
    const [row] = await this.sql.query<SegmentRow>(
      `UPDATE "Segment" SET "name" = COALESCE(?, "name"), "definition" = COALESCE(?, "definition"), "updatedAt" = ? WHERE "id" = ? RETURNING ${COLUMNS}`,
      [changes.name ?? null, changes.definition ? JSON.stringify(changes.definition) : null, this.sql.toDbTime(new Date()), id],
    );
    return row ? this.toSegment(row) : null;
  }

  async remove(id: number): Promise<boolean> {
    return (await this.sql.execute(`DELETE FROM "Segment" WHERE "id" = ?`, [id])) > 0;
  }
}
