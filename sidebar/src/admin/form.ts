/**
 * A small form engine for the console's editors: fields described as data, rendered with
 * a label, a hint and an error slot each. `read()` checks what the browser can (required,
 * length, numbers and their bounds, HH:MM, JSON) and shows problems inline; `showError()`
 * puts the API's problems next to the fields they name (field-errors.ts) and the rest
 * above the buttons. A `rows` field edits a list of small records (e.g. day → reward),
 * one line of inputs per record.
 */
import { ApiError } from './api.ts';
import { h } from '../dom.ts';
import { splitFieldErrors } from './field-errors.ts';

export type FieldKind = 'text' | 'textarea' | 'number' | 'time' | 'checkbox' | 'select' | 'checks' | 'list' | 'json' | 'rows';

/** Bounds the page checks before the API does. */
export interface Limits {
  integer?: boolean;
  min?: number;
  max?: number;
}

/** One input of a `rows` field's line; every cell of a line that is not blank is required unless `optional`. */
export interface Column extends Limits {
  key: string;
  label: string;
  kind: 'text' | 'number' | 'time';
  placeholder?: string;
  /** May stay blank on a line that is not (e.g. a key the server assigns). */
  optional?: boolean;
}

export interface Option {
  value: string;
  label: string;
}

export interface Field extends Limits {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  maxLength?: number;
  hint?: string;
  /** For a select not required: the label of its blank choice. */
  placeholder?: string;
  /** select and checks. */
  options?: Option[];
  rows?: number;
  /** list: one item per line only (items such as regular expressions may hold commas). */
  lines?: boolean;
  /** rows: the inputs of one line. */
  columns?: Column[];
  /** A heading shown before this field. */
  section?: string;
  /** The API's name(s) for the field when they differ, dotted for nested ones (its errors then show here). */
  apiName?: string | readonly string[];
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
  /** The field's box: its controls are found in it, as `rows` lines come and go. */
  box: HTMLElement;
  error: HTMLElement;
}

const controlsOf = (row: Row): Control[] => [...row.box.querySelectorAll<Control>('input, textarea, select')];

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** What is wrong with a filled-in number or time, if anything. */
function problemOf(kind: string, value: unknown, limits: Limits): string | undefined {
  if (kind === 'time') return typeof value === 'string' && value !== '' && !HHMM.test(value) ? '请填 HH:MM（00:00–23:59）' : undefined;
  if (kind !== 'number' || typeof value !== 'number') return undefined;
  if (Number.isNaN(value)) return '请输入数字';
  if (limits.integer && !Number.isInteger(value)) return '请输入整数';
  if (limits.min !== undefined && value < limits.min) return `不能小于 ${limits.min}`;
  if (limits.max !== undefined && value > limits.max) return `不能大于 ${limits.max}`;
  return undefined;
}

const cellValue = (input: HTMLInputElement, kind: Column['kind']): unknown => (kind === 'number' ? (input.value.trim() === '' ? undefined : Number(input.value)) : input.value.trim());

/** Appends one line of a `rows` field, filled with `values`. */
function addLine(body: HTMLElement, columns: Column[], values: Record<string, unknown> = {}): void {
  const line = h(
    'div',
    { class: 'rows-line' },
    columns.map((c) =>
      h('input', { type: c.kind === 'number' ? 'number' : 'text', 'data-key': c.key, 'aria-label': c.label, placeholder: c.placeholder ?? (c.kind === 'time' ? 'HH:MM' : null), class: `rows-cell rows-cell--${c.kind}`, value: values[c.key] === undefined ? null : String(values[c.key]) }),
    ),
  );
  line.append(h('button', { type: 'button', class: 'btn btn--ghost btn--small', 'aria-label': '删除这一行', onclick: () => line.remove() }, '删除'));
  body.append(line);
}

function linesOf(box: Element, columns: Column[]): Record<string, unknown>[] {
  return [...box.querySelectorAll('.rows-body > .rows-line')]
    .map((line) => Object.fromEntries(columns.map((c) => [c.key, cellValue(line.querySelector<HTMLInputElement>(`[data-key="${c.key}"]`)!, c.kind)])))
    .filter((item) => Object.values(item).some((v) => v !== undefined && v !== ''));
}

