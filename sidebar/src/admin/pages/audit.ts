/**
 * 操作日志: every write through the console, the API and the sidebar, newest first —
 * who (and their role), when, what (method and route, the id, the body with secrets
 * redacted, before/after where known), from where. Filters by actor, action, target and
 * days; CSV of the same filters. Read-only: nothing can edit or delete a row.
 */
import { h, mount } from '../../dom.ts';
import { when } from '../../format.ts';
import { call, query } from '../api.ts';
import { buildForm, type Values } from '../form.ts';

interface AuditRow {
  id: number;
  actor: string;
  role: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
  at: number;
  ip: string;
  userAgent: string;
}

export async function renderAudit(root: Element): Promise<void> {
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'btn', hidden: true }, '加载更多');
  const csv = h('a', { class: 'btn', href: '/api/admin/audit.csv', download: 'audit.csv' }, '导出 CSV');
  let filters: Record<string, string | undefined> = {};
  let beforeId: number | null = null;

  async function load(reset: boolean): Promise<void> {
    const page = await call<{ items: AuditRow[]; nextBeforeId: number | null }>('GET', `/audit${query({ ...filters, beforeId: reset || beforeId === null ? undefined : String(beforeId) })}`);
    if (reset) body.textContent = '';
    for (const r of page.items) {
      body.append(
        h(
          'tr',
          null,
          h('td', null, when(r.at)),
          h('td', null, h('strong', null, r.actor), h('div', { class: 'muted small' }, r.role)),
          h('td', null, h('code', null, r.action)),
          h('td', null, r.target || '—'),
          h('td', null, h('code', { class: 'small' }, JSON.stringify(r.detail))),
          h('td', { class: 'small' }, r.ip, h('div', { class: 'muted' }, r.userAgent)),
        ),
      );
    }
    if (reset && page.items.length === 0) body.append(h('tr', null, h('td', { colspan: 6, class: 'muted' }, '没有符合条件的记录')));
    beforeId = page.nextBeforeId;
    more.hidden = beforeId === null;
  }

  const form = buildForm(
    [
      { name: 'actor', label: '操作人（userid）', kind: 'text' },
      { name: 'action', label: '操作（如 welcome-flows、DELETE）', kind: 'text' },
      { name: 'target', label: '对象 id', kind: 'text' },
      { name: 'from', label: '日期从', kind: 'text', placeholder: 'YYYY-MM-DD' },
      { name: 'to', label: '到', kind: 'text', placeholder: 'YYYY-MM-DD' },
    ],
    {
      submitLabel: '查询',
      async onSubmit(values: Values) {
        filters = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' && v ? v : undefined]));
        csv.setAttribute('href', `/api/admin/audit.csv${query(filters)}`);
        await load(true);
      },
    },
  );
  form.element.classList.add('form--inline');
  more.addEventListener('click', () => void load(false).catch((error: unknown) => form.showError(error)));
  mount(
    root,
    h('div', { class: 'page-head' }, h('div', null, h('h2', null, '操作日志'), h('p', { class: 'muted' }, '后台与侧边栏的每一次修改：谁、什么角色、何时、改了什么、从哪里。日志只增不改。')), csv),
    h('section', { class: 'card' }, form.element),
    h(
      'section',
      { class: 'card' },
      h('table', { class: 'table' }, h('thead', null, h('tr', null, ['时间', '操作人', '操作', '对象', '内容', '来源'].map((t) => h('th', null, t)))), body),
      h('div', { class: 'list-foot' }, more),
    ),
  );
  await load(true);
}
