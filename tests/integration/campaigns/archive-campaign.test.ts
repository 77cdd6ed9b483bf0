/**
 * A campaign without a bot: the same seven days of group messages fed once through the
 * mock-puppet bot (campaign A) and once only through message-archive imports (campaign
 * B) — imported late, out of order and twice. Both must end with the same ledger:
 * days, make-ups and points per member, and the same stage rewards; the bot-less one
 * leaves its rewards for the sidebar to announce and says nothing in any group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/clock.ts';
import { FIXTURE_ADMIN_TOKEN } from '../../helpers/admin-app.ts';
import { startTestApp, waitUntil, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';
import { groupWorld, ROOM_ID, type GroupWorld } from './campaign-world.ts';

const MEMBERS = 8;
const ARCHIVE_ROOM = 'wrArchiveGroup0001';
const OWNER = 'sales.owner';
const at = (day: number, hh: number, s = 0) => Date.UTC(2026, 11, day, hh - 8, 0, s);

/** m0 every day; m1 misses day 3 and makes it up on day 4; m2 misses day 5; m3 writes twice a day; m4 from day 3; m5–m7 odd days. */
function plan(day: number): [member: number, text: string][] {
  const lines: [number, string][] = [[0, '打卡']];
  if (day === 4) lines.push([1, '补卡']);
  if (day !== 3) lines.push([1, `第${day}天`]);
  if (day !== 5) lines.push([2, '签到']);
  lines.push([3, '打卡'], [3, '今天也打卡了']);
  if (day >= 3) lines.push([4, '打卡']);
  for (let m = 5; m < MEMBERS; m++) if (day % 2 === 1) lines.push([m, '打卡']);
  return lines;
}

const RULES = {
  streakBonuses: [{ streak: 3, points: 15 }],
  stages: [{ day: 3, reward: '小样' }, { day: 7, reward: '正装' }],
  makeUp: { max: 1, withinDays: 2 },
  reminders: [],
};

describe('a check-in campaign fed only by the message archive', () => {
  let database: TestDatabase;
  let app: TestApp;
  let world: GroupWorld;
  let botCampaign: number;
  let archiveCampaign: number;

  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${app.baseUrl}/api/admin${path}`, { ...init, headers: { authorization: `Bearer ${FIXTURE_ADMIN_TOKEN}`, 'content-type': 'application/json', ...init.headers } });
  const createCampaign = async (chatId: string, sources: string, voice: string) => {
    const response = await admin('/campaigns', { method: 'POST', body: JSON.stringify({ name: `7天-${sources}`, chatIds: [chatId], startDate: '2026-12-01', days: 7, rules: { ...RULES, sources, voice } }) });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: number }).id;
  };
  const archiveLines = (days: number[]) =>
    days
      .flatMap((day) => plan(day).map(([m, text], i) => ({ msgid: `arc-${day}-${m}-${i}`, from: world.memberIds[m]!, tolist: [OWNER], roomid: ARCHIVE_ROOM, msgtime: at(day, 9, i), msgtype: 'text', text: { content: text } })))
      .map((record) => JSON.stringify(record))
      .join('\n');
  const importDays = async (days: number[]) => {
    const response = await admin('/messages/import', { method: 'POST', body: archiveLines(days), headers: { 'content-type': 'application/x-ndjson' } });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    world = groupWorld(MEMBERS);
    app = await startTestApp({ databaseUrl: database.url, roles: ['web', 'bot'], clock: fixedClock(new Date(at(8, 10))), env: { ADMIN_TOKEN: FIXTURE_ADMIN_TOKEN }, botPuppet: world.puppet, ackWindowMs: 50 });
    botCampaign = await createCampaign(ROOM_ID, 'bot', 'bot');
    archiveCampaign = await createCampaign(ARCHIVE_ROOM, 'archive', 'sidebar');
    world.login();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('should end with the same ledger and rewards as the bot-fed campaign', async () => {
    const ledger = app.container.checkIns.ledger;
    for (let day = 1; day <= 7; day++) {
      const before = (await ledger.checkIns(botCampaign)).length;
      plan(day).forEach(([m, text], i) => world.write(m, text, at(day, 9, i), `bot-${day}-${m}-${i}`));
      // m3's second message of the day counts nothing: wait for the day's distinct writers (+ m1's make-up).
      const expected = new Set(plan(day).map(([m]) => m)).size + (day === 4 ? 1 : 0);
      await waitUntil(async () => (await ledger.checkIns(botCampaign)).length === before + expected, 10_000, `bot day ${day}`);
    }
    // The archive arrives in pieces: days 1–2, then 5–7 before 3–4, then 2–6 again.
    await importDays([1, 2]);
    await importDays([5, 6, 7]);
    await importDays([3, 4]);
    await importDays([2, 3, 4, 5, 6]);

    const viaBot = await ledger.memberRecords(botCampaign);
    const viaArchive = await ledger.memberRecords(archiveCampaign);
    expect(viaArchive.map(({ memberKey, days, points }) => ({ memberKey, days, points }))).toEqual(viaBot.map(({ memberKey, days, points }) => ({ memberKey, days, points })));
    for (const m of [0, 1, 4]) {
      const key = world.memberIds[m]!;
      expect(await ledger.memberLedger(archiveCampaign, key)).toEqual(await ledger.memberLedger(botCampaign, key));
    }
    expect((await ledger.memberLedger(archiveCampaign, world.memberIds[1]!)).makeUpsUsed).toBe(1);
    const rewards = app.container.admin.campaigns.rewards;
    const stages = async (id: number) => (await rewards.list(id)).map((r) => `${r.memberKey}@${r.stageDay}`).sort();
    expect(await stages(archiveCampaign)).toEqual(await stages(botCampaign));
    expect(await stages(archiveCampaign)).toContain(`${world.memberIds[0]}@7`);
    // The bot announced its campaign's rewards; the archive campaign's wait for the sidebar.
    expect((await rewards.list(botCampaign)).every((r) => r.announcedBy === 'bot')).toBe(true);
    expect((await rewards.list(archiveCampaign)).every((r) => r.announcedAt === undefined)).toBe(true);
    expect(world.said.every((s) => s.roomId === ROOM_ID)).toBe(true);
    const queued = await app.container.botOutbox.queue.getJobCounts('waiting', 'active', 'completed', 'delayed');
    expect(Object.values(queued).reduce((a, b) => a + b, 0)).toBe(0);
  }, 90_000);
});
