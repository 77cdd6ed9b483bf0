/**
 * The dashboard's tables: the range per salesperson or per channel (GET /dashboard/breakdown),
 * sortable by any figure, and the running check-in campaigns' group figures
 * (GET /dashboard/campaigns).
 */
import { h, mount } from '../../dom.ts';
import { money } from '../../format.ts';
import { call, query } from '../api.ts';
import { percent, sortableTable, type SortableColumn } from '../widgets.ts';

interface BreakdownRow {
  key: string;
  name: string | null;
  added: number;
  lost: number;
  firstContactRate: number | null;
  served: number;
  repliers: number;
  replyRate: number | null;
  orders: number;
  revenue: number;
  matured30: number;
  converted30: number;
  conversion30: number | null;
  matured60: number;
  converted60: number;
  conversion60: number | null;
}

interface CampaignFigures {
  campaignId: number;
  name: string;
  startDate: string;
  days: number;
  groups: number;
  members: number;
  atStart: number;
  stillIn: number;
  retention: number;
  averageParticipation: number | null;
  completionRate: number;
}

type Dimension = 'salesperson' | 'channel';
const DIMENSIONS: Record<Dimension, string> = { salesperson: '按销售', channel: '按渠道' };

/** A rate with what it is over, e.g. "50.0%（1/2）". */
const rateOf = (rate: number | null, part: number, whole: number) => (rate === null ? '—' : `${percent(rate)}（${part}/${whole}）`);

function columns(by: Dimension): SortableColumn<BreakdownRow>[] {
  return [
    by === 'salesperson'
      ? { label: '销售', value: (r) => r.key, sort: (r) => r.key }
      : { label: '渠道', value: (r) => (r.key === '' ? '（无渠道码）' : (r.name ?? r.key)), sort: (r) => r.name ?? r.key },
    { label: '新增', value: (r) => r.added, sort: (r) => r.added },
    { label: '流失', value: (r) => r.lost, sort: (r) => r.lost },
    { label: '24h 首次沟通率', value: (r) => percent(r.firstContactRate), sort: (r) => r.firstContactRate },
    { label: '回复率', value: (r) => rateOf(r.replyRate, r.repliers, r.served), sort: (r) => r.replyRate },
    { label: '订单', value: (r) => r.orders, sort: (r) => r.orders },
    { label: '销售额', value: (r) => money(r.revenue), sort: (r) => r.revenue },
    { label: '30 天转化', value: (r) => rateOf(r.conversion30, r.converted30, r.matured30), sort: (r) => r.conversion30 },
    { label: '60 天转化', value: (r) => rateOf(r.conversion60, r.converted60, r.matured60), sort: (r) => r.conversion60 },
  ];
}

/** The breakdown card for a range; its tabs switch between salespeople and channels. */
export function breakdownCard(from: string, to: string): HTMLElement {
  const body = h('div', { 'data-testid': 'breakdown' }, h('div', { class: 'loading' }, '加载中…'));
  const tabs = (Object.keys(DIMENSIONS) as Dimension[]).map((by) => h('button', { type: 'button', class: 'btn btn--ghost', 'data-by': by, onclick: () => void show(by) }, DIMENSIONS[by]));
  async function show(by: Dimension): Promise<void> {
    for (const tab of tabs) tab.classList.toggle('is-active', tab.dataset.by === by);
    try {
      const { rows } = await call<{ rows: BreakdownRow[] }>('GET', `/dashboard/breakdown${query({ by, from, to })}`);
      mount(body, sortableTable(columns(by), rows, { empty: '这段时间没有数据' }));
    } catch (error) {
      mount(body, h('div', { class: 'form-error' }, error instanceof Error ? error.message : String(error)));
    }
  }
  void show('salesperson');
  return h(
    'section',
    { class: 'card' },
    h('h3', { class: 'card-title' }, '分销售 / 分渠道'),
    h('div', { class: 'tabs' }, tabs),
    body,
    h(
      'p',
      { class: 'muted small' },
      '回复率：这段时间内由该销售（渠道）服务的客户中，给该销售发过单聊消息的比例。订单计入下单时正在服务该客户的销售和渠道，一个客户有多位销售时每位都计入，各行之和可能大于总数。N 天转化：这段时间内新加的好友中，已满 N 天的那部分里，加好友后 N 天内下过单的比例（括号内为 下单/已满 N 天）；都未满 N 天时显示 —。',
    ),
  );
}

/** Retention and participation of every running check-in campaign. */
export async function campaignsCard(): Promise<HTMLElement> {
  const { campaigns } = await call<{ campaigns: CampaignFigures[] }>('GET', '/dashboard/campaigns');
  return h(
    'section',
    { class: 'card' },
    h('h3', { class: 'card-title' }, '社群打卡（进行中的活动）'),
    sortableTable<CampaignFigures>(
      [
        { label: '活动', value: (c) => h('a', { href: `#/campaigns/${c.campaignId}` }, c.name), sort: (c) => c.name },
        { label: '开始 / 天数', value: (c) => `${c.startDate} · ${c.days} 天` },
        { label: '群数', value: (c) => c.groups, sort: (c) => c.groups },
        { label: '成员', value: (c) => c.members, sort: (c) => c.members },
        { label: '留存率', value: (c) => `${percent(c.retention)}（${c.stillIn}/${c.atStart}）`, sort: (c) => c.retention },
        { label: '日均打卡参与率', value: (c) => percent(c.averageParticipation), sort: (c) => c.averageParticipation },
        { label: '全勤率', value: (c) => percent(c.completionRate), sort: (c) => c.completionRate },
      ],
      campaigns,
      { empty: '没有进行中的打卡活动' },
    ),
    campaigns.length > 0
      ? h('p', { class: 'muted small' }, '留存率：活动开始时在群里的成员中，现在仍在群里的比例。日均打卡参与率：每天打卡人数 ÷ 当天在群人数，按活动至今（含今天）各天取平均。全勤率：开始时在群的成员中，至今每天都打卡的比例。')
      : null,
  );
}
