/**
 * Console roles and the data scope they carry. Pure rules: who may use a route, who may
 * grant which role, and which salespeople's customers a principal sees.
 *
 * - super_admin: everything, and the only role that grants admin or super_admin
 *   (the ADMIN_TOKEN bearer is a super admin, for automation)
 * - admin: every editor and every customer
 * - dept_lead: read views over the customers served by the salespeople of their
 *   departments (sub-departments included)
 * - salesperson: the same views over their own customers only; staff with no
 *   assignment are salespeople
 */

export const ROLES = ['super_admin', 'admin', 'dept_lead', 'salesperson'] as const;
export type Role = (typeof ROLES)[number];

/** The roles an admin assigns explicitly; salesperson is "no assignment". */
export const ASSIGNABLE_ROLES = ['super_admin', 'admin', 'dept_lead'] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

/** The actor of an ADMIN_TOKEN call or a console session opened with the token. */
export const TOKEN_ACTOR = 'admin-token';

/** Who is calling: an audit actor (userid or {@link TOKEN_ACTOR}) and the role now in force. */
export interface Principal {
  actor: string;
  role: Role;
  /** The WeCom userid, absent for the token. */
  userId?: string;
}

/**
 * Which roles a route admits:
 * - `super_admin`: super admins only (granting admin roles is checked again per grant)
 * - `admin`: admins and super admins
 * - `staff`: every role; the data is scoped to the principal's salespeople
 */
export type RouteAccess = 'super_admin' | 'admin' | 'staff';

const RANK: Record<Role, number> = { super_admin: 3, admin: 2, dept_lead: 1, salesperson: 0 };

/** Whether `role` may use a route declared with `access`. */
export function allows(access: RouteAccess, role: Role): boolean {
  if (access === 'staff') return true;
  return RANK[role] >= RANK[access];
}

/** Whether the role sees every customer (no scope applied). */
export function seesEveryCustomer(role: Role): boolean {
  return RANK[role] >= RANK.admin;
}

/**
 * Whether `granter` may give (or take away) `role`: only super admins touch admin and
 * super_admin; admins manage dept leads and salespeople.
 */
export function canGrant(granter: Role, role: Role): boolean {
  if (role === 'super_admin' || role === 'admin') return granter === 'super_admin';
  return RANK[granter] >= RANK.admin;
}

/** A department as the staff directory keeps it (WeCom's id and parent; the root's parent is 0). */
export interface DepartmentNode {
  id: number;
  parentId: number;
}

/**
 * The departments and all their descendants, sorted. Safe against a cycle in bad data:
 * each department is visited once.
 */
export function withSubDepartments(roots: readonly number[], departments: readonly DepartmentNode[]): number[] {
  const children = new Map<number, number[]>();
  for (const d of departments) children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.id]);
  const seen = new Set<number>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return [...seen].sort((a, b) => a - b);
}

/** A principal's customers: every one, or those served by these salespeople. */
export type DataScope = { all: true } | { all: false; userIds: string[] };

export const EVERY_CUSTOMER: DataScope = { all: true };

/**
 * The serving userids a scoped principal sees.
 * @param principal - who is calling
 * @param departmentMembers - for a dept lead: the userids of the members of their departments (sub-departments included)
 * @returns every customer for admins; the lead's members plus the lead; the salesperson alone
 */
export function dataScope(principal: Principal, departmentMembers: readonly string[] = []): DataScope {
  if (seesEveryCustomer(principal.role)) return EVERY_CUSTOMER;
  const self = principal.userId ? [principal.userId] : [];
  const userIds = principal.role === 'dept_lead' ? [...new Set([...departmentMembers, ...self])] : self;
  return { all: false, userIds: userIds.sort() };
}

/** The userids a query is limited to, or undefined for no limit. */
export function scopedUserIds(scope: DataScope): string[] | undefined {
  return scope.all ? undefined : scope.userIds;
}
