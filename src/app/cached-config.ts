/**
 * Welcome flows and channels change rarely and are read on every new customer's 20 s
 * path: keep them in memory for a few seconds. Writes through these instances clear the
 * cache at once; other processes see an admin's change within `ttlMs`.
 */
import type { Channel } from '../domain/contact/channel.ts';
import type { ChannelLookup, ChannelRepo, CorpTagStore, WelcomeFlowRepo } from '../domain/ports.ts';
import type { CorpTagGroup } from '../domain/tags/tags.ts';
import type { NewWelcomeFlow, WelcomeFlow } from '../domain/welcome/welcome-flow.ts';
import type { Clock } from '../shared/clock.ts';
import { ttlCache } from '../shared/ttl-cache.ts';

export class CachedWelcomeFlows implements WelcomeFlowRepo {
  private readonly all;

  /** @param ttlMs how long a read list is reused. @defaultValue 5000 */
  constructor(
    private readonly inner: WelcomeFlowRepo,
    clock: Clock,
    ttlMs = 5_000,
  ) {
    this.all = ttlCache(() => inner.list(), ttlMs, clock);
  }

  list(): Promise<WelcomeFlow[]> {
    return this.all.get();
  }

  get(id: number): Promise<WelcomeFlow | null> {
    return this.inner.get(id);
  }

  async create(flow: NewWelcomeFlow): Promise<WelcomeFlow> {
    this.all.clear();
    return this.inner.create(flow);
  }

  async update(id: number, changes: Partial<NewWelcomeFlow>): Promise<WelcomeFlow | null> {
    this.all.clear();
    return this.inner.update(id, changes);
  }

  async remove(id: number): Promise<boolean> {
    this.all.clear();
    return this.inner.remove(id);
  }
}

/** Channels by `state` for the workers, from one list read reused for `ttlMs`. */
export class CachedChannels implements ChannelLookup {
  private readonly all;

  /** @param ttlMs how long a read list is reused; admin edits show after it. @defaultValue 5000 */
  constructor(
    inner: Pick<ChannelRepo, 'list'>,
    clock: Clock,
    ttlMs = 5_000,
  ) {
    this.all = ttlCache(async () => new Map((await inner.list()).map((c) => [c.state, c])), ttlMs, clock);
  }

  async byState(state: string): Promise<Channel | null> {
    return (await this.all.get()).get(state) ?? null;
  }
}

/** The corp tag groups for every sidebar profile, read once per `ttlMs`; syncs show after it. */
export class CachedCorpTagGroups implements Pick<CorpTagStore, 'listGroups'> {
  private readonly all;

  constructor(inner: Pick<CorpTagStore, 'listGroups'>, clock: Clock, ttlMs = 5_000) {
    this.all = ttlCache(() => inner.listGroups(), ttlMs, clock);
  }

  listGroups(): Promise<CorpTagGroup[]> {
    return this.all.get();
  }
}
