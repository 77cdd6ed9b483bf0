/** The 画像 tab: who the customer is to us, their tags, notes, and what happened lately. */
import { h, type Child } from '../dom.ts';
import * as format from '../format.ts';
import type { Profile, TimelineKind } from '../types.ts';
import { notesSection } from './notes.ts';
import { button, card, empty } from './parts.ts';
import type { TagSection } from './tags.ts';

const TIMELINE_SHOWN = 6;
const TIMELINE_KINDS: Record<TimelineKind, string> = { added: '添加', message: '消息', tag: '标签', task: '待办', note: '备注', answer: '首问', check_in: '打卡' };

function field(label: string, value: Child): HTMLElement[] {
  return [h('dt', null, label), h('dd', null, value)];
}

/** "a · b · c" that wraps between parts, never inside one. */
function nowrapParts(parts: string[]): HTMLElement[] {
  return parts.map((part, i) => h('span', { class: 'nowrap' }, i > 0 ? ` · ${part}` : part));
}

function basics(profile: Profile): HTMLElement {
  const { customer, me, spend } = profile;
  const followers = profile.followers.map((f) =>
    h('li', null, f.userId === me.userId ? `${f.userId}（我）` : f.userId, h('span', { class: 'meta' }, ` ${format.relationStatus(f.status)} · ${format.when(f.addedAt)}`)),
  );
  return card(
    '客户信息',
    null,
    h(
      'dl',
      { class: 'fields' },
      me.description ? field('描述', me.description) : null,
      field('性别', format.gender(customer.gender)),
      field('添加方式', format.addWay(me.addWay)),
      field('添加时间', format.when(me.addedAt)),
      field('渠道', me.channelName ?? me.state ?? '—'),
      profile.stage ? field('阶段', format.stage(profile.stage)) : null,
      profile.valueLayer ? field('价值分层', format.valueLayer(profile.valueLayer)) : null,
      spend ? field('消费', nowrapParts([format.money(spend.total), `${spend.orders} 单`, `最近 ${format.when(spend.lastOrderAt)}`])) : null,
      field('跟进人', h('ul', { class: 'followers' }, followers)),
    ),
  );
}

function timeline(profile: Profile): HTMLElement {
  const items = profile.timeline.map((item) =>
    h(
      'li',
      { class: `timeline__item timeline__item--${item.kind}` },
      h('div', { class: 'timeline__text' }, h('span', { class: 'timeline__kind' }, TIMELINE_KINDS[item.kind] ?? item.kind), item.text),
      h('div', { class: 'meta' }, format.when(item.at)),
    ),
  );
  const list = h('ol', { class: 'timeline' }, items.slice(0, TIMELINE_SHOWN));
  const more =
    items.length > TIMELINE_SHOWN
      ? button(`查看全部 ${items.length} 条`, 'link', (self) => {
          list.append(...items.slice(TIMELINE_SHOWN));
          self.remove();
        })
      : null;
  return card('最近动态', null, items.length > 0 ? list : empty('还没有动态'), more);
}

export function profilePanel(profile: Profile, tags: TagSection, fields: HTMLElement): HTMLElement {
  return h('div', { class: 'panel' }, basics(profile), fields, tags.element, notesSection(profile.customer.externalUserId, profile.notes), timeline(profile));
}
