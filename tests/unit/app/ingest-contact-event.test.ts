import { describe, expect, it } from 'vitest';
import { ingestContactEvent } from '../../../src/app/ingest-contact-event.ts';
import type { ContactSnapshot } from '../../../src/domain/contact/contact.ts';
import type { ContactChangedEvent } from '../../../src/domain/events.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import type { Channel } from '../../../src/domain/contact/channel.ts';
import { InMemoryContactDirectory, InMemoryContactRepo } from '../../helpers/fakes.ts';

const FIXTURE_NOW = new Date('2024-05-29T16:30:00.000Z');
const FIXTURE_CUSTOMER = 'wmAbCdEfGhIjKlMnOpQrStUvWxYz0001';
const FIXTURE_STATE = 'expo2024-booth3';
const T = 1717000000;

function snapshot(overrides: { remark?: string } = {}): ContactSnapshot {
  return {
    customer: { externalUserId: FIXTURE_CUSTOMER, name: '张三', type: 1, gender: 2, unionId: 'oAbCdUnion0001', avatar: 'https://wework.qpic.cn/a.png' },
    followers: [
      { userId: 'sales.li', remark: 'remark' in overrides ? overrides.remark : 'Ms Zhang', addedAt: T, addWay: 1, state: FIXTURE_STATE, tagIds: ['etTagA', 'etTagB'] },
      { userId: 'sales.wang', description: 'met at expo', addedAt: T - 3600, tagIds: [] },
    ],
  };
}

function contactEvent(change: ContactChangedEvent['change'], overrides: Partial<ContactChangedEvent> = {}): ContactChangedEvent {
  return { type: 'contact_changed', change, corpId: 'ww0123456789abcdef', createTime: T, userId: 'sales.li', externalUserId: FIXTURE_CUSTOMER, ...overrides };
}

function world(snapshots: ContactSnapshot[] = [snapshot()]) {
  const contacts = new InMemoryContactRepo();
  const directory = new InMemoryContactDirectory(snapshots);
  const clock = fixedClock(FIXTURE_NOW);
  return { contacts, directory, clock, deps: { contacts, directory, clock } };
}

