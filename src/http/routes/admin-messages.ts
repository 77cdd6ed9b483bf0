/**
 * Customer chat messages and the SOP tasks they raise.
 * - `POST /messages/import` (application/x-ndjson or application/jsonl, ≤ 10 MB): one archived
 *   message per line as the 会话存档 SDK decrypts it (`{msgid, from, tolist, roomid?, msgtime,
 *   msgtype, text?: {content}}`). All lines are checked first: any bad line → 400 naming the
 *   lines, nothing stored. Otherwise 200 `{ accepted, duplicates, skipped }` (idempotent by
 *   msgid; `skipped`: messages between members only).
 * - `GET /customers/:externalUserId/messages?limit=50` → 200 `{ items }`, newest first, with the
 *   detected intent, confidence, evidence and scene.
 * - `GET /tasks?userId&externalUserId&status&limit` → 200 `{ items }`, open first by due time
 * - `POST /tasks/:id/done`, `POST /tasks/:id/dismiss` → 200 the task; 404 when not open
 */
import Router from '@koa/router';
import { z } from 'zod';
import { closeTask, listTasks, type TaskDeps } from '../../app/admin/tasks.ts';
import { ingestMessages, type MessageIngestDeps } from '../../app/ingest-messages.ts';
import type { NewChatMessage } from '../../domain/messages/chat-message.ts';
import { ValidationError } from '../../shared/errors.ts';
import { fromArchiveRecord } from '../../wecom/message-records.ts';
import { readJsonLinesBody } from '../json-body.ts';
import { servingUserIdsOf } from '../middleware/admin-access.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { describeIssues, externalUserIdSchema, numericIdSchema, parseInput } from './admin.schema.ts';

export const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;
const MAX_IMPORT_LINES = 50_000;

const id = z.string().min(1).max(128);
export const archiveRecordSchema = z.object({
  msgid: id,
  from: id,
  tolist: z.array(id).max(10_000),
  roomid: z.string().max(128).optional(),
  msgtime: z.number().int().positive(),
  msgtype: z.string().min(1).max(32),
  text: z.object({ content: z.string().max(20_000) }).optional(),
});

const messagesQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) });
const tasksQuerySchema = z.strictObject({
  userId: z.string().min(1).max(64).optional(),
  externalUserId: externalUserIdSchema.optional(),
  status: z.enum(['open', 'done', 'dismissed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function adminMessageRoutes(options: { basePath: string; deps: MessageIngestDeps & TaskDeps }): Router<RequestState> {
  const router = new Router<RequestState>({ sensitive: true });
  const { basePath, deps } = options;

  router.post(`${basePath}/messages/import`, async (ctx) => {
    const lines = await readJsonLinesBody(ctx, { limit: IMPORT_BODY_LIMIT });
    if (lines.length > MAX_IMPORT_LINES) throw new ValidationError(`at most ${MAX_IMPORT_LINES} lines per import (got ${lines.length})`);
    const problems: string[] = [];
    const messages: NewChatMessage[] = [];
    let skipped = 0;
    for (const line of lines) {
      if ('error' in line) {
        problems.push(`line ${line.line}: ${line.error}`);
        continue;
      }
      const parsed = archiveRecordSchema.safeParse(line.value);
      if (!parsed.success) {
        problems.push(`line ${line.line}: ${describeIssues(parsed.error.issues, 'record')}`);
        continue;
      }
      const message = fromArchiveRecord(parsed.data);
      if (message) messages.push(message);
      else skipped++;
    }
    if (problems.length > 0) throw new ValidationError(`nothing imported; fix these lines: ${problems.slice(0, 20).join('; ')}${problems.length > 20 ? ` (and ${problems.length - 20} more)` : ''}`);
    ctx.body = { ...(await ingestMessages(deps, messages)), skipped };
  });

  router.get(`${basePath}/customers/:externalUserId/messages`, async (ctx) => {
    const externalUserId = parseInput(externalUserIdSchema, ctx.params.externalUserId, 'externalUserId');
    const { limit } = parseInput(messagesQuerySchema, ctx.query, '(query)');
    const items = await deps.messages.recentFor(externalUserId, limit);
    ctx.body = {
      items: items.map(({ id: messageId, key, source, userId, chatId, direction, msgType, text, sentAt, classification }) => ({
        id: messageId, key, source, userId: userId ?? null, chatId: chatId ?? null, direction, msgType, text: text ?? null, sentAt,
        intent: classification?.intent ?? null,
        confidence: classification?.confidence ?? null,
        evidence: classification?.evidence ?? [],
        scene: classification?.scene ?? null,
      })),
    };
  });

  router.get(`${basePath}/tasks`, async (ctx) => {
    ctx.body = { items: await listTasks(deps, { ...parseInput(tasksQuerySchema, ctx.query, '(query)'), servingUserIds: servingUserIdsOf(ctx.state) }) };
  });

  for (const [action, status] of [['done', 'done'], ['dismiss', 'dismissed']] as const) {
    router.post(`${basePath}/tasks/:id/${action}`, async (ctx) => {
      const taskId = parseInput(numericIdSchema, ctx.params.id, 'id');
      ctx.body = await closeTask(deps, { id: taskId, status, by: 'admin' });
    });
  }

  return router;
}
