/**
 * The segment editor's flat form values ↔ the API's nested definition (kept free of the
 * DOM so it can be unit tested): blank filters are left out, a range keeps the bounds that
 * were given, and a day range may hold only "include never".
 */

type Values = Record<string, unknown>;

export interface DayRange {
  minDays?: number;
  maxDays?: number;
  includeNever?: boolean;
}
export interface SpendRange {
  min?: number;
  max?: number;
}
export interface SegmentDefinition {
  tags?: { match: 'any' | 'all'; tagIds: string[] };
  stages?: string[];
  layers?: string[];
  channels?: string[];
  userIds?: string[];
  lastContact?: DayRange;
  lastOrder?: DayRange;
  spend?: SpendRange;
  annualSpend?: SpendRange;
  highValue?: boolean;
  /** Custom-field conditions, built by field-conditions.ts (this module only carries them). */
  customFields?: unknown[];
}
export interface Segment {
  id: number;
  name: string;
  definition: SegmentDefinition;
}
/** The object without its undefined keys (they would not survive JSON anyway). */
const compact = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function dayRange(values: Values, key: string): DayRange | undefined {
  const range: DayRange = { minDays: num(values[`${key}Min`]), maxDays: num(values[`${key}Max`]), includeNever: values[`${key}Never`] === true || undefined };
  return range.minDays === undefined && range.maxDays === undefined && !range.includeNever ? undefined : compact(range);
}

function spendRange(values: Values, key: string): SpendRange | undefined {
  const range: SpendRange = { min: num(values[`${key}Min`]), max: num(values[`${key}Max`]) };
  return range.min === undefined && range.max === undefined ? undefined : compact(range);
}

/** The definition the form describes; blank filters are left out (no filter: every served customer). */
export function definitionOf(values: Values): SegmentDefinition {
  const list = (key: string) => (Array.isArray(values[key]) && (values[key] as string[]).length > 0 ? (values[key] as string[]) : undefined);
  const tagIds = list('tagIds');
  const definition: SegmentDefinition = {
    tags: tagIds ? { match: values.tagMatch === 'all' ? 'all' : 'any', tagIds } : undefined,
    stages: list('stages'),
    layers: list('layers'),
    channels: list('channels'),
    userIds: list('userIds'),
    lastContact: dayRange(values, 'lastContact'),
    lastOrder: dayRange(values, 'lastOrder'),
    spend: spendRange(values, 'spend'),
    annualSpend: spendRange(values, 'annualSpend'),
    highValue: values.highValue === 'true' ? true : values.highValue === 'false' ? false : undefined,
  };
  return compact(definition);
}

export function valuesOf(segment: Segment): Values {
  const d = segment.definition;
  return {
    name: segment.name,
    tagIds: d.tags?.tagIds ?? [],
    tagMatch: d.tags?.match ?? 'any',
    stages: d.stages ?? [],
    layers: d.layers ?? [],
    highValue: d.highValue === undefined ? '' : String(d.highValue),
    channels: d.channels ?? [],
    userIds: d.userIds ?? [],
    lastContactMin: d.lastContact?.minDays,
    lastContactMax: d.lastContact?.maxDays,
    lastContactNever: d.lastContact?.includeNever ?? false,
    lastOrderMin: d.lastOrder?.minDays,
    lastOrderMax: d.lastOrder?.maxDays,
    lastOrderNever: d.lastOrder?.includeNever ?? false,
    spendMin: d.spend?.min,
    spendMax: d.spend?.max,
    annualSpendMin: d.annualSpend?.min,
    annualSpendMax: d.annualSpend?.max,
  };
}

