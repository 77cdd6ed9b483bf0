/**
 * /api/admin/group-codes: group codes (群活码) over customer groups.
 * - `GET /group-codes` → 200 `{ items }`; `GET /group-codes/:id` → 200 the code or 404
 * - `POST /group-codes` `{ name, chatIds, capPerGroup, welcome?, autoCreateRoom?, roomBaseName?, roomBaseId? }`
 *   → 201 the code with `qrCode`, the groups its join way lists (`activeChatIds`) and each group's count; 400 naming bad fields
 * - `PATCH /group-codes/:id` any of those fields (`welcome`, `roomBaseName`, `roomBaseId`: null removes) → 200
 * - `DELETE /group-codes/:id` → 204 after del_join_way and group_welcome_template/del
 * - `GET /group-codes/:id/stats?days=30&timezone=Asia/Shanghai` → 200 joins, leaves and net per local day
 * - `POST /group-codes/recheck` → 200 `{ changed, full }`: recount every group now (also runs every few minutes)
 */
import Router from '@koa/router';
import { z } from 'zod';
import {
  createGroupCode,
  deleteGroupCode,
  getGroupCode,
  groupCodeStats,
  listGroupCodes,
  updateGroupCode,
  type GroupCodeView,
} from '../../app/admin/group-codes.ts';
import { recheckGroupCodes, type GroupCodeDeps } from '../../app/group-codes/roll-over.ts';
import { MAX_CODE_GROUPS, MAX_JOIN_WAY_REMARK, MAX_ROOM_BASE_NAME, QR_JOIN_LIMIT } from '../../domain/group-code/group-code.ts';
import { MAX_WELCOME_TEXT_BYTES } from '../../domain/welcome/welcome-flow.ts';
import { readJsonBody } from '../json-body.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { attachmentSchema, numericIdSchema, parseInput, utf8Text } from './admin.schema.ts';

/** Stats cover at most a year of days. */
const MAX_STAT_DAYS = 366;
const chars = (max: number) => z.string().trim().min(1).refine((text) => [...text].length <= max, { message: `Too big: must be at most ${max} characters` });

const groupCodeFields = {
  name: chars(MAX_JOIN_WAY_REMARK),
  chatIds: z.array(z.string().min(1).max(128)).min(1).max(MAX_CODE_GROUPS),
  capPerGroup: z.number().int().min(1).max(QR_JOIN_LIMIT),
  welcome: z.strictObject({ text: utf8Text(MAX_WELCOME_TEXT_BYTES), attachment: attachmentSchema.optional() }),
  autoCreateRoom: z.boolean(),
  roomBaseName: chars(MAX_ROOM_BASE_NAME),
  roomBaseId: z.number().int().min(1).max(1_000_000),
};

export const groupCodeCreateSchema = z.strictObject({
  name: groupCodeFields.name,
  chatIds: groupCodeFields.chatIds,
  capPerGroup: groupCodeFields.capPerGroup,
  welcome: groupCodeFields.welcome.optional(),
  autoCreateRoom: groupCodeFields.autoCreateRoom.default(false),
  roomBaseName: groupCodeFields.roomBaseName.optional(),
  roomBaseId: groupCodeFields.roomBaseId.optional(),
});

export const groupCodePatchSchema = z
  .strictObject({
    name: groupCodeFields.name.optional(),
    chatIds: groupCodeFields.chatIds.optional(),
    capPerGroup: groupCodeFields.capPerGroup.optional(),
    welcome: groupCodeFields.welcome.nullable().optional(),
    autoCreateRoom: groupCodeFields.autoCreateRoom.optional(),
    roomBaseName: groupCodeFields.roomBaseName.nullable().optional(),
    roomBaseId: groupCodeFields.roomBaseId.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });

export const groupCodeStatsQuerySchema = z.strictObject({
  days: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(MAX_STAT_DAYS).default(30)),
  timezone: z.string().min(1).max(64).default('Asia/Shanghai'),
});

function presentGroupCode(code: GroupCodeView) {
  return {
    id: code.id,
    name: code.name,
    state: code.state,
    chatIds: code.chatIds,
    activeChatIds: code.activeChatIds,
    capPerGroup: code.capPerGroup,
    allFull: code.allFull,
    autoCreateRoom: code.autoCreateRoom,
    roomBaseName: code.roomBaseName ?? null,
    roomBaseId: code.roomBaseId ?? null,
    welcome: code.welcome ?? null,
    welcomeTemplateId: code.welcomeTemplateId ?? null,
    configId: code.configId ?? null,
    qrCode: code.qrCode ?? null,
    groups: code.groups,
  };
}

export function adminGroupCodeRoutes(options: { basePath: string; deps: GroupCodeDeps }): Router<RequestState> {
  // Case-sensitive, so nothing under a differently cased path can slip past the gate in app.ts.
  const router = new Router<RequestState>({ prefix: `${options.basePath}/group-codes`, sensitive: true });
  const { deps } = options;
  const codeId = (ctx: { params: Record<string, string | undefined> }) => parseInput(numericIdSchema, ctx.params.id, 'id');

  router.get('/', async (ctx) => {
    ctx.body = { items: (await listGroupCodes(deps)).map(presentGroupCode) };
  });

  router.post('/', async (ctx) => {
    const code = await createGroupCode(deps, parseInput(groupCodeCreateSchema, await readJsonBody(ctx)));
    ctx.status = 201;
    ctx.set('Location', `${options.basePath}/group-codes/${code.id}`);
    ctx.body = presentGroupCode(code);
  });

  router.post('/recheck', async (ctx) => {
    ctx.body = await recheckGroupCodes(deps);
  });

  router.get('/:id', async (ctx) => {
    ctx.body = presentGroupCode(await getGroupCode(deps, codeId(ctx)));
  });

  router.get('/:id/stats', async (ctx) => {
    const id = codeId(ctx);
    const query = parseInput(groupCodeStatsQuerySchema, ctx.query, '(query)');
    ctx.body = await groupCodeStats(deps, id, { days: query.days, timeZone: query.timezone });
  });

  router.patch('/:id', async (ctx) => {
    const id = codeId(ctx);
    ctx.body = presentGroupCode(await updateGroupCode(deps, id, parseInput(groupCodePatchSchema, await readJsonBody(ctx))));
  });

  router.delete('/:id', async (ctx) => {
    await deleteGroupCode(deps, codeId(ctx));
    ctx.status = 204;
  });

  return router;
}
