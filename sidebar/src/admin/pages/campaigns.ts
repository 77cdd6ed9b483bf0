/**
 * 打卡活动: check-in campaigns in customer groups. The list (with each campaign's day N of
 * M) above an editor of the campaign and its rules, field by field; a campaign's data is
 * campaign-detail.ts, at `#/campaigns/:id`.
 *
 * A new campaign's blank rules are left out of the POST, so the server's defaults apply
 * (the page keeps no copy of them) and show in the editor once saved. When editing,
 * PATCH merges rules key by key, so every rule is sent except the robot key, which the
 * API never returns: left blank, the stored key stays.
 */
import { h } from '../../dom.ts';
import { ApiError, call } from '../api.ts';
import type { Field, Values } from '../form.ts';
import { renderResourcePage } from '../resource-page.ts';

export interface CampaignRules {
  window: { from: string; to: string };
  keywords: string[];
  patterns: string[];
  imageCounts: boolean;
  pointsPerCheckIn: number;
  streakBonuses: { streak: number; points: number }[];
  stages: { day: number; reward: string }[];
  makeUp: { max: number; withinDays: number };
  reminders: { time: string; text: string }[];
  mentionCap: number;
  reminderMaxMessages: number;
  ackBatchSeconds: number;
  sources: 'bot' | 'archive' | 'both';
  voice: 'bot' | 'sidebar' | 'both';
  /** Whether a robot webhook key is stored; the key itself is never sent back. */
  summaryWebhook: boolean;
  summaryTime: string;
}

export interface Campaign {
  id: number;
  name: string;
  chatIds: string[];
  startDate: string;
  days: number;
  timezone: string;
  status: 'active' | 'archived';
  rules: CampaignRules;
}

const DAY_MS = 86_400_000;

