/**
 * The 话术 tab: open tasks first (what the customer is waiting for), then scripts that fit
 * the conversation. 发送 puts the text into the chat through WeCom (the salesperson still
 * confirms there) and then records the send; 复制 is for editing before sending.
 */
import { api } from '../api.ts';
import { busyWhile, copyText, h, toast } from '../dom.ts';
import { actionFailed, messageOf } from '../failures.ts';
import { priority, scene, scriptReason, when } from '../format.ts';
import { sendText } from '../jssdk.ts';
import type { SalesTask, SentInput, SuggestedScript, Suggestions } from '../types.ts';
import { button, card, empty, pill, whenLoaded } from './parts.ts';

export interface SuggestionOptions {
  /** False on the customer's profile page, where WeCom has no chat to send into. */
  canSend: boolean;
  onOpenTasks(count: number): void;
  tagName(tagId: string): string;
}

const PRIORITY_TONES: Record<string, 'red' | 'orange' | 'blue' | 'gray'> = { urgent: 'red', high: 'orange', normal: 'blue', low: 'gray' };

function replyActions(externalUserId: string, text: string, sent: Omit<SentInput, 'text'>, options: SuggestionOptions, onSent: () => void): HTMLElement {
  const copy = button('复制', 'ghost', (copyButton) => busyWhile(copyButton, () => copyText(text).then(() => toast('已复制')), actionFailed));
  const send = options.canSend
    ? button('发送', 'primary', (sendButton) =>
        busyWhile(
          sendButton,
          async () => {
            await sendText(text);
            try {
              await api.sent(externalUserId, { text, ...sent });
            } catch (error) {
              // The message is in the chat already; only our record of it failed.
              toast(`已发送，但记录失败：${messageOf(error)}`);
              return;
            }
            onSent();
            toast('已发送');
          },
          actionFailed,
        ),
      )
    : null;
  return h('div', { class: 'actions' }, copy, send);
}

function taskCard(externalUserId: string, task: SalesTask, options: SuggestionOptions, done: () => void): HTMLElement {
  const reply = task.suggestedReply ?? '';
  const header = h('header', { class: 'reply__header' }, pill(priority(task.priority), PRIORITY_TONES[task.priority] ?? 'gray'), h('h3', { class: 'reply__title' }, task.title));
  const element = h(
    'article',
    { class: 'reply reply--task', 'data-task-id': task.id },
    header,
    h('div', { class: 'meta' }, [scene(task.scene), task.dueAt !== null ? `截止 ${when(task.dueAt)}` : ''].filter(Boolean).join(' · ')),
    reply ? h('p', { class: 'reply__text' }, reply) : null,
    reply
      ? replyActions(externalUserId, reply, { taskId: task.id, ...(task.scriptId ? { scriptId: task.scriptId } : {}) }, options, () => {
          if (element.classList.contains('is-done')) return;
          element.classList.add('is-done');
          header.append(pill('已完成', 'green'));
          done();
        })
      : null,
  );
  return element;
}

function scriptCard(externalUserId: string, script: SuggestedScript, options: SuggestionOptions): HTMLElement {
  return h(
    'article',
    { class: 'reply', 'data-script-id': script.id },
    h('header', { class: 'reply__header' }, h('h3', { class: 'reply__title' }, script.title)),
    h('p', { class: 'reply__text' }, script.text),
    script.reasons.length > 0 ? h('div', { class: 'meta' }, script.reasons.map((code) => scriptReason(code, options.tagName)).join(' · ')) : null,
    replyActions(externalUserId, script.text, { scriptId: script.id }, options, () => undefined),
  );
}

export function suggestionsPanel(externalUserId: string, loading: Promise<Suggestions>, options: SuggestionOptions): HTMLElement {
  return whenLoaded(h('div', { class: 'panel' }), loading, ({ tasks, scripts }) => {
    let open = tasks.length;
    options.onOpenTasks(open);
    const done = () => options.onOpenTasks((open -= 1));
    return [
      tasks.length > 0 ? card('待办', null, tasks.map((task) => taskCard(externalUserId, task, options, done))) : null,
      card('推荐话术', null, scripts.length > 0 ? scripts.map((script) => scriptCard(externalUserId, script, options)) : empty('暂时没有合适的话术')),
    ];
  });
}
