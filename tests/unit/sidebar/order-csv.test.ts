/** The console's CSV reader and the orders converter: quoting, BOM, line ends, line numbers, and rows the API accepts. */
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../sidebar/src/admin/csv.ts';
import { orderItems, ordersFromCsv, orderTime, rejectionsByCsvLine } from '../../../sidebar/src/admin/order-csv.ts';
import { orderLineSchema } from '../../../src/http/routes/admin-orders.ts';

describe('parseCsv', () => {
  it('should read quoted fields with commas, doubled quotes and line breaks, and number records by their first line', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\n\r\nlast,,"" \n';
    expect(parseCsv(text)).toEqual({ error: '引号结束后、逗号之前还有字符', line: 5 });
    expect(parseCsv(text.replace('"" \n', '""\n'))).toEqual({
      records: [
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['x, y', 'say "hi"', 'two\r\nlines'] },
        { line: 5, fields: ['last', '', ''] },
      ],
    });
  });

  it('should drop a UTF-8 BOM and read LF, CRLF and lone CR line ends alike, with or without a final one', () => {
    const expected = { records: [{ line: 1, fields: ['订单号', '金额'] }, { line: 2, fields: ['T1', '9.9'] }] };
    expect(parseCsv('\uFEFF订单号,金额\nT1,9.9')).toEqual(expected);
    expect(parseCsv('订单号,金额\r\nT1,9.9\r\n')).toEqual(expected);
    expect(parseCsv('订单号,金额\rT1,9.9\r')).toEqual(expected);
  });

  it('should keep a quote inside an unquoted field and report an unclosed quote at the line it opened', () => {
    expect(parseCsv('a 5" b,c')).toEqual({ records: [{ line: 1, fields: ['a 5" b', 'c'] }] });
    expect(parseCsv('a,b\nT1,"open\nstill open')).toEqual({ error: '引号没有闭合', line: 2 });
  });

  it('should answer no records for an empty file', () => {
    expect(parseCsv('')).toEqual({ records: [] });
    expect(parseCsv('\uFEFF\r\n')).toEqual({ records: [] });
  });
});

describe('orderTime and orderItems', () => {
  it('should read times without a zone as China time and pass unix seconds and zoned times through', () => {
    expect(orderTime('2024-06-01 10:30')).toBe('2024-06-01T10:30:00+08:00');
    expect(orderTime('2024-06-01T10:30:15')).toBe('2024-06-01T10:30:15+08:00');
    expect(orderTime('2024-06-01')).toBe('2024-06-01T00:00:00+08:00');
    expect(orderTime('1717209000')).toBe(1717209000);
    expect(orderTime('2024-06-01T02:30:00Z')).toBe('2024-06-01T02:30:00Z');
    expect(orderTime('昨天')).toBe('昨天');
  });

  it('should split items on semicolons (either width) and quantities on × or x, defaulting to 1', () => {
    expect(orderItems('胶原蛋白饮×2; 面膜 x 1；精华液')).toEqual([
      { name: '胶原蛋白饮', quantity: 2 },
      { name: '面膜', quantity: 1 },
      { name: '精华液', quantity: 1 },
    ]);
    expect(orderItems('面膜×两')).toEqual([{ name: '面膜', quantity: '两' }]);
  });
});

describe('ordersFromCsv', () => {
  const CSV = [
    '\uFEFFOrderId,externalUserId,unionId,amount,orderedAt,channel,items,备注',
    'T1,wmA,,299.00,2024-06-01 10:30,天猫,"胶原蛋白饮×2;面膜×1",老客',
    'T2,,oU1,89.9,1717209000,,,',
    'T3,wmB,,abc,2024-06-01 10:30,,,',
    ',wmC,,10,2024-06-01,,,',
  ].join('\r\n');

  it('should turn good rows into JSON lines the API schema accepts, keep the CSV line numbers, and ignore extra columns', () => {
    const result = ordersFromCsv(CSV);
    if (!('lines' in result)) throw new Error(result.error);
    expect(result.lines.map((l) => l.csvLine)).toEqual([2, 3, 4, 5]);
    expect(result.lines[0]!.order).toEqual({
      orderId: 'T1', externalUserId: 'wmA', amount: 299, orderedAt: '2024-06-01T10:30:00+08:00', channel: '天猫',
      items: [{ name: '胶原蛋白饮', quantity: 2 }, { name: '面膜', quantity: 1 }],
    });
    expect(result.lines[1]!.order).toEqual({ orderId: 'T2', unionId: 'oU1', amount: 89.9, orderedAt: 1717209000 });
    expect(orderLineSchema.safeParse(result.lines[0]!.order).data).toMatchObject({ orderedAt: Date.parse('2024-06-01T02:30:00Z') / 1000, amount: 299 });
    expect(orderLineSchema.safeParse(result.lines[1]!.order).success).toBe(true);
  });

  it('should pass what does not convert to the API as written, so its reason names the field', () => {
    const result = ordersFromCsv(CSV);
    if (!('lines' in result)) throw new Error(result.error);
    expect(result.lines[2]!.order.amount).toBe('abc');
    expect(orderLineSchema.safeParse(result.lines[2]!.order).error?.issues[0]?.path).toEqual(['amount']);
    expect(result.lines[3]!.order).not.toHaveProperty('orderId');
    expect(orderLineSchema.safeParse(result.lines[3]!.order).error?.issues[0]?.path).toEqual(['orderId']);
  });

  it('should refuse a header without the required columns, and a file with nothing in it', () => {
    expect(ordersFromCsv('orderId,amount\nT1,1')).toEqual({ error: '表头缺少列：orderedAt、externalUserId、unionId 或 phone', line: 1 });
    expect(ordersFromCsv('')).toEqual({ error: '文件是空的' });
  });

  it('should map the API\'s JSON line numbers back to CSV lines', () => {
    const result = ordersFromCsv(CSV);
    if (!('lines' in result)) throw new Error(result.error);
    expect(rejectionsByCsvLine(result.lines, [{ line: 3, reason: 'amount: expected number' }])).toEqual([{ csvLine: 4, reason: 'amount: expected number' }]);
  });
});
