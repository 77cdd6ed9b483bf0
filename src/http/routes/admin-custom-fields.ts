/**
 * /api/admin/custom-fields: custom profile fields (自定义字段).
 * - `GET /custom-fields` → 200 `{ items }` in display order, archived ones included
 * - `POST /custom-fields` `{ key, label, type: text|number|date|single|multi, options?: [{ key?, label }],
 *   required?, position?, archived? }` → 201 + Location; 409 `custom_field_exists` for a taken key
 * - `GET|PATCH /custom-fields/:id` → the field; PATCH takes label, options, required, position,
 *   archived (key and type are fixed: values are stored per type). Options without a key are
 *   new; an option customers hold cannot be removed (400 naming it and how many hold it)
 * - `DELETE /custom-fields/:id` → 204, only once archived (409 `custom_field_not_archived`), with every value
 * 400 names bad fields ("options.1.label: …"); 404 `custom_field_not_found`. Writes are
 * audited by app.ts; PATCH and DELETE add the field as it was (and is) to the row.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import {
  createCustomField,
  deleteCustomField,
  getCustomField,
  listCustomFields,
  updateCustomField,
  type CustomFieldAdminDeps,
} from '../../app/admin/custom-fields.ts';
import { CUSTOM_FIELD_TYPES, MAX_FIELD_LABEL_CHARS, MAX_OPTION_LABEL_CHARS, MAX_OPTIONS } from '../../domain/custom-fields/custom-field.ts';
import { readJsonBody } from '../json-body.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { numericIdSchema, parseInput } from './admin.schema.ts';

const optionSchema = z.strictObject({ key: z.string().min(1).max(40).optional(), label: z.string().trim().min(1).max(MAX_OPTION_LABEL_CHARS) });
const editable = {
  label: z.string().trim().min(1).max(MAX_FIELD_LABEL_CHARS),
  options: z.array(optionSchema).max(MAX_OPTIONS),
  required: z.boolean(),
  position: z.number().int().min(0).max(10_000),
  archived: z.boolean(),
};

export const customFieldCreateSchema = z.strictObject({
  key: z.string().min(1).max(40),
  type: z.enum(CUSTOM_FIELD_TYPES),
  label: editable.label,
  options: editable.options.default([]),
  required: editable.required.default(false),
  position: editable.position.optional(),
  archived: editable.archived.default(false),
});

export const customFieldPatchSchema = z
  .strictObject({
    label: editable.label.optional(),
    options: editable.options.optional(),
    required: editable.required.optional(),
    position: editable.position.optional(),
    archived: editable.archived.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });

export function adminCustomFieldRoutes(options: { basePath: string; deps: CustomFieldAdminDeps }): Router<RequestState> {
  // Case-sensitive, so nothing under a differently cased path can slip past the gate in app.ts.
  const router = new Router<RequestState>({ sensitive: true });
  const { deps } = options;
  const collection = `${options.basePath}/custom-fields`;
  const fieldId = (ctx: Context): number => parseInput(numericIdSchema, ctx.params.id, 'id');

  router.get(collection, async (ctx) => {
    ctx.body = { items: await listCustomFields(deps) };
  });
  router.post(collection, async (ctx) => {
    const field = await createCustomField(deps, parseInput(customFieldCreateSchema, await readJsonBody(ctx)));
    ctx.status = 201;
    ctx.set('Location', `${collection}/${field.id}`);
    ctx.body = field;
  });
  router.get(`${collection}/:id`, async (ctx) => {
    ctx.body = await getCustomField(deps, fieldId(ctx));
  });
  // The audit row keeps the field as it was: an option relabelled or removed stays traceable.
  router.patch(`${collection}/:id`, async (ctx) => {
    const id = fieldId(ctx);
    const changes = parseInput(customFieldPatchSchema, await readJsonBody(ctx));
    const before = await getCustomField(deps, id);
    const after = await updateCustomField(deps, id, changes);
    ctx.state.auditChange = { before, after };
    ctx.body = after;
  });
  router.delete(`${collection}/:id`, async (ctx) => {
    const id = fieldId(ctx);
    const before = await getCustomField(deps, id);
    await deleteCustomField(deps, id);
    ctx.state.auditChange = { before };
    ctx.status = 204;
  });
  return router;
}