/** The problems of a `rows` value, one per bad cell, naming its line. */
function lineProblems(items: Record<string, unknown>[], columns: Column[]): string[] {
  return items.flatMap((item, i) =>
    columns.flatMap((c) => {
      const value = item[c.key];
      const blank = value === undefined || value === '';
      const problem = blank ? (c.optional ? undefined : '必填') : problemOf(c.kind, value, c);
      return problem ? [`第 ${i + 1} 行${c.label}：${problem}`] : [];
    }),
  );
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
      const select = h('select', common, field.required ? null : h('option', { value: '' }, field.placeholder ?? '（不选）'), (field.options ?? []).map((o) => h('option', { value: o.value }, o.label)));
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
    case 'rows': {
      const columns = field.columns ?? [];
      const body = h('div', { class: 'rows-body' });
      const node = h(
        'div',
        { class: 'rows', id },
        h('div', { class: 'rows-line rows-head' }, columns.map((c) => h('span', { class: `rows-cell rows-cell--${c.kind}` }, c.label))),
        body,
        h('button', { type: 'button', class: 'btn btn--small', onclick: () => addLine(body, columns) }, '添加一行'),
      );
      return { node, controls: [] };
    }
    default: {
      const input = h('input', { ...common, type: field.kind === 'number' ? 'number' : 'text', step: field.kind === 'number' ? 'any' : null });
      return { node: input, controls: [input] };
    }
  }
}

function valueOf(row: Row): unknown {
  const { field } = row;
  const controls = controlsOf(row);
  const first = controls[0];
  switch (field.kind) {
    case 'checkbox':
      return (first as HTMLInputElement).checked;
    case 'checks':
      return controls.filter((c) => (c as HTMLInputElement).checked).map((c) => c.value);
    case 'list':
      return (first?.value ?? '').split(field.lines ? '\n' : /[,，\n]/).map((s) => s.trim()).filter(Boolean);
    case 'rows':
      return linesOf(row.box, field.columns ?? []);
    case 'number':
      return first?.value === '' ? undefined : Number(first?.value);
    default:
      return first?.value ?? '';
  }
}

function setValue(row: Row, value: unknown): void {
  const { field } = row;
  const controls = controlsOf(row);
  const first = controls[0];
  if (field.kind === 'rows') {
    const body = row.box.querySelector<HTMLElement>('.rows-body')!;
    body.textContent = '';
    for (const item of Array.isArray(value) ? (value as Record<string, unknown>[]) : []) addLine(body, field.columns ?? [], item);
  } else if (field.kind === 'checkbox') (first as HTMLInputElement).checked = Boolean(value);
  else if (field.kind === 'checks') for (const c of controls) (c as HTMLInputElement).checked = Array.isArray(value) && value.includes(c.value);
  else if (field.kind === 'list') first!.value = Array.isArray(value) ? value.join('\n') : '';
  else if (field.kind === 'json') first!.value = value === undefined ? '' : JSON.stringify(value, null, 2);
  else first!.value = value === undefined || value === null ? '' : String(value);
}

/** Forms built so far: ids stay unique when one page holds several forms (labels find their control by id). */
let formsBuilt = 0;

export function buildForm(fields: Field[], options: { submitLabel: string; onSubmit(values: Values): Promise<void>; extraButtons?: Node[] }): FormHandle {
  const rows: Row[] = [];
  const formError = h('div', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn btn--primary' }, options.submitLabel);
  const element = h('form', { class: 'form', novalidate: true });
  const formId = ++formsBuilt;
  fields.forEach((field, i) => {
    const id = `f${formId}-${field.name}-${i}`;
    const { node } = controlsFor(field, id);
    const error = h('div', { class: 'field-error', 'data-field': field.name });
    const label = h('label', { class: 'field-label', for: id }, field.label, field.required ? h('span', { class: 'required' }, ' *') : null);
    const box = h('div', { class: `field field--${field.kind}`, 'data-name': field.name }, field.kind === 'checkbox' ? h('label', { class: 'check' }, node, field.label) : [label, node], field.hint ? h('div', { class: 'hint' }, field.hint) : null, error);
    rows.push({ field, box, error });
    if (field.section) element.append(h('h4', { class: 'form-section' }, field.section));
    element.append(box);
  });
  element.append(formError, h('div', { class: 'form-actions' }, submit, options.extraButtons ?? []));

  const clearErrors = () => {
    formError.textContent = '';
    for (const row of rows) {
      row.error.textContent = '';
      controlsOf(row).forEach((c) => c.removeAttribute('aria-invalid'));
    }
  };
  const mark = (row: Row, messages: string[]) => {
    row.error.textContent = messages.join('；');
    controlsOf(row).forEach((c) => c.setAttribute('aria-invalid', 'true'));
  };
  const peek = (): Values => Object.fromEntries(rows.map((row) => [row.field.name, row.field.kind === 'json' ? controlsOf(row)[0]?.value : valueOf(row)]));

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
        const problems = field.kind === 'rows' ? lineProblems(value as Record<string, unknown>[], field.columns ?? []) : [problemOf(field.kind, value, field)].filter((p) => p !== undefined);
        if (problems.length > 0) {
          mark(row, problems);
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
      const byApiName = new Map(rows.flatMap((row) => [row.field.apiName ?? row.field.name].flat().map((name) => [name, row] as const)));
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
