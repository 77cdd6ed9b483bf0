/**
 * Custom field administration: define, edit, archive and delete fields (input shaped by
 * the HTTP schema, the rules here and in the domain), and the check of filter conditions
 * the customer list and segments share.
 */
import {
  assignOptionKeys,
  conditionProblems,
  fieldDefinitionProblems,
  isChoice,
  type CustomField,
  type CustomFieldChanges,
  type CustomFieldCondition,
  type CustomFieldRepo,
  type CustomFieldType,
} from '../../domain/custom-fields/custom-field.ts';
import { AppError, NotFoundError, ValidationError } from '../../shared/errors.ts';

export interface CustomFieldAdminDeps {
  fields: CustomFieldRepo;
}

/** Options as the console sends them: existing ones with their key, new ones without. */
type OptionInput = { key?: string; label: string };

export interface CustomFieldInput {
  key: string;
  label: string;
  type: CustomFieldType;
  options: OptionInput[];
  required: boolean;
  position?: number;
  archived: boolean;
}

export type CustomFieldPatch = Omit<CustomFieldChanges, 'options'> & { options?: OptionInput[] };

function assertDefinition(field: Parameters<typeof fieldDefinitionProblems>[0]): void {
  const problems = fieldDefinitionProblems(field);
  if (problems.length > 0) throw new ValidationError(problems.join('; '));
}

async function getField(deps: CustomFieldAdminDeps, id: number): Promise<CustomField> {
  const field = await deps.fields.get(id);
  if (!field) throw new NotFoundError(`custom field ${id} does not exist`, 'custom_field_not_found');
  return field;
}

export const listCustomFields = (deps: CustomFieldAdminDeps): Promise<CustomField[]> => deps.fields.list();

export { getField as getCustomField };

/** New fields go last unless a position is given. @throws ConflictError when the key is taken */
export async function createCustomField(deps: CustomFieldAdminDeps, input: CustomFieldInput): Promise<CustomField> {
  const options = assignOptionKeys(input.options, []);
  const field = { ...input, options };
  assertDefinition(field);
  const position = input.position ?? Math.max(0, ...(await deps.fields.list()).map((f) => f.position + 1));
  return deps.fields.create({ ...field, position });
}

/**
 * Label, options, required, position, archived. An option may be relabelled freely
 * (values hold its key); one that customers hold cannot be removed (archive the field, or
 * keep the option) — its values would silently match nothing.
 */
export async function updateCustomField(deps: CustomFieldAdminDeps, id: number, patch: CustomFieldPatch): Promise<CustomField> {
  const current = await getField(deps, id);
  const { options, ...rest } = patch;
  const changes: CustomFieldChanges = { ...rest, ...(options ? { options: assignOptionKeys(options, current.options.map((o) => o.key)) } : {}) };
  if (changes.options && isChoice(current.type)) {
    const removed = current.options.filter((o) => !changes.options!.some((n) => n.key === o.key));
    const inUse = await deps.fields.optionUse(id, removed.map((o) => o.key));
    if (inUse.size > 0) {
      const names = removed.filter((o) => inUse.has(o.key)).map((o) => `${o.label} (${inUse.get(o.key)} customers)`);
      throw new ValidationError(`options: cannot remove options customers hold: ${names.join(', ')}`);
    }
  }
  assertDefinition({ ...current, ...changes });
  const updated = await deps.fields.update(id, changes);
  if (!updated) throw new NotFoundError(`custom field ${id} does not exist`, 'custom_field_not_found');
  return updated;
}

/** Deleting drops every value, so only an archived field can be deleted (409 otherwise). */
export async function deleteCustomField(deps: CustomFieldAdminDeps, id: number): Promise<void> {
  const field = await getField(deps, id);
  if (!field.archived) throw new AppError('custom_field_not_archived', 'archive the field first: deleting it removes every customer value', { status: 409 });
  await deps.fields.remove(id);
}

/**
 * Throws a ValidationError naming every condition that does not fit the defined fields.
 * @param prefix - how the conditions are named in the message, e.g. `definition.customFields`
 */
export async function assertFieldConditions(deps: { fields?: Pick<CustomFieldRepo, 'list'> }, conditions: readonly CustomFieldCondition[] | undefined, prefix: string): Promise<void> {
  if (!conditions || conditions.length === 0) return;
  if (!deps.fields) throw new ValidationError(`${prefix}: custom fields are not available here`);
  const problems = conditionProblems(conditions, await deps.fields.list(), prefix);
  if (problems.length > 0) throw new ValidationError(problems.join('; '));
}
