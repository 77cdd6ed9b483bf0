/** Whole-page states: loading, not yours (403), opened outside a chat, and errors. */
import { h } from '../dom.ts';

function notice(options: { icon: string; tone: 'muted' | 'warn' | 'error'; title: string; detail?: string; action?: HTMLElement }): HTMLElement {
  return h(
    'section',
    { class: 'notice', role: 'alert' },
    h('div', { class: `notice__icon notice__icon--${options.tone}`, 'aria-hidden': 'true' }, options.icon),
    h('h1', { class: 'notice__title' }, options.title),
    options.detail ? h('p', { class: 'notice__detail' }, options.detail) : null,
    options.action ?? null,
  );
}

export function loadingScreen(): HTMLElement {
  return h('div', { class: 'loading', 'aria-busy': 'true' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), '加载中…');
}

/** The salesperson does not serve this customer (or is not in this group). */
export function forbiddenScreen(title: string, serverMessage: string): HTMLElement {
  // The server's message often repeats the title ("无权查看该客户：你不是…"); show the reason once.
  const reason = serverMessage.startsWith(title) ? serverMessage.slice(title.length).replace(/^[：:，,\s]+/, '') : serverMessage;
  return notice({ icon: '!', tone: 'warn', title, detail: reason || '你不是该客户的跟进人，无法查看和编辑。' });
}

export function elsewhereScreen(): HTMLElement {
  return notice({ icon: 'i', tone: 'muted', title: '请在客户聊天中打开', detail: '在与客户的单聊或客户群的聊天工具栏中打开本页面，即可查看客户资料。' });
}

export function errorScreen(detail: string): HTMLElement {
  const retry = h('button', { class: 'btn btn--ghost', type: 'button', onclick: () => location.reload() }, '重试');
  return notice({ icon: '×', tone: 'error', title: '出错了', detail, action: retry });
}
