/**
 * The sidebar in a one-to-one chat: the customer's header, then three tabs — 画像
 * (profile, custom fields, tags, notes, timeline), 首问 (first-contact questions) and 话术 (tasks and
 * scripts). All three are fetched at once; the profile decides whether the page shows
 * at all (403 when the salesperson does not serve this customer).
 */
import { api } from '../api.ts';
import { h, mount } from '../dom.ts';
import * as format from '../format.ts';
import type { Profile } from '../types.ts';
import { pill } from './parts.ts';
import { fieldsSection } from './fields.ts';
import { profilePanel } from './profile.ts';
import { questionsPanel } from './questions.ts';
import { suggestionsPanel } from './suggestions.ts';
import { tagSection } from './tags.ts';

function avatar(url: string | null, name: string): HTMLElement {
  const initial = () => h('div', { class: 'avatar avatar--initial', 'aria-hidden': 'true' }, name.slice(0, 1));
  // Only http(s) images: the URL comes from WeCom, but nothing else belongs in src.
  if (!url || !/^https?:\/\//.test(url)) return initial();
  const image = h('img', { class: 'avatar', src: url, alt: '', referrerpolicy: 'no-referrer' });
  // WeCom's CDN may be unreachable (offline sandbox, network trouble): show the initial instead.
  image.addEventListener('error', () => image.replaceWith(initial()), { once: true });
  return image;
}

function hero(profile: Profile): HTMLElement {
  const { customer, me } = profile;
  const name = customer.name ?? customer.externalUserId;
  const isWecomUser = format.customerType(customer.type) === '企业微信';
  const origin = isWecomUser ? pill(`@${customer.corpName ?? '企业微信'}`, 'orange') : pill('@微信', 'green');
  return h(
    'header',
    { class: 'hero' },
    avatar(customer.avatar, name),
    h(
      'div',
      { class: 'hero__text' },
      h('h1', { class: 'hero__name' }, h('span', { class: 'hero__name-text' }, name), origin),
      me.remark && me.remark !== name ? h('div', { class: 'hero__line' }, `备注：${me.remark}`) : null,
      customer.position || (customer.corpName && !isWecomUser) ? h('div', { class: 'hero__line' }, [customer.position, customer.corpName].filter(Boolean).join(' · ')) : null,
    ),
  );
}

interface Tab {
  label: string;
  panel: HTMLElement;
  badge?: HTMLElement;
}

function tabs(list: Tab[]): HTMLElement {
  const panels = h('div', { class: 'panels' });
  const buttons = list.map((tab, index) => {
    const tabButton = h('button', { class: 'tab', type: 'button', role: 'tab' }, tab.label, tab.badge);
    tabButton.addEventListener('click', () => select(index));
    return tabButton;
  });
  function select(index: number): void {
    buttons.forEach((tabButton, i) => tabButton.setAttribute('aria-selected', String(i === index)));
    mount(panels, list[index]?.panel);
    window.scrollTo(0, 0);
  }
  select(0);
  return h('div', null, h('nav', { class: 'tabs', role: 'tablist' }, buttons), panels);
}

function badge(): { element: HTMLElement; show(count: number): void } {
  const element = h('span', { class: 'badge', hidden: true });
  return {
    element,
    show(count) {
      element.textContent = String(count);
      element.hidden = count <= 0;
    },
  };
}

export async function renderCustomer(root: HTMLElement, chat: { externalUserId: string; canSend: boolean }): Promise<void> {
  const id = chat.externalUserId;
  const questions = api.questions(id);
  const suggestions = api.suggestions(id);
  const fields = api.fields(id);
  // If the profile fails first nobody awaits these; keep them from surfacing as unhandled.
  questions.catch(() => undefined);
  suggestions.catch(() => undefined);
  fields.catch(() => undefined);
  const profile = await api.profile(id);

  const tagNames = new Map(profile.tagGroups.flatMap((g) => g.tags.map((t) => [t.tagId, t.name] as const)));
  const tagName = (tagId: string) => tagNames.get(tagId) ?? tagId;
  const tags = tagSection(id, profile.tagGroups);
  const unanswered = badge();
  const openTasks = badge();
  mount(
    root,
    hero(profile),
    tabs([
      { label: '画像', panel: profilePanel(profile, tags, fieldsSection(id, fields)) },
      {
        label: '首问',
        badge: unanswered.element,
        panel: questionsPanel(id, questions, { onUnanswered: unanswered.show, onTagsAdded: tags.markSelected, tagName }),
      },
      { label: '话术', badge: openTasks.element, panel: suggestionsPanel(id, suggestions, { canSend: chat.canSend, onOpenTasks: openTasks.show, tagName }) },
    ]),
  );
}
