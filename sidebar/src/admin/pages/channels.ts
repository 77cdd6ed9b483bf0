/**
 * 渠道活码: 「联系我」 QR codes whose state tells where customers came from. Each channel
 * routes its code by the salespeople's hours, a daily add cap and backups; new customers
 * get its tags, welcome flow, and a remark and description from its templates. The
 * selected channel's adds, deletes and net per day show under the form.
 */
import { h } from '../../dom.ts';
import { call, query } from '../api.ts';
import { linesFromSlots, slotsFromLines, type ScheduleSlot } from '../channel-schedule.ts';
import { COLORS, dailyChart } from '../daily-chart.ts';
import type { Values } from '../form.ts';
import { renderResourcePage } from '../resource-page.ts';
import { statsPanel } from '../stats-panel.ts';
import { kpi } from '../widgets.ts';
import { chinaDay } from './dashboard.ts';
import { flowOptions, labels, tagOptions } from './options.ts';

interface Routing {
  mode: 'on_duty' | 'backup' | 'fallback';
  warnings: ('all_capped' | 'no_backup')[];
  onDuty: string[];
  capped: string[];
  nextChangeAt: number;
}

interface Channel {
  id: number;
  name: string;
  state: string;
  userIds: string[];
  activeUserIds: string[];
  tagIds: string[];
  welcomeFlowId: number | null;
  qrCode: string | null;
  schedule: ScheduleSlot[];
  backupUserIds: string[];
  dailyAddCap: number | null;
  dailyAddCaps: Record<string, number>;
  autoAccept: boolean;
  remarkTemplate: string | null;
  descriptionTemplate: string | null;
  routing: Routing | null;
}

interface ChannelStats {
  days: { date: string; added: number; deletedByStaff: number; deletedByCustomer: number; net: number }[];
  totals: { added: number; deletedByStaff: number; deletedByCustomer: number; net: number };
}

const MODES: Record<Routing['mode'], string> = { on_duty: '值班销售', backup: '备用销售', fallback: '无人可用（兜底）' };
const WARNINGS: Record<Routing['warnings'][number], string> = {
  all_capped: '所有人（含备用销售）都已达上限，二维码仍指向备用销售',
  no_backup: '无人值班或都已达上限，且未设置备用销售',
};
const STATS_DAYS = 30;

const shanghaiTime = (seconds: number) =>
  new Date(seconds * 1000).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

function routingNote(c: Channel) {
  if (!c.routing) return null;
  const { mode, warnings, capped, nextChangeAt } = c.routing;
  return h(
    'div',
    { class: 'small', 'data-testid': 'channel-routing' },
    `当前：${MODES[mode]}`,
    capped.length > 0 ? ` · 已达上限：${capped.join('、')}` : null,
    ` · 下次变化 ${shanghaiTime(nextChangeAt)}`,
    warnings.map((w) => h('div', { class: 'badge badge--warn', role: 'status' }, WARNINGS[w])),
  );
}

/** The selected channel's last 30 days: totals and a chart of adds, deletes and net. */
const channelStats = () =>
  statsPanel<Channel, ChannelStats>(
    'channel-stats',
    (channel) => call<ChannelStats>('GET', `/channels/${channel.id}/stats${query({ from: chinaDay(1 - STATS_DAYS), to: chinaDay() })}`),
    (stats) => {
      const t = stats.totals;
      const dates = stats.days.map((d) => d.date);
      const net = stats.days.map((d) => d.net);
      // Net goes below zero on a day of more deletes than adds: its own axis, from its minimum.
      return {
        title: `近 ${STATS_DAYS} 天`,
        kpis: [kpi('新增', String(t.added)), kpi('销售删除', String(t.deletedByStaff)), kpi('客户删除', String(t.deletedByCustomer)), kpi('净增', String(t.net), undefined, t.net < 0)],
        chart: (box) =>
          dailyChart(box, dates, '渠道每日新增与删除', [
            { label: '新增', color: COLORS.green, values: stats.days.map((d) => d.added), bars: true },
            { label: '销售删除', color: COLORS.orange, values: stats.days.map((d) => d.deletedByStaff) },
            { label: '客户删除', color: COLORS.red, values: stats.days.map((d) => d.deletedByCustomer) },
            { label: '净增（右轴）', color: COLORS.blue, values: net, right: true },
          ], [Math.min(0, ...net), Math.max(1, ...net)]),
      };
    },
  );

/** `''` / undefined means "none": absent on create, null (cleared) on edit. */
const optional = (value: unknown, editing: boolean) => (value === '' || value === undefined ? (editing ? null : undefined) : value);

