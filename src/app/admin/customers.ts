/**
 * Customer read models for the admin console: one customer's profile and the filtered,
 * paged customer list. The welcome codes in a profile are masked here, in the core, so
 * no adapter or presenter can forget to.
 */
import {
  maskWelcomeCode,
  type CustomerListFilters,
  type CustomerListPage,
  type CustomerProfileView,
} from '../../domain/contact/customer-views.ts';
import type { CustomerQueries } from '../../domain/ports.ts';
import type { CustomFieldRepo } from '../../domain/custom-fields/custom-field.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { assertFieldConditions } from './custom-fields.ts';

/** What the customer use cases need. */
export interface CustomerAdminDeps {
  customers: CustomerQueries;
  /** The defined custom fields, which `fields` conditions must fit; without it such conditions are refused. */
  fields?: Pick<CustomFieldRepo, 'list'>;
}

/** Largest page the list serves; more would make one request scan too much. */
export const MAX_CUSTOMER_PAGE = 200;

/**
 * One customer with every relation and welcome send (codes masked to the last 4 chars).
 * A customer known only through a relation or a welcome send has a profile whose own
 * fields are null (see CustomerProfileView).
 * @param deps - the customer read model
 * @param externalUserId - WeCom's external userid
 * @returns the profile
 * @throws NotFoundError when the id is known nowhere
 */
export async function getCustomerProfile(deps: CustomerAdminDeps, externalUserId: string): Promise<CustomerProfileView> {
  const profile = await deps.customers.profile(externalUserId);
  if (!profile) throw new NotFoundError(`customer ${externalUserId} is not known`);
  return {
    ...profile,
    welcomeSends: profile.welcomeSends.map((send) => ({ ...send, welcomeCode: maskWelcomeCode(send.welcomeCode) })),
  };
}

/**
 * One page of customers matching every filter, ordered by externalUserId.
 * @param deps - the customer read model
 * @param filters - validated filters; `limit` between 1 and {@link MAX_CUSTOMER_PAGE}
 * @returns the page and, when more follow, the cursor of the next one
 * @throws ValidationError when the range or the page size is impossible
 */
export async function listCustomers(deps: CustomerAdminDeps, filters: CustomerListFilters): Promise<CustomerListPage> {
  if (!Number.isInteger(filters.limit) || filters.limit < 1 || filters.limit > MAX_CUSTOMER_PAGE) {
    throw new ValidationError(`limit: must be an integer from 1 to ${MAX_CUSTOMER_PAGE}`);
  }
  if (filters.addedFrom !== undefined && filters.addedTo !== undefined && filters.addedFrom > filters.addedTo) {
    throw new ValidationError('addedFrom: must not be after addedTo');
  }
  await assertFieldConditions(deps, filters.fields, 'fields');
  return deps.customers.list(filters);
}
