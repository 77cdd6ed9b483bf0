/**
 * `npm run bench:welcome [-- --rate 500 --duration 30]`: how fast a new customer gets their
 * welcome message. Starts the real product (web, worker and welcome processes, SQLite, private
 * Redis) against the local WeCom API simulator, sends `rate` signed add_external_contact
 * callbacks a second, each with a fresh WelcomeCode, and prints p50/p99 from callback
 * sent to send_welcome_msg received, and how many codes were used after their 20 s.
 * `--profile` writes CPU profiles of both processes under data/bench-welcome/prof/.
 */
import { openSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { randomExternalUserId, sampleEventXml } from '../src/sandbox/sample-events.ts';
import { buildSignedCallback, toQueryString } from '../src/sandbox/signed-callback.ts';
import { startWecomApiSimulator } from '../src/sandbox/wecom-api-simulator.ts';
import { freePort, percentile, prepareServices, sleep, start, TSX, waitUntil } from './bench-kit.ts';

const { values: args } = parseArgs({
  options: { rate: { type: 'string', default: '500' }, duration: { type: 'string', default: '30' }, profile: { type: 'boolean', default: false } },
});
const rate = Number(args.rate);
const duration = Number(args.duration);
const DIR = 'data/bench-welcome';
const CREDS = { corpId: 'wwbenchwelcome001', token: 'benchToken0002', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
const CONTACT_SECRET = 'bench-contact-secret';

async function main(): Promise<void> {
  const services = await prepareServices(DIR, 6393);
  const simulator = await startWecomApiSimulator({ corpId: CREDS.corpId, secrets: [CONTACT_SECRET] });
  try {
    const db = new Database(`${DIR}/bench.db`);
    db.prepare(`INSERT INTO "WelcomeFlow" ("name", "text", "isDefault", "updatedAt") VALUES ('bench', '{customer}您好，我是{salesperson}', 1, ?)`).run(new Date().toISOString());
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = (roles: string) => ({
      DATABASE_URL: services.databaseUrl, APP_ROLES: roles, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production',
      REDIS_URL: `redis://127.0.0.1:${services.redis.port}`, WECOM_API_BASE: simulator.url, WECOM_CONTACT_SECRET: CONTACT_SECRET,
      WECOM_CORP_ID: CREDS.corpId, WECOM_TOKEN: CREDS.token, WECOM_ENCODING_AES_KEY: CREDS.encodingAesKey,
    });
    const log = openSync(`${DIR}/product.log`, 'a');
    const profile = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${DIR}/prof`] : [];
    const web = start([...profile, ...TSX, 'src/main.ts'], env('web'), log);
    start([...profile, ...TSX, 'src/main.ts'], env('worker'), log);
    // Welcome jobs in their own process, as a busy deployment runs them.
    start([...profile, ...TSX, 'src/main.ts'], env('welcome'), log);
    await waitUntil('product /readyz', web, async () => (await fetch(`${base}/readyz`)).status === 200, DIR);

    console.log(`${rate} add events/s for ${duration} s, each with a fresh WelcomeCode…`);
    const sentAt = new Map<string, number>();
    let failures = 0;
    const inFlight: Promise<void>[] = [];
    const send = async () => {
      const externalUserId = randomExternalUserId();
      const issued = simulator.issueWelcomeCode('sales.li', externalUserId);
      const now = Math.floor(Date.now() / 1000);
      const xml = sampleEventXml('add_external_contact', { corpId: CREDS.corpId, createTime: now, externalUserId })
        .replace(/<WelcomeCode><!\[CDATA\[[^\]]*\]\]><\/WelcomeCode>/, `<WelcomeCode><![CDATA[${issued.code}]]></WelcomeCode>`);
      const { query, body } = buildSignedCallback({ ...CREDS, xml, timestamp: String(now), nonce: issued.code.slice(0, 10) });
      sentAt.set(issued.code, Date.now());
      const response = await fetch(`${base}/wecom/callback?${toQueryString(query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body }).catch(() => null);
      if (!response?.ok) failures++;
      await response?.arrayBuffer();
    };
    // Ticks of 20 ms, each sending its share, so the rate holds even when a tick runs late.
    const started = Date.now();
    for (let sent = 0; Date.now() - started < duration * 1000; await sleep(20)) {
      const due = Math.floor(((Date.now() - started) / 1000) * rate);
      for (; sent < due; sent++) inFlight.push(send());
    }
    await Promise.all(inFlight);
    // Let every code either be used or expire.
    for (const deadline = Date.now() + 30_000; simulator.deliveries.length < sentAt.size && Date.now() < deadline; ) await sleep(200);

    const firstDelivery = new Map<string, (typeof simulator.deliveries)[number]>();
    for (const d of simulator.deliveries) if (!firstDelivery.has(d.code)) firstDelivery.set(d.code, d);
    const latencies = [...firstDelivery.values()].map((d) => d.at - (sentAt.get(d.code) ?? d.at)).sort((a, b) => a - b);
    const late = [...firstDelivery.values()].filter((d) => d.errcode === 41050).length;
    const duplicates = simulator.deliveries.length - firstDelivery.size;
    const results = db.prepare(`SELECT "result", count(*) AS n FROM "WelcomeSend" GROUP BY "result"`).all();
    db.close();
    console.log(`
callbacks sent          ${sentAt.size} (${failures} not answered 200)
welcome calls received  ${firstDelivery.size} codes (${duplicates} repeated calls for a code)
callback → send_welcome_msg   p50 ${percentile(latencies, 50)} ms   p99 ${percentile(latencies, 99)} ms   max ${latencies.at(-1) ?? NaN} ms   (target p99 < 1000 ms)
codes used after 20 s   ${late}   (target 0)
never sent              ${sentAt.size - firstDelivery.size}
recorded results        ${JSON.stringify(results)}`);
  } finally {
    await simulator.close();
    await services.stop();
  }
}

await main();
