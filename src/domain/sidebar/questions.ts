/**
 * First-contact questions (首次沟通问题): what a salesperson should learn about a new
 * customer. Admins configure question sets; answers are kept per customer and question
 * (the latest wins) and an option can put a corp tag on the customer.
 */
import { ValidationError } from '../../shared/errors.ts';

export interface QuestionOption {
  id: string;
  label: string;
  /** Corp tag the option puts on the customer when chosen. */
  tagId?: string;
}

export interface Question {
  id: string;
  text: string;
  options: QuestionOption[];
  /** Whether a free-text answer is allowed (alone or beside options). */
  allowText: boolean;
}

export interface QuestionSet {
  id: number;
  name: string;
  questions: Question[];
  isDefault: boolean;
  enabled: boolean;
}

export type NewQuestionSet = Omit<QuestionSet, 'id'>;

export interface Answer {
  questionId: string;
  optionIds: string[];
  text?: string;
  /** Who recorded it. */
  userId: string;
  /** Unix seconds. */
  answeredAt: number;
}

/**
 * The set used until an admin configures one, from the articles: what the customer usually
 * takes, for how long, and who at home takes it.
 */
export const BUILT_IN_QUESTION_SET: QuestionSet = {
  id: 0,
  name: '首次沟通（默认）',
  isDefault: true,
  enabled: true,
  questions: [
    {
      id: 'product_kind',
      text: '平时主要吃/用哪类产品？',
      options: [
        { id: 'nutrition', label: '营养滋补' },
        { id: 'beauty', label: '美容养颜' },
        { id: 'gut', label: '肠胃调理' },
        { id: 'baby', label: '母婴' },
        { id: 'other', label: '其他' },
      ],
      allowText: true,
    },
    {
      id: 'usage_length',
      text: '吃/用了多久了？',
      options: [
        { id: 'new', label: '刚开始' },
        { id: 'months', label: '几个月' },
        { id: 'year_plus', label: '一年以上' },
      ],
      allowText: false,
    },
    {
      id: 'who_takes',
      text: '家里谁在吃/用？',
      options: [
        { id: 'self', label: '自己' },
        { id: 'parents', label: '父母' },
        { id: 'kids', label: '孩子' },
        { id: 'partner', label: '伴侣' },
      ],
      allowText: true,
    },
  ],
};

/** The set the sidebar asks: the enabled default, else the first enabled, else the built-in one. */
export function activeQuestionSet(sets: readonly QuestionSet[]): QuestionSet {
  const enabled = sets.filter((set) => set.enabled);
  return enabled.find((set) => set.isDefault) ?? enabled[0] ?? BUILT_IN_QUESTION_SET;
}

/** Questions with their answers, unanswered first (each group in the set's order). */
export function questionsWithAnswers(set: QuestionSet, answers: readonly Answer[]): { question: Question; answer: Answer | null }[] {
  const byQuestion = new Map(answers.map((answer) => [answer.questionId, answer]));
  const rows = set.questions.map((question) => ({ question, answer: byQuestion.get(question.id) ?? null }));
  return [...rows.filter((row) => !row.answer), ...rows.filter((row) => row.answer)];
}

/**
 * Checks an answer against its question and returns the tags its options carry.
 * @throws ValidationError for an unknown question or option, text where none is allowed, or an empty answer
 */
export function checkAnswer(set: QuestionSet, input: { questionId: string; optionIds: string[]; text?: string }): { question: Question; tagIds: string[] } {
  const question = set.questions.find((q) => q.id === input.questionId);
  if (!question) throw new ValidationError(`questionId: no question ${input.questionId} in the current set`);
  const unknown = input.optionIds.filter((id) => !question.options.some((o) => o.id === id));
  if (unknown.length > 0) throw new ValidationError(`optionIds: ${unknown.join(', ')} not options of ${question.id}`);
  const text = input.text?.trim();
  if (text && !question.allowText) throw new ValidationError(`text: question ${question.id} takes options only`);
  if (input.optionIds.length === 0 && !text) throw new ValidationError('choose an option or write an answer');
  const tagIds = question.options.filter((o) => input.optionIds.includes(o.id) && o.tagId).map((o) => o.tagId!);
  return { question, tagIds };
}
