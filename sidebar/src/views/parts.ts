/** Building blocks shared by the views. */
import { h, mount, type Child } from '../dom.ts';
import { messageOf } from '../failures.ts';

export function card(title: string, headerAction: Child, ...body: Child[]): HTMLElement {
  return h('section', { class: 'card' }, h('header', { class: 'card__header' }, h('h2', { class: 'card__title' }, title), headerAction), ...body);
}

export function button(text: string, variant: 'primary' | 'ghost' | 'link', onTap: (button: HTMLButtonElement) => void): HTMLButtonElement {
  const element = h('button', { class: `btn btn--${variant}`, type: 'button' }, text);
  element.addEventListener('click', () => onTap(element));
  return element;
}

export function pill(text: string, tone: 'green' | 'orange' | 'red' | 'gray' | 'blue'): HTMLElement {
  return h('span', { class: `pill pill--${tone}` }, text);
}

/** A chip that toggles on tap (tags, answer options); `onToggle` gets the new state. */
export function toggleChip(label: string, on: boolean, onToggle: (on: boolean) => void): HTMLButtonElement {
  const chip = h('button', { class: 'chip', type: 'button' }, label);
  const show = (state: boolean) => {
    chip.classList.toggle('chip--on', state);
    chip.setAttribute('aria-pressed', String(state));
  };
  show(on);
  chip.addEventListener('click', () => {
    on = !on;
    show(on);
    onToggle(on);
  });
  return chip;
}

export function empty(text: string): HTMLElement {
  return h('p', { class: 'empty' }, text);
}

/** Shows "加载中…" in `container` until `loading` settles, then what `render` builds (or the error). */
export function whenLoaded<T>(container: HTMLElement, loading: Promise<T>, render: (value: T) => Child): HTMLElement {
  mount(container, empty('加载中…'));
  loading.then(
    (value) => mount(container, render(value)),
    (error: unknown) => mount(container, h('p', { class: 'empty empty--error' }, `加载失败：${messageOf(error)}`)),
  );
  return container;
}