export async function renderChannels(root: Element): Promise<void> {
  const [tags, flows] = await Promise.all([tagOptions(), flowOptions()]);
  const stats = channelStats();
  await renderResourcePage<Channel>(root, {
    title: '渠道活码',
    intro:
      '每个渠道一个「联系我」二维码，客户扫码添加后自动打上渠道标签、收到渠道欢迎语，并按模板写好备注。二维码按销售的值班时段和每日添加上限轮换，无人可用时转给备用销售；满 5,000 客户的销售也会轮换出去。',
    path: '/channels',
    noun: '渠道',
    wide: true,
    columns: [
      { label: '名称', value: (c) => h('strong', null, c.name) },
      { label: '二维码', value: (c) => (c.qrCode ? h('a', { href: c.qrCode, target: '_blank', rel: 'noopener', class: 'qr' }, h('img', { src: c.qrCode, alt: `${c.name} 二维码`, width: 56, height: 56 })) : '—') },
      { label: '在码上 / 全部销售', value: (c) => [`${c.activeUserIds.join('、') || '—'} / ${c.userIds.join('、')}`, routingNote(c)] },
      { label: '每日上限', value: (c) => (c.dailyAddCap === null ? '不限' : `${c.dailyAddCap} 人/天`) },
      { label: '标签', value: (c) => labels(c.tagIds, tags) },
    ],
    detail: (c) => h('div', { class: 'muted small' }, `state：${c.state}`, c.qrCode ? [' · ', h('a', { href: c.qrCode, target: '_blank', rel: 'noopener' }, '打开二维码')] : null),
    fields: [
      { name: 'name', label: '渠道名称', kind: 'text', required: true, maxLength: 100, section: '基本信息' },
      { name: 'userIds', label: '销售（userid）', kind: 'list', required: true, hint: '每行一个或用逗号分隔，至少一个' },
      { name: 'tagIds', label: '扫码客户自动打的标签', kind: 'checks', options: tags },
      { name: 'welcomeFlowId', label: '欢迎语', kind: 'select', options: flows },
      { name: 'autoAccept', label: '自动通过好友申请（客户扫码即添加，无需销售确认）', kind: 'checkbox' },
      {
        name: 'schedule',
        label: '值班时段',
        kind: 'rows',
        section: '轮换规则',
        columns: [
          { key: 'userId', label: '销售', kind: 'text' },
          { key: 'weekdays', label: '星期', kind: 'text', placeholder: '1-5' },
          { key: 'from', label: '开始', kind: 'time' },
          { key: 'to', label: '结束', kind: 'time' },
        ],
        hint: '北京时间。星期 1–7 表示周一到周日，如 1-5 或 6,7；结束早于开始表示跨过午夜（如周五 22:00–02:00 含周六凌晨）。没有时段的销售全天在岗。',
      },
      { name: 'backupUserIds', label: '备用销售（userid）', kind: 'list', hint: '无人值班或值班销售都已达上限时，二维码转给他们' },
      { name: 'dailyAddCap', label: '每人每日添加上限', kind: 'number', integer: true, min: 1, max: 10_000, hint: '通过本渠道每位销售每天最多添加的客户数，零点重置；留空不限' },
      {
        name: 'dailyAddCaps',
        label: '个人每日上限',
        kind: 'rows',
        columns: [
          { key: 'userId', label: '指定销售', kind: 'text' },
          { key: 'cap', label: '每天最多', kind: 'number' },
        ],
        hint: '为个别销售（含备用销售）单独设定，替代上面的统一上限',
      },
      { name: 'remarkTemplate', label: '客户备注模板', kind: 'text', maxLength: 60, section: '新客户备注', hint: '可用 {customer} 客户昵称、{channel} 渠道名、{date} 添加日期、{salesperson} 销售；企业微信保留前 20 个字' },
      { name: 'descriptionTemplate', label: '客户描述模板', kind: 'textarea', maxLength: 300, rows: 2, hint: '变量同上；企业微信保留前 150 个字' },
    ],
    blank: { name: '', userIds: [], tagIds: [], welcomeFlowId: '', autoAccept: true, schedule: [], backupUserIds: [], dailyAddCap: undefined, dailyAddCaps: [], remarkTemplate: '', descriptionTemplate: '' },
    toValues: (c) => ({
      ...c,
      welcomeFlowId: c.welcomeFlowId === null ? '' : String(c.welcomeFlowId),
      schedule: linesFromSlots(c.schedule),
      dailyAddCap: c.dailyAddCap ?? undefined,
      dailyAddCaps: Object.entries(c.dailyAddCaps).map(([userId, cap]) => ({ userId, cap })),
      remarkTemplate: c.remarkTemplate ?? '',
      descriptionTemplate: c.descriptionTemplate ?? '',
    }),
    toBody(values: Values, editing) {
      const { welcomeFlowId, schedule, dailyAddCap, dailyAddCaps, remarkTemplate, descriptionTemplate, ...rest } = values;
      return {
        ...rest,
        schedule: slotsFromLines(schedule as Record<string, unknown>[]),
        welcomeFlowId: optional(welcomeFlowId ? Number(welcomeFlowId) : '', editing !== null),
        dailyAddCap: optional(dailyAddCap, editing !== null),
        dailyAddCaps: Object.fromEntries((dailyAddCaps as Record<string, unknown>[]).map((row) => [String(row.userId).trim(), Number(row.cap)])),
        remarkTemplate: optional(remarkTemplate, editing !== null),
        descriptionTemplate: optional(descriptionTemplate, editing !== null),
      };
    },
    aside: () => ({ node: stats.node, refresh: () => {} }),
    onEdit: (item) => stats.show(item),
  });
}
