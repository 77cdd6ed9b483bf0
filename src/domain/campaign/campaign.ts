/**
 * A check-in campaign (打卡活动): e.g. a 21-day collagen challenge run in customer groups.
 * The rules say what counts as a check-in, when, for how many points, which stage rewards
 * wait at which day counts, how make-ups (补卡) work, and when members are reminded.
 * Days are counted in the campaign's timezone: day 1 is the start date.
 */
import { addDays, daysBetween, inWindow, localTime } from '../local-time.ts';

/** Where check-ins may come from: the bot in the group, the message archive, or both. */
export type CampaignSources = 'bot' | 'archive' | 'both';
/** Who speaks in the group: the bot, the group owner through the sidebar, or both. */
export type CampaignVoice = 'bot' | 'sidebar' | 'both';

export interface StreakBonus {
  /** Consecutive days that earn the bonus. */
  streak: number;
  points: number;
}

export interface StageReward {
  /** Days checked in (make-ups included) that reach the stage. */
  day: number;
  reward: string;
}

export interface Reminder {
  /** Local "HH:MM". */
  time: string;
  text: string;
}

export interface CampaignRules {
  /** Daily window for check-ins, local "HH:MM"; from = to means all day. */
  window: { from: string; to: string };
  /** A message containing any of these counts as a check-in. */
  keywords: string[];
  /** Regular expressions (source text) that also count, e.g. 第N天. */
  patterns: string[];
  /** Whether an image alone counts as a check-in. */
  imageCounts: boolean;
  pointsPerCheckIn: number;
  streakBonuses: StreakBonus[];
  stages: StageReward[];
  /** 补卡: at most `max` per member per campaign, for days at most `withinDays` back. */
  makeUp: { max: number; withinDays: number };
  reminders: Reminder[];
  /** Members @-mentioned per reminder message. */
  mentionCap: number;
  /** Reminder messages per reminder at most; the rest are counted, not mentioned. */
  reminderMaxMessages: number;
  /** Acknowledgements arriving within this many seconds go out as one message. */
  ackBatchSeconds: number;
  sources: CampaignSources;
  voice: CampaignVoice;
  /** Group robot webhook key for the daily summary to an internal staff group. */
  summaryWebhookKey?: string;
  /** Local "HH:MM" at which yesterday's summary is posted. */
  summaryTime: string;
}

export type CampaignStatus = 'active' | 'archived';

export interface Campaign {
  id: number;
  name: string;
  /** Customer group chat ids (or bot room ids) the campaign runs in. */
  chatIds: string[];
  /** Local "YYYY-MM-DD" of day 1. */
  startDate: string;
  /** Length in days, e.g. 7, 21, 100. */
  days: number;
  /** IANA zone name. */
  timezone: string;
  status: CampaignStatus;
  rules: CampaignRules;
}

export type NewCampaign = Omit<Campaign, 'id' | 'status'> & { status?: CampaignStatus };

export const DEFAULT_CAMPAIGN_RULES: CampaignRules = {
  window: { from: '05:00', to: '23:00' },
  keywords: ['打卡', '签到'],
  patterns: ['第\\s*[0-9一二三四五六七八九十百零两]+\\s*天'],
  imageCounts: false,
  pointsPerCheckIn: 10,
  streakBonuses: [{ streak: 7, points: 30 }],
  stages: [
    { day: 7, reward: '7天打卡礼：试用装一份' },
    { day: 21, reward: '21天打卡礼：正装一盒' },
  ],
  makeUp: { max: 2, withinDays: 2 },
  reminders: [{ time: '20:00', text: '今天还没打卡的小伙伴，记得来打卡哦～' }],
  mentionCap: 20,
  reminderMaxMessages: 3,
  ackBatchSeconds: 120,
  sources: 'both',
  voice: 'both',
  summaryTime: '09:00',
};

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/** Where `at` falls in the campaign: its day number, or before / after it. */
export type CampaignDay = { day: number; date: string; minute: number } | { before: string } | { after: string };

export function campaignDayAt(campaign: Pick<Campaign, 'startDate' | 'days' | 'timezone'>, at: Date): CampaignDay {
  const local = localTime(at, campaign.timezone);
  const day = daysBetween(campaign.startDate, local.date) + 1;
  if (day < 1) return { before: campaign.startDate };
  if (day > campaign.days) return { after: lastDate(campaign) };
  return { day, date: local.date, minute: local.minute };
}

/** Local date of the campaign's last day. */
export function lastDate(campaign: Pick<Campaign, 'startDate' | 'days'>): string {
  return addDays(campaign.startDate, campaign.days - 1);
}

/** Local date of campaign day `day`. */
export function dateOfDay(campaign: Pick<Campaign, 'startDate'>, day: number): string {
  return addDays(campaign.startDate, day - 1);
}

export function inCheckInWindow(rules: Pick<CampaignRules, 'window'>, minute: number): boolean {
  return rules.window.from === rules.window.to || inWindow(rules.window, minute);
}

/** Whether the campaign takes messages from this source. */
export function acceptsSource(rules: Pick<CampaignRules, 'sources'>, source: string): boolean {
  if (source === 'kf') return false;
  return rules.sources === 'both' || rules.sources === source;
}

export function botSpeaks(rules: Pick<CampaignRules, 'voice'>): boolean {
  return rules.voice !== 'sidebar';
}

/** Whether the sidebar offers the group owner the campaign's messages to send. */
export function sidebarSpeaks(rules: Pick<CampaignRules, 'voice'>): boolean {
  return rules.voice !== 'bot';
}

/** Scheduled messages later than this after their time are skipped, not sent late. */
export const SCHEDULE_GRACE_MINUTES = 60;

export interface DueReminder {
  day: number;
  /** Index of the reminder in the rules: with the day, its once-only key. */
  slot: number;
  reminder: Reminder;
}

function dueNow(time: string, minute: number): boolean {
  const at = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  return minute >= at && minute - at <= SCHEDULE_GRACE_MINUTES;
}

/** The reminders whose time came in the last hour of a campaign day. */
export function dueReminders(campaign: Campaign, now: Date): DueReminder[] {
  if (campaign.status !== 'active') return [];
  const when = campaignDayAt(campaign, now);
  if (!('day' in when)) return [];
  return campaign.rules.reminders.flatMap((reminder, slot) => (dueNow(reminder.time, when.minute) ? [{ day: when.day, slot, reminder }] : []));
}

/** The campaign day whose summary is due now (yesterday's, at the summary time), if any. */
export function dueSummaryDay(campaign: Campaign, now: Date): number | undefined {
  if (campaign.status !== 'active' || !campaign.rules.summaryWebhookKey) return undefined;
  const local = localTime(now, campaign.timezone);
  if (!dueNow(campaign.rules.summaryTime, local.minute)) return undefined;
  const yesterday = daysBetween(campaign.startDate, local.date);
  return yesterday >= 1 && yesterday <= campaign.days ? yesterday : undefined;
}
