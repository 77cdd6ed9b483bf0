/** Pieces the console's pages share: KPI cards, rates as percentages, and tables of items. */
import { h, mount, type Child } from '../dom.ts';

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

export interface SortableColumn<T> extends TableColumn<T> {
  /** What the column sorts by; columns without one are not sortable. Nulls sort last. */
  sort?(item: T): number | string | null;
}

/**
 * A table whose headers sort it: a click sorts by that column, largest first; a second
 * click reverses. Redrawn in place, so it can sit inside a larger page.
 */
export function sortableTable<T>(columns: readonly SortableColumn<T>[], items: readonly T[], options: { empty: string }): HTMLElement {
  if (items.length === 0) return h('div', { class: 'empty' }, options.empty);
  const body = h('tbody');
  let sortBy = -1;
  let descending = true;
  const headers = columns.map((c, i) =>
    h('th', c.sort ? { class: 'sortable', onclick: () => sortOn(i), title: '点击排序' } : null, c.label),
  );
  function draw(): void {
    const column = columns[sortBy];
    const rows = [...items];
    if (column?.sort) {
      const key = column.sort.bind(column);
      rows.sort((a, b) => {
        const x = key(a);
        const y = key(b);
        if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
        const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN');
        return descending ? -order : order;
      });
    }
    headers.forEach((th, i) => th.setAttribute('aria-sort', i === sortBy ? (descending ? 'descending' : 'ascending') : 'none'));
    mount(body, rows.map((item) => h('tr', null, columns.map((c) => h('td', null, c.value(item))))));
  }
  function sortOn(i: number): void {
    descending = i === sortBy ? !descending : true;
    sortBy = i;
    draw();
  }
  draw();
  return h('table', { class: 'table table--sortable' }, h('thead', null, h('tr', null, headers)), body);
}
