/** The sidebar in a customer group: the group at a glance and its check-in campaign. */
import { api } from '../api.ts';
import { h, mount } from '../dom.ts';
import type { GroupSummary } from '../types.ts';
import { campaignSection } from './group-campaign.ts';
import { card, empty } from './parts.ts';

function stat(label: string, value: number | null): HTMLElement {
  return h('div', { class: 'stat' }, h('div', { class: 'stat__value' }, value === null ? '—' : String(value)), h('div', { class: 'stat__label' }, label));
}

function campaigns(summary: GroupSummary): HTMLElement | HTMLElement[] {
  if (summary.campaigns.length === 0) return card('打卡活动', null, empty('这个群没有进行中的打卡活动'));
  return summary.campaigns.map((campaign) => campaignSection(summary.chatId, campaign));
}

export async function renderGroup(root: HTMLElement, chatId: string): Promise<void> {
  const summary = await api.group(chatId);
  mount(
    root,
    h(
      'header',
      { class: 'hero' },
      h('div', { class: 'avatar avatar--initial avatar--group', 'aria-hidden': 'true' }, '群'),
      h('div', { class: 'hero__text' }, h('h1', { class: 'hero__name' }, h('span', { class: 'hero__name-text' }, summary.name || '未命名客户群')), h('div', { class: 'hero__line' }, `群主：${summary.owner}`)),
    ),
    h('div', { class: 'panel' }, h('section', { class: 'card stats' }, stat('群成员', summary.memberCount), stat('本周入群', summary.joinedThisWeek), stat('本周退群', summary.leftThisWeek)), campaigns(summary)),
  );
}