describe('ingestContactEvent()', () => {
  it('should fetch the customer once and store the customer, every follower and an active relation when the customer is added', async () => {
    const { contacts, directory, deps } = world();

    await ingestContactEvent(deps, contactEvent('add_external_contact', { state: FIXTURE_STATE, welcomeCode: 'WELCOME' }), 'op-1');

    expect(directory.calls).toEqual([FIXTURE_CUSTOMER]);
    expect(contacts.customer(FIXTURE_CUSTOMER)).toMatchObject({ name: '张三', gender: 2, unionId: 'oAbCdUnion0001', position: null, fetchedAt: FIXTURE_NOW });
    expect(contacts.relation('sales.li', FIXTURE_CUSTOMER)).toMatchObject({
      status: 'active',
      statusChangedAt: T,
      state: FIXTURE_STATE,
      remark: 'Ms Zhang',
      addWay: 1,
      tagIds: ['etTagA', 'etTagB'],
      removedByStaffAt: null,
      removedByCustomerAt: null,
    });
    expect(contacts.relation('sales.wang', FIXTURE_CUSTOMER)).toMatchObject({ status: 'active', statusChangedAt: T - 3600, description: 'met at expo', remark: null });
    expect(contacts.counts).toEqual({ customers: 1, relations: 2 });
  });

  it('should record the relation as removed by the customer without calling the directory when del_follow_user arrives first', async () => {
    const { contacts, directory, deps } = world();

    await ingestContactEvent(deps, contactEvent('del_follow_user', { createTime: T + 10 }), 'op-1');

    expect(directory.calls).toEqual([]);
    expect(contacts.customer(FIXTURE_CUSTOMER)).toBeUndefined();
    expect(await contacts.getRelation('sales.li', FIXTURE_CUSTOMER)).toEqual({ status: 'removed_by_customer', statusChangedAt: T + 10, removedByCustomerAt: T + 10 });
  });

  it('should keep the removal but store the details when the older add arrives after del_follow_user', async () => {
    const { contacts, deps } = world();

    await ingestContactEvent(deps, contactEvent('del_follow_user', { createTime: T + 10 }), 'op-1');
    await ingestContactEvent(deps, contactEvent('add_external_contact', { state: FIXTURE_STATE }), 'op-1');

    expect(contacts.relation('sales.li', FIXTURE_CUSTOMER)).toMatchObject({ status: 'removed_by_customer', statusChangedAt: T + 10, remark: 'Ms Zhang' });
    expect(contacts.customer(FIXTURE_CUSTOMER)?.name).toBe('张三');
  });

  it('should still record the relation with the event channel state when the directory does not know the customer', async () => {
    const { contacts, directory, deps } = world([]);

    await ingestContactEvent(deps, contactEvent('add_external_contact', { state: FIXTURE_STATE }), 'op-1');

    expect(directory.calls).toEqual([FIXTURE_CUSTOMER]);
    expect(contacts.customer(FIXTURE_CUSTOMER)).toBeUndefined();
    expect(contacts.relation('sales.li', FIXTURE_CUSTOMER)).toMatchObject({ status: 'active', statusChangedAt: T, state: FIXTURE_STATE, remark: null });
    expect(contacts.counts).toEqual({ customers: 0, relations: 1 });
  });

  it('should leave the same rows when the add is delivered twice', async () => {
    const { contacts, deps } = world();
    const event = contactEvent('add_external_contact', { state: FIXTURE_STATE });

    await ingestContactEvent(deps, event, 'op-1');
    const first = { li: contacts.relation('sales.li', FIXTURE_CUSTOMER), wang: contacts.relation('sales.wang', FIXTURE_CUSTOMER), customer: contacts.customer(FIXTURE_CUSTOMER) };
    await ingestContactEvent(deps, event, 'op-1');

    expect(contacts.counts).toEqual({ customers: 1, relations: 2 });
    expect({ li: contacts.relation('sales.li', FIXTURE_CUSTOMER), wang: contacts.relation('sales.wang', FIXTURE_CUSTOMER), customer: contacts.customer(FIXTURE_CUSTOMER) }).toEqual(first);
  });

  it('should record one transfer failure and leave the relation untouched when transfer_fail is delivered twice', async () => {
    const { contacts, directory, deps } = world();
    await ingestContactEvent(deps, contactEvent('add_external_contact', { userId: 'sales.wang', createTime: T - 3600 }), 'op-1');
    const before = contacts.relation('sales.wang', FIXTURE_CUSTOMER);
    const callsBefore = directory.calls.length;
    const event = contactEvent('transfer_fail', { userId: 'sales.wang', createTime: T + 50, failReason: 'customer_refused' });

    await ingestContactEvent(deps, event, 'op-1');
    await ingestContactEvent(deps, event, 'op-1');

    expect(contacts.transferFailures).toEqual([{ takeoverUserId: 'sales.wang', externalUserId: FIXTURE_CUSTOMER, reason: 'customer_refused', occurredAt: T + 50 }]);
    expect(contacts.relation('sales.wang', FIXTURE_CUSTOMER)).toEqual(before);
    expect(directory.calls).toHaveLength(callsBefore);
  });

  it('should record the failure reason as unknown when transfer_fail has no FailReason', async () => {
    const { contacts, deps } = world();

    await ingestContactEvent(deps, contactEvent('transfer_fail', { userId: 'sales.zhao' }), 'op-1');

    expect(contacts.transferFailures).toEqual([{ takeoverUserId: 'sales.zhao', externalUserId: FIXTURE_CUSTOMER, reason: 'unknown', occurredAt: T }]);
    expect(contacts.relation('sales.zhao', FIXTURE_CUSTOMER)).toBeUndefined();
  });

  it('should refresh the details but keep the removal when the edit follows del_follow_user', async () => {
    const { contacts, directory, clock, deps } = world();
    await ingestContactEvent(deps, contactEvent('add_external_contact'), 'op-1');
    await ingestContactEvent(deps, contactEvent('del_follow_user', { createTime: T + 10 }), 'op-1');
    directory.set(snapshot({ remark: 'VIP Zhang' }));
    clock.advance(60_000);

    await ingestContactEvent(deps, contactEvent('edit_external_contact', { createTime: T + 20 }), 'op-1');

    expect(contacts.relation('sales.li', FIXTURE_CUSTOMER)).toMatchObject({
      remark: 'VIP Zhang',
      status: 'removed_by_customer',
      statusChangedAt: T + 10,
      removedByCustomerAt: T + 10,
    });
    expect(contacts.customer(FIXTURE_CUSTOMER)?.fetchedAt).toEqual(new Date(FIXTURE_NOW.getTime() + 60_000));
  });

  it('should clear the remark when the edit brings a snapshot without one', async () => {
    const { contacts, directory, deps } = world();
    await ingestContactEvent(deps, contactEvent('add_external_contact'), 'op-1');
    directory.set(snapshot({ remark: undefined }));

    await ingestContactEvent(deps, contactEvent('edit_external_contact', { createTime: T + 20 }), 'op-1');

    expect(contacts.relation('sales.li', FIXTURE_CUSTOMER)).toMatchObject({ remark: null, status: 'active', statusChangedAt: T });
  });

  it('should mark the relation removed by staff with the transfer source without calling the directory', async () => {
    const { contacts, directory, deps } = world();
    await ingestContactEvent(deps, contactEvent('add_external_contact'), 'op-1');

    await ingestContactEvent(deps, contactEvent('del_external_contact', { createTime: T + 30, source: 'DELETE_BY_TRANSFER' }), 'op-1');

    expect(directory.calls).toHaveLength(1);
    expect(await contacts.getRelation('sales.li', FIXTURE_CUSTOMER)).toEqual({
      status: 'removed_by_staff',
      statusChangedAt: T + 30,
      removedByStaffAt: T + 30,
      removalSource: 'DELETE_BY_TRANSFER',
    });
  });
});

