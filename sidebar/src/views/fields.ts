/**
 * Custom profile fields (自定义字段) on the 画像 tab: one control per field by type (text,
 * number, date picker, select, checkboxes), saved together. Only changed fields are
 * sent; the server checks each and answers "values.<key>: problem; …", shown under the
 * field it names, and then stores nothing.
 */
import { api, ApiError } from '../api.ts';
import { busyWhile, h, toast } from '../dom.ts';
import { actionFailed } from '../failures.ts';
import type { FieldValue, SidebarField } from '../types.ts';
import { button, card, whenLoaded } from './parts.ts';

interface Control {
  element: HTMLElement;
  read(): FieldValue | null;
}

function control(field: SidebarField): Control {
  const value = field.value;
  const label = { 'aria-label': field.label };
  if (field.type === 'multi') {
    const boxes = field.options.map((o) => {
      const box = h('input', { type: 'checkbox', value: o.key, checked: Array.isArray(value) && value.includes(o.key) });
      return { box, element: h('label', { class: 'check' }, box, o.label) };
    });
    return { element: h('div', { class: 'checks', role: 'group', ...label }, boxes.map((b) => b.element)), read: () => boxes.filter((b) => b.box.checked).map((b) => b.box.value) };
  }
  if (field.type === 'single') {
    const select = h('select', { class: 'input', ...label }, h('option', { value: '' }, '—'), field.options.map((o) => h('option', { value: o.key, selected: o.key === value }, o.label)));
    return { element: select, read: () => select.value || null };
  }
  const input = h('input', { class: 'input', type: field.type === 'text' ? 'text' : field.type, maxlength: 500, value: value === null ? '' : String(value), ...label });
  if (field.type === 'number') input.setAttribute('step', 'any');
  return { element: input, read: () => (input.value.trim() === '' ? null : field.type === 'number' && Number.isFinite(input.valueAsNumber) ? input.valueAsNumber : input.value) };
}

const same = (a: FieldValue | null, b: FieldValue | null) => JSON.stringify(a) === JSON.stringify(b);

function fieldsForm(externalUserId: string, fields: SidebarField[]): HTMLElement {
  const rows = fields.map((field) => ({ field, control: control(field), error: h('p', { class: 'field-error', hidden: true }) }));
  const list = h(
    'dl',
    { class: 'custom-fields' },
    rows.map(({ field, control: c, error }) => [h('dt', null, field.label, field.required ? h('span', { class: 'required' }, '*') : null), h('dd', { 'data-field': field.key }, c.element, error)]),
  );
  const showErrors = (message: string) => {
    for (const row of rows) row.error.hidden = true;
    for (const part of message.split('; ')) {
      const row = rows.find((r) => part.startsWith(`values.${r.field.key}: `));
      if (!row) continue;
      row.error.textContent = part.slice(`values.${row.field.key}: `.length);
      row.error.hidden = false;
    }
  };
  const save = button('保存字段', 'primary', (saveButton) => {
    const changed = Object.fromEntries(rows.filter((r) => !same(r.control.read(), r.field.value)).map((r) => [r.field.key, r.control.read()]));
    if (Object.keys(changed).length === 0) return toast('没有改动');
    busyWhile(
      saveButton,
      async () => {
        const saved = await api.saveFields(externalUserId, changed);
        form.replaceWith(fieldsForm(externalUserId, saved.fields));
        toast('已保存');
      },
      (error) => {
        if (error instanceof ApiError && error.status === 400) showErrors(error.message);
        actionFailed(error);
      },
    );
  });
  const form = h('div', null, list, h('div', { class: 'actions' }, save));
  return form;
}

/** The card; hidden when the corp has defined no fields, so it costs their salespeople nothing. */
export function fieldsSection(externalUserId: string, loading: ReturnType<typeof api.fields>): HTMLElement {
  const section = card('自定义字段', null, whenLoaded(h('div'), loading, ({ fields }) => fieldsForm(externalUserId, fields)));
  loading.then(({ fields }) => (section.hidden = fields.length === 0)).catch(() => undefined);
  return section;
}
