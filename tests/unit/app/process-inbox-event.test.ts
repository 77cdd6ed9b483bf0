import { describe, expect, it } from 'vitest';
import { processInboxEvent } from '../../../src/app/process-inbox-event.ts';
import type { ContactChangedEvent } from '../../../src/domain/events.ts';
import type { EventHandlers } from '../../../src/domain/ports.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { NotFoundError } from '../../../src/shared/errors.ts';
import { InMemoryInboxStore, contactAddedEvent, inboxEntry } from '../../helpers/fakes.ts';

const FIXTURE_NOW = new Date('2024-05-29T16:30:00.000Z');
const FIXTURE_RECEIVED_AT = new Date('2024-05-29T16:29:58.000Z');

function world() {
  const inbox = new InMemoryInboxStore();
  const clock = fixedClock(FIXTURE_NOW);
  const calls: string[] = [];
  const eventHandlers: EventHandlers = {
    contact_changed: [
      async (event, { dedupeKey }) => {
        calls.push(`welcome:${dedupeKey}:${event.externalUserId}`);
      },
      async (event, { dedupeKey }) => {
        calls.push(`tag:${dedupeKey}:${event.change}`);
      },
    ],
    chat_changed: [
      async (_event, { dedupeKey }) => {
        calls.push(`chat:${dedupeKey}`);
      },
    ],
  };
  return { inbox, clock, calls, deps: { inbox, clock, eventHandlers } };
}

describe('processInboxEvent()', () => {
  it('should run the handlers for the event type in order and mark the entry processed', async () => {
    const { inbox, calls, deps } = world();
    const event = contactAddedEvent({ externalUserId: 'wmCustomer0001' });
    await inbox.add(inboxEntry('evt-contact', FIXTURE_RECEIVED_AT, event));

    await expect(processInboxEvent(deps, 'evt-contact')).resolves.toBe('processed');

    expect(calls).toEqual(['welcome:evt-contact:wmCustomer0001', 'tag:evt-contact:add_external_contact']);
    expect(await inbox.get('evt-contact')).toMatchObject({ status: 'processed', processedAt: FIXTURE_NOW });
  });

  it('should mark the entry processed when no handler is registered for its type', async () => {
    const { inbox, calls, deps } = world();
    const event = { type: 'message_archive_notified', corpId: 'ww0123456789abcdef', createTime: 1717000000 } as const;
    await inbox.add(inboxEntry('evt-archive', FIXTURE_RECEIVED_AT, event));

    await expect(processInboxEvent(deps, 'evt-archive')).resolves.toBe('processed');
    expect(calls).toEqual([]);
    expect((await inbox.get('evt-archive'))?.status).toBe('processed');
  });

  it('should return already_processed and not run handlers again when the job runs twice', async () => {
    const { inbox, clock, calls, deps } = world();
    await inbox.add(inboxEntry('evt-twice', FIXTURE_RECEIVED_AT));
    await processInboxEvent(deps, 'evt-twice');
    clock.advance(60_000);

    await expect(processInboxEvent(deps, 'evt-twice')).resolves.toBe('already_processed');

    expect(calls).toHaveLength(2);
    expect((await inbox.get('evt-twice'))?.processedAt).toEqual(FIXTURE_NOW);
  });

  it('should throw NotFoundError with code inbox_entry_missing when the key is not stored', async () => {
    const { calls, deps } = world();
    const result = processInboxEvent(deps, 'evt-missing');

    await expect(result).rejects.toBeInstanceOf(NotFoundError);
    await expect(result).rejects.toMatchObject({ code: 'inbox_entry_missing', status: 404 });
    expect(calls).toEqual([]);
  });

  it('should leave the entry unprocessed and stop at the failing handler when a handler throws', async () => {
    const { inbox, deps } = world();
    const ran: string[] = [];
    let failing = true;
    const eventHandlers: EventHandlers = {
      contact_changed: [
        async () => {
          ran.push('first');
          if (failing) throw new Error('WeCom API errcode 45009');
        },
        async (event: ContactChangedEvent) => {
          ran.push(`second:${event.change}`);
        },
      ],
    };
    await inbox.add(inboxEntry('evt-flaky', FIXTURE_RECEIVED_AT));

    await expect(processInboxEvent({ ...deps, eventHandlers }, 'evt-flaky')).rejects.toThrow('errcode 45009');
    expect(ran).toEqual(['first']);
    expect(await inbox.get('evt-flaky')).toMatchObject({ status: 'received', processedAt: null });

    failing = false;
    await expect(processInboxEvent({ ...deps, eventHandlers }, 'evt-flaky')).resolves.toBe('processed');
    expect(ran).toEqual(['first', 'first', 'second:add_external_contact']);
  });
});
