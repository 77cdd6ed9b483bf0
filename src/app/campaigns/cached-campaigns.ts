/**
 * Campaign definitions are read for every group message: keep the list in memory for a
 * few seconds. Writes through this instance clear it at once; other processes see an
 * admin's change within `ttlMs`.
 */
import type { Campaign, NewCampaign } from '../../domain/campaign/campaign.ts';
import type { CampaignRepo } from '../../domain/ports.ts';
import type { Clock } from '../../shared/clock.ts';
import { ttlCache } from '../../shared/ttl-cache.ts';

export class CachedCampaigns implements CampaignRepo {
  private readonly byChat;

  /** @param ttlMs how long a read list is reused. @defaultValue 5000 */
  constructor(
    private readonly inner: CampaignRepo,
    clock: Clock,
    ttlMs = 5_000,
  ) {
    this.byChat = ttlCache(async () => {
      const index = new Map<string, Campaign[]>();
      for (const campaign of await inner.list()) {
        if (campaign.status !== 'active') continue;
        for (const chatId of campaign.chatIds) index.set(chatId, [...(index.get(chatId) ?? []), campaign]);
      }
      return index;
    }, ttlMs, clock);
  }

  /** Active campaigns running in the group. */
  async forChat(chatId: string): Promise<Campaign[]> {
    return (await this.byChat.get()).get(chatId) ?? [];
  }

  /** Every active campaign (the schedulers' list). */
  async active(): Promise<Campaign[]> {
    const seen = new Map<number, Campaign>();
    for (const list of (await this.byChat.get()).values()) for (const c of list) seen.set(c.id, c);
    return [...seen.values()];
  }

  create(input: NewCampaign): Promise<Campaign> {
    this.byChat.clear();
    return this.inner.create(input);
  }

  update(id: number, changes: Partial<NewCampaign>): Promise<Campaign | undefined> {
    this.byChat.clear();
    return this.inner.update(id, changes);
  }

  get(id: number): Promise<Campaign | undefined> {
    return this.inner.get(id);
  }

  list(): Promise<Campaign[]> {
    return this.inner.list();
  }
}
