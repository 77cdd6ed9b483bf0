/**
 * What the campaign says in the group, in Chinese, short: acknowledgements (batched into
 * one line), explanations, the leaderboard, a member's own status, stage announcements,
 * reminders that mention at most a few members per message, and the staff summary.
 */
import type { CampaignRules, StageReward } from './campaign.ts';
import type { CheckInDecision, MakeUpRefusal } from './check-in.ts';
import type { CampaignHealth } from './group-health.ts';
import type { RankedMember, Standing } from './streak.ts';

export interface Acknowledgement {
  displayName: string;
  day: number;
  makeUp: boolean;
  standing: Standing;
}

function ackPart(ack: Acknowledgement): string {
  const what = ack.makeUp ? `补卡第${ack.day}天` : `第${ack.day}天`;
  return `${ack.displayName} ${what}·连续${ack.standing.streak}天·${ack.standing.points}分`;
}

/** One line for all the acknowledgements of a batch. */
export function acknowledgementText(acks: readonly Acknowledgement[]): string {
  return `✅ 打卡成功：${acks.map(ackPart).join('；')}`;
}

const MAKE_UP_REFUSALS: Record<MakeUpRefusal, string> = {
  none_missed: '最近没有需要补的天数～',
  too_late: '这一天已超过可补卡的期限了',
  limit_reached: '本期补卡次数已用完',
  not_missed: '这一天已经打过卡啦',
  not_a_past_day: '只能补之前漏掉的天数哦',
};

function monthDay(date: string): string {
  const [, month, day] = date.split('-');
  return `${Number(month)}月${Number(day)}日`;
}

/**
 * The polite explanation for a check-in that did not count, or undefined when silence
 * is better (a same-day duplicate: the member already got their acknowledgement).
 */
export function explanationText(campaignName: string, displayName: string, decision: CheckInDecision): string | undefined {
  switch (decision.status) {
    case 'not_started':
      return `@${displayName} 「${campaignName}」${monthDay(decision.startDate)}开始，到时再来打卡哦～`;
    case 'ended':
      return `@${displayName} 「${campaignName}」已经结束啦，感谢参与！`;
    case 'outside_window':
      return `@${displayName} 打卡时间是每天 ${decision.window.from}-${decision.window.to}，请在时间内打卡哦～`;
    case 'make_up_refused':
      return `@${displayName} ${MAKE_UP_REFUSALS[decision.reason]}`;
    default:
      return undefined;
  }
}

export function stageAnnouncement(displayName: string, stage: StageReward): string {
  return `🎉 恭喜 ${displayName} 累计打卡${stage.day}天，获得「${stage.reward}」！工作人员会尽快联系发放～`;
}

export function leaderboardText(campaignName: string, ranked: readonly RankedMember[]): string {
  if (ranked.length === 0) return `「${campaignName}」还没有人打卡，快来做第一个吧！`;
  const lines = ranked.map((m) => `${m.rank}. ${m.displayName} 连续${m.streak}天 ${m.points}分`);
  return [`🏆「${campaignName}」排行榜`, ...lines].join('\n');
}

export function statusText(displayName: string, standing: Standing | undefined, campaignDays: number, checkedToday: boolean): string {
  if (!standing || standing.daysCheckedIn === 0) return `@${displayName} 你还没有打卡记录，发送「打卡」开始吧～`;
  const today = checkedToday ? '今天已打卡' : '今天还没打卡';
  return `@${displayName} 已打卡${standing.daysCheckedIn}/${campaignDays}天，连续${standing.streak}天，共${standing.points}分，${today}`;
}

export interface ReminderMessage {
  text: string;
  /** Member keys to @-mention with this message. */
  mentions: string[];
}

/**
 * The reminder split so each message mentions at most `mentionCap` members, and at most
 * `reminderMaxMessages` messages go out: members beyond are counted, not mentioned.
 */
export function reminderMessages(text: string, missing: readonly string[], rules: Pick<CampaignRules, 'mentionCap' | 'reminderMaxMessages'>): ReminderMessage[] {
  if (missing.length === 0) return [];
  const cap = Math.max(1, rules.mentionCap);
  const messages: ReminderMessage[] = [];
  for (let i = 0; i < missing.length && messages.length < rules.reminderMaxMessages; i += cap) {
    messages.push({ text, mentions: missing.slice(i, i + cap) });
  }
  const mentioned = messages.reduce((sum, m) => sum + m.mentions.length, 0);
  const rest = missing.length - mentioned;
  if (rest > 0) messages[messages.length - 1]!.text = `${text}（还有${rest}位小伙伴没打卡）`;
  return messages;
}

/**
 * The reminder as one message a person sends (the sidebar's `sendChatMessage` cannot
 * @-mention, so the names are written out): the first `mentionCap` names, the rest counted.
 */
export function namedReminderText(text: string, missingNames: readonly string[], mentionCap: number): string | undefined {
  const [message] = reminderMessages(text, missingNames, { mentionCap, reminderMaxMessages: 1 });
  return message && `${message.mentions.map((name) => `@${name}`).join(' ')} ${message.text}`;
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}

/** The daily summary for the staff group: yesterday's numbers and the running totals. */
export function summaryText(campaignName: string, health: CampaignHealth, day: number): string {
  const d = health.days.find((x) => x.day === day);
  const today = d ? `在群${d.present}人，打卡${d.checkedIn}人（${percent(d.participation)}），进群${d.joined}、退群${d.left}` : '无数据';
  return `【${campaignName}】第${day}天小结：${today}；开营${health.atStart}人留存${percent(health.retention)}，全勤${health.completed}人，累计发放${health.pointsAwarded}分`;
}
