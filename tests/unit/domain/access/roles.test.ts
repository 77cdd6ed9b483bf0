import { describe, expect, it } from 'vitest';
import { allows, canGrant, dataScope, ROLES, scopedUserIds, withSubDepartments, type Role, type RouteAccess } from '../../../../src/domain/access/roles.ts';

describe('allows()', () => {
  const EXPECTED: Record<RouteAccess, Role[]> = {
    super_admin: ['super_admin'],
    admin: ['super_admin', 'admin'],
    staff: ['super_admin', 'admin', 'dept_lead', 'salesperson'],
  };
  it.each(Object.entries(EXPECTED))('should admit exactly the listed roles to a %s route', (access, admitted) => {
    expect(ROLES.filter((role) => allows(access as RouteAccess, role))).toEqual(admitted);
  });
});

describe('canGrant()', () => {
  it('should let only a super admin grant or revoke admin and super_admin', () => {
    for (const role of ['admin', 'super_admin'] as const) {
      expect(ROLES.filter((granter) => canGrant(granter, role))).toEqual(['super_admin']);
    }
  });

  it('should let admins and super admins manage dept leads and salespeople, and no one below', () => {
    for (const role of ['dept_lead', 'salesperson'] as const) {
      expect(ROLES.filter((granter) => canGrant(granter, role))).toEqual(['super_admin', 'admin']);
    }
  });
});

describe('withSubDepartments()', () => {
  const TREE = [
    { id: 1, parentId: 0 },
    { id: 2, parentId: 1 },
    { id: 3, parentId: 2 },
    { id: 5, parentId: 3 },
    { id: 4, parentId: 1 },
  ];
  it('should include every descendant, at any depth, and nothing beside', () => {
    expect(withSubDepartments([2], TREE)).toEqual([2, 3, 5]);
    expect(withSubDepartments([4], TREE)).toEqual([4]);
    expect(withSubDepartments([1], TREE)).toEqual([1, 2, 3, 4, 5]);
  });

  it('should keep an unknown root and stop on a cycle in bad data', () => {
    expect(withSubDepartments([9], TREE)).toEqual([9]);
    expect(withSubDepartments([7], [{ id: 7, parentId: 8 }, { id: 8, parentId: 7 }])).toEqual([7, 8]);
  });
});

describe('dataScope()', () => {
  it('should give admins every customer, with no userid list to query by', () => {
    for (const role of ['super_admin', 'admin'] as const) {
      const scope = dataScope({ actor: 'x', userId: 'x', role }, ['a', 'b']);
      expect(scope).toEqual({ all: true });
      expect(scopedUserIds(scope)).toBeUndefined();
    }
  });

  it('should give a dept lead their departments\' members and themselves, once each, sorted', () => {
    expect(dataScope({ actor: 'lead.zhou', userId: 'lead.zhou', role: 'dept_lead' }, ['sales.li', 'lead.zhou', 'sales.an'])).toEqual({ all: false, userIds: ['lead.zhou', 'sales.an', 'sales.li'] });
  });

  it('should give a salesperson only themselves, whatever members are passed', () => {
    expect(dataScope({ actor: 'sales.li', userId: 'sales.li', role: 'salesperson' }, ['sales.wang'])).toEqual({ all: false, userIds: ['sales.li'] });
  });

  it('should give a limited principal without a userid nothing', () => {
    expect(scopedUserIds(dataScope({ actor: 'x', role: 'salesperson' }))).toEqual([]);
  });
});
