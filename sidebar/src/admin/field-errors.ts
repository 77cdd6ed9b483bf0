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

export function splitFieldErrors(message: string, fieldNames: readonly string[]): FieldErrors {
  const result: FieldErrors = { fields: {}, form: [] };
  for (const part of message.split('; ')) {
    const match = /^([A-Za-z_$][\w$]*)((?:\.[^\s:]+)?): (.*)$/s.exec(part);
    const field = match?.[1];
    if (!match || field === undefined || !fieldNames.includes(field)) {
      if (part.trim()) result.form.push(part);
      continue;
    }
    const rest = match[2] ? `${match[2].slice(1)}: ${match[3]}` : match[3]!;
    (result.fields[field] ??= []).push(rest);
  }
  return result;
}
