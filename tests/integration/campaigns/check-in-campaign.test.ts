/**
 * A 21-day check-in campaign with 30 members in a wechaty-puppet-mock group, run through
 * the real app (bot role with its plugins, web role for the admin API, SQLite, Redis):
 * streaks, a broken streak, make-ups within and beyond the limits, duplicates ignored,
 * stage rewards announced once, the leaderboard, reminders only to those missing, a
 * member who leaves counted in retention, and a bot restart mid-campaign that awards
 * nothing twice when the puppet delivers a day again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/clock.ts';
import { FIXTURE_ADMIN_TOKEN } from '../../helpers/admin-app.ts';
import { startTestApp, waitUntil, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';
import { groupWorld, ROOM_ID, type GroupWorld } from './campaign-world.ts';

const MEMBERS = 30;
/** ms at hh:mm Shanghai time on campaign day `day` (day 1 = 2026-12-01). */
const at = (day: number, hh: number, mm = 0, s = 0) => Date.UTC(2026, 11, day, hh - 8, mm, s);

/**
 * Who writes what on a day. m0–m19 every day (m0 twice on day 2); m20–m24 skip day 6;
 * m25–m26 skip day 3 and make it up on day 4; m27 skips day 10 and asks too late on day
 * 13; m28 never checks in (once after hours); m29 checks in days 1–5 and leaves on day 6.
 */
function plan(day: number): [member: number, text: string][] {
  const lines: [number, string][] = [];
  for (let m = 0; m < 20; m++) lines.push([m, m % 3 === 0 ? '打卡' : `第${day}天打卡 坚持！`]);
  if (day === 2) lines.push([0, '打卡']);
  for (let m = 20; m < 25; m++) if (day !== 6) lines.push([m, '签到']);
  for (const m of [25, 26]) {
    if (day === 4) lines.push([m, '补卡']);
    if (day !== 3) lines.push([m, '打卡']);
  }
  if (day === 13) lines.push([27, '补卡 第10天']);
  if (day !== 10) lines.push([27, '打卡']);
  if (day <= 5) lines.push([29, '打卡']);
  return lines;
}

/** Check-ins that count through `day`. */
function countedThrough(day: number): number {
  let total = 0;
  for (let d = 1; d <= day; d++) total += 20 + (d === 6 ? 0 : 5) + (d === 4 ? 4 : d === 3 ? 0 : 2) + (d === 10 ? 0 : 1) + (d <= 5 ? 1 : 0);
  return total;
}

