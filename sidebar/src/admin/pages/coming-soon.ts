/** A nav entry whose admin API is not there yet. */
import { h, mount } from '../../dom.ts';

export function renderComingSoon(root: Element, title: string, what: string): void {
  mount(root, h('div', { class: 'page-head' }, h('h2', null, title)), h('section', { class: 'card coming-soon' }, h('div', { class: 'badge badge--soon' }, '即将推出'), h('p', null, what)));
}
