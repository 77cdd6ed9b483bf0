/**
 * 订单导入: the admin picks a CSV file; the page reads it in the browser (admin/order-csv.ts),
 * sends the rows as JSON lines to POST /orders, and lists the API's rejections by CSV line
 * next to the accepted and duplicate counts. Good rows are kept even when others fail.
 */
import { h, mount } from '../../dom.ts';
import { postJsonLines } from '../api.ts';
import { ordersFromCsv, rejectionsByCsvLine, type OrderLine } from '../order-csv.ts';
import { dataTable, kpi } from '../widgets.ts';

interface ImportResult {
  accepted: number;
  duplicates: number;
  rejected: { line: number; reason: string }[];
  customersUpdated: number;
}

/** The API takes at most this many lines per request (admin-orders.ts). */
const MAX_LINES = 50_000;

const EXAMPLE = `orderId,externalUserId,unionId,amount,orderedAt,channel,items
T20240601001,wmAbc123,,299.00,2024-06-01 10:30,天猫旗舰店,胶原蛋白饮×2;面膜×1
T20240601002,,oUnion456,89.9,2024-06-01T21:05:00+08:00,小程序,"精华液×1"`;

const COLUMNS: [string, string][] = [
  ['orderId', '订单号，必填；重复导入同一订单号只记一次'],
  ['externalUserId / unionId', '客户：企业微信外部联系人 ID，或 unionid（二选一，填一个）'],
  ['amount', '金额（元），如 299.00'],
  ['orderedAt', '下单时间：2024-06-01 10:30（北京时间）、带时区的 ISO 时间，或 Unix 秒'],
  ['channel', '购买渠道（可空），如 天猫旗舰店、小程序'],
  ['items', '商品（可空）：名称×数量，多个用分号隔开，如 面膜×2;精华液×1（数量省略时为 1）'],
];

export function renderOrders(root: Element): void {
  const input = h('input', { type: 'file', accept: '.csv,text/csv', 'aria-label': '选择 CSV 文件' });
  const upload = h('button', { type: 'button', class: 'btn btn--primary', disabled: true }, '导入');
  const status = h('span', { class: 'muted' });
  const error = h('div', { class: 'form-error', role: 'alert' });
  const result = h('div', { class: 'import-result' });
  let lines: OrderLine[] = [];

  input.addEventListener('change', () => {
    void (async () => {
      mount(result);
      error.textContent = '';
      lines = [];
      upload.disabled = true;
      const file = input.files?.[0];
      if (!file) return;
      const parsed = ordersFromCsv(await file.text());
      if ('error' in parsed) {
        error.textContent = parsed.line ? `第 ${parsed.line} 行：${parsed.error}` : parsed.error;
        status.textContent = '';
        return;
      }
      if (parsed.lines.length === 0) error.textContent = '文件里只有表头，没有订单';
      else if (parsed.lines.length > MAX_LINES) error.textContent = `一次最多导入 ${MAX_LINES.toLocaleString('zh-CN')} 行，请拆分文件`;
      else {
        lines = parsed.lines;
        upload.disabled = false;
      }
      status.textContent = `${file.name}：${parsed.lines.length} 行订单`;
    })();
  });

  upload.addEventListener('click', () => {
    void (async () => {
      upload.disabled = true;
      error.textContent = '';
      try {
        const answer = await postJsonLines<ImportResult>('/orders', lines.map((l) => l.order));
        const rejected = rejectionsByCsvLine(lines, answer.rejected);
        mount(
          result,
          h(
            'div',
            { class: 'kpis' },
            kpi('导入成功', String(answer.accepted)),
            kpi('重复（此前已导入）', String(answer.duplicates)),
            kpi('被拒绝', String(rejected.length), rejected.length > 0 ? '见下表，改正后可重新导入整份文件' : undefined, rejected.length > 0),
            kpi('更新价值的客户', String(answer.customersUpdated)),
          ),
          h(
            'section',
            { class: 'card' },
            h('h3', { class: 'card-title' }, '被拒绝的行'),
            dataTable([{ label: 'CSV 行号', value: (r) => `第 ${r.csvLine} 行` }, { label: '原因', value: (r) => r.reason }], rejected, { empty: '没有被拒绝的行', rowProps: () => ({ class: 'row-error' }) }),
          ),
        );
      } catch (e) {
        error.textContent = e instanceof Error ? e.message : String(e);
      } finally {
        upload.disabled = lines.length === 0;
      }
    })();
  });

  mount(
    root,
    h('div', { class: 'page-head' }, h('div', null, h('h2', null, '订单导入'), h('p', { class: 'muted' }, '从店铺、小程序导出的订单 CSV，导入后更新客户价值分层和生命周期。'))),
    h(
      'section',
      { class: 'card' },
      h('h3', { class: 'card-title' }, '上传 CSV'),
      h('div', { class: 'upload-row' }, input, upload, status),
      error,
    ),
    result,
    h(
      'section',
      { class: 'card' },
      h('h3', { class: 'card-title' }, 'CSV 格式'),
      h('p', { class: 'muted' }, '第一行是表头（列名如下，顺序不限，多余的列会被忽略）；UTF-8 编码（Excel 另存为“CSV UTF-8”）；含逗号、引号或换行的字段用英文双引号包起来，字段内的引号写成两个。好的行会保存，有问题的行按行号列出原因。'),
      dataTable([{ label: '列名', value: ([column]) => h('code', null, column) }, { label: '说明', value: ([, meaning]) => meaning }], COLUMNS, { empty: '' }),
      h('pre', { class: 'csv-format' }, EXAMPLE),
    ),
  );
}
