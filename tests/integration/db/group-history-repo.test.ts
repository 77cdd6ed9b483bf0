/** SqlGroupHistory against real SQLite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlGroupHistory } from '../../../src/db/group-history-repo.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

describe.each(PROVIDERS)('SqlGroupHistory (%s)', (provider) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should count joins and leaves since a time, once per callback', async () => {
    const history = new SqlGroupHistory(database.connection.sql);
    const change = (dedupeKey: string, kind: 'join' | 'leave', count: number, at: number, chatId = 'wrG') => history.record({ dedupeKey, chatId, kind, count, memberIds: [], at });
    await change('a', 'join', 3, 100);
    await change('b', 'leave', 1, 200);
    await change('b', 'leave', 1, 200);
    await change('c', 'leave', 2, 50);
    await change('d', 'leave', 7, 300, 'wrOther');
    expect(await history.counts('wrG', 100)).toEqual({ joined: 3, left: 1 });
    expect(await history.counts('wrG', 0)).toEqual({ joined: 3, left: 3 });
    expect(await history.counts('wrNone', 0)).toEqual({ joined: 0, left: 0 });
  });
});
