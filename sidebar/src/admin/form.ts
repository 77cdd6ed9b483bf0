/**
 * A small form engine for the console's editors: fields described as data, rendered with
 * a label, a hint and an error slot each. `read()` checks what the browser can (required,
 * length, JSON) and shows problems inline; `showError()` puts the API's problems next to
 * the fields they name (field-errors.ts) and the rest above the buttons.
 */
import { ApiError } from './api.ts';
import { h } from '../dom.ts';
import { splitFieldErrors } from './field-errors.ts';

export type FieldKind = 'text' | 'textarea' | 'number' | 'checkbox' | 'select' | 'checks' | 'list' | 'json';

export interface Option {
  value: string;
  label: string;
}

export interface Field {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  maxLength?: number;
  hint?: string;
  placeholder?: string;
  /** select and checks. */
  options?: Option[];
  rows?: number;
  /** The API's name for the field when it differs (its errors then show here). */
  apiName?: string;
}

export type Values = Record<string, unknown>;

export interface FormHandle {
  element: HTMLFormElement;
  /** The values, or null after showing what is wrong with them. */
  read(): Values | null;
  /** The values as they stand, unchecked (for live previews). */
  peek(): Values;
  set(values: Values): void;
  showError(error: unknown): void;
  clearErrors(): void;
}

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

interface Row {
  field: Field;
  controls: Control[];
  error: HTMLElement;
}

function controlsFor(field: Field, id: string): { node: Node; controls: Control[] } {
  const common = { id, name: field.name, placeholder: field.placeholder ?? null };
  switch (field.kind) {
    case 'textarea':
    case 'json':
    case 'list': {
      const area = h('textarea', { ...common, rows: field.rows ?? (field.kind === 'textarea' ? 4 : 3), class: field.kind === 'json' ? 'mono' : null });
      return { node: area, controls: [area] };
    }
    case 'checkbox': {
      const box = h('input', { ...common, type: 'checkbox' });
      return { node: box, controls: [box] };
    }
    case 'select': {
      const select = h('select', common, h('option', { value: '' }, '（不选）'), (field.options ?? []).map((o) => h('option', { value: o.value }, o.label)));
      return { node: select, controls: [select] };
    }
    case 'checks': {
      const boxes = (field.options ?? []).map((o) => h('input', { type: 'checkbox', name: field.name, value: o.value }));
      const node = h(
        'div',
        { class: 'checks', id },
        (field.options ?? []).length === 0 ? h('span', { class: 'muted' }, '暂无可选项') : null,
        boxes.map((box, i) => h('label', { class: 'check' }, box, (field.options ?? [])[i]!.label)),
      );
      return { node, controls: boxes };
    }
    default: {
      const input = h('input', { ...common, type: field.kind === 'number' ? 'number' : 'text', step: field.kind === 'number' ? 'any' : null });
      return { node: input, controls: [input] };
    }
  }
}

function valueOf(row: Row): unknown {
  const { field, controls } = row;
  const first = controls[0];
  switch (field.kind) {
    case 'checkbox':
      return (first as HTMLInputElement).checked;
    case 'checks':
      return controls.filter((c) => (c as HTMLInputElement).checked).map((c) => c.value);
    case 'list':
      return (first?.value ?? '').split(/[,，\n]/).map((s) => s.trim()).filter(Boolean);
    case 'number':
      return first?.value === '' ? undefined : Number(first?.value);
    default:
      return first?.value ?? '';
  }
}

function setValue(row: Row, value: unknown): void {
  const { field, controls } = row;
  const first = controls[0];
  if (field.kind === 'checkbox') (first as HTMLInputElement).checked = Boolean(value);
  else if (field.kind === 'checks') for (const c of controls) (c as HTMLInputElement).checked = Array.isArray(value) && value.includes(c.value);
  else if (field.kind === 'list') first!.value = Array.isArray(value) ? value.join('\n') : '';
  else if (field.kind === 'json') first!.value = value === undefined ? '' : JSON.stringify(value, null, 2);
  else first!.value = value === undefined || value === null ? '' : String(value);
}

