/**
 * Segments (人群 / 人群包): saved filters over the customers salespeople serve, evaluated
 * to a member list for previews, CSV exports and recall campaigns. Pure: the filters, their
 * checks, and their translation into the time and money bounds a query compares with.
 *
 * Who is a member: a customer with an *active* relation to a salesperson on which the
 * relation filters (tags, channel, salesperson) all hold, and on whom the customer filters
 * (stage, layer, last contact, last order, spend, high value) hold. A customer without
 * orders has spend 0, layer `low`, no last order and is not high-value; one without a
 * stored stage matches no stage filter.
 *
 * Ranges:
 * - days (`lastContact`, `lastOrder`): whole days elapsed since the event, floor((now − t)
 *   / 86 400), with `minDays` and `maxDays` both included: `{ minDays: 30 }` is "30 days or
 *   more ago", `{ maxDays: 0 }` is "within the last 24 h". Customers with no such event
 *   match only when `includeNever` is set.
 * - money (`spend` cumulative, `annualSpend` last 365 days), in yuan: `min` included, `max`
 *   excluded, so [0, 1000), [1000, 5000), [5000, …) split customers without overlap.
 */
import { LIFECYCLE_STAGES, type LifecycleStage } from '../value/lifecycle.ts';
import type { ValueLayer } from '../value/customer-value.ts';
import type { CustomFieldCondition } from '../custom-fields/custom-field.ts';

export const VALUE_LAYERS: readonly ValueLayer[] = ['high', 'mid', 'low'];

export interface DayRange {
  minDays?: number;
  maxDays?: number;
  /** Whether customers who never had the event (never wrote, never ordered) match too. */
  includeNever?: boolean;
}

/** Yuan: `min` included, `max` excluded. */
export interface SpendRange {
  min?: number;
  max?: number;
}

export interface SegmentDefinition {
  /** Corp tag ids on the serving relation: any of them, or all of them. */
  tags?: { match: 'any' | 'all'; tagIds: string[] };
  stages?: LifecycleStage[];
  layers?: ValueLayer[];
  /** Channel code `state`s the relation came through. */
  channels?: string[];
  /** Serving salespeople (userids). */
  userIds?: string[];
  /** Days since the customer's last inbound message. */
  lastContact?: DayRange;
  /** Days since the customer's last order. */
  lastOrder?: DayRange;
  spend?: SpendRange;
  annualSpend?: SpendRange;
  /** The 1:1-only flag (cumulative spend at or above the threshold). */
  highValue?: boolean;
  /** Custom profile fields, all must hold (checked against the defined fields by the use case). */
  customFields?: CustomFieldCondition[];
}

export interface Segment {
  id: number;
  name: string;
  definition: SegmentDefinition;
  createdAt: Date;
  updatedAt: Date;
}

export type NewSegment = Pick<Segment, 'name' | 'definition'>;

/** One member as previews, exports and recalls see them. */
export interface SegmentMember {
  externalUserId: string;
  name: string | null;
  /** Salespeople serving the customer on a matching relation, in userid order; the first sends recalls. */
  userIds: string[];
  stage: LifecycleStage | null;
  layer: ValueLayer;
  totalSpendFen: number;
  highValue: boolean;
}

/** Most values one list filter takes. */
export const MAX_FILTER_VALUES = 200;
/** A hundred years: longer ranges are typos. */
export const MAX_DAYS = 36_500;
/** Yuan; larger spends are typos. */
export const MAX_SPEND_YUAN = 100_000_000;

const DAY = 86_400;
/** Largest value of a PostgreSQL `integer` column: "no upper bound" for unix seconds. */
const MAX_INT4 = 2_147_483_647;

const unique = (values: readonly string[]) => new Set(values).size === values.length;

