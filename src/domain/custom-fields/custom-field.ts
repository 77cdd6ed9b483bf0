/**
 * Custom profile fields (自定义字段): admins define them, salespeople fill them in from the
 * sidebar, and the customer list and segments filter on them. Pure: the definitions, the
 * checks of a definition and of a value per type, and the filter conditions.
 *
 * Choice fields store their options' keys, never the labels, so renaming an option keeps
 * every value; option keys are given once (by the admin or {@link assignOptionKeys}) and
 * never change. A field's key and type are fixed at creation: values are stored per type.
 */

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'single', 'multi'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export interface CustomFieldOption {
  /** Stable id of the option: what values store. */
  key: string;
  label: string;
}

export interface CustomField {
  id: number;
  /** Stable machine name (`industry`), used by the sidebar API and filters. */
  key: string;
  label: string;
  type: CustomFieldType;
  /** Only for `single` and `multi`; empty otherwise. */
  options: CustomFieldOption[];
  /** A required field cannot be cleared from the sidebar (customers without a value yet still show empty). */
  required: boolean;
  /** Display order, ascending; ties by id. */
  position: number;
  /** Hidden from the sidebar and new filters; values are kept. */
  archived: boolean;
}

export type NewCustomField = Omit<CustomField, 'id'>;

/** A field's value: text, number, date (YYYY-MM-DD), one option key, or a set of option keys. */
export type CustomFieldValue = string | number | string[];

export const MAX_FIELD_KEY_CHARS = 40;
export const MAX_FIELD_LABEL_CHARS = 50;
export const MAX_OPTIONS = 50;
export const MAX_OPTION_LABEL_CHARS = 50;
export const MAX_TEXT_VALUE_CHARS = 500;
/** Numbers beyond this lose integer precision in a double. */
export const MAX_ABS_NUMBER = 1e15;
/** Conditions one filter (customer list or segment) may hold. */
export const MAX_FIELD_CONDITIONS = 10;

const FIELD_KEY = /^[a-z][a-z0-9_]*$/;
const OPTION_KEY = /^[A-Za-z0-9_-]{1,40}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isChoice = (type: CustomFieldType): boolean => type === 'single' || type === 'multi';

/** Whether `text` is a real calendar day written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

const repeats = (values: readonly string[]) => [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];

/** What is wrong with a definition, "field: reason" each; empty when it can be saved. */
export function fieldDefinitionProblems(field: Pick<NewCustomField, 'key' | 'label' | 'type' | 'options'>): string[] {
  const problems: string[] = [];
  if (!FIELD_KEY.test(field.key) || field.key.length > MAX_FIELD_KEY_CHARS) {
    problems.push(`key: must start with a lowercase letter and hold only a-z, 0-9 and _ (at most ${MAX_FIELD_KEY_CHARS})`);
  }
  if (field.label.trim().length === 0 || field.label.length > MAX_FIELD_LABEL_CHARS) problems.push(`label: must be 1 to ${MAX_FIELD_LABEL_CHARS} characters`);
  if (!isChoice(field.type)) {
    if (field.options.length > 0) problems.push(`options: only single and multi choice fields have options`);
    return problems;
  }
  if (field.options.length === 0 || field.options.length > MAX_OPTIONS) problems.push(`options: give 1 to ${MAX_OPTIONS} options`);
  field.options.forEach((option, i) => {
    if (!OPTION_KEY.test(option.key)) problems.push(`options.${i}.key: must be 1 to 40 of A-Z, a-z, 0-9, _ and -`);
    if (option.label.trim().length === 0 || option.label.length > MAX_OPTION_LABEL_CHARS) problems.push(`options.${i}.label: must be 1 to ${MAX_OPTION_LABEL_CHARS} characters`);
  });
  const sameKeys = repeats(field.options.map((o) => o.key));
  if (sameKeys.length > 0) problems.push(`options: keys must not repeat (${sameKeys.join(', ')})`);
  const sameLabels = repeats(field.options.map((o) => o.label.trim()));
  if (sameLabels.length > 0) problems.push(`options: labels must not repeat (${sameLabels.join(', ')})`);
  return problems;
}

