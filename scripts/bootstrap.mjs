// The two commands a newcomer runs. Each installs or starts what it needs, or says in
// one line what is missing and how to get it:
//   npm start  → npm packages, a private redis-server (unless REDIS_URL is set), the
//                Prisma clients, the database migrations, the sidebar page (built when its
//                sources changed), then the product itself.
//   npm test   → npm packages, a private redis-server and PostgreSQL for the suite, the
//                Prisma clients, Chromium, then typecheck, lint, unit and integration
//                tests, the sidebar build and the end-to-end (browser) tests.
//   node scripts/bootstrap.mjs stop → stops the private services under ./data.
// Plain Node, no dependencies: it runs before anything is installed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium, ensurePostgres, ensureRedis, fail, redisServerPath, stopPostgres, stopRedis } from './services.mjs';

const MANAGED_REDIS = { port: 6390, dir: 'data/redis' };
const TEST_REDIS = { port: 6391, dir: 'data/test-redis' };
const TEST_POSTGRES = { port: 5433, dir: 'data/test-postgres', database: 'scrm_test' };

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 12)) {
  fail(`Node.js ${process.versions.node} is too old: install Node.js 20.12 or newer (https://nodejs.org)`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  return result.status ?? 1;
}

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

/** `npm ci` when node_modules is missing or older than the lockfile. */
function ensureDependencies() {
  const installed = 'node_modules/.package-lock.json';
  if (existsSync(installed) && mtime(installed) >= mtime('package-lock.json')) return;
  console.log('→ installing npm packages…');
  const args = existsSync('package-lock.json') ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  if (run('npm', args) !== 0) fail('npm could not install the packages: check your network access to the npm registry');
}

/** Generates both Prisma clients (SQLite and PostgreSQL) when missing or older than the schema. */
function ensurePrismaClients() {
  const schemaTime = Math.max(mtime('prisma/schema.prisma'), mtime('package-lock.json'));
  const targets = [
    { client: 'src/db/generated/sqlite/client.ts', url: 'file:./data/app.db' },
    { client: 'src/db/generated/postgresql/client.ts', url: 'postgresql://localhost/generate-only' },
  ];
  if (targets.every((t) => mtime(t.client) >= schemaTime)) return;
  console.log('→ generating the Prisma clients…');
  if (run(process.execPath, ['scripts/db-schema.mjs']) !== 0) fail('could not write prisma/postgresql/schema.prisma');
  for (const { url } of targets) {
    const status = run('npx', ['prisma', 'generate'], { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'ignore', 'inherit'] });
    if (status !== 0) fail('prisma generate failed (see above)');
  }
}

/** The newest modification time of any file under `dir` (0 when it does not exist). */
function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestMtime(path) : mtime(path));
  }, 0);
}

/** Builds the sidebar page (/sidebar/) and the admin console (/admin/) when either build is missing or older than their sources. */
function ensureSidebarBuilt() {
  const sources = Math.max(newestMtime('sidebar/src'), mtime('sidebar/index.html'), mtime('sidebar/admin.html'), mtime('sidebar/vite.config.ts'), mtime('package-lock.json'));
  if (Math.min(mtime('sidebar/dist/index.html'), mtime('sidebar/dist-admin/admin.html')) >= sources) return;
  console.log('→ building the sidebar page…');
  if (run('npm', ['run', '--silent', 'sidebar:build'], { stdio: ['ignore', 'ignore', 'inherit'] }) !== 0) fail('the sidebar build failed (see above)');
}

function loadDotEnv() {
  if (existsSync('.env')) process.loadEnvFile('.env');
}

async function start() {
  ensureDependencies();
  loadDotEnv();
  ensurePrismaClients();
  ensureSidebarBuilt();
  mkdirSync('data', { recursive: true });
  if (!process.env.REDIS_URL) {
    const { started } = await ensureRedis(MANAGED_REDIS);
    if (started) console.log(`→ started the local redis-server on 127.0.0.1:${MANAGED_REDIS.port} (data in ${MANAGED_REDIS.dir}, AOF on)`);
  }
  if (run(process.execPath, ['--import', 'tsx', 'scripts/db-migrate.ts']) !== 0) fail('database migration failed (see above)');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { stdio: 'inherit' });
  // Ctrl-C reaches the child through the terminal's process group; forward SIGTERM ourselves.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function test() {
  ensureDependencies();
  ensurePrismaClients();
  mkdirSync('data', { recursive: true });
  const env = { ...process.env };
  env.CHROMIUM_BIN ||= ensureChromium();
  const started = [];
  try {
    if (!env.TEST_REDIS_URL) {
      if ((await ensureRedis(TEST_REDIS)).started) started.push(() => stopRedis(TEST_REDIS));
      env.TEST_REDIS_URL = `redis://127.0.0.1:${TEST_REDIS.port}`;
    }
    env.REDIS_SERVER_BIN ??= redisServerPath() ?? '';
    if (!env.TEST_POSTGRES_URL) {
      const pg = await ensurePostgres(TEST_POSTGRES);
      if (pg.started) started.push(() => stopPostgres(TEST_POSTGRES));
      env.TEST_POSTGRES_URL = pg.url;
    }
    const steps = [
      ['typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']],
      ['sidebar typecheck', 'npx', ['tsc', '--noEmit', '-p', 'sidebar']],
      ['lint', 'npx', ['eslint', '.']],
      ['circular imports', 'npx', ['madge', '--circular', '--extensions', 'ts', '--ts-config', 'tsconfig.json', '--exclude', '^db/generated', 'src']],
      ['unit tests', 'npx', ['vitest', 'run', '--project', 'unit']],
      ['integration tests', 'npx', ['vitest', 'run', '--project', 'integration', '--no-file-parallelism']],
      // Always rebuilt: the browser tests must see the sources as they are now.
      ['sidebar build', 'npm', ['run', '--silent', 'sidebar:build']],
      ['end-to-end tests', 'npx', ['vitest', 'run', '--project', 'e2e', '--no-file-parallelism']],
    ];
    for (const [name, command, args] of steps) {
      console.log(`\n→ ${name}`);
      const status = run(command, args, { env });
      if (status !== 0) {
        console.error(`\n✖ ${name} failed`);
        return status;
      }
    }
    return 0;
  } finally {
    for (const stop of started) stop();
  }
}

const command = process.argv[2];
if (command === 'start') await start();
else if (command === 'test') process.exit(await test());
else if (command === 'stop') {
  stopRedis(MANAGED_REDIS);
  stopRedis(TEST_REDIS);
  stopPostgres(TEST_POSTGRES);
} else fail('usage: node scripts/bootstrap.mjs start|test|stop');
