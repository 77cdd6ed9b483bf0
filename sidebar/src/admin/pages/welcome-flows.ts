/** 欢迎语: the flows new customers receive, with a live preview of the message. */
import { h, mount } from '../../dom.ts';
import type { FormHandle, Values } from '../form.ts';
import { previewWelcome, SAMPLE_NAMES, type PreviewVariant } from '../preview.ts';
import { renderResourcePage } from '../resource-page.ts';
import { channelOptions, labels } from './options.ts';

interface Flow {
  id: number;
  name: string;
  text: string;
  isDefault: boolean;
  enabled: boolean;
  channelState: string | null;
  userIds: string[];
  attachments: { msgtype: string; link?: { title: string }; image?: unknown; miniprogram?: { title: string } }[];
  variants: PreviewVariant[];
}

const VARIANT_EXAMPLE = '[{ "from": "22:00", "to": "07:00", "text": "{customer}，夜深了，明早我再详细回复您～" }]';

function preview(form: FormHandle): { node: Node; refresh(): void } {
  const time = h('input', { type: 'time', value: '10:00', class: 'preview-time', 'aria-label': '预览时间' });
  const bubble = h('div', { class: 'bubble', 'data-testid': 'welcome-preview' });
  const attachments = h('div', { class: 'bubble-attachments' });
  const refresh = () => {
    const values = form.peek();
    const [hh = '10', mm = '00'] = time.value.split(':');
    let variants: PreviewVariant[] = [];
    let items: Flow['attachments'] = [];
    try {
      variants = JSON.parse(String(values.variants || '[]')) as PreviewVariant[];
      items = JSON.parse(String(values.attachments || '[]')) as Flow['attachments'];
    } catch {
      // The field shows the JSON problem on save; the preview keeps the main text.
    }
    const text = previewWelcome({ text: String(values.text ?? ''), variants: Array.isArray(variants) ? variants : [] }, { minute: Number(hh) * 60 + Number(mm) });
    bubble.textContent = text || '（欢迎语为空）';
    mount(
      attachments,
      (Array.isArray(items) ? items : []).map((item) =>
        h('div', { class: 'attachment' }, { image: '图片', link: '链接', miniprogram: '小程序' }[item.msgtype] ?? item.msgtype, item.link?.title ?? item.miniprogram?.title ? `：${item.link?.title ?? item.miniprogram?.title}` : ''),
      ),
    );
  };
  time.addEventListener('input', refresh);
  const node = h(
    'div',
    { class: 'preview' },
    h('div', { class: 'preview-head' }, h('strong', null, '客户收到的消息'), h('span', { class: 'muted' }, `示例：客户「${SAMPLE_NAMES.customer}」、销售「${SAMPLE_NAMES.salesperson}」，添加时间 `), time),
    h('div', { class: 'phone' }, h('div', { class: 'avatar' }, '李'), h('div', null, bubble, attachments)),
  );
  return { node, refresh };
}

export async function renderWelcomeFlows(root: Element): Promise<void> {
  const channels = await channelOptions();
  await renderResourcePage<Flow>(root, {
    title: '欢迎语',
    intro: '客户添加销售后自动收到的第一条消息。按渠道活码优先，其次按销售，最后使用默认欢迎语。',
    path: '/welcome-flows',
    noun: '欢迎语',
    columns: [
      { label: '名称', value: (f) => h('strong', null, f.name) },
      { label: '渠道', value: (f) => (f.channelState ? labels([f.channelState], channels) : '—') },
      { label: '状态', value: (f) => [f.enabled ? '启用' : '停用', f.isDefault ? h('span', { class: 'badge' }, '默认') : null] },
    ],
    fields: [
      { name: 'name', label: '名称', kind: 'text', required: true, maxLength: 100 },
      { name: 'text', label: '欢迎语内容', kind: 'textarea', required: true, rows: 5, hint: '可用变量：{customer} 客户昵称，{salesperson} 销售姓名' },
      { name: 'channelState', label: '适用渠道', kind: 'select', options: channels, hint: '不选则对所有渠道生效' },
      { name: 'userIds', label: '适用销售（userid）', kind: 'list', hint: '每行一个或用逗号分隔；留空表示所有销售' },
      { name: 'isDefault', label: '设为默认欢迎语', kind: 'checkbox' },
      { name: 'enabled', label: '启用', kind: 'checkbox' },
      { name: 'variants', label: '分时段文案（JSON）', kind: 'json', rows: 3, hint: `如 ${VARIANT_EXAMPLE}` },
      { name: 'attachments', label: '附件（JSON）', kind: 'json', rows: 3, hint: '如 [{ "msgtype": "link", "link": { "title": "新客礼包", "url": "https://…" } }]' },
    ],
    blank: { name: '', text: '', channelState: '', userIds: [], isDefault: false, enabled: true, variants: [], attachments: [] },
    toValues: (f) => ({ ...f, channelState: f.channelState ?? '' }),
    toBody(values: Values, editing) {
      const { channelState, variants, attachments, ...rest } = values;
      const body = { ...rest, variants: variants ?? [], attachments: attachments ?? [] };
      if (channelState) return { ...body, channelState };
      return editing ? { ...body, channelState: null } : body;
    },
    aside: preview,
  });
}
