/**
 * Welcome flows change rarely and are read on every new customer's 20 s path: keep the
 * list in memory for a few seconds. Writes through this instance clear it at once; other
 * processes see an admin's change within `ttlMs`.
 */
import type { WelcomeFlowRepo } from '../domain/ports.ts';
import type { NewWelcomeFlow, WelcomeFlow } from '../domain/welcome/welcome-flow.ts';
import type { Clock } from '../shared/clock.ts';

export class CachedWelcomeFlows implements WelcomeFlowRepo {
  private cached: { at: number; flows: Promise<WelcomeFlow[]> } | null = null;

  /** @param ttlMs how long a read list is reused. @defaultValue 5000 */
  constructor(
    private readonly inner: WelcomeFlowRepo,
    private readonly clock: Clock,
    private readonly ttlMs = 5_000,
  ) {}

  list(): Promise<WelcomeFlow[]> {
    const now = this.clock.now().getTime();
    if (!this.cached || now - this.cached.at > this.ttlMs) {
      const flows = this.inner.list();
      this.cached = { at: now, flows };
      // A failed read must not be served from the cache.
      flows.catch(() => {
        if (this.cached?.flows === flows) this.cached = null;
      });
    }
    return this.cached.flows;
  }

  get(id: number): Promise<WelcomeFlow | null> {
    return this.inner.get(id);
  }

  async create(flow: NewWelcomeFlow): Promise<WelcomeFlow> {
    this.cached = null;
    return this.inner.create(flow);
  }

  async update(id: number, changes: Partial<NewWelcomeFlow>): Promise<WelcomeFlow | null> {
    this.cached = null;
    return this.inner.update(id, changes);
  }

  async remove(id: number): Promise<boolean> {
    this.cached = null;
    return this.inner.remove(id);
  }
}
