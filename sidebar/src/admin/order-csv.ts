/**
 * Orders from a CSV file into the JSON lines `POST /api/admin/orders` takes. The header row
 * names the columns (any order, extra columns ignored): orderId, externalUserId, unionId or phone,
 * amount (yuan), orderedAt, channel, items ("name×qty;name×qty"). Values are only reshaped
 * here, never judged: whatever does not convert goes to the API as written, so its reasons
 * are the one source of truth, shown against the CSV line.
 */
import { parseCsv } from './csv.ts';

export const ORDER_COLUMNS = ['orderId', 'externalUserId', 'unionId', 'phone', 'amount', 'orderedAt', 'channel', 'items'] as const;
type Column = (typeof ORDER_COLUMNS)[number];

/** One JSON line for the API and the CSV line it came from. */
export interface OrderLine {
  csvLine: number;
  order: Record<string, unknown>;
}

export type OrderCsv = { lines: OrderLine[] } | { error: string; line?: number };

const NUMBER = /^-?\d+(\.\d+)?$/;
/** A time without a zone is China time, as the shops' exports write it. */
const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2})(:\d{2})?)?$/;

/** "2024-06-01 10:00" → "2024-06-01T10:00:00+08:00"; unix seconds → a number; anything else as written. */
export function orderTime(value: string): unknown {
  if (/^\d+$/.test(value)) return Number(value);
  const local = LOCAL_TIME.exec(value);
  if (local) return `${local[1]}T${local[2] ?? '00:00'}${local[3] ?? ':00'}+08:00`;
  return value;
}

/** "面膜×2;精华" → [{ name: '面膜', quantity: 2 }, { name: '精华', quantity: 1 }]; × or x between name and quantity. */
export function orderItems(value: string): { name: string; quantity: unknown }[] {
  return value
    .split(/[;；]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^(.*?)\s*[×xX*]\s*(\S+)$/.exec(part);
      if (!match?.[1]) return { name: part, quantity: 1 };
      return { name: match[1], quantity: /^\d+$/.test(match[2]!) ? Number(match[2]) : match[2] };
    });
}

export function ordersFromCsv(text: string): OrderCsv {
  const parsed = parseCsv(text);
  if ('error' in parsed) return parsed;
  const [header, ...rows] = parsed.records;
  if (!header) return { error: '文件是空的' };
  const index = new Map<Column, number>();
  header.fields.forEach((name, i) => {
    const column = ORDER_COLUMNS.find((c) => c.toLowerCase() === name.trim().toLowerCase());
    if (column && !index.has(column)) index.set(column, i);
  });
  const missing = ['orderId', 'amount', 'orderedAt'].filter((c) => !index.has(c as Column));
  if (!index.has('externalUserId') && !index.has('unionId') && !index.has('phone')) missing.push('externalUserId、unionId 或 phone');
  if (missing.length > 0) return { error: `表头缺少列：${missing.join('、')}`, line: header.line };

  const lines = rows.map((row): OrderLine => {
    const cell = (column: Column) => {
      const i = index.get(column);
      return i === undefined ? '' : (row.fields[i] ?? '').trim();
    };
    const order: Record<string, unknown> = {};
    // Blank cells are left out, so the API names a missing required field rather than an empty one.
    const set = (key: Column, value: unknown) => {
      if (value !== '') order[key] = value;
    };
    set('orderId', cell('orderId'));
    set('externalUserId', cell('externalUserId'));
    set('unionId', cell('unionId'));
    set('phone', cell('phone'));
    const amount = cell('amount');
    set('amount', NUMBER.test(amount) ? Number(amount) : amount);
    const orderedAt = cell('orderedAt');
    set('orderedAt', orderedAt === '' ? '' : orderTime(orderedAt));
    set('channel', cell('channel'));
    const items = cell('items');
    if (items) order.items = orderItems(items);
    return { csvLine: row.line, order };
  });
  return { lines };
}

/** The API's answer with its JSON line numbers turned back into CSV lines. */
export function rejectionsByCsvLine(lines: readonly OrderLine[], rejected: readonly { line: number; reason: string }[]): { csvLine: number; reason: string }[] {
  return rejected.map((r) => ({ csvLine: lines[r.line - 1]?.csvLine ?? r.line, reason: r.reason }));
}
