/**
 * What a salesperson changes from the sidebar: answers to first-contact questions (which
 * may tag the customer), tags, notes, and replies sent. Each write checks that the
 * salesperson serves the customer; the HTTP layer audits it (who, when, what).
 */
import type { AnswerStore, NoteStore, QuestionSetRepo, SalesTaskStore } from '../../domain/ports.ts';
import { activeQuestionSet, checkAnswer, type Answer } from '../../domain/sidebar/questions.ts';
import type { Note } from '../../domain/sidebar/sidebar-views.ts';
import { nowSeconds } from '../../shared/clock.ts';
import { ValidationError } from '../../shared/errors.ts';
import { changeCustomerTags, type TagDeps } from '../tag-customer.ts';
import { servedProfile, type SidebarReadDeps } from './customer-view.ts';

export interface SidebarWriteDeps extends TagDeps, Pick<SidebarReadDeps, 'customers'> {
  questionSets: Pick<QuestionSetRepo, 'list'>;
  answers: AnswerStore;
  notes: NoteStore;
  tasks: Pick<SalesTaskStore, 'close' | 'get'>;
  /** Counts a script's use (a ranking signal). */
  recordScriptUse?: (scriptId: number) => Promise<void>;
}

/** Who acts, and the request's id (for idempotent tag history). */
export interface Actor {
  userId: string;
  requestId: string;
}

export async function answerQuestion(
  deps: SidebarWriteDeps,
  actor: Actor,
  externalUserId: string,
  input: { questionId: string; optionIds: string[]; text?: string },
): Promise<{ answer: Answer; tagsAdded: string[] }> {
  await servedProfile(deps, actor.userId, externalUserId);
  const set = activeQuestionSet(await deps.questionSets.list());
  const { tagIds } = checkAnswer(set, input);
  const text = input.text?.trim();
  const answer: Answer = { questionId: input.questionId, optionIds: [...new Set(input.optionIds)], ...(text ? { text } : {}), userId: actor.userId, answeredAt: nowSeconds(deps.clock) };
  // Tags first: if WeCom refuses them the answer is not saved either, and a retry is clean.
  const tagged = tagIds.length
    ? await changeCustomerTags(deps, { userId: actor.userId, externalUserId, add: tagIds, remove: [], cause: { kind: 'salesperson', ref: actor.userId }, operationId: `sidebar:${actor.requestId}` })
    : { add: [] };
  await deps.answers.save(externalUserId, set.id, answer);
  return { answer, tagsAdded: tagged.add };
}

export async function editTags(
  deps: SidebarWriteDeps,
  actor: Actor,
  externalUserId: string,
  edit: { add: string[]; remove: string[] },
): Promise<{ tagIds: string[]; added: string[]; removed: string[] }> {
  await servedProfile(deps, actor.userId, externalUserId);
  const result = await changeCustomerTags(deps, {
    userId: actor.userId,
    externalUserId,
    ...edit,
    cause: { kind: 'salesperson', ref: actor.userId },
    operationId: `sidebar:${actor.requestId}`,
  });
  return { tagIds: result.tagIds, added: result.add, removed: result.remove };
}

export async function addNote(deps: SidebarWriteDeps, actor: Actor, externalUserId: string, text: string): Promise<Note> {
  await servedProfile(deps, actor.userId, externalUserId);
  const note = await deps.notes.add({ externalUserId, userId: actor.userId, text: text.trim(), createdAt: nowSeconds(deps.clock) });
  return note;
}

/** A reply the salesperson sent with one tap: the task it answered is done, the script's use counted. */
export async function recordReplySent(
  deps: SidebarWriteDeps,
  actor: Actor,
  externalUserId: string,
  input: { text: string; scriptId?: number; taskId?: number },
): Promise<void> {
  await servedProfile(deps, actor.userId, externalUserId);
  if (input.taskId !== undefined) {
    const task = await deps.tasks.get(input.taskId);
    if (!task || task.userId !== actor.userId || task.externalUserId !== externalUserId) throw new ValidationError(`taskId: no task ${input.taskId} of yours for this customer`);
    if (task.status === 'open') await deps.tasks.close(task.id, 'done', actor.userId, nowSeconds(deps.clock));
  }
  if (input.scriptId !== undefined) await deps.recordScriptUse?.(input.scriptId);
}
