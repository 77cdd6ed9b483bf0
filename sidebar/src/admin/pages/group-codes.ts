/**
 * 群活码: one QR code (WeCom's join way) over several customer groups filled in order up to
 * a cap per group; the code moves on to the next group as one fills. Each code's groups
 * show as fill bars, the selected code's joins and leaves per day under the form.
 */
import { h } from '../../dom.ts';
import { call, query } from '../api.ts';
import { COLORS, dailyChart } from '../daily-chart.ts';
import type { Values } from '../form.ts';
import { renderResourcePage } from '../resource-page.ts';
import { statsPanel, type StatsView } from '../stats-panel.ts';
import { kpi } from '../widgets.ts';

interface GroupFill {
  chatId: string;
  members: number;
  dismissed: boolean;
  counted: boolean;
}

interface GroupCode {
  id: number;
  name: string;
  state: string;
  chatIds: string[];
  activeChatIds: string[];
  capPerGroup: number;
  allFull: boolean;
  autoCreateRoom: boolean;
  roomBaseName: string | null;
  roomBaseId: number | null;
  welcome: { text: string; attachment?: unknown } | null;
  qrCode: string | null;
  groups: GroupFill[];
}

interface GroupCodeStats {
  days: { date: string; joins: number; leaves: number; net: number }[];
  totals: { joins: number; leaves: number; net: number };
}

const STATS_DAYS = 30;
/** WeCom's limit for joining by QR code. */
const QR_LIMIT = 200;

/** One bar per group: members against the cap, marked when the join way lists it. */
function fillBars(code: GroupCode) {
  const cap = Math.min(code.capPerGroup, QR_LIMIT);
  return h(
    'div',
    { 'data-testid': 'group-fill' },
    code.groups.map((group) => {
      const listed = code.activeChatIds.includes(group.chatId);
      const share = Math.min(100, Math.round((group.members / cap) * 100));
      const label = group.dismissed ? '已解散' : group.counted ? `${group.members} / ${cap}${listed ? ' · 码上' : ''}` : '未统计';
      return h(
        'div',
        { class: 'bar-row', 'data-chat': group.chatId },
        h('span', { class: 'small', title: group.chatId }, group.chatId.length > 14 ? `${group.chatId.slice(0, 12)}…` : group.chatId),
        h('span', { class: 'bar' }, h('span', { class: `bar-fill${group.members >= cap ? ' bar-fill--warn' : ''}`, style: `width:${share}%` })),
        h('span', { class: 'bar-value small' }, label),
      );
    }),
    code.allFull ? h('div', { class: 'badge badge--warn', role: 'status' }, '所有群都已满员：请添加新群（码上仍保留最后一个群）') : null,
  );
}

/** The selected code's last 30 days: totals and a chart of joins, leaves and net. */
const codeStats = () =>
  statsPanel(
    'group-code-stats',
    (code: GroupCode) => call<GroupCodeStats>('GET', `/group-codes/${code.id}/stats${query({ days: String(STATS_DAYS) })}`),
    (stats): StatsView => ({
      title: `近 ${STATS_DAYS} 天（经此码）`,
      kpis: [kpi('入群', String(stats.totals.joins)), kpi('退群', String(stats.totals.leaves)), kpi('净增', String(stats.totals.net), undefined, stats.totals.net < 0)],
      chart: (box) =>
        dailyChart(box, stats.days.map((d) => d.date), '群活码每日入群与退群', [
          { label: '入群', color: COLORS.green, values: stats.days.map((d) => d.joins), bars: true },
          { label: '退群', color: COLORS.red, values: stats.days.map((d) => d.leaves) },
          { label: '净增', color: COLORS.blue, values: stats.days.map((d) => d.net) },
        ]),
    }),
  );

/** `''` / undefined means "none": absent on create, null (cleared) on edit. */
const optional = (value: unknown, editing: boolean) => (value === '' || value === undefined ? (editing ? null : undefined) : value);

