/** 渠道活码: 「联系我」 QR codes whose state tells where customers came from. */
import { h } from '../../dom.ts';
import type { Values } from '../form.ts';
import { renderResourcePage } from '../resource-page.ts';
import { flowOptions, labels, tagOptions } from './options.ts';

interface Channel {
  id: number;
  name: string;
  state: string;
  userIds: string[];
  activeUserIds: string[];
  tagIds: string[];
  welcomeFlowId: number | null;
  qrCode: string | null;
}

export async function renderChannels(root: Element): Promise<void> {
  const [tags, flows] = await Promise.all([tagOptions(), flowOptions()]);
  await renderResourcePage<Channel>(root, {
    title: '渠道活码',
    intro: '每个渠道一个「联系我」二维码，客户扫码添加后自动打上渠道标签、收到渠道欢迎语。满 5,000 客户的销售会自动轮换出二维码。',
    path: '/channels',
    noun: '渠道',
    columns: [
      { label: '名称', value: (c) => h('strong', null, c.name) },
      { label: '二维码', value: (c) => (c.qrCode ? h('a', { href: c.qrCode, target: '_blank', rel: 'noopener', class: 'qr' }, h('img', { src: c.qrCode, alt: `${c.name} 二维码`, width: 56, height: 56 })) : '—') },
      { label: '销售（在码上 / 全部）', value: (c) => `${c.activeUserIds.length} / ${c.userIds.length}：${c.userIds.join('、')}` },
      { label: '标签', value: (c) => labels(c.tagIds, tags) },
    ],
    detail: (c) => h('div', { class: 'muted small' }, `state：${c.state}`, c.qrCode ? [' · ', h('a', { href: c.qrCode, target: '_blank', rel: 'noopener' }, '打开二维码')] : null),
    fields: [
      { name: 'name', label: '渠道名称', kind: 'text', required: true, maxLength: 100 },
      { name: 'userIds', label: '销售（userid）', kind: 'list', required: true, hint: '每行一个或用逗号分隔，至少一个' },
      { name: 'tagIds', label: '扫码客户自动打的标签', kind: 'checks', options: tags },
      { name: 'welcomeFlowId', label: '欢迎语', kind: 'select', options: flows },
    ],
    blank: { name: '', userIds: [], tagIds: [], welcomeFlowId: '' },
    toValues: (c) => ({ ...c, welcomeFlowId: c.welcomeFlowId === null ? '' : String(c.welcomeFlowId) }),
    toBody(values: Values, editing) {
      const { welcomeFlowId, ...rest } = values;
      if (welcomeFlowId) return { ...rest, welcomeFlowId: Number(welcomeFlowId) };
      return editing ? { ...rest, welcomeFlowId: null } : rest;
    },
  });
}
