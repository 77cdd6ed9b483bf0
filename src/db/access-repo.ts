/**
 * The staff directory (departments and members synced from WeCom) and the console's role
 * assignments. Small tables (a corp's staff, not its customers): read whole and kept as
 * JSON-array text columns like the rest of the schema.
 */
import type { AssignableRole } from '../domain/access/roles.ts';
import type { Department, RoleAssignment, StaffDirectorySnapshot, StaffMember } from '../domain/access/staff.ts';
import type { RoleStore, StaffDirectoryStore } from '../domain/ports.ts';
import { jsonArray } from './column-values.ts';
import type { SqlClient } from './sql-client.ts';

const numbers = (text: string) => jsonArray<unknown>(text).filter((id): id is number => typeof id === 'number');

interface StaffRow extends Record<string, unknown> {
  userId: string;
  name: string;
  departmentIds: string;
  leadsDepartmentIds: string;
}

const toMember = (row: StaffRow): StaffMember => ({
  userId: row.userId,
  name: row.name,
  departmentIds: numbers(row.departmentIds),
  leadsDepartmentIds: numbers(row.leadsDepartmentIds),
});

const STAFF_COLUMNS = `"userId", "name", "departmentIds", "leadsDepartmentIds"`;

export class SqlStaffDirectory implements StaffDirectoryStore {
  constructor(private readonly sql: SqlClient) {}

  async replace(snapshot: StaffDirectorySnapshot, at: number): Promise<void> {
    // One transaction: readers see the old directory or the new one, never a mix. A corp
    // has hundreds of members, so rewriting them all is cheaper than diffing.
    await this.sql.transaction(async (tx) => {
      await tx.execute(`DELETE FROM "Department"`);
      await tx.execute(`DELETE FROM "StaffMember"`);
      for (const d of snapshot.departments) {
        await tx.execute(`INSERT INTO "Department" ("id", "name", "parentId", "syncedAt") VALUES (?, ?, ?, ?)`, [d.id, d.name, d.parentId, at]);
      }
      for (const m of snapshot.staff) {
        await tx.execute(`INSERT INTO "StaffMember" (${STAFF_COLUMNS}, "syncedAt") VALUES (?, ?, ?, ?, ?)`, [
          m.userId,
          m.name,
          JSON.stringify(m.departmentIds),
          JSON.stringify(m.leadsDepartmentIds),
          at,
        ]);
      }
    });
  }

  async departments(): Promise<Department[]> {
    const rows = await this.sql.query<{ id: number | string; name: string; parentId: number | string }>(`SELECT "id", "name", "parentId" FROM "Department" ORDER BY "id"`);
    return rows.map((row) => ({ id: Number(row.id), name: row.name, parentId: Number(row.parentId) }));
  }

  async staff(): Promise<StaffMember[]> {
    return (await this.sql.query<StaffRow>(`SELECT ${STAFF_COLUMNS} FROM "StaffMember" ORDER BY "userId"`)).map(toMember);
  }

  async member(userId: string): Promise<StaffMember | null> {
    const [row] = await this.sql.query<StaffRow>(`SELECT ${STAFF_COLUMNS} FROM "StaffMember" WHERE "userId" = ?`, [userId]);
    return row ? toMember(row) : null;
  }
}

interface RoleRow extends Record<string, unknown> {
  userId: string;
  role: string;
  departmentIds: string | null;
  grantedBy: string;
  grantedAt: number | string;
}

const toAssignment = (row: RoleRow): RoleAssignment => ({
  userId: row.userId,
  role: row.role as AssignableRole,
  departmentIds: row.departmentIds === null ? null : numbers(row.departmentIds),
  grantedBy: row.grantedBy,
  grantedAt: Number(row.grantedAt),
});

const ROLE_COLUMNS = `"userId", "role", "departmentIds", "grantedBy", "grantedAt"`;

export class SqlRoleStore implements RoleStore {
  constructor(private readonly sql: SqlClient) {}

  async get(userId: string): Promise<RoleAssignment | null> {
    const [row] = await this.sql.query<RoleRow>(`SELECT ${ROLE_COLUMNS} FROM "RoleAssignment" WHERE "userId" = ?`, [userId]);
    return row ? toAssignment(row) : null;
  }

  async list(): Promise<RoleAssignment[]> {
    return (await this.sql.query<RoleRow>(`SELECT ${ROLE_COLUMNS} FROM "RoleAssignment" ORDER BY "userId"`)).map(toAssignment);
  }

  async put(a: RoleAssignment): Promise<void> {
    await this.sql.execute(
      `INSERT INTO "RoleAssignment" (${ROLE_COLUMNS}) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT ("userId") DO UPDATE SET "role" = excluded."role", "departmentIds" = excluded."departmentIds",
         "grantedBy" = excluded."grantedBy", "grantedAt" = excluded."grantedAt"`,
      [a.userId, a.role, a.departmentIds === null ? null : JSON.stringify(a.departmentIds), a.grantedBy, a.grantedAt],
    );
  }

  async remove(userId: string): Promise<boolean> {
    return (await this.sql.execute(`DELETE FROM "RoleAssignment" WHERE "userId" = ?`, [userId])) > 0;
  }
}
