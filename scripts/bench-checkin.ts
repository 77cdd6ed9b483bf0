/**
 * `npm run bench:checkin [-- --members 500 --days 20]`: check-ins per second through the
 * real bot — Wechaty on wechaty-puppet-mock with the product's plugins (message capture
 * storing every message, the check-in plugin, room rosters) — the campaign engine, the
 * ledger and a fresh SQLite database. Every member of one group checks in once a day for
 * `days` simulated days; the clock stops when the ledger holds every check-in. Target: at
 * least 1,000 check-ins/s. Then prints the cost of a second pass (the same messages
 * again, all duplicates) and the process's memory.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { types } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { recordGroupMessage } from '../src/app/campaigns/record-check-in.ts';
import { CachedCampaigns } from '../src/app/campaigns/cached-campaigns.ts';
import { ingestMessages } from '../src/app/ingest-messages.ts';
import { startScrmBot } from '../src/bot/scrm-bot.ts';
import { DEFAULT_CAMPAIGN_RULES } from '../src/domain/campaign/campaign.ts';
import { SqlCampaignRepo } from '../src/db/campaign-repo.ts';
import { SqlCheckInLedger, SqlRewardLog } from '../src/db/check-in-ledger.ts';
import { SqlGroupRoster } from '../src/db/group-roster-repo.ts';
import { SqlMessageStore } from '../src/db/message-repo.ts';
import { migrate } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/prisma.ts';
import { systemClock } from '../src/shared/clock.ts';
import { createRootLogger } from '../src/shared/logger.ts';

const { values: args } = parseArgs({ options: { members: { type: 'string', default: '500' }, days: { type: 'string', default: '20' } } });
const MEMBERS = Number(args.members);
const DAYS = Number(args.days);
const TARGET_PER_SECOND = 1_000;
const DIR = 'data/bench-checkin';
const ROOM = 'bench-group@chatroom';
/** 09:00 Shanghai on campaign day `day` (day 1 = 2026-12-01), plus `s` seconds. */
const at = (day: number, s: number) => Date.UTC(2026, 11, day, 1, 0, s);

rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });
const url = `file:./${DIR}/bench.db`;
const db = await openDatabase(url);
await migrate(db.prisma, url);
const logger = createRootLogger('silent');
const campaigns = new CachedCampaigns(new SqlCampaignRepo(db.sql), systemClock);
const ledger = new SqlCheckInLedger(db.sql);
const roster = new SqlGroupRoster(db.sql);
const checkIns = { campaigns, ledger, rewards: new SqlRewardLog(db.sql), roster, clock: systemClock };
const campaign = await campaigns.create({
  name: 'bench',
  chatIds: [ROOM],
  startDate: '2026-12-01',
  days: Math.max(DAYS, 21),
  timezone: 'Asia/Shanghai',
  rules: { ...DEFAULT_CAMPAIGN_RULES, window: { from: '00:00', to: '00:00' }, streakBonuses: [{ streak: 7, points: 30 }], stages: [{ day: 7, reward: '试用装' }] },
});

const mocker = new mock.Mocker();
const botUser = mocker.createContact({ id: 'wmBenchBot', name: 'bot' });
const memberIds = Array.from({ length: MEMBERS }, (_, i) => mocker.createContact({ id: `wmBench${String(i).padStart(6, '0')}`, name: `成员${i}` }).id);
mocker.createRoom({ id: ROOM, topic: 'bench', memberIdList: [botUser.id, ...memberIds] });
const messages = { messages: new SqlMessageStore(db.sql), classifyQueue: { enqueue: async () => {}, enqueueMany: async () => {} } };
const bot = await startScrmBot({
  puppet: new PuppetMock({ mocker }),
  logger,
  onMessages: (batch) => ingestMessages(messages, batch).then(() => undefined),
  recordGroupMessage: (message) => recordGroupMessage(checkIns, message),
  roster,
  campaignRooms: async () => [ROOM],
  ackWindowMs: 1_000,
});
mocker.login(botUser);
while ((await roster.members([ROOM])).length < MEMBERS) await new Promise((resolve) => setTimeout(resolve, 50));

/** Every member's check-in of every day; `again` re-delivers the same messages. */
function emitAll(again = false): void {
  for (let day = 1; day <= DAYS; day++) {
    memberIds.forEach((talkerId, i) => {
      const id = `d${day}-${i}`;
      if (!again) mocker.MessageMock.create({ id, talkerId, roomId: ROOM, text: i % 2 ? '打卡' : `第${day}天打卡`, timestamp: at(day, i % 3600), type: types.Message.Text, mentionIdList: [] });
      mocker.puppet.emit('message', { messageId: id });
    });
  }
}

async function untilCounted(total: number): Promise<void> {
  while ((await ledger.checkIns(campaign.id)).length < total) await new Promise((resolve) => setTimeout(resolve, 100));
}

const total = MEMBERS * DAYS;
const started = performance.now();
emitAll();
await untilCounted(total);
const seconds = (performance.now() - started) / 1000;
const rate = total / seconds;

// A replay of everything (a restarted puppet delivering again): all duplicates. The last
// message's standing answer marks the end, as a room's messages are handled in order.
const replayStarted = performance.now();
const before = await ledger.pointsAwarded(campaign.id);
emitAll(true);
const marker = 'bench-end';
mocker.MessageMock.create({ id: marker, talkerId: memberIds[0]!, roomId: ROOM, text: '我的打卡', timestamp: at(DAYS, 3599), type: types.Message.Text, mentionIdList: [] });
const sent = new Promise<void>((resolve) => {
  mocker.puppet.on('message', (event: { messageId: string }) => {
    const payload = mocker.MessageMock.load(event.messageId).payload as { talkerId?: string; text?: string };
    if (payload.talkerId === botUser.id && payload.text?.includes('已打卡')) resolve();
  });
});
mocker.puppet.emit('message', { messageId: marker });
await sent;
const replaySeconds = (performance.now() - replayStarted) / 1000;
const after = await ledger.pointsAwarded(campaign.id);

await bot.stop();
await db.close();
const memory = process.memoryUsage();
console.log(`bench:checkin — ${MEMBERS} members × ${DAYS} days = ${total} check-ins through the bot's plugins, engine and SQLite ledger`);
console.log(`  counted:   ${rate.toFixed(0)} check-ins/s (${seconds.toFixed(2)} s)  target ≥ ${TARGET_PER_SECOND}/s: ${rate >= TARGET_PER_SECOND ? 'met' : 'NOT met'}`);
console.log(`  replayed:  ${(total / replaySeconds).toFixed(0)} duplicate messages/s, points unchanged: ${before === after ? 'yes' : `NO (${before} → ${after})`}`);
console.log(`  memory:    rss ${(memory.rss / 2 ** 20).toFixed(0)} MB, heap ${(memory.heapUsed / 2 ** 20).toFixed(0)} MB`);
process.exit(0);
