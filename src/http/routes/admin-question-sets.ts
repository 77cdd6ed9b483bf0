/**
 * /api/admin/question-sets: the first-contact questions the sidebar asks.
 * - `GET /question-sets` → `{ items }`; `POST` `{ name, questions, isDefault?, enabled? }` → 201
 * - `PATCH /question-sets/:id` any field → 200; `DELETE` → 204; 404 for unknown ids
 * A question is `{ id, text, options: [{ id, label, tagId? }], allowText }`; choosing an
 * option with a tagId puts that corp tag on the customer.
 */
import Router from '@koa/router';
import { z } from 'zod';
import { createQuestionSet, deleteQuestionSet, listQuestionSets, updateQuestionSet, type QuestionSetDeps } from '../../app/admin/question-sets.ts';
import { readJsonBody } from '../json-body.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { numericIdSchema, parseInput } from './admin.schema.ts';

const key = z.string().regex(/^[a-z0-9_-]{1,32}$/i, 'letters, digits, _ or -, at most 32');
const questionSchema = z.strictObject({
  id: key,
  text: z.string().trim().min(1).max(200),
  options: z.array(z.strictObject({ id: key, label: z.string().trim().min(1).max(50), tagId: z.string().min(1).max(64).optional() })).max(20),
  allowText: z.boolean().default(false),
});
const fields = {
  name: z.string().trim().min(1).max(100),
  questions: z.array(questionSchema).min(1).max(30),
  isDefault: z.boolean(),
  enabled: z.boolean(),
};
export const questionSetCreateSchema = z.strictObject({ ...fields, isDefault: fields.isDefault.default(false), enabled: fields.enabled.default(true) });
export const questionSetPatchSchema = z
  .strictObject({ name: fields.name.optional(), questions: fields.questions.optional(), isDefault: fields.isDefault.optional(), enabled: fields.enabled.optional() })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });

export function adminQuestionSetRoutes(options: { basePath: string; deps: QuestionSetDeps }): Router<RequestState> {
  const router = new Router<RequestState>({ prefix: `${options.basePath}/question-sets`, sensitive: true });
  const { deps } = options;
  const idOf = (ctx: { params: Record<string, string | undefined> }) => parseInput(numericIdSchema, ctx.params.id, 'id');

  router.get('/', async (ctx) => {
    ctx.body = { items: await listQuestionSets(deps) };
  });
  router.post('/', async (ctx) => {
    const set = await createQuestionSet(deps, parseInput(questionSetCreateSchema, await readJsonBody(ctx)));
    ctx.status = 201;
    ctx.body = set;
  });
  router.patch('/:id', async (ctx) => {
    const id = idOf(ctx);
    ctx.body = await updateQuestionSet(deps, id, parseInput(questionSetPatchSchema, await readJsonBody(ctx)));
  });
  router.delete('/:id', async (ctx) => {
    await deleteQuestionSet(deps, idOf(ctx));
    ctx.status = 204;
  });
  return router;
}