export async function renderGroupCodes(root: Element): Promise<void> {
  const stats = codeStats();
  await renderResourcePage<GroupCode>(root, {
    title: '群活码',
    intro:
      '一个二维码对应多个客户群：按顺序进群，每个群达到人数上限（最多 200，企业微信扫码进群的上限）后自动换到下一个群；有人退群空出名额，该群会重新排回码上。入群欢迎语保存为企业微信的入群欢迎语素材，并通知群主在客户端为群启用。',
    path: '/group-codes',
    noun: '群活码',
    wide: true,
    columns: [
      { label: '名称', value: (c) => h('strong', null, c.name) },
      { label: '二维码', value: (c) => (c.qrCode ? h('a', { href: c.qrCode, target: '_blank', rel: 'noopener', class: 'qr' }, h('img', { src: c.qrCode, alt: `${c.name} 二维码`, width: 56, height: 56 })) : '—') },
      { label: '各群人数', value: fillBars },
      { label: '每群上限', value: (c) => `${c.capPerGroup} 人` },
    ],
    detail: (c) => h('div', { class: 'muted small' }, `state：${c.state}`, c.autoCreateRoom ? ` · 满员后自动建群「${c.roomBaseName ?? ''}${c.roomBaseId ?? 1}」起` : null),
    fields: [
      { name: 'name', label: '名称（也是企业微信里的备注）', kind: 'text', required: true, maxLength: 30, section: '基本信息' },
      { name: 'chatIds', label: '客户群（chat_id，按进群顺序）', kind: 'list', required: true, hint: '每行一个；前面的群先满，码上同时最多列 5 个未满的群' },
      { name: 'capPerGroup', label: '每群人数上限', kind: 'number', integer: true, min: 1, max: QR_LIMIT, required: true, hint: '含群主和员工；超过 200 时扫码无法进群' },
      { name: 'welcomeText', label: '入群欢迎语', kind: 'textarea', rows: 3, section: '入群欢迎语', apiName: 'welcome.text', hint: '留空则不设置' },
      { name: 'welcomeAttachment', label: '附件（JSON，可选，最多一个）', kind: 'json', rows: 3, apiName: 'welcome.attachment', hint: '如 { "msgtype": "link", "link": { "title": "新人礼", "url": "https://…" } }，也可 image / miniprogram' },
      { name: 'autoCreateRoom', label: '所有群满 200 人后由企业微信自动建新群', kind: 'checkbox', section: '自动建群' },
      { name: 'roomBaseName', label: '新群名称前缀', kind: 'text', maxLength: 40 },
      { name: 'roomBaseId', label: '新群起始序号', kind: 'number', integer: true, min: 1, max: 1_000_000 },
    ],
    blank: { name: '', chatIds: [], capPerGroup: 200, welcomeText: '', welcomeAttachment: undefined, autoCreateRoom: false, roomBaseName: '', roomBaseId: undefined },
    toValues: (c) => ({
      ...c,
      welcomeText: c.welcome?.text ?? '',
      welcomeAttachment: c.welcome?.attachment,
      roomBaseName: c.roomBaseName ?? '',
      roomBaseId: c.roomBaseId ?? undefined,
    }),
    toBody(values: Values, editing) {
      const { welcomeText, welcomeAttachment, roomBaseName, roomBaseId, name, chatIds, capPerGroup, autoCreateRoom } = values;
      // The attachment field is JSON: empty reads as undefined.
      const welcome = welcomeText || welcomeAttachment !== undefined ? { text: welcomeText, ...(welcomeAttachment !== undefined ? { attachment: welcomeAttachment } : {}) } : '';
      return {
        name,
        chatIds,
        capPerGroup,
        autoCreateRoom,
        welcome: optional(welcome, editing !== null),
        roomBaseName: optional(roomBaseName, editing !== null),
        roomBaseId: optional(roomBaseId, editing !== null),
      };
    },
    aside: () => ({ node: stats.node, refresh: () => {} }),
    onEdit: (item) => stats.show(item),
  });
}
