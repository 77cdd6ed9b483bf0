/**
 * SqlCampaignRepo, SqlGroupRoster and SqlOnceClaims against real SQLite and PostgreSQL:
 * JSON columns round-trip, partial updates merge, join and leave events arriving out of
 * order leave the newest state, and a once-only claim has exactly one winner.
 * (The check-in ledger and reward log are in check-in-ledger.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlCampaignRepo } from '../../../src/db/campaign-repo.ts';
import { SqlGroupRoster } from '../../../src/db/group-roster-repo.ts';
import { SqlOnceClaims } from '../../../src/db/once-claims.ts';
import { DEFAULT_CAMPAIGN_RULES, type NewCampaign } from '../../../src/domain/campaign/campaign.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const FIXTURE_CAMPAIGN: NewCampaign = {
  name: '21天胶原蛋白打卡',
  chatIds: ['wrChatA', 'wrChatB'],
  startDate: '2026-12-01',
  days: 21,
  timezone: 'Asia/Shanghai',
  rules: { ...DEFAULT_CAMPAIGN_RULES, summaryWebhookKey: 'hook-key' },
};

describe.each(PROVIDERS)('campaign repositories (%s)', (provider) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
  });

  afterAll(async () => {
    await database?.drop();
  });

  describe('SqlCampaignRepo', () => {
    it('should round-trip rules and chat ids and default the status to active when created', async () => {
      const repo = new SqlCampaignRepo(database.connection.sql);
      const created = await repo.create(FIXTURE_CAMPAIGN);
      expect(created).toEqual({ id: expect.any(Number), status: 'active', ...FIXTURE_CAMPAIGN });
      expect(await repo.get(created.id)).toEqual(created);
      expect(await repo.get(created.id + 1000)).toBeUndefined();
    });

    it('should change only the given fields when updated', async () => {
      const repo = new SqlCampaignRepo(database.connection.sql);
      const created = await repo.create(FIXTURE_CAMPAIGN);
      const renamed = await repo.update(created.id, { name: '7天体验', status: 'archived' });
      expect(renamed).toEqual({ ...created, name: '7天体验', status: 'archived' });
      const rules = { ...DEFAULT_CAMPAIGN_RULES, pointsPerCheckIn: 5 };
      expect(await repo.update(created.id, { rules, chatIds: ['wrChatC'], days: 7 })).toEqual({ ...renamed, rules, chatIds: ['wrChatC'], days: 7 });
      expect(await repo.get(created.id)).toEqual({ ...renamed, rules, chatIds: ['wrChatC'], days: 7 });
      expect(await repo.update(created.id + 1000, { name: 'x' })).toBeUndefined();
    });

    it('should list campaigns in id order', async () => {
      const repo = new SqlCampaignRepo(database.connection.sql);
      const first = await repo.create({ ...FIXTURE_CAMPAIGN, name: 'first' });
      const second = await repo.create({ ...FIXTURE_CAMPAIGN, name: 'second', status: 'archived' });
      const ids = (await repo.list()).map((c) => c.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(ids.slice(-2)).toEqual([first.id, second.id]);
    });
  });

  describe('SqlGroupRoster', () => {
    it('should add unknown members and refresh names without touching join or leave times when seen', async () => {
      const roster = new SqlGroupRoster(database.connection.sql);
      await roster.joined('wrSeen', [{ memberKey: 'wmA', displayName: '旧名' }], 100);
      await roster.left('wrSeen', ['wmA'], 200);
      await roster.seen([{ chatId: 'wrSeen', memberKey: 'wmB', displayName: '小贝', externalUserId: 'wmB-ext' }]);
      await roster.seen([
        { chatId: 'wrSeen', memberKey: 'wmA', displayName: '新名', externalUserId: 'wmA-ext' },
        { chatId: 'wrSeen', memberKey: 'wmB', displayName: '小贝贝' },
        { chatId: 'wrSeen', memberKey: 'wmB', displayName: '小贝贝贝' },
      ]);
      expect(await roster.members(['wrSeen'])).toEqual([
        { chatId: 'wrSeen', memberKey: 'wmA', displayName: '新名', externalUserId: 'wmA-ext', joinedAt: 100, leftAt: 200 },
        { chatId: 'wrSeen', memberKey: 'wmB', displayName: '小贝贝贝', externalUserId: 'wmB-ext' },
      ]);
    });

    it('should default names to the member key and keep stored names when a join carries none', async () => {
      const roster = new SqlGroupRoster(database.connection.sql);
      await roster.seen([{ chatId: 'wrNames', memberKey: 'wmA', displayName: '小安' }]);
      await roster.joined('wrNames', [{ memberKey: 'wmA' }, { memberKey: 'wmB' }, { memberKey: 'wmC', displayName: '小丙' }], 100);
      expect(await roster.members(['wrNames'])).toEqual([
        { chatId: 'wrNames', memberKey: 'wmA', displayName: '小安', joinedAt: 100 },
        { chatId: 'wrNames', memberKey: 'wmB', displayName: 'wmB', joinedAt: 100 },
        { chatId: 'wrNames', memberKey: 'wmC', displayName: '小丙', joinedAt: 100 },
      ]);
    });

    it('should keep the newest state when join and leave events arrive out of order', async () => {
      const roster = new SqlGroupRoster(database.connection.sql);
      // wmLate: left at 300, then a stale join from 100 arrives.
      await roster.left('wrOrder', ['wmLate'], 300);
      await roster.joined('wrOrder', [{ memberKey: 'wmLate' }], 100);
      // wmBack: joined at 100, left at 200, re-joined at 300; the leave arrives last.
      await roster.joined('wrOrder', [{ memberKey: 'wmBack' }], 100);
      await roster.joined('wrOrder', [{ memberKey: 'wmBack' }], 300);
      await roster.left('wrOrder', ['wmBack'], 200);
      // wmGone: joined at 100, left at 200, in order.
      await roster.joined('wrOrder', [{ memberKey: 'wmGone' }], 100);
      await roster.left('wrOrder', ['wmGone'], 200);
      // wmAgain: left at 200, re-joined at 300, in order: the join reopens the membership.
      await roster.left('wrOrder', ['wmAgain'], 200);
      await roster.joined('wrOrder', [{ memberKey: 'wmAgain' }], 300);
      expect(await roster.members(['wrOrder', 'wrNone'])).toEqual([
        { chatId: 'wrOrder', memberKey: 'wmAgain', displayName: 'wmAgain', joinedAt: 300 },
        { chatId: 'wrOrder', memberKey: 'wmBack', displayName: 'wmBack', joinedAt: 300 },
        { chatId: 'wrOrder', memberKey: 'wmGone', displayName: 'wmGone', joinedAt: 100, leftAt: 200 },
        { chatId: 'wrOrder', memberKey: 'wmLate', displayName: 'wmLate', leftAt: 300 },
      ]);
      expect(await roster.members([])).toEqual([]);
    });
  });

  describe('SqlOnceClaims', () => {
    it('should grant a key to exactly one of many concurrent callers and to nobody after', async () => {
      const claims = new SqlOnceClaims(database.connection.sql);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => claims.claim('reminder:1:3:0', 1000 + i)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await claims.claim('reminder:1:3:0', 2000)).toBe(false);
      expect(await claims.claim('reminder:1:4:0', 2000)).toBe(true);
    });
  });
});