export function buildForm(fields: Field[], options: { submitLabel: string; onSubmit(values: Values): Promise<void>; extraButtons?: Node[] }): FormHandle {
  const rows: Row[] = [];
  const formError = h('div', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn btn--primary' }, options.submitLabel);
  const element = h('form', { class: 'form', novalidate: true });
  fields.forEach((field, i) => {
    const id = `f-${field.name}-${i}`;
    const { node, controls } = controlsFor(field, id);
    const error = h('div', { class: 'field-error', 'data-field': field.name });
    rows.push({ field, controls, error });
    const label = h('label', { class: 'field-label', for: id }, field.label, field.required ? h('span', { class: 'required' }, ' *') : null);
    element.append(
      h('div', { class: `field field--${field.kind}` }, field.kind === 'checkbox' ? h('label', { class: 'check' }, node, field.label) : [label, node], field.hint ? h('div', { class: 'hint' }, field.hint) : null, error),
    );
  });
  element.append(formError, h('div', { class: 'form-actions' }, submit, options.extraButtons ?? []));

  const clearErrors = () => {
    formError.textContent = '';
    for (const row of rows) {
      row.error.textContent = '';
      row.controls.forEach((c) => c.removeAttribute('aria-invalid'));
    }
  };
  const mark = (row: Row, messages: string[]) => {
    row.error.textContent = messages.join('；');
    row.controls.forEach((c) => c.setAttribute('aria-invalid', 'true'));
  };
  const peek = (): Values => Object.fromEntries(rows.map((row) => [row.field.name, row.field.kind === 'json' ? row.controls[0]?.value : valueOf(row)]));

  const handle: FormHandle = {
    element,
    peek,
    read() {
      clearErrors();
      const values: Values = {};
      let ok = true;
      for (const row of rows) {
        const { field } = row;
        let value = valueOf(row);
        const empty = value === '' || value === undefined || (Array.isArray(value) && value.length === 0);
        if (field.required && empty) {
          mark(row, ['必填']);
          ok = false;
          continue;
        }
        if (field.maxLength !== undefined && typeof value === 'string' && value.length > field.maxLength) {
          mark(row, [`最多 ${field.maxLength} 个字`]);
          ok = false;
          continue;
        }
        if (field.kind === 'number' && typeof value === 'number' && Number.isNaN(value)) {
          mark(row, ['请输入数字']);
          ok = false;
          continue;
        }
        if (field.kind === 'json' && typeof value === 'string') {
          try {
            value = value.trim() === '' ? undefined : (JSON.parse(value) as unknown);
          } catch {
            mark(row, ['不是有效的 JSON']);
            ok = false;
            continue;
          }
        }
        values[field.name] = value;
      }
      if (!ok) formError.textContent = '请先改正标出的问题';
      return ok ? values : null;
    },
    set(values) {
      clearErrors();
      for (const row of rows) setValue(row, values[row.field.name]);
    },
    clearErrors,
    showError(error) {
      clearErrors();
      if (!(error instanceof ApiError) || error.status !== 400) {
        formError.textContent = error instanceof Error ? error.message : String(error);
        return;
      }
      const byApiName = new Map(rows.map((row) => [row.field.apiName ?? row.field.name, row]));
      const split = splitFieldErrors(error.message, [...byApiName.keys()]);
      for (const [name, messages] of Object.entries(split.fields)) mark(byApiName.get(name)!, messages);
      formError.textContent = split.form.length > 0 ? split.form.join('；') : '请先改正标出的问题';
    },
  };

  element.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = handle.read();
    if (!values || submit.disabled) return;
    submit.disabled = true;
    options
      .onSubmit(values)
      .catch((error: unknown) => handle.showError(error))
      .finally(() => {
        submit.disabled = false;
      });
  });
  return handle;
}
