/**
 * Custom profile fields as filters in the console's forms (客户列表, 人群): the mapping
 * between the inputs of field-filter-inputs.ts and the API's conditions `{ field, op, … }`
 * (kept free of the DOM so it can be unit tested). Blank inputs are no condition.
 */
type Values = Record<string, unknown>;

export interface CustomFieldDefinition {
  id: number;
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'single' | 'multi';
  options: { key: string; label: string }[];
  required: boolean;
  position: number;
  archived: boolean;
}

export type FieldCondition =
  | { field: string; op: 'equals' | 'contains'; text: string }
  | { field: string; op: 'numberRange'; min?: number; max?: number }
  | { field: string; op: 'dateRange'; from?: string; to?: string }
  | { field: string; op: 'anyOf'; options: string[] };

export const TYPE_LABELS: Record<CustomFieldDefinition['type'], string> = { text: '文本', number: '数字', date: '日期', single: '单选', multi: '多选' };

/** The form input's name for a field (and a part of it, e.g. `_min`). */
export const inputName = (f: Pick<CustomFieldDefinition, 'key'>, part = '') => `cf_${f.key}${part}`;
const name = inputName;

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** The conditions the inputs describe, in field order; none for blank inputs. */
export function conditionsOf(values: Values, fields: readonly CustomFieldDefinition[]): FieldCondition[] {
  return fields.flatMap((f): FieldCondition[] => {
    if (f.type === 'text') {
      const t = text(values[name(f)]);
      return t === undefined ? [] : [{ field: f.key, op: values[name(f, '_exact')] === true ? 'equals' : 'contains', text: t }];
    }
    if (f.type === 'number') {
      const [min, max] = [number(values[name(f, '_min')]), number(values[name(f, '_max')])];
      return min === undefined && max === undefined ? [] : [{ field: f.key, op: 'numberRange', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) }];
    }
    if (f.type === 'date') {
      const [from, to] = [text(values[name(f, '_from')]), text(values[name(f, '_to')])];
      return from === undefined && to === undefined ? [] : [{ field: f.key, op: 'dateRange', ...(from ? { from } : {}), ...(to ? { to } : {}) }];
    }
    const options = Array.isArray(values[name(f)]) ? (values[name(f)] as string[]) : [];
    return options.length === 0 ? [] : [{ field: f.key, op: 'anyOf', options }];
  });
}

/** The inputs' values for saved conditions (fields no longer defined are dropped). */
export function valuesOfConditions(conditions: readonly FieldCondition[] | undefined, fields: readonly CustomFieldDefinition[]): Values {
  const values: Values = {};
  for (const c of conditions ?? []) {
    const f = fields.find((field) => field.key === c.field);
    if (!f) continue;
    if ('text' in c) Object.assign(values, { [name(f)]: c.text, [name(f, '_exact')]: c.op === 'equals' });
    else if (c.op === 'numberRange') Object.assign(values, { [name(f, '_min')]: c.min, [name(f, '_max')]: c.max });
    else if (c.op === 'dateRange') Object.assign(values, { [name(f, '_from')]: c.from, [name(f, '_to')]: c.to });
    else values[name(f)] = c.options;
  }
  return values;
}
