/**
 * Recall campaigns (召回) on the segments page: create one on the selected segment
 * (POST /recalls queues it; the server sends it in the background — a WeCom mass-message
 * task per salesperson, 1:1 tasks for high-value members, the frequency cap applied — and
 * the page polls GET /recalls/:id until it is sent), and read each recall's results
 * (GET /recalls/:id, POST /recalls/:id/check to poll WeCom now).
 */
import { h, mount, toast } from '../../dom.ts';
import { when } from '../../format.ts';
import { call } from '../api.ts';
import { buildForm } from '../form.ts';
import { dataTable, kpi, percent } from '../widgets.ts';
import type { Segment } from '../segment-definition.ts';

type Summary = {
  massRecipients: number;
  tasks: number;
  capped: number;
  interrupted: number;
  messages: { userId: string; recipients: number; msgid: string | null; failed: number; errcode: number }[];
};
interface Recall {
  id: number;
  segmentId: number;
  text: string;
  frequencyCapDays: number;
  windowDays: number;
  createdAt: number;
  checkedAt: number | null;
  status: 'queued' | 'sending' | 'sent';
  summary: Summary | null;
}
const STATUS_LABEL: Record<Recall['status'], string> = { queued: '排队中', sending: '发送中', sent: '已发送' };
/** How long the page waits for a recall to be sent before leaving it to the list. */
const WAIT_FOR_SENT_MS = 120_000;

interface Results extends Recall {
  mass: { recipients: number; pending: number; sent: number; failed: number; recalled: number; rate: number | null };
  oneToOne: { tasks: number; recalled: number; rate: number | null };
  windowOpen: boolean;
}

export function recallSection(selected: () => Segment | null): { node: HTMLElement; select(segment: Segment | null): void } {
  const target = h('p', { class: 'muted' });
  const created = h('div', { 'data-testid': 'recall-created' });
  const list = h('div');
  const detail = h('div', { 'data-testid': 'recall-results' });

  const form = buildForm(
    [
      { name: 'text', label: '群发文案', kind: 'textarea', required: true, maxLength: 4000, hint: '销售在企业微信里确认后发出；高价值客户不群发，改为给其销售的 1 对 1 任务（文案作为建议回复）。' },
      { name: 'frequencyCapDays', label: '频次限制（天）', kind: 'number', integer: true, min: 0, max: 365, hint: '这么多天内已被召回过的客户不再发送；0 表示不限' },
      { name: 'windowDays', label: '召回统计窗口（天）', kind: 'number', integer: true, min: 1, max: 90, hint: '发送后这么多天内回复或下单，算召回成功' },
    ],
    {
      submitLabel: '创建召回',
      async onSubmit(values) {
        const segment = selected();
        if (!segment) throw new Error('请先在上方列表中选择一个已保存的人群');
        const queued = await call<Recall>('POST', '/recalls', { segmentId: segment.id, text: values.text, frequencyCapDays: values.frequencyCapDays, windowDays: values.windowDays });
        toast('已创建召回，正在发送');
        mount(created, h('p', { class: 'muted', 'data-testid': 'recall-sending' }, `召回 #${queued.id} 发送中…（人群较大时需要几分钟）`));
        await reload();
        const sent = await waitUntilSent(queued.id);
        if (!sent?.summary) {
          mount(created, h('p', { class: 'muted' }, `召回 #${queued.id} 仍在发送，稍后可在右侧召回记录中查看。`));
          return;
        }
        showSummary(sent.summary);
        await reload();
        await showResults(queued.id);
      },
    },
  );

  async function waitUntilSent(id: number): Promise<Recall | null> {
    for (const deadline = Date.now() + WAIT_FOR_SENT_MS; Date.now() < deadline; ) {
      const recall = await call<Recall>('GET', `/recalls/${id}`);
      if (recall.status === 'sent') return recall;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    return null;
  }

  function showSummary(summary: Summary): void {
    mount(
      created,
      h(
        'div',
        { class: 'kpis' },
        kpi('群发客户', String(summary.massRecipients)),
        kpi('1 对 1 任务', String(summary.tasks), '高价值客户'),
        kpi('频次限制排除', String(summary.capped)),
      ),
      dataTable(
        [
          { label: '销售', value: (m) => m.userId },
          { label: '客户数', value: (m) => m.recipients },
          { label: '群发任务', value: (m) => (m.msgid ? `已创建（${m.msgid}）` : `失败（errcode ${m.errcode}）`) },
          { label: '发送失败', value: (m) => m.failed },
        ],
        summary.messages,
        { empty: '没有需要群发的客户' },
      ),
      summary.interrupted > 0 ? h('p', { class: 'muted small' }, `${summary.interrupted} 位客户因发送中断标为失败（不重复发送）。`) : null,
    );
  }

  async function reload(): Promise<void> {
    const { items } = await call<{ items: Recall[] }>('GET', '/recalls');
    mount(
      list,
      dataTable(
        [
          { label: '编号', value: (r) => `#${r.id}` },
          { label: '人群', value: (r) => `#${r.segmentId}` },
          { label: '文案', value: (r) => (r.text.length > 40 ? `${r.text.slice(0, 40)}…` : r.text) },
          { label: '创建时间', value: (r) => when(r.createdAt) },
          { label: '状态', value: (r) => STATUS_LABEL[r.status] },
          { label: '上次查询结果', value: (r) => when(r.checkedAt) },
        ],
        items,
        { empty: '还没有召回', onRow: (r) => void showResults(r.id) },
      ),
    );
  }

  async function showResults(id: number, check = false): Promise<void> {
    const r = await call<Results>(check ? 'POST' : 'GET', `/recalls/${id}${check ? '/check' : ''}`);
    if (check) await reload(); // its 上次查询结果 moved
    const checkButton = h('button', { type: 'button', class: 'btn' }, '立即查询结果');
    checkButton.addEventListener('click', () => void showResults(id, true).catch((error: unknown) => toast(error instanceof Error ? error.message : String(error))));
    mount(
      detail,
      h('h3', { class: 'card-title' }, `召回 #${r.id} 的结果（${STATUS_LABEL[r.status]}）`),
      h(
        'div',
        { class: 'kpis' },
        kpi('群发召回率', percent(r.mass.rate), `${r.mass.recalled} / ${r.mass.sent} 位已送达客户`),
        kpi('已送达', String(r.mass.sent), `共 ${r.mass.recipients} 位 · 待确认 ${r.mass.pending} · 失败 ${r.mass.failed}`),
        kpi('1 对 1 召回率', percent(r.oneToOne.rate), `${r.oneToOne.recalled} / ${r.oneToOne.tasks} 个任务`),
      ),
      h('p', { class: 'muted small' }, r.windowOpen ? `统计中：发送后 ${r.windowDays} 天内回复或下单算召回，窗口未结束或仍有待确认的群发。` : '统计已结束。'),
      checkButton,
    );
  }

  const node = h(
    'div',
    { class: 'split split--even recalls' },
    h('section', { class: 'card' }, h('h3', { class: 'card-title' }, '发起召回'), target, form.element, created),
    h('section', { class: 'card' }, h('h3', { class: 'card-title' }, '召回记录'), list, detail),
  );
  void reload().catch((error: unknown) => mount(list, h('div', { class: 'form-error' }, error instanceof Error ? error.message : String(error))));
  form.set({ text: '', frequencyCapDays: 7, windowDays: 7 });

  return {
    node,
    select(segment) {
      target.textContent = segment ? `对象：人群「${segment.name}」（按发送时的条件圈人）` : '先在上方列表中选择一个已保存的人群。';
    },
  };
}
