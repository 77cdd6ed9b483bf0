/**
 * Reads a JSON request body for the admin API: application/json only (415 otherwise),
 * at most 100 KB (413, refused before the rest is read), and valid JSON (400
 * `invalid_json`). No body parser middleware: only the routes that take a body read it,
 * and the callback route keeps its raw XML.
 */
import type { Context } from 'koa';
import getRawBody from 'raw-body';
import { AppError, ValidationError } from '../shared/errors.ts';

/** Largest admin request body; a welcome flow with 9 attachments is a few KB. */
export const JSON_BODY_LIMIT = 100 * 1024;

export interface JsonBodyOptions {
  /** Largest body in bytes. @defaultValue {@link JSON_BODY_LIMIT} */
  limit?: number;
}

/** `utf-8` or no charset: raw-body decodes UTF-8 only, and JSON must be UTF-8 (RFC 8259 §8.1). */
function utf8Charset(contentType: string): boolean {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1];
  return charset === undefined || /^utf-?8$/i.test(charset);
}

/** The body as UTF-8 text, when its media type is one of `types`; enforces the size limit. */
async function readUtf8Body(ctx: Context, types: string[], limit: number): Promise<string> {
  if (!ctx.is(types) || !utf8Charset(ctx.get('content-type'))) {
    throw new AppError('unsupported_media_type', `the body must be ${types.join(' or ')} (UTF-8)`, { status: 415 });
  }
  try {
    return await getRawBody(ctx.req, { limit, encoding: 'utf8', length: ctx.get('content-length') || undefined });
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 413) throw new AppError('payload_too_large', `the body is over ${Math.round(limit / 1024)} KB`, { status: 413 });
    throw new ValidationError('the request body could not be read', 'bad_request', error);
  }
}

/**
 * The parsed body of a JSON request.
 * @param ctx - the Koa context whose request body has not been read yet
 * @returns whatever the JSON holds (validate it with a schema)
 * @throws AppError 415 `unsupported_media_type`, 413 `payload_too_large`; ValidationError 400 `invalid_json` or `bad_request`
 */
export async function readJsonBody(ctx: Context, options: JsonBodyOptions = {}): Promise<unknown> {
  const text = await readUtf8Body(ctx, ['application/json'], options.limit ?? JSON_BODY_LIMIT);
  try {
    const value = JSON.parse(text) as unknown;
    // What the audit row records once the write succeeds (so the body was valid).
    ctx.state.auditBody = value;
    return value;
  } catch {
    // The parser's message quotes the input; say where it failed in general terms only.
    throw new ValidationError('the body is not valid JSON', 'invalid_json');
  }
}

/** One line of a JSON-lines body: its 1-based number and the parsed value, or why it is not JSON. */
export type JsonLine = { line: number; value: unknown } | { line: number; error: string };

/**
 * A JSON-lines body (application/x-ndjson or application/jsonl): one JSON value per
 * non-empty line. A bad line is reported, not fatal, so one broken record does not
 * reject a whole import.
 */
export async function readJsonLinesBody(ctx: Context, options: Required<JsonBodyOptions>): Promise<JsonLine[]> {
  const text = await readUtf8Body(ctx, ['application/x-ndjson', 'application/jsonl'], options.limit);
  const lines: JsonLine[] = [];
  text.split('\n').forEach((raw, index) => {
    if (!raw.trim()) return;
    try {
      lines.push({ line: index + 1, value: JSON.parse(raw) as unknown });
    } catch {
      lines.push({ line: index + 1, error: 'not valid JSON' });
    }
  });
  // An import can hold thousands of records: the audit row says how many, not what.
  ctx.state.auditBody = { lines: lines.length };
  return lines;
}
