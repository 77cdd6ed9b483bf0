import { describe, expect, it } from 'vitest';
import { getCustomerProfile, listCustomers } from '../../../../src/app/admin/customers.ts';
import type { CustomerFollowerView, CustomerProfileView } from '../../../../src/domain/contact/customer-views.ts';
import { maskWelcomeCode } from '../../../../src/domain/contact/customer-views.ts';
import { NotFoundError, ValidationError } from '../../../../src/shared/errors.ts';
import { InMemoryCustomerQueries } from '../../../helpers/admin-fakes.ts';

const FIXTURE_CUSTOMER = 'wmAbCdEfGhIjKlMnOpQrStUvWxYz0001';
const FIXTURE_WELCOME_CODE = 'CALLBACK_WELCOME_CODE_0001abcd';
const T = 1717000000;

function follower(overrides: Partial<CustomerFollowerView> = {}): CustomerFollowerView {
  return {
    userId: 'sales.li',
    status: 'active',
    remark: null,
    description: null,
    state: 'expo',
    addWay: 1,
    addedAt: T,
    tagIds: ['etTagA'],
    removedByCustomerAt: null,
    removedByStaffAt: null,
    ...overrides,
  };
}

function profile(externalUserId: string, followers: CustomerFollowerView[] = [follower()]): CustomerProfileView {
  return {
    externalUserId,
    name: '张三',
    avatar: null,
    type: 1,
    gender: 2,
    corpName: null,
    corpFullName: null,
    position: null,
    unionId: null,
    detailsFetchedAt: T,
    followers,
    welcomeSends: [
      { welcomeCode: FIXTURE_WELCOME_CODE, userId: 'sales.li', flowId: 1, result: 'sent', errcode: null, eventTime: T, latencyMs: 120 },
    ],
  };
}

describe('maskWelcomeCode()', () => {
  it('should keep only the last 4 characters when the code is long, and nothing when it is short', () => {
    expect(maskWelcomeCode(FIXTURE_WELCOME_CODE)).toBe('****abcd');
    expect(maskWelcomeCode('abcd')).toBe('****');
  });
});

describe('getCustomerProfile()', () => {
  it('should return the profile with every welcome code masked when the customer is known', async () => {
    const customers = new InMemoryCustomerQueries([profile(FIXTURE_CUSTOMER)]);
    const result = await getCustomerProfile({ customers }, FIXTURE_CUSTOMER);
    expect(result).toMatchObject({ externalUserId: FIXTURE_CUSTOMER, name: '张三', followers: [{ userId: 'sales.li' }] });
    expect(result.welcomeSends[0]?.welcomeCode).toBe('****abcd');
    expect(JSON.stringify(result)).not.toContain(FIXTURE_WELCOME_CODE);
  });

  it('should throw NotFoundError when the id is known nowhere', async () => {
    await expect(getCustomerProfile({ customers: new InMemoryCustomerQueries() }, 'wmUnknown')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('listCustomers()', () => {
  it('should page through the matching customers in id order when a filter and a limit are given', async () => {
    const customers = new InMemoryCustomerQueries([
      profile('wmC'),
      profile('wmA'),
      profile('wmB', [follower({ userId: 'sales.wang' })]),
      profile('wmD'),
    ]);
    const first = await listCustomers({ customers }, { userId: 'sales.li', limit: 2 });
    expect(first.items.map((i) => i.externalUserId)).toEqual(['wmA', 'wmC']);
    const second = await listCustomers({ customers }, { userId: 'sales.li', limit: 2, cursor: first.nextCursor });
    expect(second.items.map((i) => i.externalUserId)).toEqual(['wmD']);
    expect(second.nextCursor).toBeUndefined();
  });

  it.each([
    [{ limit: 0 }, /^limit: /],
    [{ limit: 201 }, /^limit: /],
    [{ limit: 10, addedFrom: T + 1, addedTo: T }, /^addedFrom: /],
  ])('should throw ValidationError without querying when the filters are %j', async (filters, message) => {
    const customers = new InMemoryCustomerQueries();
    const error = await listCustomers({ customers }, filters).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(message);
    expect(customers.listCalls).toEqual([]);
  });
});
