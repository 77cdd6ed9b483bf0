/**
 * 数据看板: GET /dashboard for a range of China days, as KPI cards, three uPlot charts
 * (adds and churn, first contact and repliers, orders and revenue), lifecycle stages and
 * each salesperson's load against the 5,000 cap; then the range per salesperson and
 * channel, and the running check-in campaigns (pages/dashboard-breakdown.ts).
 */
import type uPlot from 'uplot';
import { h, mount } from '../../dom.ts';
import { money, stage } from '../../format.ts';
import { ApiError, call, query } from '../api.ts';
import { COLORS, dailyChart } from '../daily-chart.ts';
import { buildForm } from '../form.ts';
import { kpi, percent } from '../widgets.ts';
import { breakdownCard, campaignsCard } from './dashboard-breakdown.ts';

interface Dashboard {
  from: string;
  to: string;
  days: { date: string; added: number; lost: number; firstContact24h: number; repliers: number; orders: number; revenue: number }[];
  totals: {
    added: number;
    lost: number;
    firstContactRate: number | null;
    served: number;
    repliers: number;
    replyRate: number | null;
    orders: number;
    revenue: number;
    averageOrderValue: number | null;
    buyers: number;
    repeatBuyers: number;
    repurchaseRate: number | null;
    topCustomerPercent: number;
    topRevenueShare: number | null;
  };
  stages: Record<string, number>;
  cap: number;
  loads: { userId: string; customers: number; capShare: number }[];
}

const DAY_MS = 86_400_000;
/** Today in China as YYYY-MM-DD, and `days` before it (the channel page's stats use it too). */
export function chinaDay(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

export async function renderDashboard(root: Element): Promise<void> {
  const content = h('div', { class: 'dashboard' });
  const form = buildForm(
    [
      { name: 'from', label: '开始日期', kind: 'text', required: true, placeholder: 'YYYY-MM-DD' },
      { name: 'to', label: '结束日期', kind: 'text', required: true, placeholder: 'YYYY-MM-DD' },
    ],
    { submitLabel: '查看', onSubmit: async (values) => show(String(values.from), String(values.to)) },
  );
  form.element.classList.add('form--inline');
  // Native date pickers; the values stay YYYY-MM-DD, which is what the API takes.
  for (const input of form.element.querySelectorAll('input')) input.type = 'date';
  const presets = h(
    'div',
    { class: 'presets' },
    [7, 30, 90].map((days) => h('button', { type: 'button', class: 'btn btn--ghost', onclick: () => { form.set({ from: chinaDay(1 - days), to: chinaDay() }); form.element.requestSubmit(); } }, `近 ${days} 天`)),
  );
  let charts: uPlot[] = [];

  async function show(from: string, to: string): Promise<void> {
    // The campaigns' figures are for admins; a lead's or salesperson's dashboard goes without them.
    const campaignsOrNone = campaignsCard().catch((error: unknown) => (error instanceof ApiError && error.status === 403 ? null : Promise.reject(error)));
    const [d, campaigns] = await Promise.all([call<Dashboard>('GET', `/dashboard${query({ from, to })}`), campaignsOrNone]);
    charts.forEach((c) => c.destroy());
    const t = d.totals;
    const chartBoxes = [h('div', { class: 'chart' }), h('div', { class: 'chart' }), h('div', { class: 'chart' })];
    const maxStage = Math.max(1, ...Object.values(d.stages));
    mount(
      content,
      h(
        'div',
        { class: 'kpis' },
        kpi('新增客户', String(t.added)),
        kpi('流失客户（客户删除销售）', String(t.lost), t.added > 0 ? `净增 ${t.added - t.lost}` : undefined),
        kpi('24 小时内首次沟通', percent(t.firstContactRate)),
        kpi('回复率（活跃率）', percent(t.replyRate), `${t.repliers} / ${t.served} 位服务中客户 · 目标 ≥45%`, t.replyRate !== null && t.replyRate < 0.45),
        kpi('订单数', String(t.orders)),
        kpi('销售额', money(t.revenue)),
        kpi('客单价', t.averageOrderValue === null ? '—' : money(t.averageOrderValue)),
        kpi('复购率', percent(t.repurchaseRate), `${t.repeatBuyers} / ${t.buyers} 位下单客户`),
        kpi(`前 ${t.topCustomerPercent}% 客户贡献`, percent(t.topRevenueShare), '占销售额'),
      ),
      h('div', { class: 'charts' }, chartBoxes.map((box) => h('section', { class: 'card' }, box))),
      h(
        'div',
        { class: 'split split--even' },
        h(
          'section',
          { class: 'card' },
          h('h3', { class: 'card-title' }, '生命周期阶段（当前）'),
          Object.entries(d.stages).map(([key, n]) => h('div', { class: 'bar-row' }, h('span', { class: 'bar-label' }, stage(key)), h('span', { class: 'bar' }, h('span', { class: 'bar-fill', style: `width:${(n / maxStage) * 100}%` })), h('span', { class: 'bar-value' }, String(n)))),
        ),
        h(
          'section',
          { class: 'card' },
          h('h3', { class: 'card-title' }, `销售负载（上限 ${d.cap.toLocaleString('zh-CN')} 位客户）`),
          d.loads.length === 0
            ? h('div', { class: 'empty' }, '还没有跟进中的客户')
            : d.loads.slice(0, 15).map((l) =>
                h('div', { class: 'bar-row' }, h('span', { class: 'bar-label' }, l.userId), h('span', { class: 'bar' }, h('span', { class: `bar-fill${l.capShare >= 0.9 ? ' bar-fill--warn' : ''}`, style: `width:${Math.min(100, l.capShare * 100)}%` })), h('span', { class: 'bar-value' }, `${l.customers}（${percent(l.capShare)}）`)),
              ),
        ),
      ),
      breakdownCard(from, to),
      campaigns,
    );
    const dates = d.days.map((x) => x.date);
    charts = [
      dailyChart(chartBoxes[0]!, dates, '新增与流失客户（每日）', [
        { label: '新增', color: COLORS.green, values: d.days.map((x) => x.added), bars: true },
        { label: '流失', color: COLORS.red, values: d.days.map((x) => x.lost) },
      ]),
      dailyChart(chartBoxes[1]!, dates, '24 小时内首次沟通与回复客户（每日）', [
        { label: '24h 内首次沟通', color: COLORS.blue, values: d.days.map((x) => x.firstContact24h) },
        { label: '回复客户', color: COLORS.orange, values: d.days.map((x) => x.repliers) },
      ]),
      dailyChart(chartBoxes[2]!, dates, '订单与销售额（每日）', [
        { label: '订单数', color: COLORS.blue, values: d.days.map((x) => x.orders), bars: true },
        { label: '销售额（元）', color: COLORS.green, values: d.days.map((x) => x.revenue), right: true },
      ]),
    ];
  }

  mount(root, h('div', { class: 'page-head' }, h('div', null, h('h2', null, '数据看板'), h('p', { class: 'muted' }, '按北京时间统计，含开始和结束两天。'))), h('section', { class: 'card toolbar' }, form.element, presets), content);
  const initial = { from: chinaDay(-29), to: chinaDay() };
  form.set(initial);
  await show(initial.from, initial.to).catch((error: unknown) => form.showError(error));
}
