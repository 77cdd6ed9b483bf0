/**
 * `npm run bench:ingest [-- --duration 10 --connections 50 --events N --profile --single]`:
 * end-to-end ingest benchmark of the real product (SQLite inbox, private Redis) against a
 * bare Koa baseline. By default the web and worker roles run as two processes, the
 * documented way to scale; `--single` runs both in one process as `npm start` does. Each part runs in its own process so the load
 * generator never shares an event loop with what it measures:
 *   (no flag)  prepares services, pre-builds signed callbacks, spawns the others, reports
 *   --bare     a Koa app answering an empty 200: the floor any Koa route pays
 *   --load     autocannon, sending each pre-built callback once
 * Exits 0 when targets are missed (it is a bench), 1 when an acknowledged event is missing
 * from the inbox or the bench could not run.
 */
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
// @ts-expect-error -- autocannon ships no type declarations; the shapes used are typed below.
import autocannonUntyped from 'autocannon';
import Database from 'better-sqlite3';
import Koa from 'koa';
import { sampleEventXml } from '../src/sandbox/sample-events.ts';
import { buildSignedCallback, toQueryString } from '../src/sandbox/signed-callback.ts';
import { parseInnerXml } from '../src/wecom/callback-xml.ts';
import { dedupeKey } from '../src/wecom/dedupe-key.ts';
import { children, freePort, prepareServices, sleep, start, stop, TSX, vmRss, waitUntil as waitFor } from './bench-kit.ts';

interface Prebuilt { path: string; body: string }
interface AcResult { duration: number; errors: number; timeouts: number; non2xx: number; '2xx': number;
  latency: { p50: number; p99: number }; statusCodeStats: Record<string, { count: number }> }
const autocannon = autocannonUntyped as (opts: Record<string, unknown>) => Promise<AcResult>;
/** What a --load child prints as its only stdout line. */
interface LoadReport { ok: number; non2xx: number; errors: number; seconds: number; p50: number; p99: number;
  statusCodes: Record<string, number>; built: number; acked: number[] }

const BENCH_DIR = 'data/bench';
const DB_FILE = `${BENCH_DIR}/bench.db`;
const REQUESTS_FILE = `${BENCH_DIR}/requests.json`;
const REDIS_PORT = 6392;
const CREDS = { corpId: 'wwbench0000000001', token: 'benchToken0001', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
const TARGET = { eventsPerSec: 3_000, p99Ms: 25 };
const SELF = 'scripts/bench-ingest.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '50' }, events: { type: 'string' },
    profile: { type: 'boolean', default: false }, single: { type: 'boolean', default: false }, load: { type: 'string' }, bare: { type: 'string' },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);

// ---- --load: the load generator --------------------------------------------------------
async function runLoad(url: string): Promise<void> {
  const prebuilt = JSON.parse(readFileSync(REQUESTS_FILE, 'utf8')) as Prebuilt[];
  const acked = new Uint8Array(prebuilt.length);
  let next = 0;
  type Context = { index?: number };
  const result = await autocannon({
    url, connections, duration,
    requests: [{
      // One counter shared by all connections, so each pre-built event is sent once
      // (a plain `requests` array would replay the same sequence on every connection).
      setupRequest: (req: object, context: Context) => {
        context.index = next++ % prebuilt.length;
        const { path, body } = prebuilt[context.index]!;
        return { ...req, method: 'POST', path, body, headers: { 'content-type': 'text/xml' } };
      },
      onResponse: (status: number, _body: string, context: Context) => {
        if (status === 200 && context.index !== undefined) acked[context.index] = 1;
      },
    }],
  });
  const report: LoadReport = {
    ok: result['2xx'], non2xx: result.non2xx, errors: result.errors + result.timeouts, seconds: result.duration,
    p50: result.latency.p50, p99: result.latency.p99, built: next,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
    acked: [...acked.keys()].filter((i) => acked[i] === 1),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

// ---- parent helpers ----------------------------------------------------------------------
function runLoader(url: string): Promise<LoadReport> {
  const child = start([...TSX, SELF, '--load', url, '--duration', String(duration), '--connections', String(connections)], {}, 'pipe');
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => child.once('exit', (code) => {
    if (code === 0) resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadReport);
    else reject(new Error(`load generator exited with ${code}`));
  }));
}

/** Signs and encrypts every callback up front, so the load generator does no crypto. */
function prebuild(count: number): string[] {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const xmls: string[] = [];
  const requests: Prebuilt[] = [];
  for (let i = 0; i < count; i++) {
    // sampleEventXml draws a fresh ExternalUserID and WelcomeCode, so every dedupe key differs.
    const xml = sampleEventXml('add_external_contact', { corpId: CREDS.corpId, createTime: Number(timestamp) });
    const { query, body } = buildSignedCallback({ ...CREDS, xml, timestamp, nonce: `bench${i}` });
    xmls.push(xml);
    requests.push({ path: `/wecom/callback?${toQueryString({ ...query })}`, body });
  }
  writeFileSync(REQUESTS_FILE, JSON.stringify(requests));
  return xmls;
}

// ---- parent: the bench --------------------------------------------------------------------
let services: Awaited<ReturnType<typeof prepareServices>> | undefined;

