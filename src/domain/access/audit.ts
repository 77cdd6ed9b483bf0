/**
 * The audit trail's rows and rules: what one write leaves behind, how secrets are kept
 * out of it, and its CSV form. The log is append-only (no port method edits or deletes).
 */
import { csvDocument } from '../csv.ts';

/** One write: who, with which role, when, what (action, target, detail), from where. */
export interface AuditRecord {
  /** WeCom userid or "admin-token". */
  actor: string;
  role: string;
  /** Method and route pattern, e.g. `PATCH /api/admin/welcome-flows/:id`. */
  action: string;
  /** The id named in the path; "" when there is none. */
  target: string;
  /** `{ body }` (redacted), plus `before`/`after` or an outcome where the route knows them. */
  detail: Record<string, unknown>;
  /** Unix seconds. */
  at: number;
  ip: string;
  userAgent: string;
}

export interface StoredAuditRecord extends AuditRecord {
  id: number;
}

/** Filters of the console's audit page; every one optional. Bounds are unix seconds, inclusive. */
export interface AuditFilter {
  actor?: string;
  /** Substring of the action (e.g. "welcome-flows" or "DELETE"). */
  action?: string;
  target?: string;
  from?: number;
  to?: number;
  /** Page size. */
  limit: number;
  /** Rows with an id below this one (the previous page's last id): newest first. */
  beforeId?: number;
}

/** Keys whose values never reach the log: tokens, secrets, passwords and their kin. */
const SECRET_KEY = /token|secret|password|passwd|aes_?key|authorization|cookie|credential|ticket/i;
export const REDACTED = '[redacted]';
/** Deeper than this the body is summarised: an audit row is not a data dump. */
const MAX_DEPTH = 6;

/** A copy of `value` with every secret-named field replaced by {@link REDACTED}. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return depth >= MAX_DEPTH ? `[${value.length} items]` : value.map((item) => redactSecrets(item, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[…]';
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) ? REDACTED : redactSecrets(inner, depth + 1)]));
}

const CSV_HEADER = ['id', 'at (UTC)', 'actor', 'role', 'action', 'target', 'detail', 'ip', 'user agent'];

/** The rows as a CSV document (UTF-8 BOM, formulas defused), newest first as given. */
export function auditCsv(rows: readonly StoredAuditRecord[]): string {
  return csvDocument([
    CSV_HEADER,
    ...rows.map((r) => [r.id, new Date(r.at * 1000).toISOString(), r.actor, r.role, r.action, r.target, JSON.stringify(r.detail), r.ip, r.userAgent]),
  ]);
}
