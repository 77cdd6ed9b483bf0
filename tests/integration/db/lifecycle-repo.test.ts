/** SqlLifecycleStore against real SQLite and PostgreSQL: the grouped facts and stored stages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlContactRepo } from '../../../src/db/contact-repo.ts';
import { SqlLifecycleStore } from '../../../src/db/lifecycle-repo.ts';
import { SqlMessageStore } from '../../../src/db/message-repo.ts';
import { SqlOrderStore } from '../../../src/db/order-repo.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

describe.each(PROVIDERS)('SqlLifecycleStore (%s)', (provider) => {
  let database: TestDatabase;
  let store: SqlLifecycleStore;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    store = new SqlLifecycleStore(database.connection.sql);
    const contacts = new SqlContactRepo(database.connection.sql);
    await contacts.saveSnapshot({ customer: { externalUserId: 'wmL1', name: 'a', type: 1, gender: 0 }, followers: [{ userId: 'u1', addedAt: 500, tagIds: [] }] }, new Date());
    await contacts.setRelationState('u2', 'wmL1', { status: 'removed_by_customer', statusChangedAt: 900, removedByCustomerAt: 900 });
    await contacts.setRelationState('u1', 'wmL2', { status: 'removed_by_customer', statusChangedAt: 300, removedByCustomerAt: 300 });
    await new SqlMessageStore(database.connection.sql).addMany([
      { source: 'kf', sourceMessageId: 'm1', externalUserId: 'wmL1', direction: 'in', msgType: 'text', text: 'x', sentAt: 700 },
      { source: 'kf', sourceMessageId: 'm2', externalUserId: 'wmL1', direction: 'out', msgType: 'text', text: 'y', sentAt: 800 },
    ]);
    await new SqlOrderStore(database.connection.sql).saveValue({
      externalUserId: 'wmL1', totalSpendFen: 100, annualSpendFen: 100, orderCount: 2, firstOrderAt: 600, lastOrderAt: 650, valueLayer: 'low', highValue: false,
    });
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should gather each customer\'s facts from relations, inbound messages and orders', async () => {
    const facts = await store.factsFor(['wmL1', 'wmL2', 'wmNone']);
    expect(facts.sort((a, b) => a.externalUserId.localeCompare(b.externalUserId))).toEqual([
      { externalUserId: 'wmL1', firstAddedAt: 500, served: true, removedByCustomer: true, lastInboundAt: 700, lastOrderAt: 650, orderCount: 2 },
      { externalUserId: 'wmL2', firstAddedAt: 300, served: false, removedByCustomer: true, lastInboundAt: null, lastOrderAt: null, orderCount: 0 },
    ]);
    expect(await store.customerIds(undefined, 1)).toEqual(['wmL1']);
    expect(await store.customerIds('wmL1', 10)).toEqual(['wmL2']);
  });

  it('should keep one stage per customer with its time', async () => {
    await store.save('wmL1', 'new', 10);
    await store.save('wmL1', 'stable', 20);
    expect(await store.stagesOf(['wmL1', 'wmL2'])).toEqual(new Map([['wmL1', { stage: 'stable', since: 20 }]]));
  });
});
