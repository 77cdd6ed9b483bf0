/**
 * One page shape for every editor (welcome flows, channels, tag rules, scripts, question
 * sets): the list on the left, the form on the right. The API's routes are all alike —
 * `GET {path}` → `{ items }`, `POST {path}`, `PATCH|DELETE {path}/:id` — so a page is
 * only its columns, its fields and how values map to the request body.
 */
import { call } from './api.ts';
import { h, mount, toast, type Child } from '../dom.ts';
import { buildForm, type Field, type FormHandle, type Values } from './form.ts';

export interface Resource<T extends { id: number }> {
  title: string;
  intro: string;
  /** Under /api/admin, e.g. `/welcome-flows`. */
  path: string;
  /** What one item is called in buttons, e.g. 欢迎语. */
  noun: string;
  columns: { label: string; value(item: T): Child }[];
  fields: Field[];
  /** Values of a new item's form. */
  blank: Values;
  toValues(item: T): Values;
  /** The POST body (editing null) or PATCH body from the form's values. */
  toBody(values: Values, editing: T | null): unknown;
  /** Something shown under the form that follows it as it is typed in (a preview). */
  aside?(form: FormHandle): { node: Node; refresh(): void };
  /** A short note under the list row's name, e.g. the channel's QR code. */
  detail?(item: T): Child;
}

export async function renderResourcePage<T extends { id: number }>(root: Element, resource: Resource<T>): Promise<void> {
  let items: T[] = [];
  let editing: T | null = null;
  const list = h('div', { class: 'list' });
  const editorTitle = h('h3', { class: 'card-title' });
  const deleteButton = h('button', { type: 'button', class: 'btn btn--danger' }, '删除');
  const form = buildForm(resource.fields, {
    submitLabel: '保存',
    extraButtons: [deleteButton],
    async onSubmit(values) {
      const body = resource.toBody(values, editing);
      const saved = editing ? await call<T>('PATCH', `${resource.path}/${editing.id}`, body) : await call<T>('POST', resource.path, body);
      toast('已保存');
      await reload();
      edit(items.find((item) => item.id === saved.id) ?? saved);
    },
  });
  const aside = resource.aside?.(form);
  if (aside) form.element.addEventListener('input', () => aside.refresh());

  function edit(item: T | null): void {
    editing = item;
    editorTitle.textContent = item ? `编辑${resource.noun}` : `新建${resource.noun}`;
    deleteButton.hidden = !item;
    form.set(item ? resource.toValues(item) : resource.blank);
    aside?.refresh();
    renderList();
  }

  function renderList(): void {
    mount(
      list,
      items.length === 0
        ? h('div', { class: 'empty' }, `还没有${resource.noun}`)
        : h(
            'table',
            { class: 'table' },
            h('thead', null, h('tr', null, resource.columns.map((c) => h('th', null, c.label)))),
            h(
              'tbody',
              null,
              items.map((item) =>
                h(
                  'tr',
                  { class: item.id === editing?.id ? 'is-selected' : null, onclick: () => edit(item), 'data-id': item.id },
                  resource.columns.map((c, i) => h('td', null, c.value(item), i === 0 && resource.detail ? resource.detail(item) : null)),
                ),
              ),
            ),
          ),
    );
  }

  async function reload(): Promise<void> {
    items = (await call<{ items: T[] }>('GET', resource.path)).items;
    renderList();
  }

  deleteButton.addEventListener('click', () => {
    const target = editing;
    if (!target || !confirm(`确定删除这条${resource.noun}？`)) return;
    call<void>('DELETE', `${resource.path}/${target.id}`)
      .then(async () => {
        toast('已删除');
        await reload();
        edit(null);
      })
      .catch((error: unknown) => form.showError(error));
  });

  mount(
    root,
    h('div', { class: 'page-head' }, h('div', null, h('h2', null, resource.title), h('p', { class: 'muted' }, resource.intro)), h('button', { type: 'button', class: 'btn btn--primary', onclick: () => edit(null) }, `新建${resource.noun}`)),
    h('div', { class: 'split' }, h('section', { class: 'card' }, list), h('section', { class: 'card editor' }, editorTitle, form.element, aside?.node)),
  );
  await reload();
  edit(null);
}
