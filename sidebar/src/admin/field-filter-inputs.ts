/**
 * The inputs a custom-field filter offers per defined field in the console's forms: text
 * contains (or equals, ticked), a number range, a date range, or any of the options. The
 * server's problems with the conditions name them by index, so they show under the
 * section's first input.
 */
import { call } from './api.ts';
import { inputName as name, type CustomFieldDefinition } from './field-conditions.ts';
import type { Field } from './form.ts';

/** The fields new filters may use (archived ones are hidden). */
export async function activeCustomFields(): Promise<CustomFieldDefinition[]> {
  return (await call<{ items: CustomFieldDefinition[] }>('GET', '/custom-fields')).items.filter((f) => !f.archived);
}

const DATE_HINT = 'YYYY-MM-DD';

/** The inputs filtering by `fields`, under one section; `apiName` is where the API puts condition problems. */
export function conditionInputs(fields: readonly CustomFieldDefinition[], apiName: string): Field[] {
  const inputs = fields.flatMap((f): Field[] => {
    switch (f.type) {
      case 'text':
        return [
          { name: name(f), label: `${f.label}：包含`, kind: 'text', maxLength: 500 },
          { name: name(f, '_exact'), label: `${f.label}：完全相同`, kind: 'checkbox' },
        ];
      case 'number':
        return [
          { name: name(f, '_min'), label: `${f.label}：不小于`, kind: 'number' },
          { name: name(f, '_max'), label: `${f.label}：不大于`, kind: 'number' },
        ];
      case 'date':
        return [
          { name: name(f, '_from'), label: `${f.label}：从`, kind: 'text', placeholder: DATE_HINT },
          { name: name(f, '_to'), label: `${f.label}：到`, kind: 'text', placeholder: DATE_HINT },
        ];
      default:
        return [{ name: name(f), label: `${f.label}（任一）`, kind: 'checks', options: f.options.map((o) => ({ value: o.key, label: o.label })) }];
    }
  });
  if (inputs[0]) inputs[0] = { ...inputs[0], section: '自定义字段（含两端）', apiName };
  return inputs;
}

