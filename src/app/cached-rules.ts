/**
 * Tag rules and reply scripts are read for every classified message but change rarely:
 * the workers keep one list in memory for a few seconds. Read-only on purpose: admins
 * write through the plain repository in the web process, and the workers see the change
 * within `ttlMs`.
 */
import type { ReplyScript, ReplyScriptRepo } from '../domain/scripts/reply-scripts.ts';
import type { TagRule, TagRuleRepo } from '../domain/tags/tag-rules.ts';
import type { Clock } from '../shared/clock.ts';
import { ttlCache, type TtlCache } from '../shared/ttl-cache.ts';

/** One repository's `list()`, reused for `ttlMs`. */
class CachedList<T> {
  private readonly all: TtlCache<T[]>;

  /** @param ttlMs how long a read list is reused; admin edits show after it. @defaultValue 5000 */
  constructor(inner: { list(): Promise<T[]> }, clock: Clock, ttlMs = 5_000) {
    this.all = ttlCache(() => inner.list(), ttlMs, clock);
  }

  list(): Promise<T[]> {
    return this.all.get();
  }
}

export class CachedTagRules extends CachedList<TagRule> implements Pick<TagRuleRepo, 'list'> {}

export class CachedReplyScripts extends CachedList<ReplyScript> implements Pick<ReplyScriptRepo, 'list'> {}
