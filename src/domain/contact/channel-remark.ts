/**
 * The remark and description a channel gives each new customer (externalcontact/remark),
 * from the channel's templates: {customer} the customer's nickname, {channel} the
 * channel's name, {date} the local date of the add (YYYY-MM-DD), {salesperson} the
 * salesperson's userid. WeCom keeps 20 characters of a remark and 150 of a description;
 * the adapter clips.
 */
import type { Channel } from './channel.ts';

export const REMARK_VARIABLES = ['customer', 'channel', 'date', 'salesperson'] as const;
export type RemarkVariable = (typeof REMARK_VARIABLES)[number];

const PLACEHOLDER = /\{([^{}\s]*)\}/g;

/** Placeholders in `template` that are not variables, e.g. ["{name}"]. */
export function unknownRemarkVariables(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].filter((m) => !(REMARK_VARIABLES as readonly string[]).includes(m[1]!)).map((m) => m[0]);
}

function fill(template: string, values: Record<RemarkVariable, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => ((REMARK_VARIABLES as readonly string[]).includes(name) ? values[name as RemarkVariable] : whole)).trim();
}

/**
 * What to send, or null when the channel has no template (or both render empty: WeCom
 * refuses a remark call with nothing in it).
 */
export function renderChannelRemark(
  channel: Pick<Channel, 'name' | 'remarkTemplate' | 'descriptionTemplate'>,
  values: { customer?: string; date: string; salesperson: string },
): { remark?: string; description?: string } | null {
  const all = { customer: values.customer ?? '', channel: channel.name, date: values.date, salesperson: values.salesperson };
  const remark = channel.remarkTemplate ? fill(channel.remarkTemplate, all) : '';
  const description = channel.descriptionTemplate ? fill(channel.descriptionTemplate, all) : '';
  if (!remark && !description) return null;
  return { ...(remark ? { remark } : {}), ...(description ? { description } : {}) };
}
