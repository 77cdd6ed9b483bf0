/**
 * In-memory fakes of the admin read and write ports (welcome flows, customers, channels),
 * kept apart from fakes.ts so that file stays under the size the house style allows.
 * Like the others, each behaves like a small world that later calls observe.
 */
import type { Channel, ChannelChanges, RoutingStatus } from '../../src/domain/contact/channel.ts';
import type { CustomerListFilters, CustomerListPage, CustomerProfileView } from '../../src/domain/contact/customer-views.ts';
import type { ChannelRepo, ContactWayGateway, CustomerQueries, WelcomeFlowRepo } from '../../src/domain/ports.ts';
import type { NewWelcomeFlow, WelcomeFlow } from '../../src/domain/welcome/welcome-flow.ts';

/**
 * Welcome flows in a Map; mirrors src/db/welcome-flow-repo.ts: ids count up from 1, a
 * flow saved with isDefault clears the flag on every other, and `channelState` present
 * with `undefined` in an update clears it.
 */
export class InMemoryWelcomeFlowRepo implements WelcomeFlowRepo {
  private readonly flows = new Map<number, WelcomeFlow>();
  private nextId = 1;

  async list(): Promise<WelcomeFlow[]> {
    return [...this.flows.values()].sort((a, b) => a.id - b.id).map((flow) => structuredClone(flow));
  }

  async get(id: number): Promise<WelcomeFlow | null> {
    const flow = this.flows.get(id);
    return flow ? structuredClone(flow) : null;
  }

  async create(flow: NewWelcomeFlow): Promise<WelcomeFlow> {
    if (flow.isDefault) this.clearDefaults();
    const stored: WelcomeFlow = { ...structuredClone(flow), id: this.nextId++ };
    if (stored.channelState === undefined) delete stored.channelState;
    this.flows.set(stored.id, stored);
    return structuredClone(stored);
  }

  async update(id: number, changes: Partial<NewWelcomeFlow>): Promise<WelcomeFlow | null> {
    const flow = this.flows.get(id);
    if (!flow) return null;
    if (changes.isDefault) this.clearDefaults();
    for (const [key, value] of Object.entries(structuredClone(changes))) {
      if (value !== undefined) Object.assign(flow, { [key]: value });
      else if (key === 'channelState') delete flow.channelState;
    }
    return structuredClone(flow);
  }

  async remove(id: number): Promise<boolean> {
    return this.flows.delete(id);
  }

  private clearDefaults(): void {
    for (const flow of this.flows.values()) flow.isDefault = false;
  }
}

/**
 * Customer read models over a fixed set of profiles. The list applies every relation
 * filter to one follower, orders by externalUserId and pages with a base64url cursor,
 * like src/db/customer-queries.ts. Welcome codes are returned whole, as the port does.
 */
export class InMemoryCustomerQueries implements CustomerQueries {
  private readonly profiles = new Map<string, CustomerProfileView>();
  /** Every list call's filters, in order. */
  readonly listCalls: CustomerListFilters[] = [];

  constructor(profiles: CustomerProfileView[] = []) {
    for (const profile of profiles) this.profiles.set(profile.externalUserId, structuredClone(profile));
  }

  async profile(externalUserId: string): Promise<CustomerProfileView | null> {
    const profile = this.profiles.get(externalUserId);
    return profile ? structuredClone(profile) : null;
  }

  async servedBy(externalUserId: string, userIds: readonly string[]): Promise<boolean> {
    return Boolean(this.profiles.get(externalUserId)?.followers.some((f) => userIds.includes(f.userId)));
  }

