/**
 * zod schemas of the admin API's input, and `parseInput`, which turns zod's issues into
 * one ValidationError (400, `invalid_input`) whose message names every bad field, e.g.
 * "name: Too small: expected string to have >=1 characters; attachments.0.msgtype: …".
 * Objects are strict: an unknown or misspelt field is refused rather than ignored.
 */
import { z } from 'zod';
import { MAX_CUSTOMER_PAGE } from '../../app/admin/customers.ts';
import { MAX_FIELD_CONDITIONS, MAX_OPTIONS, MAX_TEXT_VALUE_CHARS } from '../../domain/custom-fields/custom-field.ts';
import type { WelcomeFlowChanges } from '../../app/admin/welcome-flows.ts';
import { MAX_WELCOME_ATTACHMENTS, MAX_WELCOME_TEXT_BYTES } from '../../domain/welcome/welcome-flow.ts';
import { ValidationError } from '../../shared/errors.ts';

/** Page size of the customer list when none is asked for. */
export const DEFAULT_CUSTOMER_PAGE = 50;
/** Flow ids are PostgreSQL `integer`s: larger numbers cannot name a flow. */
const MAX_INT4 = 2_147_483_647;
/** WeCom's limit on a channel code's `state` (contact_way). */
const MAX_STATE_CHARS = 30;
/** Issues listed in one message; a body with hundreds of errors must not echo them all. */
const MAX_LISTED_ISSUES = 10;
/** Date-only bounds are days in China (UTC+8, no DST), like the welcome variants' times. */
const CHINA_OFFSET_SEC = 8 * 3600;

/** A text limited in UTF-8 bytes, as WeCom counts: 4000 bytes is about 1333 Chinese characters. */
export const utf8Text = (maxBytes: number) =>
  z
    .string()
    .min(1)
    .refine((text) => Buffer.byteLength(text, 'utf8') <= maxBytes, { message: `Too big: must be at most ${maxBytes} UTF-8 bytes` });

const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);

/** One attachment as send_welcome_msg and add_msg_template take it (PROTOCOL §4.3). */
export const attachmentSchema = z.discriminatedUnion('msgtype', [
  z.strictObject({
    msgtype: z.literal('image'),
    image: z
      .strictObject({ media_id: z.string().min(1).optional(), pic_url: httpUrl.optional() })
      .refine((image) => image.media_id !== undefined || image.pic_url !== undefined, { message: 'media_id or pic_url is required' }),
  }),
  z.strictObject({
    msgtype: z.literal('link'),
    link: z.strictObject({ title: z.string().min(1).max(128), picurl: httpUrl.optional(), desc: z.string().max(512).optional(), url: httpUrl }),
  }),
  z.strictObject({
    msgtype: z.literal('miniprogram'),
    miniprogram: z.strictObject({
      title: z.string().min(1).max(64),
      pic_media_id: z.string().min(1),
      appid: z.string().min(1),
      page: z.string().min(1),
    }),
  }),
]);

export const hhmmSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM (00:00 to 23:59)' });

const variantSchema = z
  .strictObject({ from: hhmmSchema, to: hhmmSchema, text: utf8Text(MAX_WELCOME_TEXT_BYTES) })
  .refine((variant) => variant.from !== variant.to, { message: 'from and to must differ', path: ['to'] });

const flowFields = {
  name: z.string().trim().min(1).max(100),
  text: utf8Text(MAX_WELCOME_TEXT_BYTES),
  isDefault: z.boolean(),
  enabled: z.boolean(),
  channelState: z.string().min(1).max(MAX_STATE_CHARS),
  userIds: z.array(z.string().min(1).max(64)).max(1000),
  attachments: z.array(attachmentSchema).max(MAX_WELCOME_ATTACHMENTS),
  variants: z.array(variantSchema).max(24),
};

/** POST /api/admin/welcome-flows: `{ name, text }` at least; the rest has defaults. */
export const welcomeFlowCreateSchema = z.strictObject({
  name: flowFields.name,
  text: flowFields.text,
  isDefault: flowFields.isDefault.default(false),
  enabled: flowFields.enabled.default(true),
  channelState: flowFields.channelState.optional(),
  userIds: flowFields.userIds.default([]),
  attachments: flowFields.attachments.default([]),
  variants: flowFields.variants.default([]),
});

/**
 * PATCH /api/admin/welcome-flows/:id: any of the fields, at least one. `channelState:
 * null` clears the channel; the output then holds the key with `undefined`, which the
 * repository reads as "clear" (WelcomeFlowRepo.update).
 */