/**
 * Options as the admin sent them (new ones without a key) with a key each: existing keys
 * are kept, new options get `o<n>` above every `o<n>` already used, so a key removed and
 * a new option added never share a key (old values cannot reappear under a new label).
 */
export function assignOptionKeys(options: readonly { key?: string; label: string }[], used: readonly string[]): CustomFieldOption[] {
  const numbered = [...used, ...options.map((o) => o.key ?? '')].map((key) => /^o(\d+)$/.exec(key)?.[1]).filter((n) => n !== undefined);
  let next = Math.max(0, ...numbered.map(Number)) + 1;
  return options.map((option) => ({ key: option.key ?? `o${next++}`, label: option.label.trim() }));
}

export type ValueCheck = { ok: true; value: CustomFieldValue | null } | { ok: false; problem: string };

const fail = (field: CustomField, reason: string): ValueCheck => ({ ok: false, problem: `${field.key}: ${reason}` });

/**
 * A raw value from the sidebar checked and normalised for `field`: text trimmed, numbers
 * parsed from numbers or numeric strings, dates as real YYYY-MM-DD days, single choice
 * one option key, multi choice a set of option keys (order of the field's options).
 * `null`, `''` and `[]` clear the value — refused when the field is required.
 */
export function checkFieldValue(field: CustomField, raw: unknown): ValueCheck {
  const empty = raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0);
  if (empty) return field.required ? fail(field, 'is required and cannot be cleared') : { ok: true, value: null };
  const optionKeys = field.options.map((o) => o.key);
  const unknownOption = (key: unknown) => typeof key !== 'string' || !optionKeys.includes(key);
  switch (field.type) {
    case 'text': {
      if (typeof raw !== 'string') return fail(field, 'must be text');
      const text = raw.trim();
      return text.length > MAX_TEXT_VALUE_CHARS ? fail(field, `must be at most ${MAX_TEXT_VALUE_CHARS} characters`) : { ok: true, value: text };
    }
    case 'number': {
      const number = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isFinite(number)) return fail(field, 'must be a number, e.g. 12 or -3.5');
      return Math.abs(number) > MAX_ABS_NUMBER ? fail(field, `must be between -${MAX_ABS_NUMBER} and ${MAX_ABS_NUMBER}`) : { ok: true, value: number };
    }
    case 'date':
      return typeof raw === 'string' && isCalendarDate(raw.trim()) ? { ok: true, value: raw.trim() } : fail(field, 'must be a date as YYYY-MM-DD');
    case 'single':
      return unknownOption(raw) ? fail(field, `must be one of the options ${optionKeys.join(', ')}`) : { ok: true, value: raw as string };
    case 'multi': {
      if (!Array.isArray(raw)) return fail(field, 'must be a list of option keys');
      const unknown = raw.filter(unknownOption);
      if (unknown.length > 0) return fail(field, `unknown options ${unknown.map(String).join(', ')} (allowed: ${optionKeys.join(', ')})`);
      return { ok: true, value: optionKeys.filter((key) => raw.includes(key)) };
    }
  }
}

/**
 * A filter on one field, by its key. Ranges include both ends; a missing end is open.
 * Customers without a value for the field never match.
 */
export type CustomFieldCondition =
  /** Text: exactly this text. */
  | { field: string; op: 'equals'; text: string }
  /** Text: contains this text, ignoring ASCII case. */
  | { field: string; op: 'contains'; text: string }
  | { field: string; op: 'numberRange'; min?: number; max?: number }
  /** Date fields: YYYY-MM-DD. */
  | { field: string; op: 'dateRange'; from?: string; to?: string }
  /** Single or multi choice: has any of these options. */
  | { field: string; op: 'anyOf'; options: string[] };

export type ConditionOp = CustomFieldCondition['op'];

