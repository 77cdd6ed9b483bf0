/** A client that dribbles its headers (slowloris) is disconnected at the header timeout. */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/shared/clock.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

describe('slow clients', () => {
  let database: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    app = await startTestApp({ databaseUrl: database.url, roles: ['web'], clock: systemClock });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('should close a connection whose headers never finish within 10 to 16 seconds', async () => {
    const port = Number(new URL(app.baseUrl).port);
    const socket = connect({ port, host: '127.0.0.1' });
    const started = Date.now();
    const dribble = setInterval(() => socket.write('X-Slow: 1\r\n'), 500);
    socket.write('POST /wecom/callback HTTP/1.1\r\nHost: localhost\r\n');
    const closedAfterMs = await new Promise<number>((resolve) => {
      socket.on('error', () => {});
      socket.on('close', () => resolve(Date.now() - started));
    });
    clearInterval(dribble);
    expect(closedAfterMs).toBeGreaterThanOrEqual(9_000);
    expect(closedAfterMs).toBeLessThan(16_000);
  });
});
