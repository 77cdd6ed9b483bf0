/**
 * Group commit: callers submit one item each and get its own result, while the items
 * that arrive during one flush are written together in the next. At low load a flush
 * starts on the next turn of the event loop (no added wait); under load batches grow
 * by themselves, which is what lets one process ingest thousands of events a second
 * when one database write costs ~0.4 ms.
 */
export interface GroupCommitOptions {
  /** Most items written in one flush. @defaultValue 500 */
  maxBatch?: number;
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<T, R> {
  private pending: Pending<T, R>[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;
  private readonly maxBatch: number;

  /** @param flush writes a batch and returns one result per item, in order. */
  constructor(
    private readonly flush: (items: T[]) => Promise<R[]>,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once everything submitted so far has been flushed. */
  async drain(): Promise<void> {
    while (this.flushing || this.pending.length > 0) {
      if (!this.flushing) this.startFlush();
      await this.flushing;
    }
  }

  private schedule(): void {
    if (this.flushing || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.flushing) this.startFlush();
    });
  }

  private startFlush(): void {
    const batch = this.pending.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    this.flushing = this.run(batch).finally(() => {
      this.flushing = null;
      if (this.pending.length > 0) this.startFlush();
    });
  }

  private async run(batch: Pending<T, R>[]): Promise<void> {
    try {
      const results = await this.flush(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i] as R));
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
