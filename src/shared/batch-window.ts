/**
 * Per-key batching with a leading edge: the first item after a quiet spell goes out at
 * once, items arriving within `windowMs` of a send wait and go out together when the
 * window ends. A lone check-in is acknowledged immediately; thirty at once become one
 * message, not thirty.
 */
export interface BatchWindowOptions<T> {
  windowMs: number;
  flush(key: string, items: T[]): Promise<void>;
  onError(error: unknown): void;
  now?: () => number;
}

export class BatchWindow<T> {
  private readonly lastSent = new Map<string, number>();
  private readonly pending = new Map<string, { items: T[]; timer: ReturnType<typeof setTimeout> }>();
  private readonly now: () => number;

  constructor(private readonly options: BatchWindowOptions<T>) {
    this.now = options.now ?? Date.now;
  }

  add(key: string, items: readonly T[], windowMs = this.options.windowMs): void {
    if (items.length === 0) return;
    const waiting = this.pending.get(key);
    if (waiting) {
      waiting.items.push(...items);
      return;
    }
    const since = this.now() - (this.lastSent.get(key) ?? -Infinity);
    if (since >= windowMs) {
      void this.send(key, [...items]);
      return;
    }
    const timer = setTimeout(() => this.release(key), windowMs - since);
    timer.unref?.();
    this.pending.set(key, { items: [...items], timer });
  }

  /** Sends everything waiting now (shutdown). */
  async drain(): Promise<void> {
    const keys = [...this.pending.keys()];
    await Promise.all(keys.map((key) => this.release(key)));
  }

  private release(key: string): Promise<void> {
    const waiting = this.pending.get(key);
    if (!waiting) return Promise.resolve();
    clearTimeout(waiting.timer);
    this.pending.delete(key);
    return this.send(key, waiting.items);
  }

  private send(key: string, items: T[]): Promise<void> {
    this.lastSent.set(key, this.now());
    return this.options.flush(key, items).catch((error: unknown) => this.options.onError(error));
  }
}
