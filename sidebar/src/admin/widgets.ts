/** Pieces the console's pages share: KPI cards, rates as percentages, and tables of items. */
import { h, type Child } from '../dom.ts';

export const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

export function kpi(label: string, value: string, note?: string, warn = false): HTMLElement {
  return h('div', { class: `kpi${warn ? ' kpi--warn' : ''}` }, h('div', { class: 'kpi-label' }, label), h('div', { class: 'kpi-value' }, value), note ? h('div', { class: 'kpi-note' }, note) : null);
}

export interface TableColumn<T> {
  label: string;
  value(item: T): Child;
}

/** A table of `items`, or `empty` when there are none; `onRow` makes rows clickable. */
export function dataTable<T>(
  columns: readonly TableColumn<T>[],
  items: readonly T[],
  options: { empty: string; onRow?(item: T): void; rowProps?(item: T): Record<string, string | number | null> },
): HTMLElement {
  if (items.length === 0) return h('div', { class: 'empty' }, options.empty);
  return h(
    'table',
    { class: `table${options.onRow ? ' table--clickable' : ''}` },
    h('thead', null, h('tr', null, columns.map((c) => h('th', null, c.label)))),
    h(
      'tbody',
      null,
      items.map((item) => h('tr', { ...options.rowProps?.(item), onclick: options.onRow ? () => options.onRow!(item) : null }, columns.map((c) => h('td', null, c.value(item))))),
    ),
  );
}
