/** Once-only claims (OnceClaim): the primary key decides which worker sends a scheduled message. */
import type { OnceClaims } from '../domain/ports.ts';
import type { SqlClient } from './sql-client.ts';

export class SqlOnceClaims implements OnceClaims {
  constructor(private readonly sql: SqlClient) {}

  async claim(key: string, at: number): Promise<boolean> {
    // Insert-or-ignore: under a race exactly one insert changes a row, on both databases.
    const changed = await this.sql.execute('INSERT INTO "OnceClaim" ("key", "claimedAt") VALUES (?, ?) ON CONFLICT ("key") DO NOTHING', [key, at]);
    return changed > 0;
  }

  async release(key: string): Promise<void> {
    await this.sql.execute('DELETE FROM "OnceClaim" WHERE "key" = ?', [key]);
  }
}
