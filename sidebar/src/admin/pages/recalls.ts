/**
 * Recall campaigns (召回) on the segments page: create one on the selected segment
 * (POST /recalls: a WeCom mass-message task per salesperson, 1:1 tasks for high-value
 * members, the frequency cap applied), and read each recall's results (GET /recalls/:id,
 * POST /recalls/:id/check to poll WeCom now).
 */
import { h, mount, toast } from '../../dom.ts';
import { when } from '../../format.ts';
import { call } from '../api.ts';
import { buildForm } from '../form.ts';
import { dataTable, kpi, percent } from '../widgets.ts';
import type { Segment } from '../segment-definition.ts';

interface Recall {
  id: number;
  segmentId: number;
  text: string;
  frequencyCapDays: number;
  windowDays: number;
  createdAt: number;
  checkedAt: number | null;
}
interface Created extends Recall {
  massRecipients: number;
  tasks: number;
  capped: number;
  messages: { userId: string; recipients: number; msgid: string | null; failed: number; errcode: number }[];
}
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
        const answer = await call<Created>('POST', '/recalls', { segmentId: segment.id, text: values.text, frequencyCapDays: values.frequencyCapDays, windowDays: values.windowDays });
        toast('已创建召回');
        mount(
          created,
          h(
            'div',
            { class: 'kpis' },
            kpi('群发客户', String(answer.massRecipients)),
            kpi('1 对 1 任务', String(answer.tasks), '高价值客户'),
            kpi('频次限制排除', String(answer.capped)),
          ),
          dataTable(
            [
              { label: '销售', value: (m) => m.userId },
              { label: '客户数', value: (m) => m.recipients },
              { label: '群发任务', value: (m) => (m.msgid ? `已创建（${m.msgid}）` : `失败（errcode ${m.errcode}）`) },
              { label: '发送失败', value: (m) => m.failed },
            ],
            answer.messages,
            { empty: '没有需要群发的客户' },
          ),
        );
        await reload();
        await showResults(answer.id);
      },
    },
  );

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
      h('h3', { class: 'card-title' }, `召回 #${r.id} 的结果`),
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
