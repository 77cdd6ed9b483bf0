/**
 * Customers and salesperson–customer relations in Prisma. Keyed by WeCom's ids, so
 * every write is an upsert and replaying an event leaves the same rows.
 */
import type { ContactSnapshot, RelationState, RelationStatus } from '../domain/contact/contact.ts';
import type { ContactRepo, CustomerNames, TransferFailureRecord } from '../domain/ports.ts';
import type { Db } from './prisma.ts';

/** Optional fields as Prisma wants them: absent → null, so a cleared remark is cleared. */
const orNull = <T>(value: T | undefined): T | null => value ?? null;

export class PrismaContactRepo implements ContactRepo, CustomerNames {
  constructor(private readonly db: Db) {}

  async getRelation(userId: string, externalUserId: string): Promise<RelationState | null> {
    const row = await this.db.followRelation.findUnique({ where: { userId_externalUserId: { userId, externalUserId } } });
    if (!row) return null;
    const state: RelationState = { status: row.status as RelationStatus, statusChangedAt: row.statusChangedAt };
    if (row.removedByStaffAt !== null) state.removedByStaffAt = row.removedByStaffAt;
    if (row.removalSource !== null) state.removalSource = row.removalSource;
    if (row.removedByCustomerAt !== null) state.removedByCustomerAt = row.removedByCustomerAt;
    return state;
  }

  async saveSnapshot(snapshot: ContactSnapshot, fetchedAt: Date): Promise<void> {
    const { customer, followers } = snapshot;
    const details = {
      name: customer.name,
      avatar: orNull(customer.avatar),
      type: customer.type,
      gender: customer.gender,
      unionId: orNull(customer.unionId),
      position: orNull(customer.position),
      corpName: orNull(customer.corpName),
      corpFullName: orNull(customer.corpFullName),
      fetchedAt,
    };
    await this.db.$transaction([
      this.db.customer.upsert({
        where: { externalUserId: customer.externalUserId },
        create: { externalUserId: customer.externalUserId, ...details },
        update: details,
      }),
      ...followers.map((follower) => {
        const followDetails = {
          remark: orNull(follower.remark),
          description: orNull(follower.description),
          addWay: orNull(follower.addWay),
          state: orNull(follower.state),
          operUserId: orNull(follower.operUserId),
          addedAt: orNull(follower.addedAt),
          tagIds: JSON.stringify(follower.tagIds),
        };
        return this.db.followRelation.upsert({
          where: { userId_externalUserId: { userId: follower.userId, externalUserId: customer.externalUserId } },
          create: {
            userId: follower.userId,
            externalUserId: customer.externalUserId,
            status: 'active',
            statusChangedAt: follower.addedAt ?? 0,
            ...followDetails,
          },
          update: followDetails,
        });
      }),
    ]);
  }

  async setRelationState(userId: string, externalUserId: string, state: RelationState, channelState?: string): Promise<void> {
    const fields = {
      status: state.status,
      statusChangedAt: state.statusChangedAt,
      removedByStaffAt: orNull(state.removedByStaffAt),
      removalSource: orNull(state.removalSource),
      removedByCustomerAt: orNull(state.removedByCustomerAt),
    };
    await this.db.followRelation.upsert({
      where: { userId_externalUserId: { userId, externalUserId } },
      create: { userId, externalUserId, ...fields, state: orNull(channelState) },
      // The channel `state` from the event only fills a gap; the API's value wins.
      update: fields,
    });
  }

  async recordTransferFailure(failure: TransferFailureRecord): Promise<void> {
    const { takeoverUserId, externalUserId, occurredAt } = failure;
    await this.db.transferFailure.upsert({
      where: { takeoverUserId_externalUserId_occurredAt: { takeoverUserId, externalUserId, occurredAt } },
      create: failure,
      update: { reason: failure.reason },
    });
  }

  async nameOf(externalUserId: string): Promise<string | undefined> {
    const row = await this.db.customer.findUnique({ where: { externalUserId }, select: { name: true } });
    return row?.name || undefined;
  }
}
