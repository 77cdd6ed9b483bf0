/**
 * SqlCheckInLedger and SqlRewardLog against real SQLite and PostgreSQL: a check-in, its
 * awards and its stage grant are stored together or not at all, once per member and day
 * even under concurrent calls, and a grant is announced once across the bot and the sidebar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlCampaignRepo } from '../../../src/db/campaign-repo.ts';
import { SqlCheckInLedger, SqlRewardLog } from '../../../src/db/check-in-ledger.ts';
import { SqlGroupRoster } from '../../../src/db/group-roster-repo.ts';
import { DEFAULT_CAMPAIGN_RULES } from '../../../src/domain/campaign/campaign.ts';
import type { CountedCheckIn } from '../../../src/domain/ports.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const FIXTURE_AT = 1_795_000_000;
const FIXTURE_CHAT = 'wrChatA';

function checkIn(campaignId: number, memberKey: string, day: number, extra: Partial<CountedCheckIn> = {}): CountedCheckIn {
  return {
    campaignId,
    memberKey,
    chatId: FIXTURE_CHAT,
    day,
    makeUp: false,
    messageKey: `bot:${memberKey}:${day}`,
    at: FIXTURE_AT + day * 86_400,
    awards: [{ cause: `day${day}`, points: 10 }],
    ...extra,
  };
}

describe.each(PROVIDERS)('SqlCheckInLedger and SqlRewardLog (%s)', (provider) => {
  let database: TestDatabase;
  let ledger: SqlCheckInLedger;
  let rewards: SqlRewardLog;
  let roster: SqlGroupRoster;
  /** A fresh campaign per test, so no test sees another's rows. */
  let newCampaignId: (chatIds?: string[]) => Promise<number>;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    const { sql } = database.connection;
    ledger = new SqlCheckInLedger(sql);
    rewards = new SqlRewardLog(sql);
    roster = new SqlGroupRoster(sql);
    const campaigns = new SqlCampaignRepo(sql);
    newCampaignId = async (chatIds = [FIXTURE_CHAT]) =>
      (await campaigns.create({ name: '21天打卡', chatIds, startDate: '2026-12-01', days: 21, timezone: 'Asia/Shanghai', rules: DEFAULT_CAMPAIGN_RULES })).id;
  });

  afterAll(async () => {
    await database?.drop();
  });

  describe('record() and memberLedger()', () => {
    it('should store the check-in with its awards and read the ledger back when the day is new', async () => {
      const id = await newCampaignId();
      expect(await ledger.record(checkIn(id, 'wmA', 3))).toEqual({});
      expect(await ledger.record(checkIn(id, 'wmA', 1, { makeUp: true }))).toEqual({});
      expect(await ledger.record(checkIn(id, 'wmA', 2, { awards: [{ cause: 'day2', points: 10 }, { cause: 'streak3-from1', points: 30 }] }))).toEqual({});
      expect(await ledger.memberLedger(id, 'wmA')).toEqual({ days: [1, 2, 3], makeUpsUsed: 1, points: 60 });
      expect(await ledger.memberLedger(id, 'wmNobody')).toEqual({ days: [], makeUpsUsed: 0, points: 0 });
    });

    it('should store nothing and return undefined when the member day was already counted', async () => {
      const id = await newCampaignId();
      await ledger.record(checkIn(id, 'wmA', 1));
      const again = checkIn(id, 'wmA', 1, { messageKey: 'bot:other', awards: [{ cause: 'bonus', points: 99 }], stage: { day: 1, reward: '礼' } });
      expect(await ledger.record(again)).toBeUndefined();
      expect(await ledger.memberLedger(id, 'wmA')).toEqual({ days: [1], makeUpsUsed: 0, points: 10 });
      expect(await rewards.list(id)).toEqual([]);
    });

    it('should award each cause once when a later check-in repeats a cause', async () => {
      const id = await newCampaignId();
      const streak = { cause: 'streak7-from1', points: 30 };
      await ledger.record(checkIn(id, 'wmA', 7, { awards: [{ cause: 'day7', points: 10 }, streak] }));
      await ledger.record(checkIn(id, 'wmA', 8, { awards: [{ cause: 'day8', points: 10 }, streak, streak] }));
      expect((await ledger.memberLedger(id, 'wmA')).points).toBe(50);
      expect(await ledger.pointsAwarded(id)).toBe(50);
    });

    it('should grant the stage with the check-in chat and time and return its id when a stage is reached', async () => {
      const id = await newCampaignId();
      const counted = checkIn(id, 'wmA', 7, { stage: { day: 7, reward: '7天打卡礼' } });
      const result = await ledger.record(counted);
      expect(result?.grantId).toEqual(expect.any(Number));
      expect(await rewards.list(id)).toEqual([
        { id: result?.grantId, campaignId: id, memberKey: 'wmA', displayName: 'wmA', chatId: FIXTURE_CHAT, stageDay: 7, reward: '7天打卡礼', grantedAt: counted.at },
      ]);
      // A later day reaching the same stage again (not expected, but possible) reports the stored grant.
      expect(await ledger.record(checkIn(id, 'wmA', 8, { stage: { day: 7, reward: '7天打卡礼' } }))).toEqual({ grantId: result?.grantId });
    });

    it('should store exactly one check-in when the same member day is recorded concurrently', async () => {
      const id = await newCampaignId();
      const calls = Array.from({ length: 12 }, (_, i) => checkIn(id, 'wmA', 5, { messageKey: `bot:m${i}`, stage: { day: 1, reward: '首日礼' } }));
      const results = await Promise.all(calls.map((c) => ledger.record(c)));
      const stored = results.filter((r) => r !== undefined);
      expect(stored).toHaveLength(1);
      expect(stored[0]?.grantId).toEqual(expect.any(Number));
      expect(await database.db.checkIn.count({ where: { campaignId: id } })).toBe(1);
      expect(await ledger.memberLedger(id, 'wmA')).toEqual({ days: [5], makeUpsUsed: 0, points: 10 });
      expect(await rewards.list(id)).toHaveLength(1);
    });

    it('should count every distinct day when one member checks in on many days concurrently', async () => {
      const id = await newCampaignId();
      const streak = { cause: 'streak3-from1', points: 30 };
      await Promise.all([1, 2, 3, 4].map((day) => ledger.record(checkIn(id, 'wmA', day, { awards: [{ cause: `day${day}`, points: 10 }, streak] }))));
      expect(await ledger.memberLedger(id, 'wmA')).toEqual({ days: [1, 2, 3, 4], makeUpsUsed: 0, points: 70 });
    });
  });

  describe('memberRecords(), checkIns(), pointsAwarded() and entries()', () => {
    it('should list members with days, points and group names when names are known', async () => {
      const id = await newCampaignId(['wrChatA', 'wrChatB']);
      await roster.seen([
        { chatId: 'wrChatB', memberKey: 'wmA', displayName: '小安' },
        { chatId: 'wrElsewhere', memberKey: 'wmB', displayName: '别的群' },
      ]);
      await ledger.record(checkIn(id, 'wmB', 2, { chatId: 'wrChatB' }));
      await ledger.record(checkIn(id, 'wmA', 2));
      await ledger.record(checkIn(id, 'wmA', 1, { awards: [{ cause: 'day1', points: 10 }, { cause: 'bonus', points: 5 }] }));
      const other = await newCampaignId();
      await ledger.record(checkIn(other, 'wmA', 1));

      expect(await ledger.memberRecords(id)).toEqual([
        { memberKey: 'wmA', displayName: '小安', days: [1, 2], points: 25 },
        { memberKey: 'wmB', displayName: 'wmB', days: [2], points: 10 },
      ]);
      expect(await ledger.checkIns(id)).toEqual([
        { memberKey: 'wmA', day: 1 },
        { memberKey: 'wmA', day: 2 },
        { memberKey: 'wmB', day: 2 },
      ]);
      expect(await ledger.pointsAwarded(id)).toBe(35);
      expect(await ledger.pointsAwarded(await newCampaignId())).toBe(0);
    });

    it('should list ledger entries by time then id with display names', async () => {
      const id = await newCampaignId();
      await roster.seen([{ chatId: FIXTURE_CHAT, memberKey: 'wmA', displayName: '小安' }]);
      await ledger.record(checkIn(id, 'wmB', 2));
      await ledger.record(checkIn(id, 'wmA', 1, { awards: [{ cause: 'day1', points: 10 }, { cause: 'a-bonus', points: 5 }] }));
      expect(await ledger.entries(id)).toEqual([
        { memberKey: 'wmA', displayName: '小安', cause: 'a-bonus', points: 5, at: FIXTURE_AT + 86_400 },
        { memberKey: 'wmA', displayName: '小安', cause: 'day1', points: 10, at: FIXTURE_AT + 86_400 },
        { memberKey: 'wmB', displayName: 'wmB', cause: 'day2', points: 10, at: FIXTURE_AT + 2 * 86_400 },
      ]);
    });
  });

  describe('RewardLog', () => {
    /** Grants for wmA (stage 7) and wmB (stage 7, in chat B); returns their ids. */
    async function twoGrants(id: number): Promise<[number, number]> {
      const a = await ledger.record(checkIn(id, 'wmA', 7, { stage: { day: 7, reward: '试用装' } }));
      const b = await ledger.record(checkIn(id, 'wmB', 7, { chatId: 'wrChatB', stage: { day: 7, reward: '试用装' } }));
      return [a!.grantId!, b!.grantId!];
    }

    it('should filter grants by chat and announcement and name members from their group', async () => {
      const id = await newCampaignId(['wrChatA', 'wrChatB']);
      await roster.seen([{ chatId: 'wrChatB', memberKey: 'wmB', displayName: '小北' }]);
      const [a, b] = await twoGrants(id);
      expect(await rewards.markAnnounced([b], 'sidebar', 500)).toEqual([b]);

      const announced = await rewards.list(id, { announced: true });
      expect(announced).toEqual([expect.objectContaining({ id: b, displayName: '小北', chatId: 'wrChatB', announcedAt: 500, announcedBy: 'sidebar' })]);
      const waiting = await rewards.list(id, { announced: false });
      expect(waiting.map((g) => g.id)).toEqual([a]);
      expect(waiting[0]).not.toHaveProperty('announcedBy');
      expect(waiting[0]).not.toHaveProperty('announcedAt');
      expect((await rewards.list(id, { chatId: 'wrChatB' })).map((g) => g.id)).toEqual([b]);
      expect((await rewards.list(id)).map((g) => g.id)).toEqual([a, b]);
    });

    it('should mark each grant announced once when the bot and the sidebar race', async () => {
      const id = await newCampaignId();
      const ids = await twoGrants(id);
      const [byBot, bySidebar] = await Promise.all([rewards.markAnnounced(ids, 'bot', 600), rewards.markAnnounced(ids, 'sidebar', 601)]);
      expect([...byBot!, ...bySidebar!].sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
      expect(await rewards.markAnnounced(ids, 'bot', 700)).toEqual([]);
      expect(await rewards.markAnnounced([], 'bot', 700)).toEqual([]);
    });

    it('should mark a grant fulfilled when it exists and keep the first fulfilment time', async () => {
      const id = await newCampaignId();
      const [a] = await twoGrants(id);
      expect(await rewards.markFulfilled(a, 800)).toBe(true);
      expect(await rewards.markFulfilled(a, 900)).toBe(true);
      expect(await rewards.markFulfilled(999_999, 800)).toBe(false);
      expect((await rewards.list(id)).find((g) => g.id === a)?.fulfilledAt).toBe(800);
    });
  });
});
