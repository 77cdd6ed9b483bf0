/**
 * 通讯录 through the self-built app's token (it sees its visible range):
 * - `GET /cgi-bin/department/list` (doc 90208): `department[]` of `id`, `name`, `parentid`,
 *   `department_leader[]`; without `id`, the whole tree in range
 * - `GET /cgi-bin/user/list?department_id=ID` (doc 90201): `userlist[]` of `userid`, `name`,
 *   `department[]` and `is_leader_in_dept[]` (same length, 1 = leader). It lists one
 *   department's direct members only (`fetch_child` is gone), so each department is read.
 * A member in several departments appears once per department; they are merged by userid.
 */
import type { Department, StaffDirectorySnapshot, StaffMember } from '../../domain/access/staff.ts';
import type { StaffDirectorySource } from '../../domain/ports.ts';
import type { WecomClient } from '../client.ts';

interface DepartmentJson {
  id: number;
  name?: string;
  parentid?: number;
  department_leader?: string[];
}

interface UserJson {
  userid: string;
  name?: string;
  department?: number[];
  is_leader_in_dept?: number[];
}

export class WecomStaffDirectory implements StaffDirectorySource {
  constructor(private readonly client: WecomClient) {}

  async fetchDirectory(): Promise<StaffDirectorySnapshot> {
    const { department = [] } = await this.client.request<{ department?: DepartmentJson[] }>({ api: '/cgi-bin/department/list', method: 'GET', secret: 'agent' });
    const departments: Department[] = department.map((d) => ({ id: Number(d.id), name: d.name ?? String(d.id), parentId: Number(d.parentid ?? 0) }));
    const staff = new Map<string, StaffMember>();
    const merge = (userId: string, name: string, departmentIds: number[], leads: number[]) => {
      const known = staff.get(userId) ?? { userId, name, departmentIds: [], leadsDepartmentIds: [] };
      known.departmentIds = [...new Set([...known.departmentIds, ...departmentIds])].sort((a, b) => a - b);
      known.leadsDepartmentIds = [...new Set([...known.leadsDepartmentIds, ...leads])].sort((a, b) => a - b);
      staff.set(userId, known);
    };
    // Sequential on purpose: a corp has tens of departments, and WeCom limits concurrency (45033).
    for (const d of departments) {
      const { userlist = [] } = await this.client.request<{ userlist?: UserJson[] }>({
        api: '/cgi-bin/user/list',
        method: 'GET',
        secret: 'agent',
        query: { department_id: String(d.id) },
      });
      for (const u of userlist) {
        const ids = (u.department ?? []).map(Number);
        merge(u.userid, u.name ?? u.userid, ids, ids.filter((_, i) => u.is_leader_in_dept?.[i] === 1));
      }
    }
    // department_leader is the other place WeCom names a lead; count both.
    for (const d of department) for (const userId of d.department_leader ?? []) if (staff.has(userId)) merge(userId, staff.get(userId)!.name, [], [Number(d.id)]);
    return { departments, staff: [...staff.values()] };
  }
}
