/**
 * The 首问 tab: what to learn from a new customer. Options are tap chips (several may
 * apply), free text where the question allows it; each question saves on its own, so a
 * half-finished conversation keeps what was learned.
 */
import { api } from '../api.ts';
import { busyWhile, h, mount, toast } from '../dom.ts';
import { actionFailed } from '../failures.ts';
import { when } from '../format.ts';
import type { Answer, Question, QuestionList } from '../types.ts';
import { button, empty, pill, toggleChip, whenLoaded } from './parts.ts';

export interface QuestionHooks {
  /** How many questions are still unanswered (for the tab's badge). */
  onUnanswered(count: number): void;
  /** The server tagged the customer because of an answer. */
  onTagsAdded(tagIds: string[]): void;
  tagName(tagId: string): string;
}

const MAX_ANSWER_LENGTH = 500;

function questionCard(externalUserId: string, question: Question, hooks: QuestionHooks, answered: () => void): HTMLElement {
  const chosen = new Set(question.answer?.optionIds ?? []);
  const status = h('span');
  const meta = h('div', { class: 'meta' });
  const showAnswer = (answer: Answer | null) => {
    mount(status, answer ? pill('已回答', 'green') : pill('待回答', 'orange'));
    mount(meta, answer ? `${answer.userId} · ${when(answer.answeredAt)}` : null);
  };
  showAnswer(question.answer);

  const chips = question.options.map((option) =>
    toggleChip(option.label, chosen.has(option.id), (on) => {
      if (on) chosen.add(option.id);
      else chosen.delete(option.id);
    }),
  );
  const text = question.allowText
    ? h('textarea', { class: 'input', rows: 2, maxlength: MAX_ANSWER_LENGTH, placeholder: question.options.length > 0 ? '补充说明（选填）' : '填写客户的回答', 'aria-label': `${question.text} 的回答` }, question.answer?.text ?? '')
    : null;

  const save = button('保存', 'primary', (saveButton) => {
    const answerText = text?.value.trim() ?? '';
    if (chosen.size === 0 && !answerText) return toast('请先选择或填写回答');
    busyWhile(
      saveButton,
      async () => {
        const result = await api.answer(externalUserId, { questionId: question.id, optionIds: [...chosen], ...(answerText ? { text: answerText } : {}) });
        const wasUnanswered = question.answer === null;
        question.answer = result.answer;
        showAnswer(result.answer);
        if (wasUnanswered) answered();
        if (result.tagsAdded.length > 0) {
          hooks.onTagsAdded(result.tagsAdded);
          toast(`已保存，已打标签：${result.tagsAdded.map(hooks.tagName).join('、')}`);
        } else toast('已保存');
      },
      actionFailed,
    );
  });

  return h(
    'section',
    { class: 'card question', 'data-question-id': question.id },
    h('header', { class: 'card__header' }, h('h2', { class: 'card__title question__text' }, question.text), status),
    chips.length > 0 ? h('div', { class: 'chips' }, chips) : null,
    text,
    h('div', { class: 'actions actions--spread' }, meta, save),
  );
}

export function questionsPanel(externalUserId: string, loading: Promise<QuestionList>, hooks: QuestionHooks): HTMLElement {
  return whenLoaded(h('div', { class: 'panel' }), loading, ({ questions }) => {
    let unanswered = questions.filter((q) => q.answer === null).length;
    hooks.onUnanswered(unanswered);
    if (questions.length === 0) return empty('管理员还没有配置首次沟通问题');
    const answered = () => hooks.onUnanswered((unanswered -= 1));
    return questions.map((question) => questionCard(externalUserId, question, hooks, answered));
  });
}
