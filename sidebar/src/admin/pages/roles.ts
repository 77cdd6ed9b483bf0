/**
 * 角色权限: every member of the synced 通讯录 with their console role. Admins make dept
 * leads (departments: blank = the ones WeCom says they lead, sub-departments included)
 * and salespeople; only super admins grant admin and super admin (the API refuses
 * otherwise and the message shows). "同步通讯录" re-reads WeCom now.
 */
import { h, mount } from '../../dom.ts';
import { call, ROLE_LABELS, ROLE_ORDER, type ConsoleRole } from '../api.ts';

interface Department {
  id: number;
  name: string;
  parentId: number;
}

interface StaffRole {
  userId: string;
  name: string | null;
  departmentIds: number[];
  role: ConsoleRole;
  assignedDepartmentIds: number[] | null;
  scopeDepartmentIds: number[];
  grantedBy: string | null;
  inDirectory: boolean;
}

const ids = (text: string) => text.split(/[\s,，、]+/).filter(Boolean).map(Number);

export async function renderRoles(root: Element): Promise<void> {
  const { departments, staff } = await call<{ departments: Department[]; staff: StaffRole[] }>('GET', '/roles');
  const nameOf = (id: number) => departments.find((d) => d.id === id)?.name ?? `#${id}`;
  const names = (list: number[]) => list.map(nameOf).join('、') || '—';
  const status = h('div', { class: 'form-error', role: 'alert' });
  const sync = h('button', { type: 'button', class: 'btn' }, '同步通讯录');
  sync.addEventListener('click', () => {
    sync.disabled = true;
    call<{ departments: number; staff: number }>('POST', '/staff/sync')
      .then(() => renderRoles(root))
      .catch((error: unknown) => {
        status.textContent = error instanceof Error ? error.message : String(error);
        sync.disabled = false;
      });
  });

  const row = (member: StaffRole) => {
    const select = h('select', { 'aria-label': `${member.userId} 的角色` }, ROLE_ORDER.map((role) => h('option', { value: role, selected: role === member.role }, ROLE_LABELS[role])));
    const depts = h('input', { type: 'text', placeholder: '部门 id，留空=企业微信中其负责的部门', value: member.assignedDepartmentIds?.join(', ') ?? '', 'aria-label': `${member.userId} 的部门` });
    const save = h('button', { type: 'button', class: 'btn btn--primary' }, '保存');
    const problem = h('div', { class: 'form-error small', role: 'alert' });
    save.addEventListener('click', () => {
      problem.textContent = '';
      const role = select.value as ConsoleRole;
      const departmentIds = role === 'dept_lead' && depts.value.trim() ? ids(depts.value) : null;
      call('PUT', `/roles/${encodeURIComponent(member.userId)}`, { role, departmentIds })
        .then(() => renderRoles(root))
        .catch((error: unknown) => {
          problem.textContent = error instanceof Error ? error.message : String(error);
        });
    });
    return h(
      'tr',
      null,
      h('td', null, h('strong', null, member.name ?? member.userId), h('div', { class: 'muted small' }, member.userId, member.inDirectory ? '' : ' · 已不在通讯录')),
      h('td', null, names(member.departmentIds)),
      h('td', null, select),
      h('td', null, depts, member.role === 'dept_lead' ? h('div', { class: 'muted small' }, `可见：${names(member.scopeDepartmentIds)}`) : null),
      h('td', null, save, problem),
    );
  };

  mount(
    root,
    h(
      'div',
      { class: 'page-head' },
      h('div', null, h('h2', null, '角色权限'), h('p', { class: 'muted' }, '未分配角色的成员是销售，只看自己的客户；部门主管看所管部门（含下级部门）销售的客户。只有超级管理员能授予管理员。')),
      sync,
    ),
    status,
    h(
      'section',
      { class: 'card' },
      h('table', { class: 'table' }, h('thead', null, h('tr', null, ['成员', '所在部门', '角色', '主管的部门', ''].map((t) => h('th', null, t)))), h('tbody', null, staff.map(row))),
    ),
  );
}
