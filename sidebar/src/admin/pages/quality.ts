/**
 * 会话质检: the quality alerts' console on the existing /quality API — sensitive-word rules
 * (word or regex, whole-word or fuzzy, which directions, which salespeople), working hours
 * and the reply timeout, each salesperson's lead (who gets the alerts), the alert list
 * filtered by salesperson, kind and dates, and the weekly first-reply summary. Every form
 * shows the API's problems next to the fields they name.
 */
import { h, mount, toast } from '../../dom.ts';
import { when } from '../../format.ts';
import { call, query } from '../api.ts';
import { buildForm, type Field, type FormHandle, type Values } from '../form.ts';
import { renderResourcePage } from '../resource-page.ts';
import { dataTable, sortableTable } from '../widgets.ts';

interface Rule {
  id: number;
  name: string;
  kind: 'word' | 'regex';
  pattern: string;
  matchMode: 'whole' | 'fuzzy';
  directions: ('in' | 'out')[];
  userIds: string[];
  enabled: boolean;
}

interface Settings {
  workingHours: { timeZone: string; weekdays: number[]; from: string; to: string };
  replyTimeoutMinutes: number;
}

interface Alert {
  id: number;
  kind: 'sensitive' | 'timeout';
  userId: string;
  externalUserId?: string;
  detail: string;
  occurredAt: number;
  leadUserId?: string;
  notifyStatus: string;
}

interface SalespersonWeek {
  userId: string;
  alerts: Record<string, number>;
  threads: number;
  unanswered: number;
  medianFirstReplyMinutes: number | null;
  p90FirstReplyMinutes: number | null;
}

const KINDS = [
  { value: 'sensitive', label: '敏感词' },
  { value: 'timeout', label: '回复超时' },
];
const NOTIFY: Record<string, string> = { pending: '待通知', sent: '已通知', no_lead: '未设主管', failed: '通知失败' };
const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'].map((d, i) => ({ value: String(i + 1), label: `周${d}` }));
const kindLabel = (kind: string) => KINDS.find((k) => k.value === kind)?.label ?? kind;
const minutes = (value: number | null) => (value === null ? '—' : `${value} 分钟`);

const RULE_FIELDS: Field[] = [
  { name: 'name', label: '规则名称', kind: 'text', required: true, maxLength: 100 },
  { name: 'kind', label: '类型', kind: 'select', required: true, options: [{ value: 'word', label: '词语' }, { value: 'regex', label: '正则表达式' }] },
  { name: 'pattern', label: '词语或表达式', kind: 'text', required: true, maxLength: 200 },
  { name: 'matchMode', label: '匹配方式', kind: 'select', required: true, options: [{ value: 'whole', label: '整词（不区分大小写）' }, { value: 'fuzzy', label: '模糊（忽略空格、标点、全半角）' }] },
  { name: 'directions', label: '检查谁说的话', kind: 'checks', options: [{ value: 'out', label: '销售发出' }, { value: 'in', label: '客户发来' }] },
  { name: 'userIds', label: '适用销售（userid）', kind: 'list', hint: '多个用逗号或换行隔开；留空为全部销售' },
  { name: 'enabled', label: '启用', kind: 'checkbox' },
];

function section(title: string, intro: string, ...body: Node[]): HTMLElement {
  return h('section', { class: 'card' }, h('h3', { class: 'card-title' }, title), h('p', { class: 'muted' }, intro), ...body);
}

/** A form whose values are loaded from GET `path` and saved with PUT `path`. */
async function settingsForm(path: string, fields: Field[], io: { toValues(body: never): Values; toBody(values: Values): unknown }): Promise<FormHandle> {
  const form = buildForm(fields, {
    submitLabel: '保存',
    async onSubmit(values) {
      form.set(io.toValues((await call('PUT', path, io.toBody(values))) as never));
      toast('已保存');
    },
  });
  form.set(io.toValues((await call('GET', path)) as never));
  return form;
}

async function hoursSection(): Promise<HTMLElement> {
  const form = await settingsForm(
    '/quality/settings',
    [
      { name: 'weekdays', label: '工作日', kind: 'checks', options: WEEKDAYS, apiName: 'workingHours.weekdays' },
      { name: 'from', label: '上班', kind: 'time', required: true, apiName: 'workingHours.from' },
      { name: 'to', label: '下班', kind: 'time', required: true, apiName: ['workingHours.to', 'workingHours'] },
      { name: 'timeZone', label: '时区', kind: 'text', required: true, apiName: 'workingHours.timeZone' },
      { name: 'replyTimeoutMinutes', label: '回复超时（工作分钟）', kind: 'number', required: true, integer: true, min: 1, max: 10080 },
    ],
    {
      toValues: (s: Settings) => ({ ...s.workingHours, weekdays: s.workingHours.weekdays.map(String), replyTimeoutMinutes: s.replyTimeoutMinutes }),
      toBody: (v) => ({ workingHours: { timeZone: v.timeZone, weekdays: (v.weekdays as string[]).map(Number), from: v.from, to: v.to }, replyTimeoutMinutes: v.replyTimeoutMinutes }),
    },
  );
  form.element.classList.add('form--inline');
  return section('工作时间与超时', '客户消息在工作时间内超过这么多分钟没有回复，就提醒一次；下班和周末不计时。', form.element);
}

