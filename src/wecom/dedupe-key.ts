/**
 * Idempotency key for one WeCom callback (PROTOCOL §1.9), used as the BullMQ job id.
 *
 * - Messages (MsgType ≠ event) with a MsgId: `msg-<MsgId>`.
 * - Everything else: `evt-` + first 32 hex chars of sha256 over the canonical serialisation
 *   of all parsed fields (keys sorted, `key=value` lines joined with `\n`, list values as
 *   `key[]=a,b`). Retries carry the same inner XML, so they hash the same whatever the
 *   whitespace between tags; `FromUserName + CreateTime` alone is never used (`sys`, same second).
 *
 * Keys never contain ':' and are never all digits (BullMQ job id rules).
 */
import { createHash } from 'node:crypto';

const SAFE_MSG_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** Backslash-escapes the separators so distinct field sets never serialise alike. */
function escape(value: string, list: boolean): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  return list ? escaped.replace(/,/g, '\\,') : escaped;
}

export function canonicalFields(fields: Record<string, string | string[]>): string {
  return Object.keys(fields)
    .sort()
    .map((key) => {
      const value = fields[key];
      return Array.isArray(value)
        ? `${escape(key, false)}[]=${value.map((v) => escape(v, true)).join(',')}`
        : `${escape(key, false)}=${escape(value ?? '', false)}`;
    })
    .join('\n');
}

export function dedupeKey(fields: Record<string, string | string[]>): string {
  const msgId = fields.MsgId;
  if (fields.MsgType !== 'event' && typeof msgId === 'string' && SAFE_MSG_ID_RE.test(msgId)) {
    return `msg-${msgId}`;
  }
  const digest = createHash('sha256').update(canonicalFields(fields), 'utf8').digest('hex');
  return `evt-${digest.slice(0, 32)}`;
}
