/**
 * One page shape for every editor (welcome flows, channels, tag rules, scripts, question
 * sets, campaigns): the list on the left, the form on the right (or the list above a wide
 * form). The API's routes are all alike — `GET {path}` → `{ items }`, `POST {path}`,
 * `PATCH|DELETE {path}/:id` — so a page is only its columns, its fields and how values
 * map to the request body; items that are ended rather than deleted bring their own actions.
 */
import { call } from './api.ts';
import { h, mount, toast, type Child } from '../dom.ts';
import { buildForm, type Field, type FormHandle, type Values } from './form.ts';
import { dataTable, type TableColumn } from './widgets.ts';

/** A button for the item being edited, e.g. 归档; its answer is the item as it now is. */
export interface ItemAction<T> {
  label: string;
  shown(item: T): boolean;
  /** Asked before running, if given. */
  confirm?(item: T): string;
  run(item: T): Promise<T>;
}

export interface Resource<T extends { id: number }> {
  title: string;
  intro: string;
  /** Under /api/admin, e.g. `/welcome-flows`. */
  path: string;
  /** What one item is called in buttons, e.g. 欢迎语. */
  noun: string;
  columns: TableColumn<T>[];
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
  /** Whether items can be deleted (DELETE {path}/:id); default true. */
  deletable?: boolean;
  actions?: ItemAction<T>[];
  /** Called when the form is filled for an item (or emptied for a new one). */
  onEdit?(item: T | null, form: FormHandle): void;
  /** The list above a form of two columns, for forms with many fields. */
  wide?: boolean;
}

export async function renderResourcePage<T extends { id: number }>(root: Element, resource: Resource<T>): Promise<void> {
  let items: T[] = [];
  let editing: T | null = null;
  const list = h('div', { class: 'list' });
  const editorTitle = h('h3', { class: 'card-title' });
  const deleteButton = h('button', { type: 'button', class: 'btn btn--danger' }, '删除');
  const actionButtons = (resource.actions ?? []).map((action) => {
    const button = h('button', { type: 'button', class: 'btn btn--danger' }, action.label);
    button.addEventListener('click', () => {
      const target = editing;
      if (!target || (action.confirm && !confirm(action.confirm(target)))) return;
      action
        .run(target)
        .then(async (updated) => {
          toast(`已${action.label}`);
          await reload();
          edit(items.find((item) => item.id === updated.id) ?? updated);
        })
        .catch((error: unknown) => form.showError(error));
    });
    return { action, button };
  });
  const form = buildForm(resource.fields, {
    submitLabel: '保存',
    extraButtons: [resource.deletable === false ? null : deleteButton, ...actionButtons.map((a) => a.button)].filter((b) => b !== null),
    async onSubmit(values) {
      const body = resource.toBody(values, editing);
      const saved = editing ? await call<T>('PATCH', `${resource.path}/${editing.id}`, body) : await call<T>('POST', resource.path, body);
      toast('已保存');
      await reload();
      edit(items.find((item) => item.id === saved.id) ?? saved);
    },
  });
  if (resource.wide) form.element.classList.add('form--grid');
  const aside = resource.aside?.(form);
  if (aside) form.element.addEventListener('input', () => aside.refresh());

  function edit(item: T | null): void {
    editing = item;
    editorTitle.textContent = item ? `编辑${resource.noun}` : `新建${resource.noun}`;
    deleteButton.hidden = !item;
    for (const { action, button } of actionButtons) button.hidden = !item || !action.shown(item);
    form.set(item ? resource.toValues(item) : resource.blank);
    resource.onEdit?.(item, form);
    aside?.refresh();
    renderList();
  }

  function renderList(): void {
    const [first, ...rest] = resource.columns;
    const columns = first && resource.detail ? [{ label: first.label, value: (item: T) => [first.value(item), resource.detail!(item)] }, ...rest] : resource.columns;
    mount(list, dataTable<T>(columns, items, { empty: `还没有${resource.noun}`, onRow: edit, rowProps: (item) => ({ class: item.id === editing?.id ? 'is-selected' : null, 'data-id': item.id }) }));
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
    h('div', { class: resource.wide ? 'stack' : 'split' }, h('section', { class: 'card' }, list), h('section', { class: 'card editor' }, editorTitle, form.element, aside?.node)),
  );
  await reload();
  edit(null);
}
