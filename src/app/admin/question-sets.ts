/**
 * First-contact question sets for admins. Question and option ids must be unique (answers
 * are stored by question id), and options' tags must be synced corp tags.
 */
import type { CorpTagStore, QuestionSetRepo } from '../../domain/ports.ts';
import type { NewQuestionSet, QuestionSet } from '../../domain/sidebar/questions.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';

export interface QuestionSetDeps {
  questionSets: QuestionSetRepo;
  corpTags: Pick<CorpTagStore, 'unknownTagIds'>;
}

const duplicates = (ids: string[]) => [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];

async function validate(deps: QuestionSetDeps, questions: NewQuestionSet['questions'] | undefined): Promise<void> {
  if (!questions) return;
  const repeatedQuestions = duplicates(questions.map((q) => q.id));
  if (repeatedQuestions.length > 0) throw new ValidationError(`questions: ids used twice: ${repeatedQuestions.join(', ')}`);
  for (const question of questions) {
    const repeated = duplicates(question.options.map((o) => o.id));
    if (repeated.length > 0) throw new ValidationError(`questions.${question.id}.options: ids used twice: ${repeated.join(', ')}`);
    if (question.options.length === 0 && !question.allowText) throw new ValidationError(`questions.${question.id}: give options or allow text`);
  }
  const unknown = await deps.corpTags.unknownTagIds(questions.flatMap((q) => q.options.flatMap((o) => (o.tagId ? [o.tagId] : []))));
  if (unknown.length > 0) throw new ValidationError(`questions: unknown corp tags ${unknown.join(', ')} (sync tags first)`);
}

export function listQuestionSets(deps: QuestionSetDeps): Promise<QuestionSet[]> {
  return deps.questionSets.list();
}

export async function createQuestionSet(deps: QuestionSetDeps, input: NewQuestionSet): Promise<QuestionSet> {
  await validate(deps, input.questions);
  return deps.questionSets.create(input);
}

export async function updateQuestionSet(deps: QuestionSetDeps, id: number, changes: Partial<NewQuestionSet>): Promise<QuestionSet> {
  await validate(deps, changes.questions);
  const updated = await deps.questionSets.update(id, changes);
  if (!updated) throw new NotFoundError(`no question set ${id}`);
  return updated;
}

export async function deleteQuestionSet(deps: QuestionSetDeps, id: number): Promise<void> {
  if (!(await deps.questionSets.remove(id))) throw new NotFoundError(`no question set ${id}`);
}