/** Which operators each type takes. */
export const OPS_BY_TYPE: Record<CustomFieldType, readonly ConditionOp[]> = {
  text: ['equals', 'contains'],
  number: ['numberRange'],
  date: ['dateRange'],
  single: ['anyOf'],
  multi: ['anyOf'],
};

function conditionProblem(condition: CustomFieldCondition, field: CustomField | undefined): string | undefined {
  if (!field) return `unknown field ${condition.field}`;
  if (!OPS_BY_TYPE[field.type].includes(condition.op)) return `${condition.op} does not apply to a ${field.type} field (use ${OPS_BY_TYPE[field.type].join(' or ')})`;
  switch (condition.op) {
    case 'equals':
    case 'contains':
      return condition.text.length === 0 || condition.text.length > MAX_TEXT_VALUE_CHARS ? `text: must be 1 to ${MAX_TEXT_VALUE_CHARS} characters` : undefined;
    case 'numberRange':
      if (condition.min === undefined && condition.max === undefined) return 'give min, max or both';
      return condition.min !== undefined && condition.max !== undefined && condition.min > condition.max ? 'min must not be above max' : undefined;
    case 'dateRange':
      if (condition.from === undefined && condition.to === undefined) return 'give from, to or both';
      if ([condition.from, condition.to].some((d) => d !== undefined && !isCalendarDate(d))) return 'from and to must be dates as YYYY-MM-DD';
      return condition.from !== undefined && condition.to !== undefined && condition.from > condition.to ? 'from must not be after to' : undefined;
    case 'anyOf': {
      if (condition.options.length === 0) return 'options: name at least one option';
      const unknown = condition.options.filter((key) => !field.options.some((o) => o.key === key));
      return unknown.length > 0 ? `options: unknown options ${unknown.join(', ')}` : undefined;
    }
  }
}

/**
 * What is wrong with a list of conditions against the defined fields (archived ones
 * included: a saved segment keeps working after its field is archived), "<prefix>.<i>: reason".
 */
export function conditionProblems(conditions: readonly CustomFieldCondition[], fields: readonly CustomField[], prefix: string): string[] {
  if (conditions.length > MAX_FIELD_CONDITIONS) return [`${prefix}: at most ${MAX_FIELD_CONDITIONS} conditions`];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  return conditions.flatMap((condition, i) => {
    const problem = conditionProblem(condition, byKey.get(condition.field));
    return problem === undefined ? [] : [`${prefix}.${i}: ${problem}`];
  });
}

/** Fields in display order. */
export const byPosition = (a: CustomField, b: CustomField): number => a.position - b.position || a.id - b.id;

/** Changes an admin may make to a field: everything but its key and type. */
export type CustomFieldChanges = Partial<Omit<NewCustomField, 'key' | 'type'>>;

/** The field definitions (ports live here while domain/ports.ts is being reshaped; same rules). */
export interface CustomFieldRepo {
  /** Every field, archived ones included, in display order. */
  list(): Promise<CustomField[]>;
  get(id: number): Promise<CustomField | null>;
  /** @throws ConflictError when the key is taken */
  create(field: NewCustomField): Promise<CustomField>;
  /** `null` when there is no such field. */
  update(id: number, changes: CustomFieldChanges): Promise<CustomField | null>;
  /** Removes the field and every value of it; `false` when there was no such field. */
  remove(id: number): Promise<boolean>;
  /** How many customers hold each of these option keys of the field (keys held by none are absent). */
  optionUse(fieldId: number, optionKeys: readonly string[]): Promise<Map<string, number>>;
}

/** One customer's field values. */
export interface CustomFieldValueStore {
  /** Values by field id; fields without a value are absent. */
  valuesOf(externalUserId: string, fields: readonly CustomField[]): Promise<Map<number, CustomFieldValue>>;
  /** Replaces these fields' values (`null` clears) in one transaction. */
  save(externalUserId: string, values: readonly { field: CustomField; value: CustomFieldValue | null }[], by: string, at: number): Promise<void>;
}
