/**
 * What a group message means to a campaign (a check-in, a make-up, a command, nothing)
 * and whether a check-in counts: the first valid one per member per campaign day counts,
 * make-ups fill a missed day within limits, and each counted day earns its points, any
 * streak bonus it completes and the stage reward it reaches.
 */
import { campaignDayAt, inCheckInWindow, type Campaign, type CampaignRules, type StageReward } from './campaign.ts';
import { runLength, type Standing, standingOf } from './streak.ts';

export type GroupMessageMeaning =
  | { kind: 'check_in' }
  | { kind: 'make_up'; day?: number }
  | { kind: 'leaderboard' }
  | { kind: 'my_status' }
  | { kind: 'none' };

const CHINESE_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 3, 十二, 二十一, 一百 → number; undefined when it is not a numeral we read. */
export function readNumeral(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (text === '一百' || text === '百') return 100;
  const match = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!match || text === '') return undefined;
  const [, tens, ten, units] = match;
  if (!ten) return tens && !units ? CHINESE_DIGITS[tens] : undefined;
  return (tens ? CHINESE_DIGITS[tens]! : 1) * 10 + (units ? CHINESE_DIGITS[units]! : 0);
}

/** WeCom prefixes mentions as "@name" followed by a (four-per-em) space. */
const LEADING_MENTIONS = /^(?:@[^\s\u2005]+[\s\u2005]*)+/;
const MAKE_UP = /^补卡\s*(?:第?\s*([0-9一二两三四五六七八九十百]+)\s*天?)?/;

const patternCache = new Map<string, RegExp | null>();

function compiled(source: string): RegExp | null {
  if (!patternCache.has(source)) {
    let pattern: RegExp | null = null;
    try {
      pattern = new RegExp(source, 'u');
    } catch {
      // Admin input is validated on save; a pattern that still fails simply never matches.
    }
    patternCache.set(source, pattern);
  }
  return patternCache.get(source)!;
}

export function readGroupMessage(rules: Pick<CampaignRules, 'keywords' | 'patterns' | 'imageCounts'>, message: { msgType: string; text?: string }): GroupMessageMeaning {
  if (message.msgType === 'image') return rules.imageCounts ? { kind: 'check_in' } : { kind: 'none' };
  if (message.msgType !== 'text' || !message.text) return { kind: 'none' };
  const text = message.text.replace(LEADING_MENTIONS, '').trim();
  if (text === '排行榜') return { kind: 'leaderboard' };
  if (text === '我的打卡') return { kind: 'my_status' };
  const makeUp = MAKE_UP.exec(text);
  if (makeUp) {
    const day = makeUp[1] ? readNumeral(makeUp[1]) : undefined;
    return day === undefined ? { kind: 'make_up' } : { kind: 'make_up', day };
  }
  if (rules.keywords.some((keyword) => keyword && text.includes(keyword))) return { kind: 'check_in' };
  if (rules.patterns.some((source) => compiled(source)?.test(text))) return { kind: 'check_in' };
  return { kind: 'none' };
}

/** What the ledger knows about one member before this message. */
export interface MemberLedger {
  days: readonly number[];
  makeUpsUsed: number;
  points: number;
}

export interface PointsAward {
  /** Unique per member and campaign: replays award nothing twice. */
  cause: string;
  points: number;
}

export type MakeUpRefusal = 'none_missed' | 'too_late' | 'limit_reached' | 'not_missed' | 'not_a_past_day';

export type CheckInDecision =
  | { status: 'counted'; day: number; today: number; makeUp: boolean; awards: PointsAward[]; stage?: StageReward; after: Standing }
  | { status: 'duplicate'; day: number; standing: Standing }
  | { status: 'not_started'; startDate: string }
  | { status: 'ended' }
  | { status: 'outside_window'; window: { from: string; to: string } }
  | { status: 'make_up_refused'; reason: MakeUpRefusal };

function missedDay(ledger: MemberLedger, today: number, withinDays: number): number | undefined {
  const done = new Set(ledger.days);
  for (let day = today - 1; day >= Math.max(1, today - withinDays); day--) if (!done.has(day)) return day;
  return undefined;
}

function makeUpDay(campaign: Campaign, ledger: MemberLedger, today: number, requested: number | undefined): number | MakeUpRefusal {
  const { max, withinDays } = campaign.rules.makeUp;
  if (ledger.makeUpsUsed >= max) return 'limit_reached';
  if (requested === undefined) return missedDay(ledger, today, withinDays) ?? 'none_missed';
  if (requested < 1 || requested >= today) return 'not_a_past_day';
  if (today - requested > withinDays) return 'too_late';
  if (ledger.days.includes(requested)) return 'not_missed';
  return requested;
}

/**
 * Streak bonuses, order-free: each run of consecutive days at least N long earns bonus N
 * once, keyed by the run's first day. A day that joins a run to the one after it (a
 * make-up, or an archive batch arriving late) makes one run of two: the later run's
 * bonus is reversed by an entry of its own, so the ledger ends the same whatever order
 * the days arrived in.
 */
function streakAwards(campaign: Campaign, days: ReadonlySet<number>, day: number): PointsAward[] {
  const without = new Set(days);
  without.delete(day);
  const left = runLength(without, day - 1);
  const right = runLength(without, day + 1).length;
  const run = runLength(days, day);
  return campaign.rules.streakBonuses.flatMap((bonus) => [
    ...(run.length >= bonus.streak && left.length < bonus.streak ? [{ cause: `streak${bonus.streak}-from${run.start}`, points: bonus.points }] : []),
    ...(right >= bonus.streak ? [{ cause: `streak${bonus.streak}-from${day + 1}-joined`, points: -bonus.points }] : []),
  ]);
}

/**
 * Decides one check-in or make-up by a member at `at` against what the ledger holds.
 * Pure: the caller stores a `counted` decision (check-in, awards, stage) in one step.
 */
export function decideCheckIn(
  campaign: Campaign,
  ledger: MemberLedger,
  request: { kind: 'check_in' } | { kind: 'make_up'; day?: number },
  at: Date,
): CheckInDecision {
  const when = campaignDayAt(campaign, at);
  if ('before' in when) return { status: 'not_started', startDate: when.before };
  if ('after' in when) return { status: 'ended' };
  if (!inCheckInWindow(campaign.rules, when.minute)) return { status: 'outside_window', window: campaign.rules.window };
  const today = when.day;
  let day = today;
  if (request.kind === 'make_up') {
    const chosen = makeUpDay(campaign, ledger, today, request.day);
    if (typeof chosen === 'string') return { status: 'make_up_refused', reason: chosen };
    day = chosen;
  } else if (ledger.days.includes(today)) {
    return { status: 'duplicate', day: today, standing: standingOf(ledger, today) };
  }
  const days = new Set(ledger.days);
  days.add(day);
  const awards: PointsAward[] = [{ cause: `day${day}`, points: campaign.rules.pointsPerCheckIn }, ...streakAwards(campaign, days, day)];
  const stage = campaign.rules.stages.find((s) => s.day === days.size);
  const points = ledger.points + awards.reduce((sum, award) => sum + award.points, 0);
  return {
    status: 'counted',
    day,
    today,
    makeUp: request.kind === 'make_up',
    awards,
    ...(stage ? { stage } : {}),
    after: standingOf({ days: [...days], points }, today),
  };
}
