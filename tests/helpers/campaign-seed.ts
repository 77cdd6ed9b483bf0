/**
 * A check-in campaign on day 4 of 7 in one customer group, written through the real
 * repositories, for the sidebar's campaign tests (HTTP and browser): two members checked
 * in today, two present members have not, one left; one stage reward waits to be announced
 * and one the bot announced already.
 */
import { SqlCampaignRepo } from '../../src/db/campaign-repo.ts';
import { SqlCheckInLedger, SqlRewardLog } from '../../src/db/check-in-ledger.ts';
import { SqlGroupRoster } from '../../src/db/group-roster-repo.ts';
import type { SqlClient } from '../../src/db/sql-client.ts';
import { DEFAULT_CAMPAIGN_RULES, type NewCampaign } from '../../src/domain/campaign/campaign.ts';

/** 2026-11-23 10:00 in Shanghai: day 4 of {@link FIXTURE_CAMPAIGN}. */
export const FIXTURE_CAMPAIGN_NOW_MS = Date.UTC(2026, 10, 23, 2, 0, 0);
export const FIXTURE_CAMPAIGN_DAY = 4;
export const FIXTURE_REMINDER = '今天还没打卡的姐妹，记得来打卡哦～';
export const FIXTURE_STAGE = { day: 3, reward: '3天打卡礼：燕窝试吃装' };

export function fixtureCampaign(chatIds: string[]): NewCampaign {
  return {
    name: '7天燕窝打卡',
    chatIds,
    startDate: '2026-11-20',
    days: 7,
    timezone: 'Asia/Shanghai',
    rules: { ...DEFAULT_CAMPAIGN_RULES, voice: 'sidebar', stages: [FIXTURE_STAGE], reminders: [{ time: '20:00', text: FIXTURE_REMINDER }] },
  };
}

/** Members by key: name and the campaign days they checked in. */
export const FIXTURE_MEMBERS = {
  wmCampLin: { name: '林小姐', days: [1, 2, 3, 4] },
  wmCampChen: { name: '陈先生', days: [2, 3, 4] },
  wmCampZhang: { name: '张阿姨', days: [1, 2] },
  wmCampZhao: { name: '赵女士', days: [] },
  wmCampQian: { name: '钱同学', days: [1], left: true },
} as const satisfies Record<string, { name: string; days: readonly number[]; left?: boolean }>;

export interface SeededCampaign {
  campaignId: number;
  /** 林小姐's day-3 reward, not announced yet. */
  pendingGrantId: number;
  /** 陈先生's day-3 reward, announced by the bot. */
  botGrantId: number;
}

export async function seedGroupCampaign(sql: SqlClient, chatId: string): Promise<SeededCampaign> {
  const campaign = await new SqlCampaignRepo(sql).create(fixtureCampaign([chatId]));
  const roster = new SqlGroupRoster(sql);
  const ledger = new SqlCheckInLedger(sql);
  const start = Date.UTC(2026, 10, 20, 2, 0, 0) / 1000; // day 1, 10:00 Shanghai
  const joinedAt = start - 7 * 86_400;
  await roster.joined(chatId, Object.entries(FIXTURE_MEMBERS).map(([memberKey, m]) => ({ memberKey, displayName: m.name })), joinedAt);
  await roster.left(chatId, ['wmCampQian'], start + 86_400);
  const grants = new Map<string, number>();
  for (const [memberKey, member] of Object.entries(FIXTURE_MEMBERS)) {
    for (const [index, day] of member.days.entries()) {
      const stored = await ledger.record({
        campaignId: campaign.id,
        memberKey,
        chatId,
        day,
        makeUp: false,
        messageKey: `seed:${chatId}:${memberKey}:${day}`,
        at: start + (day - 1) * 86_400 + 60,
        awards: [{ cause: `day-${day}`, points: 10 }],
        ...(index + 1 === FIXTURE_STAGE.day ? { stage: FIXTURE_STAGE } : {}),
      });
      if (stored?.grantId !== undefined) grants.set(memberKey, stored.grantId);
    }
  }
  const botGrantId = grants.get('wmCampChen')!;
  await new SqlRewardLog(sql).markAnnounced([botGrantId], 'bot', start + 3 * 86_400);
  return { campaignId: campaign.id, pendingGrantId: grants.get('wmCampLin')!, botGrantId };
}
