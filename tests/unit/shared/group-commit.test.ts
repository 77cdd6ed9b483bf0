import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../../src/shared/group-commit.ts';

interface Gate {
  promise: Promise<void>;
  open: () => void;
}

function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A store whose writes can be held open: records each batch it is given and answers
 * `item * 10` per item, or throws for a batch holding a negative item.
 */
class FakeWriter {
  readonly batches: number[][] = [];
  private readonly gates: Gate[] = [];
  holdWrites = false;

  readonly flush = async (items: number[]): Promise<number[]> => {
    this.batches.push([...items]);
    if (this.holdWrites) {
      const g = gate();
      this.gates.push(g);
      await g.promise;
    }
    if (items.some((item) => item < 0)) throw new Error(`write failed for batch ${items.join(',')}`);
    return items.map((item) => item * 10);
  };

  releaseAll(): void {
    this.holdWrites = false;
    for (const g of this.gates.splice(0)) g.open();
  }
}

describe('GroupCommit', () => {
  describe('submit()', () => {
    it('should resolve with its own result when one item is submitted', async () => {
      const writer = new FakeWriter();
      const commit = new GroupCommit(writer.flush);
      await expect(commit.submit(7)).resolves.toBe(70);
      expect(writer.batches).toEqual([[7]]);
    });

    it('should give each item its own result when several share one batch', async () => {
      const writer = new FakeWriter();
      const commit = new GroupCommit(writer.flush);
      const results = await Promise.all([commit.submit(1), commit.submit(2), commit.submit(3)]);
      expect(results).toEqual([10, 20, 30]);
      expect(writer.batches).toEqual([[1, 2, 3]]);
    });

    it('should flush items submitted during a running flush together in the next batch', async () => {
      const writer = new FakeWriter();
      writer.holdWrites = true;
      const commit = new GroupCommit(writer.flush);
      const first = commit.submit(1);
      await nextTurn();
      expect(writer.batches).toEqual([[1]]);

      const later = [commit.submit(2), commit.submit(3), commit.submit(4)];
      await nextTurn();
      // Nothing new starts while the first write is still running.
      expect(writer.batches).toEqual([[1]]);

      writer.releaseAll();
      await expect(first).resolves.toBe(10);
      await expect(Promise.all(later)).resolves.toEqual([20, 30, 40]);
      expect(writer.batches).toEqual([[1], [2, 3, 4]]);
    });

    it('should split pending items into batches of at most maxBatch when more are waiting', async () => {
      const writer = new FakeWriter();
      const commit = new GroupCommit(writer.flush, { maxBatch: 2 });
      const results = await Promise.all([1, 2, 3, 4, 5].map((n) => commit.submit(n)));
      expect(results).toEqual([10, 20, 30, 40, 50]);
      expect(writer.batches).toEqual([[1, 2], [3, 4], [5]]);
    });

    it('should reject only the failing batch when a flush throws', async () => {
      const writer = new FakeWriter();
      writer.holdWrites = true;
      const commit = new GroupCommit(writer.flush);
      const failing = Promise.allSettled([commit.submit(1), commit.submit(-1)]);
      await nextTurn();
      const next = commit.submit(2);
      writer.releaseAll();

      const [a, b] = await failing;
      expect(a).toMatchObject({ status: 'rejected', reason: { message: 'write failed for batch 1,-1' } });
      expect(b).toMatchObject({ status: 'rejected', reason: { message: 'write failed for batch 1,-1' } });
      await expect(next).resolves.toBe(20);
      await expect(commit.submit(3)).resolves.toBe(30);
      expect(writer.batches).toEqual([[1, -1], [2], [3]]);
    });
  });

  describe('drain()', () => {
    it('should resolve at once when nothing was submitted', async () => {
      const writer = new FakeWriter();
      const commit = new GroupCommit(writer.flush);
      await commit.drain();
      expect(writer.batches).toEqual([]);
    });

    it('should wait until every submitted item is flushed when batches are still pending', async () => {
      const writer = new FakeWriter();
      writer.holdWrites = true;
      const commit = new GroupCommit(writer.flush, { maxBatch: 2 });
      const settled: number[] = [];
      for (const n of [1, 2, 3, 4, 5]) void commit.submit(n).then((r) => settled.push(r));
      await nextTurn();

      let drained = false;
      const draining = commit.drain().then(() => {
        drained = true;
      });
      await nextTurn();
      expect(drained).toBe(false);

      writer.releaseAll();
      await draining;
      // Batches started after the first release are not held.
      expect(writer.batches).toEqual([[1, 2], [3, 4], [5]]);
      expect(settled.sort((x, y) => x - y)).toEqual([10, 20, 30, 40, 50]);
    });

    it('should flush an item when it was submitted just before drain', async () => {
      const writer = new FakeWriter();
      const commit = new GroupCommit(writer.flush);
      const result = commit.submit(9);
      await commit.drain();
      expect(writer.batches).toEqual([[9]]);
      await expect(result).resolves.toBe(90);
    });
  });
});