/** Today's date in `timeZone`, YYYY-MM-DD. */
function localToday(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** Where the campaign is today, in its own timezone: 未开始, 第 N / M 天, 已结束 or 已归档. */
export function progress(c: Pick<Campaign, 'startDate' | 'days' | 'timezone' | 'status'>): string {
  if (c.status === 'archived') return '已归档';
  const day = Math.round((Date.parse(localToday(c.timezone)) - Date.parse(c.startDate)) / DAY_MS) + 1;
  if (day < 1) return '未开始';
  return day > c.days ? '已结束' : `第 ${day} / ${c.days} 天`;
}

const SOURCES = [
  { value: 'both', label: '机器人和会话存档' },
  { value: 'bot', label: '仅群机器人' },
  { value: 'archive', label: '仅会话存档' },
];
const VOICES = [
  { value: 'both', label: '机器人和群主（侧边栏）' },
  { value: 'bot', label: '仅群机器人' },
  { value: 'sidebar', label: '仅群主（侧边栏）' },
];

/** A rule field: its errors come back named `rules.<name>`. */
const rule = (field: Field): Field => ({ ...field, apiName: `rules.${field.name}` });

const FIELDS: Field[] = [
  { name: 'name', label: '活动名称', kind: 'text', required: true, maxLength: 100, section: '基本信息' },
  { name: 'chatIds', label: '客户群 ID（chat_id）', kind: 'list', lines: true, required: true, rows: 3, hint: '每行一个群，最多 50 个' },
  { name: 'startDate', label: '开始日期（第 1 天）', kind: 'text', required: true, placeholder: 'YYYY-MM-DD' },
  { name: 'days', label: '活动天数', kind: 'number', required: true, integer: true, min: 1, max: 366, hint: '如 7、21、100' },
  { name: 'timezone', label: '时区', kind: 'text', required: true, hint: '按此时区计算每天和打卡时段' },
  { name: 'windowFrom', label: '每日打卡开始', kind: 'time', placeholder: 'HH:MM', apiName: ['rules.window.from', 'rules.window'], section: '打卡规则', hint: '开始与结束相同表示全天可打卡' },
  { name: 'windowTo', label: '每日打卡结束', kind: 'time', placeholder: 'HH:MM', apiName: 'rules.window.to' },
  // A bare `rules` problem is the create check that something can count as a check-in.
  { name: 'keywords', label: '打卡关键词', kind: 'list', rows: 2, apiName: ['rules.keywords', 'rules'], hint: '逗号或换行分隔；消息含其中任一个即算打卡' },
  rule({ name: 'patterns', label: '打卡正则', kind: 'list', lines: true, rows: 2, hint: '每行一个正则表达式，如 第\\s*\\d+\\s*天' }),
  rule({ name: 'imageCounts', label: '发图片也算打卡', kind: 'checkbox' }),
  rule({ name: 'pointsPerCheckIn', label: '每次打卡积分', kind: 'number', integer: true, min: 0, max: 10_000, section: '积分与奖励' }),
  { name: 'makeUpMax', label: '补卡次数上限（每人）', kind: 'number', integer: true, min: 0, max: 366, apiName: ['rules.makeUp.max', 'rules.makeUp'] },
  { name: 'makeUpWithinDays', label: '可补几天内的卡', kind: 'number', integer: true, min: 0, max: 30, apiName: 'rules.makeUp.withinDays' },
  rule({
    name: 'streakBonuses',
    label: '连续打卡奖励积分',
    kind: 'rows',
    columns: [
      { key: 'streak', label: '连续天数', kind: 'number', integer: true, min: 2, max: 366 },
      { key: 'points', label: '奖励积分', kind: 'number', integer: true, min: 0, max: 100_000 },
    ],
    hint: '新建时不填则用默认奖励',
  }),
  rule({
    name: 'stages',
    label: '阶段奖励',
    kind: 'rows',
    hint: '累计打卡（含补卡）到第几天发什么奖励；天数不能超过活动天数。新建时不填则用默认奖励',
    columns: [
      { key: 'day', label: '累计天数', kind: 'number', integer: true, min: 1, max: 366 },
      { key: 'reward', label: '奖励', kind: 'text', placeholder: '如：7天打卡礼：试用装一份' },
    ],
  }),
  rule({
    name: 'reminders',
    label: '打卡提醒',
    kind: 'rows',
    section: '提醒与播报',
    hint: '最多 10 条；到点 @ 当天还没打卡的成员。新建时不填则用默认提醒',
    columns: [
      { key: 'time', label: '时间', kind: 'time' },
      { key: 'text', label: '提醒文案', kind: 'text' },
    ],
  }),
  rule({ name: 'mentionCap', label: '每条提醒最多 @ 几人', kind: 'number', integer: true, min: 1, max: 100 }),
  rule({ name: 'reminderMaxMessages', label: '每次提醒最多发几条', kind: 'number', integer: true, min: 1, max: 20, hint: '超出的人数只统计，不再 @' }),
  rule({ name: 'ackBatchSeconds', label: '打卡确认合并（秒）', kind: 'number', integer: true, min: 0, max: 3_600, hint: '这段时间内的打卡合成一条确认消息' }),
  rule({ name: 'sources', label: '打卡来源', kind: 'select', options: SOURCES, placeholder: '（默认）' }),
  rule({ name: 'voice', label: '谁在群里发消息', kind: 'select', options: VOICES, placeholder: '（默认）' }),
  rule({ name: 'summaryWebhookKey', label: '员工群机器人 webhook key', kind: 'text', hint: '每日汇总发到内部员工群：填机器人 webhook 地址里 key= 后面的部分' }),
  rule({ name: 'summaryTime', label: '每日汇总时间', kind: 'time', placeholder: 'HH:MM', hint: '发送前一天的打卡汇总' }),
];

/** Rules edited by one field of the same name. */
const FLAT_RULES = ['keywords', 'patterns', 'imageCounts', 'pointsPerCheckIn', 'streakBonuses', 'stages', 'reminders', 'mentionCap', 'reminderMaxMessages', 'ackBatchSeconds', 'sources', 'voice', 'summaryWebhookKey', 'summaryTime'] as const;
/** Rules edited by two fields: [rule, [its key, field name]…]. */
const PAIRED_RULES = [
  ['window', [['from', 'windowFrom'], ['to', 'windowTo']]],
  ['makeUp', [['max', 'makeUpMax'], ['withinDays', 'makeUpWithinDays']]],
] as const;

/** The rule inputs whose placeholder says so while a new campaign is edited (times show HH:MM instead). */
const BLANK_MEANS_DEFAULT = ['keywords', 'patterns', 'pointsPerCheckIn', 'makeUpMax', 'makeUpWithinDays', 'mentionCap', 'reminderMaxMessages', 'ackBatchSeconds'];

const isBlank = (value: unknown) => value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * The POST or PATCH body. What the API would only refuse later, or not at all, is refused
 * here as a 400 naming the API's fields, so the form shows it in place: a blank rule when
 * editing, half a pair, and (PATCH does not check it) rules under which nothing counts.
 */
function toBody(values: Values, editing: Campaign | null): unknown {
  const problems: string[] = [];
  const rules: Record<string, unknown> = {};
  for (const key of FLAT_RULES) {
    const value = values[key];
    if (!isBlank(value)) rules[key] = value;
    else if (editing && Array.isArray(value)) rules[key] = [];
    else if (editing && key !== 'summaryWebhookKey') problems.push(`rules.${key}: 必填`);
  }
  for (const [key, parts] of PAIRED_RULES) {
    const blank = parts.filter(([, field]) => isBlank(values[field]));
    if (blank.length === 0) rules[key] = Object.fromEntries(parts.map(([part, field]) => [part, values[field]]));
    else if (editing || blank.length < parts.length) problems.push(...blank.map(([part]) => `rules.${key}.${part}: 必填`));
  }
  if (editing && isBlank(rules.keywords) && isBlank(rules.patterns) && rules.imageCounts !== true) {
    problems.push('rules.keywords: 关键词、正则和图片至少选一种，否则没有消息算作打卡');
  }
  if (problems.length > 0) throw new ApiError(400, 'invalid_input', problems.join('; '));
  const { name, chatIds, startDate, days, timezone } = values;
  return { name, chatIds, startDate, days, timezone, rules };
}

function toValues(c: Campaign): Values {
  const { window, makeUp, ...rules } = c.rules;
  // summaryWebhook is not a field; the key's field starts blank (keep the stored key).
  return { ...c, ...rules, windowFrom: window.from, windowTo: window.to, makeUpMax: makeUp.max, makeUpWithinDays: makeUp.withinDays, summaryWebhookKey: '' };
}

export async function renderCampaigns(root: Element): Promise<void> {
  await renderResourcePage<Campaign>(root, {
    title: '打卡活动',
    intro: '在客户群里办 7 天、21 天、100 天等打卡活动：群成员按规则打卡得积分，连续打卡和阶段达成有奖励，到点提醒未打卡的成员。新建时留空的规则使用系统默认值，保存后可见、可改。',
    path: '/campaigns',
    noun: '打卡活动',
    wide: true,
    deletable: false,
    columns: [
      { label: '名称', value: (c) => h('strong', null, c.name) },
      { label: '客户群', value: (c) => `${c.chatIds.length} 个：${c.chatIds.join('、')}` },
      { label: '开始日期', value: (c) => c.startDate },
      { label: '天数', value: (c) => `${c.days} 天` },
      { label: '状态', value: (c) => (c.status === 'active' ? '进行中' : h('span', { class: 'badge badge--muted' }, '已归档')) },
      { label: '进度', value: (c) => progress(c) },
      { label: '', value: (c) => h('a', { href: `#/campaigns/${c.id}`, onclick: (event: Event) => event.stopPropagation() }, '查看数据 →') },
    ],
    fields: FIELDS,
    blank: { name: '', chatIds: [], startDate: '', days: 21, timezone: 'Asia/Shanghai', imageCounts: false, streakBonuses: [], stages: [], reminders: [], sources: '', voice: '' },
    toValues,
    toBody,
    actions: [
      {
        label: '归档',
        shown: (c) => c.status === 'active',
        confirm: (c) => `归档「${c.name}」？活动会立即结束：不再记录打卡、不再提醒。`,
        run: (c) => call<Campaign>('PATCH', `/campaigns/${c.id}`, { status: 'archived' }),
      },
    ],
    onEdit(item, form) {
      // A native date picker; its value is YYYY-MM-DD, as the API takes it.
      form.element.querySelector<HTMLInputElement>('input[name="startDate"]')!.type = 'date';
      const key = form.element.querySelector<HTMLInputElement>('input[name="summaryWebhookKey"]')!;
      key.placeholder = item?.rules.summaryWebhook ? '已设置（留空则保持不变）' : '未设置';
      // Only a new campaign's blank rules take the server's defaults; an edit fills them all in.
      for (const select of form.element.querySelectorAll<HTMLSelectElement>('select')) select.options[0]!.hidden = item !== null;
      for (const name of BLANK_MEANS_DEFAULT) form.element.querySelector<HTMLInputElement>(`[name="${name}"]`)!.placeholder = item ? '' : '留空使用默认值';
    },
  });
}
