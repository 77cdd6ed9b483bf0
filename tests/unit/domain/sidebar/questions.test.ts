import { describe, expect, it } from 'vitest';
import { activeQuestionSet, BUILT_IN_QUESTION_SET, checkAnswer, questionsWithAnswers, type QuestionSet } from '../../../../src/domain/sidebar/questions.ts';
import { ValidationError } from '../../../../src/shared/errors.ts';

const set: QuestionSet = {
  id: 4,
  name: 'custom',
  isDefault: true,
  enabled: true,
  questions: [
    { id: 'kind', text: '吃哪类？', options: [{ id: 'nest', label: '燕窝', tagId: 'etNest' }, { id: 'gut', label: '益生菌' }], allowText: false },
    { id: 'who', text: '谁在吃？', options: [], allowText: true },
  ],
};

describe('first-contact questions', () => {
  it('should use the enabled default set, else the first enabled one, else the built-in set', () => {
    expect(activeQuestionSet([{ ...set, id: 1, isDefault: false }, set]).id).toBe(4);
    expect(activeQuestionSet([{ ...set, isDefault: false }]).id).toBe(4);
    expect(activeQuestionSet([{ ...set, enabled: false }])).toBe(BUILT_IN_QUESTION_SET);
  });

  it('should list unanswered questions first', () => {
    const rows = questionsWithAnswers(set, [{ questionId: 'kind', optionIds: ['nest'], userId: 'u', answeredAt: 1 }]);
    expect(rows.map((r) => [r.question.id, r.answer?.optionIds ?? null])).toEqual([['who', null], ['kind', ['nest']]]);
  });

  it('should return the tags of the chosen options', () => {
    expect(checkAnswer(set, { questionId: 'kind', optionIds: ['nest', 'gut'] }).tagIds).toEqual(['etNest']);
    expect(checkAnswer(set, { questionId: 'who', optionIds: [], text: '妈妈' }).tagIds).toEqual([]);
  });

  it.each([
    [{ questionId: 'nope', optionIds: [] }, 'questionId'],
    [{ questionId: 'kind', optionIds: ['rice'] }, 'rice'],
    [{ questionId: 'kind', optionIds: ['nest'], text: '还有别的' }, 'options only'],
    [{ questionId: 'who', optionIds: [], text: '  ' }, 'choose an option'],
  ])('should refuse %j', (input, message) => {
    expect(() => checkAnswer(set, input)).toThrow(ValidationError);
    expect(() => checkAnswer(set, input)).toThrow(message);
  });
});