describe('ingestContactEvent() tagging', () => {
  const channel: Channel = { id: 7, name: '展会', state: FIXTURE_STATE, userIds: ['sales.li'], activeUserIds: ['sales.li'], tagIds: ['etExpo'] };

  function taggedWorld(options: { failFirstMark?: boolean } = {}) {
    const base = world();
    const marks: unknown[] = [];
    let failNext = options.failFirstMark ?? false;
    // Like WeCom: a mark_tag shows in the next externalcontact/get.
    const tags = {
      markTags: async (input: { userId: string; add: string[]; remove: string[] }) => {
        if (failNext) {
          failNext = false;
          throw new Error('wecom down');
        }
        marks.push(input);
        const seen = snapshot();
        seen.followers = seen.followers.map((f) =>
          f.userId === input.userId ? { ...f, tagIds: [...f.tagIds.filter((t) => !input.remove.includes(t)), ...input.add] } : f,
        );
        base.directory.set(seen);
      },
    };
    const channels = { byState: async (state: string) => (state === channel.state ? channel : null) };
    return { ...base, marks, deps: { ...base.deps, channels, tagging: { tags, customerTags: base.contacts } } };
  }

  it('should add the channel tags once, with the channel as cause, and record the tags WeCom already had', async () => {
    const { contacts, marks, deps } = taggedWorld();
    const event = contactEvent('add_external_contact', { state: FIXTURE_STATE });

    await ingestContactEvent(deps, event, 'dk-add');
    await ingestContactEvent(deps, event, 'dk-add');

    expect(marks).toEqual([{ userId: 'sales.li', externalUserId: FIXTURE_CUSTOMER, add: ['etExpo'], remove: [] }]);
    expect(contacts.relation('sales.li', FIXTURE_CUSTOMER)?.tagIds).toEqual(['etTagA', 'etTagB', 'etExpo']);
    const history = await contacts.history(FIXTURE_CUSTOMER, 10);
    expect(history.map((c) => [c.tagId, c.action, c.cause])).toEqual([
      ['etExpo', 'add', { kind: 'channel', ref: '7' }],
      ['etTagB', 'add', { kind: 'wecom', ref: 'sales.li' }],
      ['etTagA', 'add', { kind: 'wecom', ref: 'sales.li' }],
    ]);
  });

  it('should still tag when the first run failed after the relation was stored and the job is retried', async () => {
    const { marks, deps } = taggedWorld({ failFirstMark: true });
    const event = contactEvent('add_external_contact', { state: FIXTURE_STATE });

    await expect(ingestContactEvent(deps, event, 'dk-add')).rejects.toThrow('wecom down');
    await ingestContactEvent(deps, event, 'dk-add');

    expect(marks).toEqual([{ userId: 'sales.li', externalUserId: FIXTURE_CUSTOMER, add: ['etExpo'], remove: [] }]);
  });

  it('should not tag for a stale add that arrives after the customer removed the salesperson', async () => {
    const { marks, deps } = taggedWorld();
    await ingestContactEvent(deps, contactEvent('del_follow_user', { createTime: T + 10 }), 'dk-del');

    await ingestContactEvent(deps, contactEvent('add_external_contact', { state: FIXTURE_STATE }), 'dk-add');

    expect(marks).toEqual([]);
  });

  it('should record tags a salesperson changed in the WeCom client as WeCom-caused history without calling mark_tag', async () => {
    const { contacts, directory, marks, deps } = taggedWorld();
    await ingestContactEvent(deps, contactEvent('add_external_contact'), 'dk-add');
    const edited = snapshot();
    edited.followers[0] = { ...edited.followers[0]!, tagIds: ['etTagB', 'etVip'] };
    directory.set(edited);

    await ingestContactEvent(deps, contactEvent('edit_external_contact', { createTime: T + 20 }), 'dk-edit');

    expect(marks).toEqual([]);
    expect(contacts.relation('sales.li', FIXTURE_CUSTOMER)?.tagIds).toEqual(['etTagB', 'etVip']);
    const history = await contacts.history(FIXTURE_CUSTOMER, 2);
    expect(history.map((c) => [c.operationId, c.tagId, c.action, c.cause.kind])).toEqual([
      ['dk-edit', 'etTagA', 'remove', 'wecom'],
      ['dk-edit', 'etVip', 'add', 'wecom'],
    ]);
  });
});
