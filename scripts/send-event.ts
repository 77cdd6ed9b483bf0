// Sends one signed, encrypted sample callback to the running product, as WeCom would:
//   npm run send-event -- [kind] [--count N]
// kinds: add_external_contact (default), add_half_external_contact, edit_external_contact,
// del_external_contact, del_follow_user, chat_add_member, tag_create.
// Uses the WeCom credentials from .env, or the sandbox's when none are set.
import { randomInt } from 'node:crypto';
import { loadConfig } from '../src/config.ts';
import { CALLBACK_PATH } from '../src/http/app.ts';
import { ensureSandboxCredentials } from '../src/sandbox/credentials.ts';
import { SAMPLE_EVENT_KINDS, type SampleEventKind, sampleEventXml } from '../src/sandbox/sample-events.ts';
import { buildSignedCallback, toQueryString } from '../src/sandbox/signed-callback.ts';

const args = process.argv.slice(2);
const kind = (args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? 'add_external_contact') as SampleEventKind;
const countIndex = args.indexOf('--count');
const count = countIndex >= 0 ? Number(args[countIndex + 1]) : 1;
if (!SAMPLE_EVENT_KINDS.includes(kind) || !Number.isInteger(count) || count < 1) {
  console.error(`usage: npm run send-event -- [${SAMPLE_EVENT_KINDS.join('|')}] [--count N]`);
  process.exit(2);
}

const config = loadConfig();
const credentials = config.wecom ?? ensureSandboxCredentials(config.sandboxDir);
const base = `http://127.0.0.1:${config.port}${CALLBACK_PATH}`;
for (let i = 0; i < count; i++) {
  const now = Math.floor(Date.now() / 1000);
  const xml = sampleEventXml(kind, { corpId: credentials.corpId, createTime: now });
  const { query, body } = buildSignedCallback({ ...credentials, xml, timestamp: String(now), nonce: String(randomInt(1e9)) });
  const response = await fetch(`${base}?${toQueryString({ ...query })}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body,
  });
  console.log(`${kind} → HTTP ${response.status}${response.ok ? '' : ` ${await response.text()}`}`);
}