async function leadsSection(): Promise<HTMLElement> {
  const form = await settingsForm(
    '/quality/leads',
    [{ name: 'leads', label: '销售 → 主管', kind: 'rows', columns: [{ key: 'userId', label: '销售 userid', kind: 'text' }, { key: 'lead', label: '主管 userid', kind: 'text' }] }],
    {
      toValues: (body: { leads: Record<string, string> }) => ({ leads: Object.entries(body.leads).map(([userId, lead]) => ({ userId, lead })) }),
      toBody: (v) => ({ leads: Object.fromEntries((v.leads as { userId: string; lead: string }[]).map((row) => [row.userId, row.lead])) }),
    },
  );
  return section('提醒发给谁', '每条提醒以应用消息发给该销售的主管，并列在下方；没有主管的只在这里显示。', form.element);
}

function alertsSection(): HTMLElement {
  const list = h('div');
  async function search(values: Values): Promise<void> {
    const filters = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' && v ? v : undefined]));
    const { items } = await call<{ items: Alert[] }>('GET', `/quality/alerts${query(filters)}`);
    mount(
      list,
      dataTable<Alert>(
        [
          { label: '时间', value: (a) => when(a.occurredAt) },
          { label: '销售', value: (a) => a.userId },
          { label: '类型', value: (a) => kindLabel(a.kind) },
          { label: '客户', value: (a) => a.externalUserId ?? '—' },
          { label: '内容', value: (a) => (a.kind === 'timeout' ? `等待 ${a.detail} 分钟` : a.detail) },
          { label: '主管', value: (a) => [a.leadUserId ?? '—', h('div', { class: 'muted small' }, NOTIFY[a.notifyStatus] ?? a.notifyStatus)] },
        ],
        items,
        { empty: '没有符合条件的提醒', rowProps: (a) => ({ 'data-alert-id': a.id }) },
      ),
    );
  }
  const form = buildForm(
    [
      { name: 'userId', label: '销售（userid）', kind: 'text' },
      { name: 'kind', label: '类型', kind: 'select', options: KINDS },
      { name: 'from', label: '从', kind: 'text', placeholder: 'YYYY-MM-DD' },
      { name: 'to', label: '到', kind: 'text', placeholder: 'YYYY-MM-DD' },
    ],
    { submitLabel: '查询', onSubmit: search },
  );
  form.element.classList.add('form--inline');
  search({}).catch((error: unknown) => form.showError(error));
  return section('提醒记录', '最新的在前，最多 100 条；日期按北京时间，含首尾两天。', form.element, list);
}

/** Monday of this week as YYYY-MM-DD (the browser's calendar). */
function thisMonday(now = new Date()): string {
  const monday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - ((now.getDay() + 6) % 7));
  return `${monday.getFullYear()}-${String(monday.getMonth() + 1).padStart(2, '0')}-${String(monday.getDate()).padStart(2, '0')}`;
}

function summarySection(): HTMLElement {
  const table = h('div');
  async function show(values: Values): Promise<void> {
    const summary = await call<{ salespeople: SalespersonWeek[] }>('GET', `/quality/summary${query({ week: String(values.week) })}`);
    mount(
      table,
      sortableTable<SalespersonWeek>(
        [
          { label: '销售', value: (s) => s.userId, sort: (s) => s.userId },
          { label: '会话', value: (s) => String(s.threads), sort: (s) => s.threads },
          { label: '未回复', value: (s) => String(s.unanswered), sort: (s) => s.unanswered },
          { label: '敏感词', value: (s) => String(s.alerts.sensitive ?? 0), sort: (s) => s.alerts.sensitive ?? 0 },
          { label: '超时', value: (s) => String(s.alerts.timeout ?? 0), sort: (s) => s.alerts.timeout ?? 0 },
          { label: '首次回复中位数', value: (s) => minutes(s.medianFirstReplyMinutes), sort: (s) => s.medianFirstReplyMinutes },
          { label: '首次回复 P90', value: (s) => minutes(s.p90FirstReplyMinutes), sort: (s) => s.p90FirstReplyMinutes },
        ],
        summary.salespeople,
        { empty: '这一周没有会话' },
      ),
    );
  }
  const form = buildForm([{ name: 'week', label: '周一（YYYY-MM-DD）', kind: 'text', required: true }], { submitLabel: '查看', onSubmit: show });
  form.element.classList.add('form--inline');
  form.set({ week: thisMonday() });
  show({ week: thisMonday() }).catch((error: unknown) => form.showError(error));
  return section('每周汇总', '首次回复时间按工作分钟计（中位数与 P90），点表头排序。', form.element, table);
}

export async function renderQuality(root: Element): Promise<void> {
  const rules = h('div');
  await renderResourcePage<Rule>(rules, {
    title: '会话质检',
    intro: '消息命中敏感词、或客户消息在工作时间内超时未回复时，提醒销售的主管并记录在此。',
    path: '/quality/rules',
    noun: '规则',
    columns: [
      { label: '名称', value: (r) => h('strong', null, r.name) },
      { label: '匹配', value: (r) => `${r.kind === 'regex' ? '正则' : '词语'}「${r.pattern}」· ${r.matchMode === 'fuzzy' ? '模糊' : '整词'}` },
      { label: '范围', value: (r) => (r.userIds.length ? r.userIds.join('、') : '全部销售') },
      { label: '状态', value: (r) => (r.enabled ? '启用' : '停用') },
    ],
    fields: RULE_FIELDS,
    blank: { name: '', kind: 'word', pattern: '', matchMode: 'whole', directions: ['out'], userIds: [], enabled: true },
    toValues: (r) => ({ ...r }),
    toBody: (values) => values,
  });
  const [hours, leads] = await Promise.all([hoursSection(), leadsSection()]);
  mount(root, rules, hours, leads, alertsSection(), summarySection());
}
