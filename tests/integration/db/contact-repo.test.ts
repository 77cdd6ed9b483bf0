/**
 * SqlContactRepo against real SQLite and PostgreSQL: every write is an upsert, a
 * snapshot refreshes details without moving a relation's status, and optional fields
 * absent from WeCom's answer are cleared, not kept.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SqlContactRepo } from '../../../src/db/contact-repo.ts';
import type { ContactSnapshot, FollowDetails } from '../../../src/domain/contact/contact.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const T = 1717000000;
const FIXTURE_CUSTOMER = 'wmAbCdEfGhIjKlMnOpQrStUvWxYz0001';
const T0 = new Date('2026-11-27T08:00:00.000Z');
const T1 = new Date('2026-11-27T09:00:00.000Z');

function snapshot(followers: FollowDetails[], externalUserId = FIXTURE_CUSTOMER): ContactSnapshot {
  return {
    customer: { externalUserId, name: '张三', avatar: 'https://wework.qpic.cn/a.png', type: 1, gender: 2, unionId: 'oUnion0001', corpName: '腾讯' },
    followers,
  };
}

const li = (overrides: Partial<FollowDetails> = {}): FollowDetails => ({
  userId: 'sales.li',
  remark: 'Ms Zhang',
  description: 'expo lead',
  addedAt: T,
  addWay: 1,
  state: 'expo2024-booth3',
  operUserId: 'sales.li',
  tagIds: ['etTagA', 'etTagB'],
  ...overrides,
});

describe.each(PROVIDERS)('SqlContactRepo (%s)', (provider) => {
  let database: TestDatabase;
  let repo: SqlContactRepo;

  const row = (userId: string, externalUserId = FIXTURE_CUSTOMER) =>
    database.db.followRelation.findUnique({ where: { userId_externalUserId: { userId, externalUserId } } });

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    repo = new SqlContactRepo(database.connection.sql);
  });

  beforeEach(async () => {
    await database.db.customerPhone.deleteMany();
    await database.db.followRelation.deleteMany();
    await database.db.customer.deleteMany();
    await database.db.transferFailure.deleteMany();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should create the customer and active relations as of each add time when the snapshot is new', async () => {
    await repo.saveSnapshot(snapshot([li(), { userId: 'sales.wang', tagIds: [] }]), T0);

    const customer = await database.db.customer.findUniqueOrThrow({ where: { externalUserId: FIXTURE_CUSTOMER } });
    expect(customer).toMatchObject({ name: '张三', type: 1, gender: 2, unionId: 'oUnion0001', corpName: '腾讯', position: null, corpFullName: null });
    expect(customer.fetchedAt.toISOString()).toBe(T0.toISOString());
    expect(await row('sales.li')).toMatchObject({ status: 'active', statusChangedAt: T, remark: 'Ms Zhang', addWay: 1, state: 'expo2024-booth3', addedAt: T });
    expect(await row('sales.wang')).toMatchObject({ status: 'active', statusChangedAt: 0, remark: null, addedAt: null, tagIds: '[]' });
    expect(await repo.getRelation('sales.li', FIXTURE_CUSTOMER)).toEqual({ status: 'active', statusChangedAt: T });
  });

  it('should update the details, clear absent fields and round-trip the tags when the snapshot is saved again', async () => {
    await repo.saveSnapshot(snapshot([li()]), T0);
    const changed = snapshot([li({ remark: undefined, description: undefined, tagIds: ['etTagC'] })]);
    changed.customer = { externalUserId: FIXTURE_CUSTOMER, name: '张三丰', type: 1, gender: 1 };

    await repo.saveSnapshot(changed, T1);

    const customer = await database.db.customer.findUniqueOrThrow({ where: { externalUserId: FIXTURE_CUSTOMER } });
    expect(customer).toMatchObject({ name: '张三丰', gender: 1, avatar: null, unionId: null, corpName: null });
    expect(customer.fetchedAt.toISOString()).toBe(T1.toISOString());
    const relation = await row('sales.li');
    expect(relation).toMatchObject({ remark: null, description: null, state: 'expo2024-booth3', status: 'active' });
    expect(JSON.parse(relation?.tagIds ?? 'null')).toEqual(['etTagC']);
    expect(await database.db.customer.count()).toBe(1);
    expect(await database.db.followRelation.count()).toBe(1);
  });

  it('should keep the noted phones as WeCom lists them, once each, per salesperson', async () => {
    const phones = async () =>
      (await database.db.customerPhone.findMany({ where: { externalUserId: FIXTURE_CUSTOMER }, orderBy: [{ userId: 'asc' }, { phone: 'asc' }] })).map((p) => `${p.userId}:${p.phone}`);
    await repo.saveSnapshot(snapshot([li({ remarkMobiles: ['13800138000', '13800138000', '13900139000'] }), { userId: 'sales.wang', tagIds: [], remarkMobiles: ['13700137000'] }]), T0);
    expect(await phones()).toEqual(['sales.li:13800138000', 'sales.li:13900139000', 'sales.wang:13700137000']);
    // The same list again changes nothing; a shorter one replaces li's; none listed (undefined) keeps wang's.
    await repo.saveSnapshot(snapshot([li({ remarkMobiles: ['13900139000', '13800138000'] })]), T0);
    expect(await phones()).toEqual(['sales.li:13800138000', 'sales.li:13900139000', 'sales.wang:13700137000']);
    await repo.saveSnapshot(snapshot([li({ remarkMobiles: ['13900139000'] }), { userId: 'sales.wang', tagIds: [] }]), T0);
    expect(await phones()).toEqual(['sales.li:13900139000', 'sales.wang:13700137000']);
    await repo.saveSnapshot(snapshot([li({ remarkMobiles: [] })]), T0);
    expect(await phones()).toEqual(['sales.wang:13700137000']);
  });

  it('should keep the status of an existing relation when a snapshot refreshes its details', async () => {
    await repo.setRelationState('sales.li', FIXTURE_CUSTOMER, { status: 'removed_by_customer', statusChangedAt: T + 10, removedByCustomerAt: T + 10 });

    await repo.saveSnapshot(snapshot([li({ remark: 'VIP Zhang' })]), T0);

    expect(await repo.getRelation('sales.li', FIXTURE_CUSTOMER)).toEqual({ status: 'removed_by_customer', statusChangedAt: T + 10, removedByCustomerAt: T + 10 });
    expect(await row('sales.li')).toMatchObject({ remark: 'VIP Zhang', addedAt: T });
  });

  it('should create the relation with the channel state and update only the lifecycle fields later', async () => {
    await repo.setRelationState(
      'sales.li',
      FIXTURE_CUSTOMER,
      { status: 'removed_by_staff', statusChangedAt: T + 10, removedByStaffAt: T + 10, removalSource: 'DELETE_BY_TRANSFER' },
      'ad-campaign-7',
    );
    expect(await row('sales.li')).toMatchObject({ status: 'removed_by_staff', removedByStaffAt: T + 10, removalSource: 'DELETE_BY_TRANSFER', state: 'ad-campaign-7', remark: null, tagIds: '[]' });

    await repo.setRelationState(
      'sales.li',
      FIXTURE_CUSTOMER,
      { status: 'removed_by_customer', statusChangedAt: T + 20, removedByStaffAt: T + 10, removedByCustomerAt: T + 20 },
      'other-state',
    );

    expect(await repo.getRelation('sales.li', FIXTURE_CUSTOMER)).toEqual({
      status: 'removed_by_customer',
      statusChangedAt: T + 20,
      removedByStaffAt: T + 10,
      removedByCustomerAt: T + 20,
    });
    expect(await row('sales.li')).toMatchObject({ removalSource: null, state: 'ad-campaign-7' });
    expect(await database.db.followRelation.count()).toBe(1);
  });

  it('should return null when the relation is unknown', async () => {
    await repo.saveSnapshot(snapshot([li()]), T0);

    expect(await repo.getRelation('sales.wang', FIXTURE_CUSTOMER)).toBeNull();
    expect(await repo.getRelation('sales.li', 'wmUnknownCustomer000000000000000')).toBeNull();
  });

  it('should record a transfer failure once per takeover member, customer and time', async () => {
    const failure = { takeoverUserId: 'sales.wang', externalUserId: FIXTURE_CUSTOMER, reason: 'customer_refused', occurredAt: T };

    await repo.recordTransferFailure(failure);
    await repo.recordTransferFailure(failure);
    await repo.recordTransferFailure({ ...failure, occurredAt: T + 60, reason: 'customer_limit_exceed' });

    const rows = await database.db.transferFailure.findMany({ orderBy: { occurredAt: 'asc' } });
    expect(rows.map(({ takeoverUserId, externalUserId, reason, occurredAt }) => ({ takeoverUserId, externalUserId, reason, occurredAt }))).toEqual([
      failure,
      { ...failure, occurredAt: T + 60, reason: 'customer_limit_exceed' },
    ]);
  });

  it('should keep 32-character and digit-only ids as exact strings', async () => {
    const digits = '01234567890123456789012345678901';
    const external = 'wmZ9y8X7w6V5u4T3s2R1q0P9o8N7m6L5';
    await repo.saveSnapshot(snapshot([li({ userId: '00012' })], external), T0);
    await repo.setRelationState('10001', digits, { status: 'pending', statusChangedAt: T });

    const customer = await database.db.customer.findUniqueOrThrow({ where: { externalUserId: external } });
    expect(customer.externalUserId).toBe(external);
    expect(await repo.getRelation('00012', external)).toEqual({ status: 'active', statusChangedAt: T });
    expect(await repo.getRelation('10001', digits)).toEqual({ status: 'pending', statusChangedAt: T });
    const rows = await database.db.followRelation.findMany({ orderBy: { userId: 'asc' } });
    expect(rows.map((r) => [r.userId, r.externalUserId])).toEqual([
      ['00012', external],
      ['10001', digits],
    ]);
    expect(rows.every((r) => typeof r.userId === 'string' && typeof r.externalUserId === 'string')).toBe(true);
  });

  it('should count each salesperson\'s active and pending customers, leaving removed relations out', async () => {
    const state = (status: 'active' | 'pending' | 'removed_by_customer') => ({ status, statusChangedAt: T });
    await repo.setRelationState('load.a', 'wmLoad1', state('active'));
    await repo.setRelationState('load.a', 'wmLoad2', state('pending'));
    await repo.setRelationState('load.a', 'wmLoad3', state('removed_by_customer'));
    await repo.setRelationState('load.b', 'wmLoad1', state('active'));

    const counts = await repo.customerCounts(['load.a', 'load.b', 'load.none']);

    expect(Object.fromEntries(counts)).toEqual({ 'load.a': 2, 'load.b': 1 });
    expect(await repo.customerCounts([])).toEqual(new Map());
  });
});

