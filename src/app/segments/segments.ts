/**
 * Segment administration: saved definitions (checked by the domain's rules), previews of
 * saved or unsaved definitions, and the member list as CSV. Input arrives shaped by the
 * HTTP schema; here the rules that need no framework.
 */
import { csvLine, CSV_BOM } from '../../domain/csv.ts';
import type { SegmentQueries, SegmentRepo } from '../../domain/ports.ts';
import { segmentProblems, type NewSegment, type Segment, type SegmentDefinition, type SegmentMember } from '../../domain/segments/segment.ts';
import { yuan } from '../../domain/value/customer-value.ts';
import type { CustomFieldRepo } from '../../domain/custom-fields/custom-field.ts';
import { nowSeconds, type Clock } from '../../shared/clock.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { assertFieldConditions } from '../admin/custom-fields.ts';

export interface SegmentDeps {
  segments: SegmentRepo;
  queries: SegmentQueries;
  clock: Clock;
  /** The defined custom fields, which `customFields` conditions must fit; without it such conditions are refused. */
  fields?: Pick<CustomFieldRepo, 'list'>;
}

/** Customers per query while walking a whole segment. */
export const MEMBER_PAGE = 1000;

async function assertValid(deps: Pick<SegmentDeps, 'fields'>, definition: SegmentDefinition): Promise<void> {
  const problems = segmentProblems(definition);
  if (problems.length > 0) throw new ValidationError(problems.map((p) => `definition.${p}`).join('; '));
  await assertFieldConditions(deps, definition.customFields, 'definition.customFields');
}

export function listSegments(deps: Pick<SegmentDeps, 'segments'>): Promise<Segment[]> {
  return deps.segments.list();
}

/** @throws NotFoundError (404 `segment_not_found`) */
export async function getSegment(deps: Pick<SegmentDeps, 'segments'>, id: number): Promise<Segment> {
  const segment = await deps.segments.get(id);
  if (!segment) throw new NotFoundError(`segment ${id} does not exist`, 'segment_not_found');
  return segment;
}

/** @throws ValidationError naming every problem of the definition */
export async function createSegment(deps: Pick<SegmentDeps, 'segments' | 'fields'>, input: NewSegment): Promise<Segment> {
  await assertValid(deps, input.definition);
  return deps.segments.create(input);
}

/** @throws ValidationError for a bad definition; NotFoundError for an unknown id */
export async function updateSegment(deps: Pick<SegmentDeps, 'segments' | 'fields'>, id: number, changes: Partial<NewSegment>): Promise<Segment> {
  if (changes.definition) await assertValid(deps, changes.definition);
  const segment = await deps.segments.update(id, changes);
  if (!segment) throw new NotFoundError(`segment ${id} does not exist`, 'segment_not_found');
  return segment;
}

/** @throws NotFoundError for an unknown id */
export async function deleteSegment(deps: Pick<SegmentDeps, 'segments'>, id: number): Promise<void> {
  if (!(await deps.segments.remove(id))) throw new NotFoundError(`segment ${id} does not exist`, 'segment_not_found');
}

export interface SegmentPreview {
  count: number;
  members: SegmentMember[];
}

/** How many customers a definition (saved or not) holds now, and the first `limit` of them. */
export async function previewDefinition(deps: Pick<SegmentDeps, 'queries' | 'clock' | 'fields'>, definition: SegmentDefinition, limit: number): Promise<SegmentPreview> {
  await assertValid(deps, definition);
  const now = nowSeconds(deps.clock);
  const [count, members] = await Promise.all([deps.queries.count(definition, now), deps.queries.members(definition, now, { limit })]);
  return { count, members };
}

/** Every member, a page at a time, as of one `now` for the whole walk. */
export async function* segmentMembers(deps: Pick<SegmentDeps, 'queries'>, definition: SegmentDefinition, now: number): AsyncGenerator<SegmentMember[]> {
  let after: string | undefined;
  for (;;) {
    const page = await deps.queries.members(definition, now, { ...(after !== undefined ? { after } : {}), limit: MEMBER_PAGE });
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.externalUserId;
  }
}

export const MEMBER_CSV_HEADER = ['external_userid', 'name', 'salespeople', 'stage', 'layer', 'spend_yuan', 'high_value'];

/**
 * The segment's members as CSV lines (BOM first), streamed a page at a time so a segment
 * of a million customers never sits in memory as one string.
 * @throws NotFoundError for an unknown segment (before the first line)
 */
export async function segmentCsv(deps: SegmentDeps, id: number): Promise<AsyncGenerator<string>> {
  const segment = await getSegment(deps, id);
  const now = nowSeconds(deps.clock);
  async function* lines(): AsyncGenerator<string> {
    yield `${CSV_BOM}${csvLine(MEMBER_CSV_HEADER)}\r\n`;
    for await (const page of segmentMembers(deps, segment.definition, now)) {
      yield page
        .map((m) => `${csvLine([m.externalUserId, m.name ?? '', m.userIds.join(' '), m.stage ?? '', m.layer, yuan(m.totalSpendFen), m.highValue ? 'yes' : 'no'])}\r\n`)
        .join('');
    }
  }
  return lines();
}
