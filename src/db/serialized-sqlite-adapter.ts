/**
 * Wraps Prisma's better-sqlite3 adapter so every statement on its single connection
 * waits while a transaction is open. The stock adapter (6.19) serialises transactions
 * among themselves but runs plain queries straight away on the same connection: a query
 * issued while another caller's transaction is open joins that transaction, and is
 * silently undone when it rolls back (seen here: concurrent inbox inserts reported as
 * stored were lost after a neighbour's unique-violation rollback).
 * Consequence: never issue a non-transaction query from inside `$transaction(async tx => …)`
 * — it would wait for the transaction that is waiting for it.
 */
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type { Database } from 'better-sqlite3';
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';

/** A FIFO mutex: `acquire` resolves with the function that releases it. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

class SerializedTransaction implements Transaction {
  readonly provider: Transaction['provider'];
  readonly adapterName: string;
  readonly options: Transaction['options'];
  private released = false;

  constructor(
    private readonly inner: Transaction,
    private readonly release: () => void,
  ) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
    this.options = inner.options;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.inner.queryRaw(query);
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.inner.executeRaw(query);
  }

  async commit(): Promise<void> {
    try {
      await this.inner.commit();
    } finally {
      this.end();
    }
  }

  async rollback(): Promise<void> {
    try {
      await this.inner.rollback();
    } finally {
      this.end();
    }
  }

  private end(): void {
    if (this.released) return;
    this.released = true;
    this.release();
  }
}

class SerializedAdapter implements SqlDriverAdapter {
  readonly provider: SqlDriverAdapter['provider'];
  readonly adapterName: string;
  readonly getConnectionInfo?: SqlDriverAdapter['getConnectionInfo'];
  private readonly mutex = new Mutex();

  constructor(private readonly inner: SqlDriverAdapter) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
    // Only where the inner adapter has it: Prisma falls back to its defaults otherwise.
    if (inner.getConnectionInfo) this.getConnectionInfo = () => inner.getConnectionInfo!();
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.mutex.run(() => this.inner.queryRaw(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.mutex.run(() => this.inner.executeRaw(query));
  }

  executeScript(script: string): Promise<void> {
    return this.mutex.run(() => this.inner.executeScript(script));
  }

  /**
   * Runs `work` on the raw better-sqlite3 connection while no transaction is open on it.
   * Reaches into the stock adapter's `client` field: Prisma 6.19 exposes no other way to
   * share its connection, and a second connection in the same process would block the
   * event loop on SQLite's lock while Prisma waited for the loop.
   */
  exclusive<T>(work: (db: Database) => T): Promise<Awaited<T>> {
    const db = (this.inner as unknown as { client: Database }).client;
    return this.mutex.run(async (): Promise<Awaited<T>> => await work(db));
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const release = await this.mutex.acquire();
    try {
      return new SerializedTransaction(await this.inner.startTransaction(isolationLevel), release);
    } catch (error) {
      release();
      throw error;
    }
  }

  dispose(): Promise<void> {
    return this.inner.dispose();
  }
}

/** A drop-in for `new PrismaBetterSQLite3(config)` whose connections are serialised. */
export class SerializedSQLiteAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  private readonly inner: PrismaBetterSQLite3;
  private connected: SerializedAdapter | null = null;

  constructor(...args: ConstructorParameters<typeof PrismaBetterSQLite3>) {
    this.inner = new PrismaBetterSQLite3(...args);
    this.adapterName = this.inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    this.connected = new SerializedAdapter(await this.inner.connect());
    return this.connected;
  }

  /** `exclusive` on the connection Prisma opened (call after the client has connected). */
  exclusive<T>(work: (db: Database) => T): Promise<Awaited<T>> {
    if (!this.connected) return Promise.reject(new Error('the SQLite connection is not open yet'));
    return this.connected.exclusive(work);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return new SerializedAdapter(await this.inner.connectToShadowDb());
  }
}
