/**
 * Sandbox mode's WeCom identity: a corp id, callback token and EncodingAESKey generated
 * once and kept under SANDBOX_DIR, so the product and the sample-event sender (and later
 * the simulator) sign and decrypt with the same keys across restarts.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WecomCallbackConfig } from '../config.ts';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => ALNUM[b % ALNUM.length]).join('');
}

/** 43 letters/digits that decode to a 32-byte AES key, like the admin console makes. */
function randomEncodingAesKey(): string {
  for (;;) {
    const key = randomBytes(32).toString('base64').slice(0, 43);
    if (/^[A-Za-z0-9]{43}$/.test(key)) return key;
  }
}

export function sandboxCredentialsPath(sandboxDir: string): string {
  return join(sandboxDir, 'credentials.json');
}

/** Reads the sandbox credentials, creating them on first use. */
export interface SandboxCredentials extends WecomCallbackConfig {
  /** Bearer token for the admin API in sandbox mode (when ADMIN_TOKEN is not set). */
  adminToken: string;
  /** Signs sidebar sessions in sandbox mode (when SIDEBAR_SESSION_SECRET is not set). */
  sessionSecret: string;
}

export function ensureSandboxCredentials(sandboxDir: string): SandboxCredentials {
  const file = sandboxCredentialsPath(sandboxDir);
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<SandboxCredentials> & WecomCallbackConfig;
    if (stored.adminToken && stored.sessionSecret) return stored as SandboxCredentials;
    // Files written before a secret existed get it added.
    const upgraded = { ...stored, adminToken: stored.adminToken ?? randomAlnum(32), sessionSecret: stored.sessionSecret ?? randomAlnum(48) };
    writeFileSync(file, `${JSON.stringify(upgraded, null, 2)}\n`, { mode: 0o600 });
    return upgraded;
  }
  const credentials: SandboxCredentials = {
    corpId: `wwsandbox${randomAlnum(9).toLowerCase()}`,
    token: randomAlnum(32),
    encodingAesKey: randomEncodingAesKey(),
    adminToken: randomAlnum(32),
    sessionSecret: randomAlnum(48),
  };
  mkdirSync(sandboxDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return credentials;
}