function listProblems(field: string, values: readonly string[] | undefined, allowed?: readonly string[]): string[] {
  if (values === undefined) return [];
  if (values.length === 0) return [`${field}: must name at least one value (leave the filter out to match all)`];
  if (values.length > MAX_FILTER_VALUES) return [`${field}: at most ${MAX_FILTER_VALUES} values`];
  const problems: string[] = [];
  if (values.some((v) => v.length === 0)) problems.push(`${field}: values must not be empty`);
  if (!unique(values)) problems.push(`${field}: values must not repeat`);
  const unknown = allowed ? values.filter((v) => !allowed.includes(v)) : [];
  if (unknown.length > 0) problems.push(`${field}: unknown values ${unknown.join(', ')} (allowed: ${allowed!.join(', ')})`);
  return problems;
}

function dayProblems(field: string, range: DayRange | undefined): string[] {
  if (range === undefined) return [];
  const problems: string[] = [];
  for (const key of ['minDays', 'maxDays'] as const) {
    const value = range[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= MAX_DAYS)) problems.push(`${field}.${key}: must be a whole number of days from 0 to ${MAX_DAYS}`);
  }
  if (problems.length > 0) return problems;
  if (range.minDays === undefined && range.maxDays === undefined && !range.includeNever) return [`${field}: give minDays, maxDays or both`];
  if (range.minDays !== undefined && range.maxDays !== undefined && range.minDays > range.maxDays) return [`${field}: minDays must not be above maxDays`];
  return [];
}

function spendProblems(field: string, range: SpendRange | undefined): string[] {
  if (range === undefined) return [];
  const problems: string[] = [];
  for (const key of ['min', 'max'] as const) {
    const value = range[key];
    // Fen are whole: 0.015 yuan cannot be compared exactly.
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= MAX_SPEND_YUAN && Math.abs(value * 100 - Math.round(value * 100)) < 1e-6)) {
      problems.push(`${field}.${key}: must be yuan from 0 to ${MAX_SPEND_YUAN} with at most 2 decimals`);
    }
  }
  if (problems.length > 0) return problems;
  if (range.min === undefined && range.max === undefined) return [`${field}: give min, max or both`];
  if (range.min !== undefined && range.max !== undefined && range.min >= range.max) return [`${field}: min must be below max (max is excluded)`];
  return [];
}

/**
 * What is wrong with a definition, one message per problem ("field: reason"); empty when
 * it can be evaluated. A definition without filters is valid: every served customer.
 */
export function segmentProblems(definition: SegmentDefinition): string[] {
  const tagProblems = definition.tags ? listProblems('tags.tagIds', definition.tags.tagIds) : [];
  return [
    ...tagProblems,
    ...listProblems('stages', definition.stages, LIFECYCLE_STAGES),
    ...listProblems('layers', definition.layers, VALUE_LAYERS),
    ...listProblems('channels', definition.channels),
    ...listProblems('userIds', definition.userIds),
    ...dayProblems('lastContact', definition.lastContact),
    ...dayProblems('lastOrder', definition.lastOrder),
    ...spendProblems('spend', definition.spend),
    ...spendProblems('annualSpend', definition.annualSpend),
    ...(definition.customFields?.length === 0 ? ['customFields: must hold at least one condition (leave the filter out to match all)'] : []),
  ];
}

/**
 * A day range as the unix-second bounds of the event time, both included: floor((now − t)
 * / DAY) ≥ min ⇔ t ≤ now − min·DAY, and ≤ max ⇔ t > now − (max + 1)·DAY.
 */
export function dayRangeBounds(range: DayRange, now: number): { from: number; to: number } {
  return {
    from: range.maxDays === undefined ? 0 : now - (range.maxDays + 1) * DAY + 1,
    to: range.minDays === undefined ? MAX_INT4 : now - range.minDays * DAY,
  };
}

/** A yuan range as fen bounds: `min` included, `max` excluded (undefined: open). */
export function spendRangeFen(range: SpendRange): { minFen?: number; maxFen?: number } {
  return {
    ...(range.min !== undefined ? { minFen: Math.round(range.min * 100) } : {}),
    ...(range.max !== undefined ? { maxFen: Math.round(range.max * 100) } : {}),
  };
}
