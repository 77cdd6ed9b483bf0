import { describe, expect, it } from 'vitest';
import { SHUTDOWN_ORDER, ShutdownRegistry } from '../../../src/shared/shutdown.ts';

describe('ShutdownRegistry', () => {
  describe('shutdownAll()', () => {
    it('should close resources lowest order first when they were registered out of order', async () => {
      const closed: string[] = [];
      const registry = new ShutdownRegistry();
      registry.register('redis', SHUTDOWN_ORDER.redis, () => {
        closed.push('redis');
      });
      registry.register('httpServer', SHUTDOWN_ORDER.httpServer, async () => {
        await new Promise((resolve) => setImmediate(resolve));
        closed.push('httpServer');
      });
      registry.register('database', SHUTDOWN_ORDER.database, () => {
        closed.push('database');
      });
      registry.register('workers', SHUTDOWN_ORDER.workers, () => {
        closed.push('workers');
      });

      await registry.shutdownAll();
      expect(closed).toEqual(['httpServer', 'workers', 'database', 'redis']);
    });

    it('should wait for each close to finish before starting the next when closes are async', async () => {
      const events: string[] = [];
      const registry = new ShutdownRegistry();
      registry.register('first', 1, async () => {
        events.push('first:start');
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push('first:end');
      });
      registry.register('second', 2, () => {
        events.push('second:start');
      });

      await registry.shutdownAll();
      expect(events).toEqual(['first:start', 'first:end', 'second:start']);
    });

    it('should report an error to onError and close the rest when one close fails', async () => {
      const closed: string[] = [];
      const errors: [string, unknown][] = [];
      const registry = new ShutdownRegistry();
      registry.register('queues', SHUTDOWN_ORDER.queues, () => {
        throw new Error('queue close failed');
      });
      registry.register('database', SHUTDOWN_ORDER.database, async () => {
        await Promise.reject(new Error('database close failed'));
      });
      registry.register('redis', SHUTDOWN_ORDER.redis, () => {
        closed.push('redis');
      });

      await expect(registry.shutdownAll((name, error) => errors.push([name, error]))).resolves.toBeUndefined();
      expect(closed).toEqual(['redis']);
      expect(errors.map(([name, error]) => [name, (error as Error).message])).toEqual([
        ['queues', 'queue close failed'],
        ['database', 'database close failed'],
      ]);
    });

    it('should close each resource once when called twice', async () => {
      let closes = 0;
      const registry = new ShutdownRegistry();
      registry.register('bot', SHUTDOWN_ORDER.bot, async () => {
        await new Promise((resolve) => setImmediate(resolve));
        closes += 1;
      });

      const first = registry.shutdownAll();
      const second = registry.shutdownAll();
      expect(second).toBe(first);
      await Promise.all([first, second]);
      await registry.shutdownAll();
      expect(closes).toBe(1);
    });

    it('should resolve when nothing is registered', async () => {
      await expect(new ShutdownRegistry().shutdownAll()).resolves.toBeUndefined();
    });
  });
});
