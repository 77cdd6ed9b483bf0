/**
 * Custom profile fields in the sidebar: the active fields with the customer's values, and
 * the salesperson's edits. Like every sidebar write, an edit needs a customer the
 * salesperson serves (the HTTP layer audits it, with the values before and after); a bad
 * value changes nothing (all fields are checked before any is stored, and they are stored
 * in one transaction).
 */
import { byPosition, checkFieldValue, type CustomField, type CustomFieldRepo, type CustomFieldValue, type CustomFieldValueStore } from '../../domain/custom-fields/custom-field.ts';
import { nowSeconds, type Clock } from '../../shared/clock.ts';
import { ValidationError } from '../../shared/errors.ts';
import type { Actor } from './customer-actions.ts';
import { servedProfile, type SidebarReadDeps } from './customer-view.ts';

export interface CustomFieldValueDeps extends Pick<SidebarReadDeps, 'customers'> {
  fields: Pick<CustomFieldRepo, 'list'>;
  values: CustomFieldValueStore;
  clock: Clock;
}

/** One field as the sidebar shows and edits it. */
export interface SidebarField extends Pick<CustomField, 'key' | 'label' | 'type' | 'options' | 'required'> {
  /** `null` when the customer has none. */
  value: CustomFieldValue | null;
}

/** Most fields one save may change. */
export const MAX_FIELDS_PER_SAVE = 100;

async function fieldsWithValues(deps: Pick<CustomFieldValueDeps, 'fields' | 'values'>, externalUserId: string): Promise<SidebarField[]> {
  const fields = (await deps.fields.list()).filter((f) => !f.archived).sort(byPosition);
  const values = await deps.values.valuesOf(externalUserId, fields);
  return fields.map((f) => ({ key: f.key, label: f.label, type: f.type, options: f.options, required: f.required, value: values.get(f.id) ?? null }));
}

/** The active fields in display order with this customer's values; 403 unless `userId` serves them. */
export async function sidebarFields(deps: Omit<CustomFieldValueDeps, 'clock'>, userId: string, externalUserId: string): Promise<{ fields: SidebarField[] }> {
  await servedProfile(deps, userId, externalUserId);
  return { fields: await fieldsWithValues(deps, externalUserId) };
}

type ValuesByKey = Record<string, CustomFieldValue | null>;

/**
 * Sets the given fields (by key; `null`, `''` or `[]` clears one) and returns every field
 * with its value, and the changed fields' values before and after (for the audit row).
 * Fields not named are left as they are.
 * @throws ValidationError naming every unknown, archived or invalid field; nothing is stored then
 */
export async function saveFieldValues(
  deps: CustomFieldValueDeps,
  actor: Actor,
  externalUserId: string,
  raw: Record<string, unknown>,
): Promise<{ fields: SidebarField[]; before: ValuesByKey; after: ValuesByKey }> {
  await servedProfile(deps, actor.userId, externalUserId);
  const active = new Map((await deps.fields.list()).filter((f) => !f.archived).map((f) => [f.key, f]));
  const problems: string[] = [];
  const changes: { field: CustomField; value: CustomFieldValue | null }[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const field = active.get(key);
    if (!field) {
      problems.push(`${key}: no such field`);
      continue;
    }
    const checked = checkFieldValue(field, value);
    if (checked.ok) changes.push({ field, value: checked.value });
    else problems.push(checked.problem);
  }
  if (problems.length > 0) throw new ValidationError(problems.map((p) => `values.${p}`).join('; '));
  const previous = await deps.values.valuesOf(externalUserId, changes.map((c) => c.field));
  await deps.values.save(externalUserId, changes, actor.userId, nowSeconds(deps.clock));
  return {
    fields: await fieldsWithValues(deps, externalUserId),
    before: Object.fromEntries(changes.map(({ field }) => [field.key, previous.get(field.id) ?? null])),
    after: Object.fromEntries(changes.map(({ field, value }) => [field.key, value])),
  };
}
