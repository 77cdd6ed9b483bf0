/**
 * Who a signed-in member is for the console (their role, re-read on every request so a
 * revoked role stops working at once), which customers they see, and the role
 * assignments admins manage.
 */
import { canGrant, dataScope, EVERY_CUSTOMER, seesEveryCustomer, TOKEN_ACTOR, withSubDepartments, type DataScope, type Principal, type Role } from '../../domain/access/roles.ts';
import type { Department, RoleAssignment } from '../../domain/access/staff.ts';
import type { RoleStore, StaffDirectoryStore } from '../../domain/ports.ts';
import { nowSeconds, type Clock } from '../../shared/clock.ts';
import { ForbiddenError, ValidationError } from '../../shared/errors.ts';

export interface AccessDeps {
  roles: RoleStore;
  directory: StaffDirectoryStore;
  clock: Clock;
}

/** The ADMIN_TOKEN bearer (or a console session opened with the token): a super admin. */
export const TOKEN_PRINCIPAL: Principal = Object.freeze({ actor: TOKEN_ACTOR, role: 'super_admin' });

/** A WeCom member as the console sees them now: their assigned role, or salesperson. */
export async function memberPrincipal(deps: { roles: Pick<RoleStore, 'get'> }, userId: string): Promise<Principal> {
  const assignment = await deps.roles.get(userId);
  return { actor: userId, userId, role: assignment?.role ?? 'salesperson' };
}

/**
 * The customers `principal` sees: every one for admins; for a dept lead those served by
 * the members of their departments (assigned, else the ones WeCom says they lead, with
 * sub-departments) and themselves; a salesperson's own.
 */
export async function scopeOf(deps: Omit<AccessDeps, 'clock'>, principal: Principal): Promise<DataScope> {
  if (seesEveryCustomer(principal.role)) return EVERY_CUSTOMER;
  if (principal.role !== 'dept_lead' || !principal.userId) return dataScope(principal);
  const [assignment, member, departments, staff] = await Promise.all([
    deps.roles.get(principal.userId),
    deps.directory.member(principal.userId),
    deps.directory.departments(),
    deps.directory.staff(),
  ]);
  const covered = new Set(leadDepartments(assignment, member?.leadsDepartmentIds ?? [], departments));
  return dataScope(principal, staff.filter((m) => m.departmentIds.some((id) => covered.has(id))).map((m) => m.userId));
}

/** A dept lead's departments with their sub-departments. */
function leadDepartments(assignment: RoleAssignment | null, ledInWecom: readonly number[], departments: readonly Department[]): number[] {
  return withSubDepartments(assignment?.departmentIds ?? ledInWecom, departments);
}

/** One member on the console's roles page. */
export interface StaffRoleView {
  userId: string;
  name: string | null;
  departmentIds: number[];
  leadsDepartmentIds: number[];
  role: Role;
  /** The dept lead's assigned departments; null → the ones they lead in WeCom. */
  assignedDepartmentIds: number[] | null;
  /** What a dept lead's scope covers now (sub-departments included); [] for other roles. */
  scopeDepartmentIds: number[];
  grantedBy: string | null;
  grantedAt: number | null;
  /** Whether the member is still in the synced directory. */
  inDirectory: boolean;
}

/** Every member of the directory and everyone holding a role, with their role and scope. */
export async function listStaffRoles(deps: Omit<AccessDeps, 'clock'>): Promise<{ departments: Department[]; staff: StaffRoleView[] }> {
  const [departments, staff, assignments] = await Promise.all([deps.directory.departments(), deps.directory.staff(), deps.roles.list()]);
  const byUser = new Map(assignments.map((a) => [a.userId, a]));
  const views = staff.map((m): StaffRoleView => {
    const a = byUser.get(m.userId) ?? null;
    return {
      userId: m.userId,
      name: m.name,
      departmentIds: m.departmentIds,
      leadsDepartmentIds: m.leadsDepartmentIds,
      role: a?.role ?? 'salesperson',
      assignedDepartmentIds: a?.departmentIds ?? null,
      scopeDepartmentIds: a?.role === 'dept_lead' ? leadDepartments(a, m.leadsDepartmentIds, departments) : [],
      grantedBy: a?.grantedBy ?? null,
      grantedAt: a?.grantedAt ?? null,
      inDirectory: true,
    };
  });
  const listed = new Set(staff.map((m) => m.userId));
  for (const a of assignments.filter((x) => !listed.has(x.userId))) {
    views.push({
      userId: a.userId,
      name: null,
      departmentIds: [],
      leadsDepartmentIds: [],
      role: a.role,
      assignedDepartmentIds: a.departmentIds,
      scopeDepartmentIds: a.role === 'dept_lead' ? leadDepartments(a, [], departments) : [],
      grantedBy: a.grantedBy,
      grantedAt: a.grantedAt,
      inDirectory: false,
    });
  }
  return { departments, staff: views };
}

/**
 * Gives `userId` a role (salesperson = no assignment). Only super admins grant or take
 * away admin and super_admin; departments are for dept leads and must exist in the directory.
 * @returns the assignment before and after, for the audit row
 * @throws ForbiddenError `role_not_grantable`; ValidationError for departments
 */
export async function assignRole(
  deps: AccessDeps,
  granter: Principal,
  input: { userId: string; role: Role; departmentIds?: number[] | null },
): Promise<{ before: RoleAssignment | null; after: RoleAssignment | null }> {
  const before = await deps.roles.get(input.userId);
  for (const role of [input.role, before?.role ?? 'salesperson'] as const) {
    if (!canGrant(granter.role, role)) throw new ForbiddenError(`only a super admin may grant or revoke the ${role} role`, 'role_not_grantable');
  }
  const departmentIds = input.departmentIds ?? null;
  if (departmentIds !== null) {
    if (input.role !== 'dept_lead') throw new ValidationError('departmentIds: only a dept_lead has departments');
    const known = new Set((await deps.directory.departments()).map((d) => d.id));
    const unknown = departmentIds.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new ValidationError(`departmentIds: no department ${unknown.join(', ')} in the synced directory`);
  }
  if (input.role === 'salesperson') {
    await deps.roles.remove(input.userId);
    return { before, after: null };
  }
  const after: RoleAssignment = { userId: input.userId, role: input.role, departmentIds, grantedBy: granter.actor, grantedAt: nowSeconds(deps.clock) };
  await deps.roles.put(after);
  return { before, after };
}
