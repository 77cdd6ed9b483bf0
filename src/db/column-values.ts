/**
 * Reading column values the same way on SQLite and PostgreSQL: JSON-array text columns
 * (one schema for both databases) and numbers that pg hands back as strings (bigint,
 * SUM) or that may be NULL.
 */

/** A JSON array column; anything else (damaged text, an object) reads as empty rather than failing a whole list. */
export function jsonArray<T>(text: string): T[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}

/** A JSON array column of ids: only the string entries. */
export function stringArray(text: string): string[] {
  return jsonArray<unknown>(text).filter((id): id is string => typeof id === 'string');
}

/** A nullable numeric column as a number, or null. */
export function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * A Boolean column read through the SQL client: PostgreSQL gives a boolean, SQLite an
 * integer — a bigint on the connection Prisma opened (safe integers), so `=== 1` is false.
 */
export function booleanColumn(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || value === '1';
}

/** A Boolean parameter: better-sqlite3 binds no booleans, so SQLite gets 1 or 0. */
export function booleanParam(dialect: 'sqlite' | 'postgresql', value: boolean): boolean | number {
  return dialect === 'postgresql' ? value : value ? 1 : 0;
}
