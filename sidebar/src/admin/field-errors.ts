/**
 * The admin API names every bad field in one message, "name: Too small…; attachments.0.msgtype:
 * Invalid input" (admin.schema.ts describeIssues), and the use cases follow the same
 * "field: problem" form. This splits such a message by the form's fields so each problem
 * shows next to its field; what names no field is shown for the whole form.
 */
export interface FieldErrors {
  /** Problems per field name; a nested path keeps its rest, e.g. "0.msgtype: Invalid input". */
  fields: Record<string, string[]>;
  form: string[];
}

/**
 * Field names may be dotted paths ("rules.stages"), for forms that edit nested objects
 * field by field: a problem goes to the longest name its path starts with, so
 * "rules.stages.0.day" lands on "rules.stages" and a bare "rules" only catches the rest.
 */
export function splitFieldErrors(message: string, fieldNames: readonly string[]): FieldErrors {
  const result: FieldErrors = { fields: {}, form: [] };
  const byLength = [...fieldNames].sort((a, b) => b.length - a.length);
  for (const part of message.split('; ')) {
    const match = /^([A-Za-z_$][\w$]*(?:\.[^\s:]+)?): (.*)$/s.exec(part);
    const path = match?.[1];
    const field = path === undefined ? undefined : byLength.find((name) => path === name || path.startsWith(`${name}.`));
    if (!match || path === undefined || field === undefined) {
      if (part.trim()) result.form.push(part);
      continue;
    }
    const rest = path === field ? match[2]! : `${path.slice(field.length + 1)}: ${match[2]}`;
    (result.fields[field] ??= []).push(rest);
  }
  return result;
}
