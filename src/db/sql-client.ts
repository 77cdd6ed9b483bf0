/**
 * Plain SQL for hot paths. One Prisma query costs 0.3–1.8 ms of CPU here (its query
 * compiler runs per call), a prepared better-sqlite3 statement tens of microseconds; the
 * callback inbox does thousands a second, so it speaks SQL directly through this port
 * while the rest of the product uses Prisma. Write SQL with `?` placeholders and quoted
 * identifiers; each dialect translates and converts dates its own way.
 */
import type { Database, Statement } from 'better-sqlite3';
import pg from 'pg';
import { GroupCommit } from '../shared/group-commit.ts';

/** One coalesced write's result, or what it threw (the others in its batch still commit). */
type WriteOutcome = { changes: number } | { error: unknown };

export interface SqlClient {
  readonly dialect: 'sqlite' | 'postgresql';
  /** Rows of a SELECT (or of an INSERT … RETURNING). */
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Number of rows changed. */
  execute(sql: string, params?: unknown[]): Promise<number>;
  /** A timestamp as this dialect stores it (the format Prisma writes, so Prisma reads it back). */
  toDbTime(date: Date): string;
  fromDbTime(value: unknown): Date;
  /**
   * Runs `work` in one transaction: its statements commit together or not at all. Inside,
   * use only `tx` (on SQLite the connection is held for the whole of `work`).
   */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
}

/**
 * SQLite through the one better-sqlite3 connection Prisma also uses. `exclusive` runs
 * a synchronous callback while no Prisma transaction is open on that connection.
 */
export function sqliteSqlClient(exclusive: <T>(work: (db: Database) => T) => Promise<Awaited<T>>): SqlClient {
  const cache = new Map<string, Statement<unknown[]>>();
  const prepared = (db: Database, sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare<unknown[]>(sql);
      // Bounded: only a handful of statement shapes exist (batch sizes included).
      if (cache.size < 1_000) cache.set(sql, statement);
    }
    return statement;
  };
  const times = {
    // Prisma's SQLite adapter stores DateTime as ISO 8601 text with a +00:00 offset.
    toDbTime: (date: Date) => date.toISOString().replace('Z', '+00:00'),
    fromDbTime: (value: unknown) => new Date(String(value)),
  };
  /** Statements on a connection this caller already holds. */
  const held = (db: Database): SqlClient => ({
    dialect: 'sqlite',
    query: async <T>(sql: string, params: unknown[] = []) => prepared(db, sql).all(...params) as T[],
    execute: async (sql, params = []) => prepared(db, sql).run(...params).changes,
    ...times,
    transaction: (work) => work(held(db)),
  });
  // Writes that arrive together share one transaction, each under its own savepoint: one
  // commit instead of one per statement (an autocommit insert cost 140–340 µs against ~20 µs
  // for a read, and the worker makes four per add event), with the same outcome per caller:
  // a failing statement is rolled back alone, and every caller hears back after the commit.
  const writes = new GroupCommit<{ sql: string; params: unknown[] }, WriteOutcome>((batch) =>
    exclusive((db) => {
      const runOne = (write: { sql: string; params: unknown[] }): WriteOutcome => {
        try {
          return { changes: prepared(db, write.sql).run(...write.params).changes };
        } catch (error) {
          return { error };
        }
      };
      if (batch.length === 1) return [runOne(batch[0]!)];
      db.exec('BEGIN IMMEDIATE');
      try {
        const outcomes = batch.map((write) => {
          db.exec('SAVEPOINT coalesced_write');
          const outcome = runOne(write);
          if ('error' in outcome) db.exec('ROLLBACK TO coalesced_write');
          db.exec('RELEASE coalesced_write');
          return outcome;
        });
        db.exec('COMMIT');
        return outcomes;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    }),
  );
  return {
    dialect: 'sqlite',
    query: <T>(sql: string, params: unknown[] = []) => exclusive((db) => prepared(db, sql).all(...params) as T[]),
    execute: async (sql, params = []) => {
      const outcome = await writes.submit({ sql, params });
      if ('error' in outcome) throw outcome.error;
      return outcome.changes;
    },
    ...times,
    transaction: (work) =>
      exclusive(async (db) => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(held(db));
          db.exec('COMMIT');
          return result;
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
      }),
  };
}

/** `?` placeholders → `$1, $2, …` (our SQL has no `?` inside literals). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Prisma keeps UTC in `timestamp(3)` without time zone: read it as UTC, not local time. */
const TIMESTAMP_OID = 1114;
const types = {
  getTypeParser: ((oid: number, format?: 'text') =>
    oid === TIMESTAMP_OID ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** PostgreSQL through the pool Prisma's pg adapter also uses. */
export function postgresSqlClient(pool: pg.Pool): SqlClient {
  return clientOver(pool, async (work) => {
    // A transaction needs one connection for all its statements, not any from the pool.
    const connection = await pool.connect();
    try {
      await connection.query('BEGIN');
      const tx: SqlClient = clientOver(connection, (inner) => inner(tx));
      const result = await work(tx);
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      connection.release();
    }
  });
}

function clientOver(runner: pg.Pool | pg.PoolClient, transaction: SqlClient['transaction']): SqlClient {
  return {
    dialect: 'postgresql',
    query: async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
      (await runner.query<T>({ text: numbered(sql), values: params, types })).rows,
    execute: async (sql, params = []) => (await runner.query({ text: numbered(sql), values: params, types })).rowCount ?? 0,
    toDbTime: (date) => date.toISOString().replace('Z', ''),
    fromDbTime: (value) => new Date(`${String(value).replace(' ', 'T')}Z`),
    transaction,
  };
}

/** `?, ?, …` for an IN list of `n` values. */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