  async list(filters: CustomerListFilters): Promise<CustomerListPage> {
    this.listCalls.push({ ...filters });
    const after = filters.cursor === undefined ? undefined : Buffer.from(filters.cursor, 'base64url').toString('utf8');
    const matches = [...this.profiles.values()]
      .filter((p) => after === undefined || p.externalUserId > after)
      .filter((p) => !hasRelationFilter(filters) || p.followers.some((f) => followerMatches(f, filters)))
      .sort((a, b) => (a.externalUserId < b.externalUserId ? -1 : 1));
    const page = matches.slice(0, filters.limit);
    const items = page.map((p) => ({
      externalUserId: p.externalUserId,
      name: p.name,
      avatar: p.avatar,
      type: p.type,
      corpName: p.corpName,
      followers: p.followers.map((f) => ({ userId: f.userId, status: f.status, remark: f.remark, state: f.state, addedAt: f.addedAt, tagIds: [...f.tagIds] })),
    }));
    const last = page[page.length - 1];
    return matches.length > filters.limit && last ? { items, nextCursor: Buffer.from(last.externalUserId).toString('base64url') } : { items };
  }
}

function hasRelationFilter(f: CustomerListFilters): boolean {
  return [f.tag, f.userId, f.servingUserIds, f.channel, f.addedFrom, f.addedTo].some((value) => value !== undefined);
}

function followerMatches(follower: CustomerProfileView['followers'][number], f: CustomerListFilters): boolean {
  const added = follower.addedAt;
  return (
    (f.tag === undefined || follower.tagIds.includes(f.tag)) &&
    (f.userId === undefined || follower.userId === f.userId) &&
    (f.servingUserIds === undefined || f.servingUserIds.includes(follower.userId)) &&
    (f.channel === undefined || follower.state === f.channel) &&
    (f.addedFrom === undefined || (added !== null && added >= f.addedFrom)) &&
    (f.addedTo === undefined || (added !== null && added <= f.addedTo))
  );
}

/** Channels in an array; mirrors src/db/channel-repo.ts. */
export class InMemoryChannelRepo implements ChannelRepo {
  readonly rows: Channel[] = [];

  async byState(state: string): Promise<Channel | null> {
    return this.rows.find((c) => c.state === state) ?? null;
  }

  async get(id: number): Promise<Channel | null> {
    return this.rows.find((c) => c.id === id) ?? null;
  }

  async list(): Promise<Channel[]> {
    return [...this.rows];
  }

  async create(channel: Omit<Channel, 'id'>): Promise<Channel> {
    const created = { ...channel, id: this.rows.length + 1 };
    this.rows.push(created);
    return created;
  }

  async update(id: number, changes: ChannelChanges & { activeUserIds?: string[]; routingStatus?: RoutingStatus }): Promise<Channel | null> {
    const row = this.rows.find((c) => c.id === id);
    if (!row) return null;
    // `null` clears an optional field, as the columns become NULL.
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete (row as Partial<Channel>)[key as keyof Channel];
      else if (value !== undefined) Object.assign(row, { [key]: value });
    }
    return { ...row };
  }

  async remove(id: number): Promise<boolean> {
    const index = this.rows.findIndex((c) => c.id === id);
    if (index < 0) return false;
    this.rows.splice(index, 1);
    return true;
  }
}

/** A 「联系我」 gateway that records its calls and can be told to fail. */
export class RecordingContactWays implements ContactWayGateway {
  readonly calls: { op: 'create' | 'update' | 'remove'; input: unknown }[] = [];
  fail = false;

  async create(input: { state: string; userIds: string[]; remark: string; skipVerify: boolean }): Promise<{ configId: string; qrCode: string }> {
    this.record('create', input);
    return { configId: `cfg-${this.calls.length}`, qrCode: 'https://wework.qpic.cn/qr.png' };
  }

  async update(input: { configId: string; userIds: string[]; remark: string; skipVerify: boolean }): Promise<void> {
    this.record('update', input);
  }

  async remove(configId: string): Promise<void> {
    this.record('remove', configId);
  }

  private record(op: 'create' | 'update' | 'remove', input: unknown): void {
    this.calls.push({ op, input });
    if (this.fail) throw new Error('wecom down');
  }
}
