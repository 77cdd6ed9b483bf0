/** Channel codes in Prisma (admin writes are rare; reads by `state` happen per add event). */
import type { Channel, ChannelChanges, RoutingStatus, ScheduleSlot } from '../domain/contact/channel.ts';
import type { ChannelRepo } from '../domain/ports.ts';
import { jsonArray, stringArray } from './column-values.ts';
import type { Db } from './prisma.ts';

type Row = Awaited<ReturnType<Db['channel']['findUniqueOrThrow']>>;

/** The stored status, or undefined before the first decision (or when the text is damaged). */
function routingStatusOf(text: string): RoutingStatus | undefined {
  try {
    const value = JSON.parse(text) as Partial<RoutingStatus> | null;
    return value && typeof value.mode === 'string' ? (value as RoutingStatus) : undefined;
  } catch {
    return undefined;
  }
}

function toChannel(row: Row): Channel {
  const channel: Channel = {
    id: row.id,
    name: row.name,
    state: row.state,
    userIds: stringArray(row.userIds),
    activeUserIds: stringArray(row.activeUserIds),
    tagIds: stringArray(row.tagIds),
    schedule: jsonArray<ScheduleSlot>(row.schedule),
    backupUserIds: stringArray(row.backupUserIds),
    autoAccept: row.autoAccept,
  };
  if (row.welcomeFlowId !== null) channel.welcomeFlowId = row.welcomeFlowId;
  if (row.configId !== null) channel.configId = row.configId;
  if (row.qrCode !== null) channel.qrCode = row.qrCode;
  if (row.dailyAddCap !== null) channel.dailyAddCap = row.dailyAddCap;
  const caps = JSON.parse(row.dailyAddCaps) as Record<string, number>;
  if (Object.keys(caps).length > 0) channel.dailyAddCaps = caps;
  if (row.remarkTemplate !== null) channel.remarkTemplate = row.remarkTemplate;
  if (row.descriptionTemplate !== null) channel.descriptionTemplate = row.descriptionTemplate;
  const status = routingStatusOf(row.routingStatus);
  if (status) channel.routingStatus = status;
  return channel;
}

const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));

export class PrismaChannelRepo implements ChannelRepo {
  constructor(private readonly db: Db) {}

  async byState(state: string): Promise<Channel | null> {
    const row = await this.db.channel.findUnique({ where: { state } });
    return row ? toChannel(row) : null;
  }

  async get(id: number): Promise<Channel | null> {
    const row = await this.db.channel.findUnique({ where: { id } });
    return row ? toChannel(row) : null;
  }

  async list(): Promise<Channel[]> {
    return (await this.db.channel.findMany({ orderBy: { id: 'asc' } })).map(toChannel);
  }

  async create(channel: Omit<Channel, 'id'>): Promise<Channel> {
    const row = await this.db.channel.create({
      data: {
        name: channel.name,
        state: channel.state,
        userIds: JSON.stringify(channel.userIds),
        activeUserIds: JSON.stringify(channel.activeUserIds),
        tagIds: JSON.stringify(channel.tagIds),
        welcomeFlowId: channel.welcomeFlowId ?? null,
        configId: channel.configId ?? null,
        qrCode: channel.qrCode ?? null,
        schedule: JSON.stringify(channel.schedule ?? []),
        backupUserIds: JSON.stringify(channel.backupUserIds ?? []),
        dailyAddCap: channel.dailyAddCap ?? null,
        dailyAddCaps: JSON.stringify(channel.dailyAddCaps ?? {}),
        autoAccept: channel.autoAccept ?? true,
        remarkTemplate: channel.remarkTemplate ?? null,
        descriptionTemplate: channel.descriptionTemplate ?? null,
        routingStatus: json(channel.routingStatus) ?? '{}',
      },
    });
    return toChannel(row);
  }

  async update(id: number, changes: ChannelChanges & { activeUserIds?: string[]; routingStatus?: RoutingStatus }): Promise<Channel | null> {
    // updateMany: an unknown id is an answer (null), not a P2025 error.
    const { count } = await this.db.channel.updateMany({
      where: { id },
      data: {
        name: changes.name,
        userIds: json(changes.userIds),
        activeUserIds: json(changes.activeUserIds),
        tagIds: json(changes.tagIds),
        welcomeFlowId: changes.welcomeFlowId,
        schedule: json(changes.schedule),
        backupUserIds: json(changes.backupUserIds),
        dailyAddCap: changes.dailyAddCap,
        dailyAddCaps: json(changes.dailyAddCaps),
        autoAccept: changes.autoAccept,
        remarkTemplate: changes.remarkTemplate,
        descriptionTemplate: changes.descriptionTemplate,
        routingStatus: json(changes.routingStatus),
      },
    });
    return count > 0 ? this.get(id) : null;
  }

  async remove(id: number): Promise<boolean> {
    return (await this.db.channel.deleteMany({ where: { id } })).count > 0;
  }
}
