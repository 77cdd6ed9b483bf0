/** 客户列表: GET /customers with its filters (tag, salesperson, channel, added range, custom fields), page by page. */
import { h, mount } from '../../dom.ts';
import { relationStatus, when } from '../../format.ts';
import { call, query } from '../api.ts';
import { conditionsOf } from '../field-conditions.ts';
import { activeCustomFields, conditionInputs } from '../field-filter-inputs.ts';
import { buildForm, type Values } from '../form.ts';
import { channelOptions, labels, tagOptions } from './options.ts';

interface CustomerItem {
  externalUserId: string;
  name: string | null;
  corpName: string | null;
  followers: { userId: string; status: string; remark: string | null; state: string | null; addedAt: number | null; tagIds: string[] }[];
}

export async function renderCustomers(root: Element): Promise<void> {
  const [tags, channels, customFields] = await Promise.all([tagOptions(), channelOptions(), activeCustomFields()]);
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'btn', hidden: true }, '加载更多');
  const count = h('span', { class: 'muted' });
  let filters: Record<string, string | undefined> = {};
  let cursor: string | null = null;
  let shown = 0;

  async function load(reset: boolean): Promise<void> {
    const page = await call<{ items: CustomerItem[]; nextCursor: string | null }>('GET', `/customers${query({ ...filters, cursor: reset ? undefined : (cursor ?? undefined) })}`);
    if (reset) {
      body.textContent = '';
      shown = 0;
    }
    for (const c of page.items) {
      body.append(
        h(
          'tr',
          null,
          h('td', null, h('strong', null, c.name ?? '（未同步昵称）'), h('div', { class: 'muted small' }, c.externalUserId)),
          h('td', null, c.corpName ?? '—'),
          h('td', null, c.followers.map((f) => h('div', null, `${f.userId} · ${relationStatus(f.status)}`, f.remark ? ` · ${f.remark}` : ''))),
          h('td', null, c.followers.map((f) => h('div', null, f.state ? labels([f.state], channels) : '—'))),
          h('td', null, c.followers.map((f) => h('div', null, when(f.addedAt)))),
          h('td', null, labels([...new Set(c.followers.flatMap((f) => f.tagIds))], tags)),
        ),
      );
    }
    shown += page.items.length;
    cursor = page.nextCursor;
    more.hidden = cursor === null;
    count.textContent = shown === 0 ? '没有符合条件的客户' : `已显示 ${shown} 位${cursor ? '，还有更多' : ''}`;
  }

  const form = buildForm(
    [
      { name: 'tag', label: '标签', kind: 'select', options: tags },
      { name: 'userId', label: '销售（userid）', kind: 'text' },
      { name: 'channel', label: '渠道', kind: 'select', options: channels },
      { name: 'addedFrom', label: '添加日期从', kind: 'text', placeholder: 'YYYY-MM-DD' },
      { name: 'addedTo', label: '到', kind: 'text', placeholder: 'YYYY-MM-DD' },
      ...conditionInputs(customFields, 'fields'),
    ],
    {
      submitLabel: '查询',
      async onSubmit(values: Values) {
        const conditions = conditionsOf(values, customFields);
        filters = {
          ...Object.fromEntries(['tag', 'userId', 'channel', 'addedFrom', 'addedTo'].map((k) => [k, typeof values[k] === 'string' && values[k] ? (values[k] as string) : undefined])),
          fields: conditions.length > 0 ? JSON.stringify(conditions) : undefined,
        };
        await load(true);
      },
    },
  );
  form.element.classList.add('form--inline');
  more.addEventListener('click', () => void load(false).catch((error: unknown) => form.showError(error)));
  mount(
    root,
    h('div', { class: 'page-head' }, h('div', null, h('h2', null, '客户列表'), h('p', { class: 'muted' }, '按标签、销售、渠道、添加日期（北京时间，含首尾两天）和自定义字段筛选。'))),
    h('section', { class: 'card' }, form.element),
    h(
      'section',
      { class: 'card' },
      h('table', { class: 'table' }, h('thead', null, h('tr', null, ['客户', '企业', '跟进销售', '渠道', '添加时间', '标签'].map((t) => h('th', null, t)))), body),
      h('div', { class: 'list-foot' }, count, more),
    ),
  );
  await load(true);
}