describe('a 21-day check-in campaign through the bot', () => {
  let database: TestDatabase;
  let app: TestApp;
  let world: GroupWorld;
  let campaignId: number;
  const clock = fixedClock(new Date(at(1, 8)));
  const said: GroupWorld['said'] = [];

  const start = async (w: GroupWorld) => {
    world = w;
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web', 'bot'],
      clock,
      env: { ADMIN_TOKEN: FIXTURE_ADMIN_TOKEN },
      botPuppet: w.puppet,
      ackWindowMs: 150,
    });
  };
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${app.baseUrl}/api/admin${path}`, { ...init, headers: { authorization: `Bearer ${FIXTURE_ADMIN_TOKEN}`, 'content-type': 'application/json', ...init.headers } });
  const checkIns = () => app.container.checkIns.ledger.checkIns(campaignId);
  const allSaid = () => [...said, ...world.said];

  async function playDay(day: number): Promise<void> {
    plan(day).forEach(([member, text], i) => world.write(member, text, at(day, 9, 0, i), `d${day}-m${member}-${i}`));
    await waitUntil(async () => (await checkIns()).length === countedThrough(day), 15_000, `day ${day}'s check-ins`);
  }

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    await start(groupWorld(MEMBERS));
    const created = await admin('/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: '21天胶原蛋白打卡',
        chatIds: [ROOM_ID],
        startDate: '2026-12-01',
        days: 21,
        rules: {
          streakBonuses: [{ streak: 7, points: 30 }],
          stages: [{ day: 7, reward: '试用装' }, { day: 21, reward: '正装一盒' }],
          makeUp: { max: 2, withinDays: 2 },
          reminders: [{ time: '20:00', text: '今天还没打卡的小伙伴，记得打卡哦' }],
          mentionCap: 4,
        },
      }),
    });
    expect(created.status).toBe(201);
    campaignId = ((await created.json()) as { id: number }).id;
    world.login();
    // The bot reads the campaign room's roster once logged in.
    await waitUntil(async () => (await app.container.checkIns.roster.members([ROOM_ID])).length === MEMBERS, 15_000, 'the roster');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('should explain a check-in before the start and after hours, and count nothing', async () => {
    world.write(28, '打卡', at(0, 21), 'early');
    world.write(28, '打卡', at(2, 23, 30), 'late');
    await waitUntil(() => world.said.length === 2, 10_000, 'two explanations');
    expect(world.said.map((s) => s.text)).toEqual([expect.stringContaining('12月1日开始'), expect.stringContaining('打卡时间是每天 05:00-23:00')]);
    expect(await checkIns()).toEqual([]);
    world.said.length = 0;
  });

  it('should count days 1–10 once each, batching the acknowledgements', async () => {
    await playDay(1);
    await waitUntil(() => allSaid().filter((s) => s.text.startsWith('✅')).map((s) => s.text.split('；').length).reduce((a, b) => a + b, 0) === 29, 10_000, "day 1's acknowledgements");
    const acks = world.said.filter((s) => s.text.startsWith('✅'));
    // 29 check-ins, far fewer messages: the first at once, the rest per 150 ms window.
    expect(acks.length).toBeLessThan(10);
    for (let day = 2; day <= 10; day++) await playDay(day);
    // m0's second 打卡 on day 2 counted nothing and said nothing.
    const m0 = await app.container.checkIns.ledger.memberLedger(campaignId, world.memberIds[0]!);
    expect(m0.days).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  }, 120_000);

  it('should remind only the members missing today, a few mentions per message', async () => {
    clock.advance(at(10, 20, 5) - clock.now().getTime());
    const task = app.container.maintenanceTasks.find((t) => t.name === 'campaign-schedule')!;
    // m27 skipped day 10 and m28 never checks in; m29 left on day 6 — not yet recorded here.
    world.leave(29, at(6, 8));
    await waitUntil(async () => (await app.container.checkIns.roster.members([ROOM_ID])).some((m) => m.leftAt !== undefined), 10_000, 'the leave');
    await task.run();
    await waitUntil(() => world.said.some((s) => s.text.includes('今天还没打卡')), 10_000, 'the reminder');
    const reminders = world.said.filter((s) => s.text.includes('今天还没打卡'));
    expect(reminders.flatMap((r) => r.mentions).sort()).toEqual([world.memberIds[27], world.memberIds[28]].sort());
    // Claimed once: running the schedule again in the same minute sends nothing more.
    await task.run();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(world.said.filter((s) => s.text.includes('今天还没打卡'))).toHaveLength(reminders.length);
  });

  it('should award nothing twice when a restarted bot gets day 10 again', async () => {
    const before = await app.container.checkIns.ledger.memberRecords(campaignId);
    said.push(...world.said);
    await app.close();
    const second = groupWorld(MEMBERS);
    await start(second);
    second.login();
    plan(10).forEach(([member, text], i) => second.write(member, text, at(10, 9, 0, i), `d10-m${member}-${i}`));
    // A room's messages are handled in order: once this answer is out, the replay was handled.
    second.write(28, '我的打卡', at(10, 9, 30), 'after-replay');
    await waitUntil(() => second.said.some((s) => s.text.includes('还没有打卡记录')), 15_000, 'the answer after the replay');
    expect(await app.container.checkIns.ledger.memberRecords(campaignId)).toEqual(before);
    expect(second.said.filter((s) => s.text.startsWith('✅'))).toEqual([]);
  }, 60_000);

  it('should run to day 21 with make-ups, refusals, stage rewards once and the right standings', async () => {
    for (let day = 11; day <= 21; day++) await playDay(day);
    expect(world.said.some((s) => s.text.includes('这一天已超过可补卡的期限'))).toBe(true);
    const ledger = (m: number) => app.container.checkIns.ledger.memberLedger(campaignId, world.memberIds[m]!);
    // Full attendance: 21 × 10 + one 7-day streak bonus.
    expect(await ledger(0)).toEqual({ days: Array.from({ length: 21 }, (_, i) => i + 1), makeUpsUsed: 0, points: 240 });
    // Broken streak on day 6: 20 days, one bonus for the run from day 7.
    expect(await ledger(20)).toMatchObject({ points: 230, makeUpsUsed: 0 });
    // Made up day 3 on day 4: every day, one make-up used, the streak unbroken.
    expect(await ledger(25)).toEqual({ days: Array.from({ length: 21 }, (_, i) => i + 1), makeUpsUsed: 1, points: 240 });
    // Missed day 10 (too late to make up): two runs of at least 7, two bonuses.
    expect(await ledger(27)).toMatchObject({ points: 260, makeUpsUsed: 0 });
    expect((await ledger(27)).days).not.toContain(10);

    const rewards = await app.container.admin.campaigns.rewards.list(campaignId);
    // Day-7 stage: m0–m27 (28 members); day-21 stage: m0–m19, m25, m26 (22).
    expect(rewards.filter((r) => r.stageDay === 7)).toHaveLength(28);
    expect(rewards.filter((r) => r.stageDay === 21)).toHaveLength(22);
    expect(rewards.every((r) => r.announcedBy === 'bot')).toBe(true);
    await waitUntil(() => allSaid().filter((s) => s.text.startsWith('🎉')).length === 50, 10_000, 'the announcements');
  }, 180_000);

  it('should answer 排行榜 and 我的打卡 in the group', async () => {
    world.write(20, '排行榜', at(21, 21), 'cmd-board');
    world.write(20, '@小美助手\u2005我的打卡', at(21, 21, 1), 'cmd-me');
    await waitUntil(() => world.said.some((s) => s.text.includes('已打卡20/21天')), 10_000, 'the answers');
    const board = world.said.find((s) => s.text.startsWith('🏆'))!.text.split('\n');
    expect(board).toHaveLength(11);
    expect(board.slice(1).every((line) => line.includes('连续21天 240分'))).toBe(true);
    expect(world.said.find((s) => s.text.includes('已打卡20/21天'))!.text).toBe('@成员20 已打卡20/21天，连续15天，共230分，今天已打卡');
  });

  it('should report retention with the member who left, and the ledger as CSV', async () => {
    clock.advance(at(22, 10) - clock.now().getTime());
    const health = (await (await admin(`/campaigns/${campaignId}/health`)).json()) as Record<string, unknown> & { days: { day: number; left: number; participation: number }[] };
    expect(health).toMatchObject({ members: 30, atStart: 30, stillIn: 29, completed: 22 });
    expect(health.retention).toBeCloseTo(29 / 30, 3);
    expect(health.days.find((d) => d.day === 6)).toMatchObject({ left: 1 });
    const bytes = Buffer.from(await (await admin(`/campaigns/${campaignId}/ledger.csv`)).arrayBuffer());
    // A byte-order mark first, so spreadsheet apps read the Chinese names as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.subarray(3).toString('utf8');
    expect(csv.split('\r\n')[0]).toBe('member_key,display_name,cause,points,at');
    // Every award is one row: the CSV adds up to the points awarded.
    const sum = csv.trim().split('\r\n').slice(1).reduce((total, row) => total + Number(row.split(',')[3]), 0);
    expect(sum).toBe(await app.container.checkIns.ledger.pointsAwarded(campaignId));
  });
});
