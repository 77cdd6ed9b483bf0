/** Reading the audit trail for the console: filtered pages, newest first, and CSV. */
import { auditCsv, type AuditFilter, type StoredAuditRecord } from '../../domain/access/audit.ts';
import type { AuditTrail } from '../../domain/ports.ts';
import { ValidationError } from '../../shared/errors.ts';

export const MAX_AUDIT_PAGE = 200;
/** Rows one CSV export holds at most; narrow the filters for more. */
export const MAX_AUDIT_EXPORT = 50_000;

function checkRange(filter: Omit<AuditFilter, 'limit'>): void {
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) throw new ValidationError('from: must not be after to');
}

/** One page of audit rows matching the filters, and the id to continue before. */
export async function searchAudit(deps: { audit: AuditTrail }, filter: AuditFilter): Promise<{ items: StoredAuditRecord[]; nextBeforeId: number | null }> {
  checkRange(filter);
  if (filter.limit < 1 || filter.limit > MAX_AUDIT_PAGE) throw new ValidationError(`limit: must be from 1 to ${MAX_AUDIT_PAGE}`);
  const rows = await deps.audit.search({ ...filter, limit: filter.limit + 1 });
  const items = rows.slice(0, filter.limit);
  return { items, nextBeforeId: rows.length > filter.limit ? (items[items.length - 1]?.id ?? null) : null };
}

/** Every matching row (up to {@link MAX_AUDIT_EXPORT}) as CSV. */
export async function exportAudit(deps: { audit: AuditTrail }, filter: Omit<AuditFilter, 'limit' | 'beforeId'>): Promise<string> {
  checkRange(filter);
  return auditCsv(await deps.audit.search({ ...filter, limit: MAX_AUDIT_EXPORT }));
}
