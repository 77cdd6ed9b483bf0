// Local services for `npm start` and `npm test`: a private redis-server and (for tests)
// a private PostgreSQL cluster, both from Debian's packages, with their data under ./data/,
// and (for the end-to-end tests) Debian's Chromium.
// Plain Node with no dependencies: it runs before `npm ci` has installed anything.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';

const isRoot = process.getuid?.() === 0;

/** Prints one line saying what is missing and how to get it, then exits. */
export function fail(line) {
  console.error(`\n✖ ${line}\n`);
  process.exit(1);
}

function which(command) {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** Installs Debian packages when we may (root with apt-get); otherwise explains and exits. */
function aptInstall(packages, why) {
  const hint = `${why}: install it with \`sudo apt-get install -y ${packages.join(' ')}\``;
  if (!isRoot || !which('apt-get')) fail(hint);
  console.log(`→ installing ${packages.join(' ')} from Debian's packages (${why.toLowerCase()})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
  if (install().status === 0) return;
  spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  if (install().status !== 0) fail(hint);
}

/** Resolves when something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port, host = '127.0.0.1') {
  return new Promise((done) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

async function waitFor(check, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  fail(`${what} did not come up within ${timeoutMs / 1000} s`);
}

export function redisServerPath() {
  return which('redis-server') ?? (existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : null);
}

/**
 * Starts a private redis-server on `port` with its data in `dir`, AOF on (fsync every
 * second) so acknowledged jobs survive a crash, and noeviction so BullMQ keys are never
 * dropped. Does nothing if the port already answers.
 */
export async function ensureRedis({ port, dir }) {
  if (await portOpen(port)) return { started: false };
  let binary = redisServerPath();
  if (!binary) {
    aptInstall(['redis-server'], 'redis-server is missing');
    binary = redisServerPath();
  }
  mkdirSync(dir, { recursive: true });
  const absolute = resolve(dir);
  execFileSync(binary, [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', absolute,
    '--appendonly', 'yes',
    '--appendfsync', 'everysec',
    '--save', '',
    '--maxmemory-policy', 'noeviction',
    '--daemonize', 'yes',
    '--pidfile', `${absolute}/redis.pid`,
    '--logfile', `${absolute}/redis.log`,
  ]);
  await waitFor(() => portOpen(port), `redis-server on port ${port} (log: ${dir}/redis.log)`);
  return { started: true };
}

export function stopRedis({ dir }) {
  const pidFile = `${resolve(dir)}/redis.pid`;
  if (!existsSync(pidFile)) return;
  spawnSync('sh', ['-c', `kill $(cat ${pidFile}) 2>/dev/null`]);
}

// The browser playwright-core drives: Debian's build, since `npx playwright install` cannot download here.
const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
// Small (5 MB) and enough for the sidebar's Chinese to render in screenshots instead of boxes.
const CJK_FONT_PACKAGE = 'fonts-wqy-microhei';

export function chromiumPath() {
  return CHROMIUM_PATHS.find((path) => existsSync(path)) ?? null;
}

function hasCjkFont() {
  const result = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() !== '';
}

/**
 * Makes sure Chromium is installed (the end-to-end tests drive it) and returns its path.
 * A missing Chinese font only costs readable screenshots, so it is installed when we
 * may and otherwise named in one line.
 */
export function ensureChromium() {
  if (!chromiumPath()) aptInstall(['chromium'], 'Chromium (used by the end-to-end tests) is missing');
  if (!hasCjkFont()) {
    if (isRoot && which('apt-get')) aptInstall([CJK_FONT_PACKAGE], 'A Chinese font for the browser tests is missing');
    else console.log(`→ no Chinese font: screenshots will show boxes (\`sudo apt-get install -y ${CJK_FONT_PACKAGE}\` fixes it)`);
  }
  return chromiumPath();
}

function postgresBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(`${base}/${v}/bin/initdb`));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? `${base}/${versions[0]}/bin` : null;
}

/** Runs a PostgreSQL tool as the `postgres` user when we are root (the server refuses root). */
function runPg(bin, tool, args) {
  const command = isRoot ? ['runuser', ['-u', 'postgres', '--', `${bin}/${tool}`, ...args]] : [`${bin}/${tool}`, args];
  const result = spawnSync(command[0], command[1], { encoding: 'utf8' });
  if (result.status !== 0) fail(`${tool} failed: ${(result.stderr || result.stdout).trim().split('\n').pop()}`);
  return result.stdout;
}

/**
 * Starts a private PostgreSQL cluster on `port` with its data in `dir` (created with
 * initdb on first use, trust auth on loopback only) and makes sure `database` exists.
 * Returns its connection URL.
 */
export async function ensurePostgres({ port, dir, database }) {
  const url = `postgresql://postgres@127.0.0.1:${port}/${database}`;
  let bin = postgresBin();
  if (!bin) {
    aptInstall(['postgresql'], 'PostgreSQL (used by the test suite) is missing');
    bin = postgresBin();
    if (!bin) fail('PostgreSQL is missing: install it with `sudo apt-get install -y postgresql`');
  }
  const absolute = resolve(dir);
  let started = false;
  if (!(await portOpen(port))) {
    if (!existsSync(`${absolute}/PG_VERSION`)) {
      rmSync(absolute, { recursive: true, force: true });
      mkdirSync(absolute, { recursive: true, mode: 0o700 });
      if (isRoot) {
        const { uid, gid } = statSync('/var/lib/postgresql');
        chownSync(absolute, uid, gid);
      }
      runPg(bin, 'initdb', ['-D', absolute, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale']);
    }
    const options = `-p ${port} -k ${absolute} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    runPg(bin, 'pg_ctl', ['-D', absolute, '-o', options, '-l', `${absolute}/server.log`, '-w', 'start']);
    started = true;
  }
  await waitFor(() => portOpen(port), `PostgreSQL on port ${port}`);
  const exists = runPg(bin, 'psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-tAc', `SELECT 1 FROM pg_database WHERE datname='${database}'`]);
  if (exists.trim() !== '1') runPg(bin, 'createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database]);
  return { url, started };
}

export function stopPostgres({ dir }) {
  const bin = postgresBin();
  const absolute = resolve(dir);
  if (!bin || !existsSync(`${absolute}/postmaster.pid`)) return;
  const args = ['-D', absolute, '-m', 'fast', 'stop'];
  if (isRoot) spawnSync('runuser', ['-u', 'postgres', '--', `${bin}/pg_ctl`, ...args]);
  else spawnSync(`${bin}/pg_ctl`, args);
}
