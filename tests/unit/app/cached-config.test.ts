import { describe, expect, it } from 'vitest';
import { CachedChannels, CachedWelcomeFlows } from '../../../src/app/cached-config.ts';
import type { Channel } from '../../../src/domain/contact/channel.ts';
import type { WelcomeFlowRepo } from '../../../src/domain/ports.ts';
import type { WelcomeFlow } from '../../../src/domain/welcome/welcome-flow.ts';
import { fixedClock } from '../../../src/shared/clock.ts';

function repo() {
  const flows: WelcomeFlow[] = [];
  let reads = 0;
  let failNext = false;
  const inner: WelcomeFlowRepo = {
    list: async () => {
      reads++;
      if (failNext) {
        failNext = false;
        throw new Error('db down');
      }
      return [...flows];
    },
    get: async (id) => flows.find((f) => f.id === id) ?? null,
    create: async (flow) => {
      const created = { ...flow, id: flows.length + 1 };
      flows.push(created);
      return created;
    },
    update: async () => null,
    remove: async () => false,
  };
  return { inner, reads: () => reads, failOnce: () => (failNext = true) };
}

const NEW_FLOW = { name: 'default', text: 'hi', attachments: [], variants: [], userIds: [], isDefault: true, enabled: true };

describe('CachedWelcomeFlows', () => {
  it('should read the flows once within the TTL and again after it', async () => {
    const { inner, reads } = repo();
    const clock = fixedClock(new Date('2026-11-27T00:00:00Z'));
    const cached = new CachedWelcomeFlows(inner, clock, 5_000);
    await Promise.all([cached.list(), cached.list()]);
    clock.advance(4_999);
    await cached.list();
    expect(reads()).toBe(1);
    clock.advance(2);
    await cached.list();
    expect(reads()).toBe(2);
  });

  it('should show a flow created through it at once', async () => {
    const { inner } = repo();
    const cached = new CachedWelcomeFlows(inner, fixedClock(new Date()), 60_000);
    expect(await cached.list()).toEqual([]);
    await cached.create(NEW_FLOW);
    expect((await cached.list()).map((f) => f.name)).toEqual(['default']);
  });

  it('should not keep a failed read', async () => {
    const { inner, failOnce, reads } = repo();
    const cached = new CachedWelcomeFlows(inner, fixedClock(new Date()), 60_000);
    failOnce();
    await expect(cached.list()).rejects.toThrow('db down');
    expect(await cached.list()).toEqual([]);
    expect(reads()).toBe(2);
  });
});

describe('CachedChannels', () => {
  it('should answer byState from one list read, and see a new channel once the read is older than the TTL', async () => {
    const stored: Channel[] = [{ id: 1, name: 'expo', state: 'ch-expo', userIds: ['sales.li'], activeUserIds: ['sales.li'], tagIds: [] }];
    let reads = 0;
    const clock = fixedClock(new Date());
    const cached = new CachedChannels({ list: async () => (reads++, [...stored]) }, clock, 5_000);

    expect((await cached.byState('ch-expo'))?.id).toBe(1);
    expect(await cached.byState('ch-mall')).toBeNull();
    expect(reads).toBe(1);

    stored.push({ id: 2, name: 'mall', state: 'ch-mall', userIds: ['sales.wang'], activeUserIds: ['sales.wang'], tagIds: ['etMall'] });
    clock.advance(5_001);
    expect((await cached.byState('ch-mall'))?.tagIds).toEqual(['etMall']);
    expect(reads).toBe(2);
  });
});
