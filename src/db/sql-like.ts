/** LIKE patterns that take the needle literally, the same on SQLite and PostgreSQL (both given `ESCAPE '\'`). */

/** `needle` as a LIKE pattern matching it anywhere, with `\`, `%` and `_` taken literally. */
export function likeContains(needle: string): string {
  return `%${needle.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
