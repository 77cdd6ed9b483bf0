/**
 * What the benchmarks share: child processes that are always cleaned up, readiness
 * waits, a fresh bench folder with a migrated SQLite file and a private Redis.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
// @ts-expect-error -- plain .mjs shared with bootstrap.mjs, no declarations.
import { ensureRedis, portOpen, stopRedis } from './services.mjs';

/** A private Redis for benches that need only Redis (no fresh bench folder). */
export { ensureRedis, stopRedis };

export const TSX = ['--import', 'tsx'];
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export const children = new Set<ChildProcess>();

export function start(argv: string[], env: NodeJS.ProcessEnv, stdout: 'pipe' | number): ChildProcess {
  const child = spawn(process.execPath, argv, { env: { ...process.env, ...env }, stdio: ['ignore', stdout, stdout === 'pipe' ? 'inherit' : stdout] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** SIGTERM and wait, so the product runs its graceful shutdown (and writes --cpu-prof). */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 25_000);
  await exited;
  clearTimeout(force);
}

export async function waitUntil(what: string, child: ChildProcess, check: () => Promise<boolean>, logDir: string): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(100)) {
    if (child.exitCode !== null) throw new Error(`${what}: exited with ${child.exitCode} (see ${logDir}/*.log)`);
    if (await check().catch(() => false)) return;
  }
  throw new Error(`${what}: not ready within 60 s`);
}

export function vmRss(pid: number): string {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) => `${(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024).toFixed(0)} MB`;
  return `${mb('VmRSS')} (peak ${mb('VmHWM')})`;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface BenchServices {
  dir: string;
  redis: { port: number; dir: string };
  /** DATABASE_URL of the migrated SQLite file. */
  databaseUrl: string;
  stop(): Promise<void>;
}

/** Empties `dir` and makes a migrated SQLite database `bench.db` in it; returns its DATABASE_URL. */
export function freshSqliteDatabase(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const databaseUrl = `file:./${dir}/bench.db`;
  const migrate = spawnSync(process.execPath, [...TSX, 'scripts/db-migrate.ts'], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: 'inherit' });
  if (migrate.status !== 0) throw new Error('migration failed');
  return databaseUrl;
}

/** A fresh `dir` with a migrated SQLite database and a private Redis on `redisPort`. */
export async function prepareServices(dir: string, redisPort: number): Promise<BenchServices> {
  const redis = { port: redisPort, dir: `${dir}/redis` };
  // A bench Redis left by an interrupted run is ours: its pid file is under `dir`.
  stopRedis(redis);
  for (let i = 0; i < 50 && (await portOpen(redis.port)); i++) await sleep(100);
  if (await portOpen(redis.port)) throw new Error(`port ${redis.port} is taken by a Redis this bench did not start`);
  const databaseUrl = freshSqliteDatabase(dir);
  await ensureRedis(redis);
  return {
    dir,
    redis,
    databaseUrl,
    async stop() {
      await Promise.all([...children].map((child) => stop(child)));
      stopRedis(redis);
    },
  };
}
