/**
 * 通讯录 reads (the staff directory sync): `GET /cgi-bin/department/list` answers every
 * department (the root 1 always, named after the corp) with `department_leader`, and
 * `GET /cgi-bin/user/list?department_id=ID` the department's direct members, each with
 * `department[]` and `is_leader_in_dept[]` of the same length. Resigned members are gone
 * from the directory. An unknown department answers 60003, as WeCom does.
 */
import { fail, ok, type Routes } from '../http.ts';
import type { Member, SimDepartment, World } from '../state.ts';

const ROOT: SimDepartment = { id: 1, name: '模拟企业', parentId: 0 };

function departmentsOf(world: World): SimDepartment[] {
  return [world.departments.get(1) ?? ROOT, ...[...world.departments.values()].filter((d) => d.id !== 1)];
}

const departmentIdsOf = (m: Member) => (m.departmentIds && m.departmentIds.length > 0 ? m.departmentIds : [1]);
const activeMembers = (world: World) => [...world.members.values()].filter((m) => !m.resigned);

export const directoryRoutes: Routes = {
  '/cgi-bin/department/list': {
    method: 'GET',
    handle: ({ world }) =>
      ok({
        department: departmentsOf(world).map((d) => ({
          id: d.id,
          name: d.name,
          parentid: d.parentId,
          order: 0,
          department_leader: activeMembers(world).filter((m) => m.leadsDepartmentIds?.includes(d.id)).map((m) => m.userId),
        })),
      }),
  },
  '/cgi-bin/user/list': {
    method: 'GET',
    handle: ({ world, query }) => {
      const id = Number(query.get('department_id'));
      if (!departmentsOf(world).some((d) => d.id === id)) return fail(60003, 'department not found');
      const userlist = activeMembers(world)
        .filter((m) => departmentIdsOf(m).includes(id))
        .map((m) => {
          const department = departmentIdsOf(m);
          return { userid: m.userId, name: m.name, department, is_leader_in_dept: department.map((d) => (m.leadsDepartmentIds?.includes(d) ? 1 : 0)), status: 1 };
        });
      return ok({ userlist });
    },
  },
};
