/** The staff directory (departments and members, as synced from WeCom) and role assignments. */
import type { AssignableRole } from './roles.ts';

export interface Department {
  /** WeCom's department id; the root is 1. */
  id: number;
  name: string;
  /** 0 for the root. */
  parentId: number;
}

export interface StaffMember {
  userId: string;
  name: string;
  departmentIds: number[];
  /** Departments WeCom names the member leader of (`is_leader_in_dept` / `department_leader`). */
  leadsDepartmentIds: number[];
}

export interface StaffDirectorySnapshot {
  departments: Department[];
  staff: StaffMember[];
}

/** A role given by an admin; staff without one are salespeople. */
export interface RoleAssignment {
  userId: string;
  role: AssignableRole;
  /** A dept lead's departments (sub-departments included when scoped); null → those WeCom says they lead. */
  departmentIds: number[] | null;
  /** Userid or "admin-token". */
  grantedBy: string;
  /** Unix seconds. */
  grantedAt: number;
}

/** WeCom's userid: letters, digits and `_-@.`, 1–64 (成员UserID). Nothing else names a member. */
export const WECOM_USERID = /^[\w@.-]{1,64}$/;
