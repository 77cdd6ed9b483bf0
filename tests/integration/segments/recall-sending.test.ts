/**
 * Sending recalls in the background on real SQLite and PostgreSQL: one sender per recall
 * however many try, and a sender that died mid-way is resumed after its claim runs out —
 * the customers of its unanswered call are marked failed, not messaged twice, and the rest
 * are sent. WeCom's add_msg_template is played by a recording MassMessenger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECALL_CLAIM_SECONDS, queueRecall, sendQueuedRecalls, sendRecall, type RecallDeps } from '../../../src/app/segments/recalls.ts';
import { SqlRecallStore } from '../../../src/db/recall-repo.ts';
import { PrismaSalesTaskStore } from '../../../src/db/sales-task-repo.ts';
import { SqlSegmentQueries } from '../../../src/db/segment-queries.ts';
import { SqlSegmentRepo } from '../../../src/db/segment-repo.ts';
import type { MassMessenger } from '../../../src/domain/ports.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const NOW = 1_800_000_000;

/** Records every send; answers a msgid per call. */
function recordingMessenger(): MassMessenger & { sends: { sender: string; externalUserIds: string[] }[] } {
  const sends: { sender: string; externalUserIds: string[] }[] = [];
  return {
    sends,
    send: async ({ sender, externalUserIds }) => {
      sends.push({ sender, externalUserIds });
      // Slow enough that concurrent senders would overlap if both held the recall.
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { msgid: `msg-${sends.length}`, failList: [] };
    },
    senders: async () => [],
    results: async () => [],
  };
}

describe.each(PROVIDERS)('recall sending (%s)', (provider) => {
  let database: TestDatabase;
  let deps: RecallDeps & { messenger: ReturnType<typeof recordingMessenger> };
  let segmentId: number;
  const clock = fixedClock(new Date(NOW * 1000));

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    const { sql } = database.connection;
    const stamp = sql.toDbTime(new Date());
    for (const [userId, externalUserId] of [['li', 'wmA'], ['li', 'wmB'], ['wang', 'wmC'], ['zhao', 'wmD']]) {
      await sql.execute(
        `INSERT INTO "FollowRelation" ("userId", "externalUserId", "status", "statusChangedAt", "addedAt", "tagIds", "updatedAt") VALUES (?, ?, 'active', ?, ?, '[]', ?)`,
        [userId, externalUserId, NOW - 1000, NOW - 1000, stamp],
      );
    }
    deps = {
      segments: new SqlSegmentRepo(sql),
      queries: new SqlSegmentQueries(sql),
      recalls: new SqlRecallStore(sql),
      messenger: recordingMessenger(),
      tasks: new PrismaSalesTaskStore(database.connection.prisma, sql),
      clock,
    };
    segmentId = (await deps.segments.create({ name: 'everyone', definition: {} })).id;
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should send a recall once however many senders race for it', async () => {
    const recall = await queueRecall(deps, { segmentId, text: '回来看看', attachments: [], frequencyCapDays: 0, windowDays: 7 });
    expect(recall.status).toBe('queued');
    const results = await Promise.all([sendRecall(deps, recall.id), sendRecall(deps, recall.id), sendQueuedRecalls(deps)]);
    expect(results.filter((r) => r !== null && r !== 0)).toHaveLength(1);
    expect(deps.messenger.sends.map((s) => [s.sender, s.externalUserIds]).sort()).toEqual([['li', ['wmA', 'wmB']], ['wang', ['wmC']], ['zhao', ['wmD']]]);
    const sent = await deps.recalls.get(recall.id);
    expect(sent).toMatchObject({ status: 'sent', summary: { massRecipients: 4, tasks: 0, capped: 0, interrupted: 0 } });
    expect(await sendRecall(deps, recall.id)).toBeNull();
    expect(deps.messenger.sends).toHaveLength(3);
  });

  it('should resume a dead sender\'s recall after its claim runs out, failing its unanswered call and sending the rest', async () => {
    deps.messenger.sends.length = 0;
    const recall = await queueRecall(deps, { segmentId, text: '回来看看', attachments: [], frequencyCapDays: 0, windowDays: 7 });
    // A sender claimed it, sent li's message (answered), recorded wang's recipients, then died before WeCom answered.
    expect(await deps.recalls.claim(recall.id, NOW, NOW + RECALL_CLAIM_SECONDS)).toBe(true);
    await deps.recalls.addRecipients(recall.id, [{ externalUserId: 'wmA', userId: 'li', channel: 'mass', status: 'pending' }, { externalUserId: 'wmB', userId: 'li', channel: 'mass', status: 'pending' }], NOW);
    await deps.recalls.recordMessage(recall.id, { userId: 'li', externalUserIds: ['wmA', 'wmB'], msgid: 'msg-before-crash', errcode: 0, failList: [] });
    await deps.recalls.addRecipients(recall.id, [{ externalUserId: 'wmC', userId: 'wang', channel: 'mass', status: 'pending' }], NOW);

    // While the claim holds, nobody else sends it.
    expect(await sendQueuedRecalls(deps)).toBe(0);
    clock.advance((RECALL_CLAIM_SECONDS + 1) * 1000);
    expect(await sendQueuedRecalls(deps)).toBe(1);
    // Only zhao's customer was left: li's were sent before, wang's call may have reached WeCom.
    expect(deps.messenger.sends).toEqual([{ sender: 'zhao', externalUserIds: ['wmD'] }]);
    expect(await deps.recalls.get(recall.id)).toMatchObject({ status: 'sent', summary: { massRecipients: 1, interrupted: 1 } });
    const statuses = await database.connection.sql.query<{ externalUserId: string; status: string }>(
      `SELECT "externalUserId", "status" FROM "RecallRecipient" WHERE "recallId" = ? ORDER BY "externalUserId"`,
      [recall.id],
    );
    expect(statuses.map((r) => [r.externalUserId, r.status])).toEqual([['wmA', 'pending'], ['wmB', 'pending'], ['wmC', 'failed'], ['wmD', 'pending']]);
  });
});
