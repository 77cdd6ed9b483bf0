/**
 * `npm run bench:sidebar [-- --customers 100000 --connections 50 --duration 15]`: the
 * sidebar's first call (the customer profile) under load. Seeds a SQLite database with
 * `customers` customers (relations, corp tags, notes, messages, tag history), starts the
 * product's web role in sandbox mode, signs in through the sandbox dev login, and has 50
 * connections ask for random customers the salesperson serves. Prints p50/p99 and the
 * sidebar bundle sizes. Target: p99 under 30 ms on SQLite. `--profile` writes a CPU
 * profile of the web process under data/bench-sidebar/prof/.
 */
import { existsSync } from 'node:fs';
import { openSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
// @ts-expect-error -- autocannon ships no type declarations; the shapes used are typed below.
import autocannonUntyped from 'autocannon';
import Database from 'better-sqlite3';
import { freePort, prepareServices, start, TSX, waitUntil } from './bench-kit.ts';

interface AcResult { requests: { average: number }; latency: { p50: number; p99: number; max: number }; non2xx: number; errors: number; '2xx': number }
const autocannon = autocannonUntyped as (opts: Record<string, unknown>) => Promise<AcResult>;

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' }, connections: { type: 'string', default: '50' }, duration: { type: 'string', default: '15' },
    profile: { type: 'boolean', default: false },
  },
});
const CUSTOMERS = Number(args.customers);
const DIR = 'data/bench-sidebar';
const SALES = 'sales.bench';
const TARGET_P99_MS = 30;

function seed(file: string): string[] {
  const db = new Database(file);
  const now = Math.floor(Date.now() / 1000);
  const iso = new Date().toISOString().replace('Z', '+00:00');
  const served: string[] = [];
  db.transaction(() => {
    const group = db.prepare('INSERT INTO "CorpTagGroup" ("groupId", "name", "order", "syncedAt") VALUES (?, ?, ?, ?)');
    const tag = db.prepare('INSERT INTO "CorpTag" ("tagId", "groupId", "name", "order", "syncedAt") VALUES (?, ?, ?, ?, ?)');
    for (let g = 0; g < 5; g++) {
      group.run(`etG${g}`, `标签组${g}`, g, iso);
      for (let t = 0; t < 10; t++) tag.run(`etG${g}T${t}`, `etG${g}`, `标签${g}-${t}`, t, iso);
    }
    const customer = db.prepare(
      'INSERT INTO "Customer" ("externalUserId", "name", "type", "gender", "fetchedAt", "createdAt", "updatedAt") VALUES (?, ?, 1, ?, ?, ?, ?)',
    );
    const relation = db.prepare(
      'INSERT INTO "FollowRelation" ("userId", "externalUserId", "status", "statusChangedAt", "remark", "addedAt", "state", "tagIds", "updatedAt") VALUES (?, ?, \'active\', ?, ?, ?, ?, ?, ?)',
    );
    const message = db.prepare(
      'INSERT INTO "ChatMessage" ("messageKey", "source", "externalUserId", "userId", "direction", "msgType", "text", "sentAt", "intent", "confidence", "evidence", "scene", "classifiedAt", "createdAt") VALUES (?, \'archive\', ?, ?, \'in\', \'text\', ?, ?, \'repurchase_signal\', 0.9, \'[]\', \'cycle_ending\', ?, ?)',
    );
    const note = db.prepare('INSERT INTO "CustomerNote" ("externalUserId", "userId", "text", "createdAt") VALUES (?, ?, ?, ?)');
    const change = db.prepare(
      'INSERT INTO "TagChange" ("operationId", "userId", "externalUserId", "tagId", "action", "causeKind", "at") VALUES (?, ?, ?, ?, \'add\', \'rule\', ?)',
    );
    for (let i = 0; i < CUSTOMERS; i++) {
      const id = `wmBench${String(i).padStart(25, '0')}`;
      customer.run(id, `客户${i}`, i % 3, iso, iso, iso);
      // One customer in ten is served by the benchmarked salesperson; every customer has another follower.
      const owner = i % 10 === 0 ? SALES : `sales.${i % 97}`;
      const tags = JSON.stringify([`etG${i % 5}T${i % 10}`, `etG${(i + 1) % 5}T${(i + 3) % 10}`]);
      relation.run(owner, id, now - i, '老客户', now - i, 'ch-bench', tags, iso);
      relation.run(`sales.other${i % 13}`, id, now - i, null, now - i - 10, null, '[]', iso);
      if (owner === SALES) {
        served.push(id);
        for (let m = 0; m < 5; m++) message.run(`archive-b${i}-${m}`, id, SALES, `快吃完了${m}`, now - m * 60, now, iso);
        note.run(id, SALES, '喜欢礼盒装', now);
        change.run(`op-${i}`, SALES, id, `etG${i % 5}T${i % 10}`, now);
      }
    }
  })();
  db.close();
  return served;
}

async function main(): Promise<void> {
  const services = await prepareServices(DIR, 6394);
  try {
    console.log(`seeding ${CUSTOMERS} customers…`);
    const served = seed(`${DIR}/bench.db`);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const profile = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${DIR}/prof`] : [];
    const web = start([...profile, ...TSX, 'src/main.ts'], {
      DATABASE_URL: services.databaseUrl, APP_ROLES: 'web', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production',
      REDIS_URL: `redis://127.0.0.1:${services.redis.port}`, SANDBOX_DIR: `${DIR}/sandbox`,
      WECOM_CORP_ID: '', WECOM_TOKEN: '', WECOM_ENCODING_AES_KEY: '',
    }, openSync(`${DIR}/product.log`, 'a'));
    await waitUntil('product /readyz', web, async () => (await fetch(`${base}/readyz`)).status === 200, DIR);
    const login = await fetch(`${base}/api/sidebar/dev-login?userId=${SALES}`, { redirect: 'manual' });
    const cookie = login.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    if (!cookie) throw new Error('dev login gave no session cookie');
    const check = await fetch(`${base}/api/sidebar/customers/${served[0]}`, { headers: { cookie } });
    if (check.status !== 200) throw new Error(`profile answered ${check.status}: ${await check.text()}`);

    console.log(`${served.length} customers served by ${SALES}; ${args.connections} connections for ${args.duration} s on GET /api/sidebar/customers/:id…`);
    let n = 0;
    const result = await autocannon({
      url: base,
      connections: Number(args.connections),
      duration: Number(args.duration),
      headers: { cookie },
      requests: [{ setupRequest: (req: object) => ({ ...req, method: 'GET', path: `/api/sidebar/customers/${served[(n++ * 7919) % served.length]}` }) }],
    });
    console.log('');
    console.log(`profile requests      ${result['2xx']} ok, ${result.non2xx} non-2xx, ${result.errors} errors (${result.requests.average.toFixed(0)} req/s)`);
    console.log(`latency               p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   max ${result.latency.max} ms   (target p99 < ${TARGET_P99_MS} ms)`);
    if (existsSync('scripts/sidebar-size.mjs') && existsSync('sidebar/dist/index.html')) {
      spawnSync(process.execPath, ['scripts/sidebar-size.mjs'], { stdio: 'inherit' });
    } else {
      console.log('sidebar bundle        not built (npm run sidebar:build), sizes not printed');
    }
  } finally {
    await services.stop();
  }
}

await main();