async function main(): Promise<number> {
  // A bench Redis left by an interrupted run is ours: its pid file is under BENCH_DIR.
  services = await prepareServices(BENCH_DIR, REDIS_PORT);
  const dbEnv = { DATABASE_URL: services.databaseUrl };

  // Enough distinct events that the load never wraps round to ones already sent.
  const count = Number(args.events ?? Math.max(20_000, duration * 8_000));
  let t = performance.now();
  const xmls = prebuild(count);
  console.log(`pre-built ${count} signed callbacks in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // Baseline first, so the product's worker draining cannot steal CPU from it.
  const barePort = await freePort();
  const bare = start([...TSX, SELF, '--bare', String(barePort)], {}, openSync(`${BENCH_DIR}/bare.log`, 'a'));
  await waitFor('bare Koa', bare, async () => (await fetch(`http://127.0.0.1:${barePort}/`)).ok, BENCH_DIR);
  console.log(`bare Koa: ${connections} connections for ${duration} s…`);
  const bareRun = await runLoader(`http://127.0.0.1:${barePort}`);
  await stop(bare);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const productEnv = (roles: string) => ({
    ...dbEnv, APP_ROLES: roles, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production',
    REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`,
    WECOM_CORP_ID: CREDS.corpId, WECOM_TOKEN: CREDS.token, WECOM_ENCODING_AES_KEY: CREDS.encodingAesKey,
  });
  const profileFlags = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${BENCH_DIR}/prof`] : [];
  const log = openSync(`${BENCH_DIR}/product.log`, 'a');
  const product = start([...profileFlags, ...TSX, 'src/main.ts'], productEnv(args.single ? 'web,worker,welcome' : 'web'), log);
  const worker = args.single ? undefined : start([...profileFlags, ...TSX, 'src/main.ts'], productEnv('worker,welcome'), log);
  console.log(args.single ? 'product: web and worker in one process' : 'product: web and worker as two processes');
  await waitFor('product /readyz', product, async () => (await fetch(`${base}/readyz`)).status === 200, BENCH_DIR);
  console.log(`ingest: ${connections} connections for ${duration} s…`);
  const run = await runLoader(`${base}/wecom/callback`);

  // Drain: the worker marks each row processed; the inbox table is the truth, not Redis.
  const db = new Database(DB_FILE, { readonly: true });
  const countRows = db.prepare(`SELECT count(*) AS rows, coalesce(sum(status = 'processed'), 0) AS processed FROM InboxEvent`);
  const counts = () => countRows.get() as { rows: number; processed: number };
  t = performance.now();
  let seen = counts();
  const backlog = seen.rows - seen.processed;
  for (; seen.processed < seen.rows && performance.now() - t < 300_000; seen = counts()) await sleep(50);
  const drainSec = (performance.now() - t) / 1000;
  const rss = [product, worker].map((p) => (p?.pid ? vmRss(p.pid) : undefined)).filter(Boolean).join(' + ') || 'n/a';
  // Refusals and enqueue failures as the product counted them (the sweeper re-queues the latter).
  const counters = (await (await fetch(`${base}/metrics`)).text()).split('\n')
    .filter((line) => /^(wecom_callbacks_rejected_total|inbox_enqueue_failures_total)\b/.test(line));

  // Every acknowledged event by its own dedupe key: a count match alone could hide a swap.
  const has = db.prepare('SELECT 1 FROM InboxEvent WHERE dedupeKey = ?');
  let missing = 0;
  for (const i of run.acked) if (!has.get(dedupeKey(await parseInnerXml(xmls[i]!)))) missing++;
  db.close();
  await stop(product);
  if (worker) await stop(worker);

  const rate = (r: LoadReport) => r.ok / r.seconds;
  const cols = (...cells: (string | number)[]) => cells.map((c, i) => (i ? String(c).padStart(9) : String(c).padEnd(10))).join(' ');
  const row = (name: string, r: LoadReport) => cols(name, rate(r).toFixed(0), r.p50.toFixed(1), r.p99.toFixed(1), r.ok, r.non2xx, r.errors);
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(`
${cols('run', 'events/s', 'p50 ms', 'p99 ms', '2xx', 'non-2xx', 'errors')}
${row('ingest', run)}
${row('bare koa', bareRun)}
${cols('target', `≥ ${TARGET.eventsPerSec}`, '', `< ${TARGET.p99Ms}`)}

targets            throughput ${met(rate(run) >= TARGET.eventsPerSec)}, p99 ${met(run.p99 < TARGET.p99Ms)}
ingest / bare      ${((rate(run) / rate(bareRun)) * 100).toFixed(1)} % of the throughput, p99 ${(run.p99 / Math.max(bareRun.p99, 0.001)).toFixed(1)}×
status codes       ${JSON.stringify(run.statusCodes)}   ${counters.join('   ')}
acknowledged       ${run.ok} (${run.acked.length} distinct events of ${count} pre-built)
inbox rows         ${seen.rows} (${seen.rows - run.acked.length} in flight when the load stopped)   processed ${seen.processed}   acknowledged but missing ${missing}
drain              ${drainSec.toFixed(2)} s for the ${backlog} events unprocessed when the load stopped${seen.processed < seen.rows ? ' (NOT FINISHED)' : ''}
product RSS        ${rss}`);
  if (args.profile) console.log(`cpu profile in ${BENCH_DIR}/prof/`);
  if (run.built > count) console.log(`warning: the ${count} pre-built events wrapped round; raise --events`);
  const lost = missing > 0 || seen.rows < run.acked.length;
  if (lost) console.error('✖ acknowledged events are missing from the inbox');
  return lost ? 1 : 0;
}

if (args.load) {
  await runLoad(args.load);
} else if (args.bare) {
  new Koa().use((ctx) => void (ctx.body = '')).listen(Number(args.bare), '127.0.0.1');
} else {
  const cleanup = async () => {
    await Promise.all([...children].map((child) => stop(child)));
    await services?.stop();
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  let code = 1;
  try {
    code = await main();
  } catch (error) {
    console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await cleanup();
  }
  process.exit(code);
}
