/**
 * Ordered graceful shutdown: each resource registers a close function with an order;
 * `shutdownAll` closes them lowest order first, once, even if signalled twice.
 */
export const SHUTDOWN_ORDER = {
  httpServer: 10,
  sweeper: 15,
  workers: 20,
  bot: 30,
  queues: 40,
  inbox: 45,
  database: 50,
  redis: 60,
} as const;

interface Registration {
  name: string;
  order: number;
  close: () => Promise<void> | void;
}

export class ShutdownRegistry {
  private readonly registrations: Registration[] = [];
  private running: Promise<void> | null = null;

  register(name: string, order: number, close: () => Promise<void> | void): void {
    this.registrations.push({ name, order, close });
  }

  /** Closes everything in order; errors are reported to `onError` and do not stop the rest. */
  shutdownAll(onError: (name: string, error: unknown) => void = () => {}): Promise<void> {
    this.running ??= (async () => {
      const ordered = [...this.registrations].sort((a, b) => a.order - b.order);
      for (const { name, close } of ordered) {
        try {
          await close();
        } catch (error) {
          onError(name, error);
        }
      }
    })();
    return this.running;
  }
}
