/**
 * One campaign's data: group health (retention, completion, points; a chart of who was
 * present and who checked in each day), the leaderboard, the stage rewards to hand over,
 * and the points ledger as CSV. The CSV is a plain link: a GET, which the session cookie
 * authenticates without the X-Requested-With header that fetch adds.
 */
import type uPlot from 'uplot';
import { busyWhile, h, mount, toast } from '../../dom.ts';
import { when } from '../../format.ts';
import { call, query } from '../api.ts';
import { COLORS, dailyChart } from '../daily-chart.ts';
import { dataTable, kpi, percent } from '../widgets.ts';
import { progress, type Campaign } from './campaigns.ts';

interface Health {
  members: number;
  atStart: number;
  stillIn: number;
  retention: number;
  completed: number;
  completionRate: number;
  pointsAwarded: number;
  days: { day: number; date: string; present: number; checkedIn: number; joined: number; left: number; participation: number }[];
}

interface Ranked {
  rank: number;
  displayName: string;
  streak: number;
  daysCheckedIn: number;
  points: number;
}

interface Grant {
  id: number;
  displayName: string;
  chatId: string;
  stageDay: number;
  reward: string;
  grantedAt: number;
  announcedAt?: number;
  fulfilledAt?: number;
}

export async function renderCampaignDetail(root: Element, id: number): Promise<void> {
  const base = `/campaigns/${id}`;
  const campaign = await call<Campaign>('GET', base);
  const healthBox = h('div');
  const leaderboardBox = h('section', { class: 'card' });
  const rewardsBox = h('section', { class: 'card' });
  let chart: uPlot | undefined;

  async function showHealth(chatId: string): Promise<void> {
    const health = await call<Health>('GET', `${base}/health${query({ chatId })}`);
    const today = health.days[health.days.length - 1];
    const chartBox = h('div', { class: 'chart' });
    chart?.destroy();
    mount(
      healthBox,
      h(
        'div',
        { class: 'kpis' },
        kpi('留存率', percent(health.retention), `开始时的 ${health.atStart} 人中留下 ${health.stillIn} 人`, health.retention < 0.8),
        kpi('开始时成员', String(health.atStart)),
        kpi('仍在群', String(health.stillIn), `现有成员 ${health.members} 人`),
        kpi('全勤完成率', percent(health.completionRate), `${health.completed} 人每天都打卡`),
        kpi('已发积分', health.pointsAwarded.toLocaleString('zh-CN')),
        kpi('最近一天参与率', today ? percent(today.participation) : '—', today ? `第 ${today.day} 天：${today.checkedIn} / ${today.present} 人打卡` : '活动还没开始'),
      ),
      h('section', { class: 'card' }, health.days.length === 0 ? h('div', { class: 'empty' }, '活动开始后这里显示每天的参与情况') : chartBox),
    );
    if (health.days.length === 0) return;
    chart = dailyChart(
      chartBox,
      health.days.map((d) => d.date),
      '每日参与（在群人数、打卡人数、参与率）',
      [
        { label: '在群', color: COLORS.blue, values: health.days.map((d) => d.present) },
        { label: '打卡', color: COLORS.green, values: health.days.map((d) => d.checkedIn), bars: true },
        { label: '参与率', color: COLORS.orange, values: health.days.map((d) => d.participation), right: true, format: (v) => percent(v) },
      ],
      [0, 1],
    );
  }

  async function showLeaderboard(): Promise<void> {
    const { items } = await call<{ items: Ranked[] }>('GET', `${base}/leaderboard`);
    mount(
      leaderboardBox,
      h('h3', { class: 'card-title' }, '排行榜（前 10 名：按连续天数，其次积分）'),
      dataTable(
        [
          { label: '名次', value: (m) => m.rank },
          { label: '成员', value: (m) => m.displayName },
          { label: '连续打卡', value: (m) => `${m.streak} 天` },
          { label: '累计打卡', value: (m) => `${m.daysCheckedIn} 天` },
          { label: '积分', value: (m) => m.points },
        ],
        items,
        { empty: '还没有人打卡' },
      ),
    );
  }

  async function showRewards(): Promise<void> {
    const { items } = await call<{ items: Grant[] }>('GET', `${base}/rewards`);
    // Those still to hand over first.
    const sorted = [...items].sort((a, b) => Number(a.fulfilledAt !== undefined) - Number(b.fulfilledAt !== undefined) || a.grantedAt - b.grantedAt);
    const fulfil = (grant: Grant) => (event: Event) =>
      busyWhile(
        event.currentTarget as HTMLButtonElement,
        async () => {
          await call<void>('POST', `${base}/rewards/${grant.id}/fulfil`);
          toast('已标记为已发放');
          await showRewards();
        },
        (error: unknown) => toast(error instanceof Error ? error.message : String(error)),
      );
    mount(
      rewardsBox,
      h('h3', { class: 'card-title' }, `阶段奖励（待发放 ${items.filter((g) => g.fulfilledAt === undefined).length} 份）`),
      dataTable(
        [
          { label: '成员', value: (g) => g.displayName },
          { label: '客户群', value: (g) => h('span', { class: 'muted small' }, g.chatId) },
          { label: '阶段', value: (g) => `累计 ${g.stageDay} 天` },
          { label: '奖励', value: (g) => g.reward },
          { label: '达成', value: (g) => [when(g.grantedAt), g.announcedAt === undefined ? null : h('div', { class: 'muted small' }, '已在群里公布')] },
          { label: '发放', value: (g) => (g.fulfilledAt === undefined ? h('button', { type: 'button', class: 'btn btn--small', onclick: fulfil(g) }, '已发放') : h('span', { class: 'muted' }, `已发放 · ${when(g.fulfilledAt)}`)) },
        ],
        sorted,
        { empty: '还没有人达到阶段奖励', rowProps: (g) => ({ 'data-grant': g.id }) },
      ),
    );
  }

  const groups = h('select', { 'aria-label': '客户群', class: 'select' }, h('option', { value: '' }, `全部 ${campaign.chatIds.length} 个群`), campaign.chatIds.map((chatId) => h('option', { value: chatId }, chatId)));
  groups.addEventListener('change', () => void showHealth(groups.value).catch((error: unknown) => toast(error instanceof Error ? error.message : String(error))));
  mount(
    root,
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        null,
        h('a', { href: '#/campaigns', class: 'small' }, '← 全部打卡活动'),
        h('h2', null, campaign.name),
        h('p', { class: 'muted' }, `${campaign.startDate} 起 ${campaign.days} 天 · ${progress(campaign)} · ${campaign.timezone}`),
      ),
      h('div', { class: 'head-actions' }, campaign.chatIds.length > 1 ? groups : null, h('a', { class: 'btn btn--link', href: `/api/admin${base}/ledger.csv`, download: `campaign-${id}-points.csv` }, '下载积分明细（CSV）')),
    ),
    healthBox,
    h('div', { class: 'split split--even' }, leaderboardBox, rewardsBox),
  );
  await Promise.all([showHealth(''), showLeaderboard(), showRewards()]);
}
