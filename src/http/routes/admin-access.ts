/**
 * Roles, the staff directory and the audit log, under /api/admin (admins only, see
 * http/access/route-policy.ts):
 * - `GET /roles` → `{ departments, staff: StaffRoleView[] }`: every member with their role and scope
 * - `PUT /roles/:userId` `{ role, departmentIds? }` → `{ before, after }`; `salesperson`
 *   removes the assignment. Only super admins grant or revoke admin and super_admin (403
 *   `role_not_grantable`); `departmentIds` (dept_lead only) must exist in the directory
 * - `POST /staff/sync` → `{ departments, staff, leads }`: re-reads WeCom's 通讯录 now
 * - `GET /audit?actor&action&target&from&to&limit&beforeId` → `{ items, nextBeforeId }`, newest first
 * - `GET /audit.csv?actor&action&target&from&to` → the matching rows as CSV
 * There is no route that edits or deletes an audit row, and the table refuses it too.
 */
import Router from '@koa/router';
import { z } from 'zod';
import { exportAudit, searchAudit } from '../../app/access/audit.ts';
import { assignRole, listStaffRoles, type AccessDeps } from '../../app/access/roles.ts';
import { syncStaffDirectory, type StaffSyncDeps } from '../../app/access/staff-directory.ts';
import { ROLES } from '../../domain/access/roles.ts';
import { WECOM_USERID } from '../../domain/access/staff.ts';
import type { AuditTrail } from '../../domain/ports.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { readJsonBody } from '../json-body.ts';
import type { RequestState } from '../middleware/request-context.ts';
import { parseInput, timeBound } from './admin.schema.ts';

export interface AdminAccessRouteDeps extends AccessDeps {
  audit: AuditTrail;
  /** The WeCom directory sync; omitted → `POST /staff/sync` answers 404. */
  sync?: StaffSyncDeps;
}

const userIdSchema = z.string().regex(WECOM_USERID, { message: 'must be a WeCom userid (letters, digits, _-@.)' });
const roleSchema = z.strictObject({
  role: z.enum(ROLES),
  departmentIds: z.array(z.number().int().positive()).max(200).nullable().optional(),
});
const optionalText = (max: number) => z.preprocess((v) => (v === '' ? undefined : v), z.string().max(max).optional());
const auditFilterSchema = z.strictObject({
  actor: optionalText(64),
  action: optionalText(200),
  target: optionalText(128),
  from: z.preprocess((v) => (v === '' ? undefined : v), timeBound('from').optional()),
  to: z.preprocess((v) => (v === '' ? undefined : v), timeBound('to').optional()),
});
const auditPageSchema = auditFilterSchema.extend({
  limit: z.coerce.number().int().default(50),
  beforeId: z.coerce.number().int().positive().optional(),
});

export function adminAccessRoutes(options: { basePath: string; deps: AdminAccessRouteDeps }): Router<RequestState> {
  const router = new Router<RequestState>({ sensitive: true });
  const { basePath, deps } = options;

  router.get(`${basePath}/roles`, async (ctx) => {
    ctx.body = await listStaffRoles(deps);
  });

  router.put(`${basePath}/roles/:userId`, async (ctx) => {
    const userId = parseInput(userIdSchema, ctx.params.userId, 'userId');
    const input = parseInput(roleSchema, await readJsonBody(ctx));
    const change = await assignRole(deps, ctx.state.principal!, { userId, ...input });
    ctx.state.auditChange = change;
    ctx.body = change;
  });

  router.post(`${basePath}/staff/sync`, async (ctx) => {
    if (!deps.sync) throw new NotFoundError('the WeCom directory sync is not configured');
    const counts = await syncStaffDirectory(deps.sync);
    ctx.state.auditChange = { after: counts };
    ctx.body = counts;
  });

  router.get(`${basePath}/audit`, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await searchAudit(deps, parseInput(auditPageSchema, ctx.query, '(query)'));
  });

  router.get(`${basePath}/audit.csv`, async (ctx) => {
    const csv = await exportAudit(deps, parseInput(auditFilterSchema, ctx.query, '(query)'));
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', 'attachment; filename="audit.csv"');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = csv;
  });

  return router;
}