export const welcomeFlowPatchSchema = z
  .strictObject({
    name: flowFields.name.optional(),
    text: flowFields.text.optional(),
    isDefault: flowFields.isDefault.optional(),
    enabled: flowFields.enabled.optional(),
    channelState: flowFields.channelState.nullable().optional(),
    userIds: flowFields.userIds.optional(),
    attachments: flowFields.attachments.optional(),
    variants: flowFields.variants.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' })
  .transform(({ channelState, ...rest }): WelcomeFlowChanges =>
    channelState === null ? { ...rest, channelState: undefined } : channelState === undefined ? rest : { ...rest, channelState },
  );

/** `:id` of a row (welcome flow, channel): a positive integer that fits the id column. */
export const numericIdSchema = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, { message: 'must be a positive integer' })
  .transform(Number)
  .refine((id) => id <= MAX_INT4, { message: 'must be a positive integer' });

/** `:externalUserId` of a customer. */
export const externalUserIdSchema = z.string().min(1).max(128);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Whether y-m-d is a real calendar day (Date.parse rolls 2024-02-30 over to March). */
function realDay(match: RegExpExecArray): number | undefined {
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d ? day.getTime() / 1000 : undefined;
}

/**
 * A time bound in unix seconds, from unix seconds, an ISO date-time with a zone, or an
 * ISO date. A date alone is a whole day in China: as `from` its first second, as `to`
 * its last, so `addedFrom=2024-06-01&addedTo=2024-06-30` is all of June.
 */
export function timeBound(edge: 'from' | 'to') {
  return z.string().transform((value, ctx) => {
    if (/^\d{1,10}$/.test(value)) return Number(value);
    const date = DATE.exec(value);
    const dateTime = date ? null : DATE_TIME.exec(value);
    const day = date ? realDay(date) : dateTime ? realDay(dateTime) : undefined;
    const parsed = dateTime ? Date.parse(value) : NaN;
    if (date && day !== undefined) return day - CHINA_OFFSET_SEC + (edge === 'to' ? 86_399 : 0);
    if (dateTime && day !== undefined && !Number.isNaN(parsed)) return Math.floor(parsed / 1000);
    ctx.addIssue({ code: 'custom', message: 'must be unix seconds, YYYY-MM-DD or an ISO date-time with a zone' });
    return z.NEVER;
  });
}

const fieldKey = z.string().min(1).max(40);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be YYYY-MM-DD' });

/** One custom-field condition (the domain checks it against the defined fields). */
export const customFieldConditionSchema = z.discriminatedUnion('op', [
  z.strictObject({ field: fieldKey, op: z.enum(['equals', 'contains']), text: z.string().min(1).max(MAX_TEXT_VALUE_CHARS) }),
  z.strictObject({ field: fieldKey, op: z.literal('numberRange'), min: z.number().finite().optional(), max: z.number().finite().optional() }),
  z.strictObject({ field: fieldKey, op: z.literal('dateRange'), from: isoDate.optional(), to: isoDate.optional() }),
  z.strictObject({ field: fieldKey, op: z.literal('anyOf'), options: z.array(z.string().min(1).max(40)).min(1).max(MAX_OPTIONS) }),
]);
export const customFieldConditionsSchema = z.array(customFieldConditionSchema).min(1).max(MAX_FIELD_CONDITIONS);

/** Query values: an empty form field means "no filter", not "match the empty string". */
const optionalFilter = (schema: z.ZodType<string>) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** GET /api/admin/customers query. */
export const customerListQuerySchema = z
  .strictObject({
    tag: optionalFilter(z.string().max(128)),
    userId: optionalFilter(z.string().max(64)),
    channel: optionalFilter(z.string().max(MAX_STATE_CHARS)),
    addedFrom: z.preprocess((v) => (v === '' ? undefined : v), timeBound('from').optional()),
    addedTo: z.preprocess((v) => (v === '' ? undefined : v), timeBound('to').optional()),
    limit: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(MAX_CUSTOMER_PAGE).default(DEFAULT_CUSTOMER_PAGE)),
    cursor: optionalFilter(z.string().max(256)),
    /** Custom-field conditions as JSON text, e.g. `[{"field":"industry","op":"anyOf","options":["o1"]}]`. */
    fields: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(8_000).transform(parseJson).pipe(customFieldConditionsSchema).optional()),
  })
  .refine((q) => q.addedFrom === undefined || q.addedTo === undefined || q.addedFrom <= q.addedTo, {
    message: 'must not be after addedTo',
    path: ['addedFrom'],
  });

/** Validated create input; assignable to NewWelcomeFlow. */
export type WelcomeFlowCreateInput = z.output<typeof welcomeFlowCreateSchema>;
/** Validated PATCH input; assignable to Partial<NewWelcomeFlow>. */
export type WelcomeFlowPatchInput = z.output<typeof welcomeFlowPatchSchema>;
/** Validated customer list query. */
export type CustomerListQuery = z.output<typeof customerListQuerySchema>;

/** JSON text as its value; text that is not JSON stays text, so the schema after it names the problem. */
function parseJson(text: unknown): unknown {
  try {
    return JSON.parse(String(text));
  } catch {
    return text;
  }
}

const pathOf = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/** "field.path: message" per issue; unknown keys are named one by one. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], subject = '(body)'): string {
  const parts = issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => `${pathOf([...issue.path, key])}: unknown field`)
      : [`${pathOf(issue.path) || subject}: ${issue.message}`],
  );
  const more = parts.length > MAX_LISTED_ISSUES ? [`… and ${parts.length - MAX_LISTED_ISSUES} more`] : [];
  return [...parts.slice(0, MAX_LISTED_ISSUES), ...more].join('; ');
}

/**
 * Validates `value`; throws a ValidationError naming every bad field. The cause is not
 * attached: zod's issues may quote the input, which can hold anything the client sent.
 * @param subject - how a problem with the whole value is named, e.g. "(body)" or "(query)"
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, subject = '(body)'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(describeIssues(result.error.issues, subject));
  return result.data;
}
