import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.ts';
import { ensureSandboxCredentials, sandboxCredentialsPath } from '../../../src/sandbox/credentials.ts';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'scrm-sandbox-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('ensureSandboxCredentials()', () => {
  it('should create the directory and a credentials file when none exists', () => {
    const dir = join(root, 'nested', 'sandbox');
    const credentials = ensureSandboxCredentials(dir);

    const file = sandboxCredentialsPath(dir);
    expect(file).toBe(join(dir, 'credentials.json'));
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(credentials);
    expect(credentials.corpId).toMatch(/^wwsandbox[a-z0-9]{9}$/);
    expect(credentials.token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(credentials.encodingAesKey).toMatch(/^[A-Za-z0-9]{43}$/);
  });

  it('should create credentials that parseConfig accepts as WECOM_* variables', () => {
    const credentials = ensureSandboxCredentials(root);
    const config = parseConfig({
      WECOM_CORP_ID: credentials.corpId,
      WECOM_TOKEN: credentials.token,
      WECOM_ENCODING_AES_KEY: credentials.encodingAesKey,
    });
    expect(config.mode).toBe('real');
    const { adminToken, sessionSecret, ...callback } = credentials;
    expect(config.wecom).toEqual(callback);
    expect(parseConfig({ ADMIN_TOKEN: adminToken }).adminToken).toBe(adminToken);
    expect(parseConfig({ SIDEBAR_SESSION_SECRET: sessionSecret }).sidebarSessionSecret).toBe(sessionSecret);
  });

  it('should write the file readable by its owner only (mode 0600)', () => {
    ensureSandboxCredentials(root);
    expect(statSync(sandboxCredentialsPath(root)).mode & 0o777).toBe(0o600);
  });

  it('should return the same credentials without rewriting the file when called again', () => {
    const first = ensureSandboxCredentials(root);
    const file = sandboxCredentialsPath(root);
    const before = readFileSync(file, 'utf8');
    const mtimeBefore = statSync(file).mtimeMs;

    const second = ensureSandboxCredentials(root);

    expect(second).toEqual(first);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(statSync(file).mtimeMs).toBe(mtimeBefore);
  });

  it('should read existing credentials when the file was written earlier', () => {
    const stored = { corpId: 'wwsandboxabc123xyz', token: 'StoredToken42', encodingAesKey: 'a'.repeat(43), adminToken: 'b'.repeat(32), sessionSecret: 'c'.repeat(48) };
    mkdirSync(root, { recursive: true });
    writeFileSync(sandboxCredentialsPath(root), JSON.stringify(stored));

    expect(ensureSandboxCredentials(root)).toEqual(stored);
  });

  it('should add the secrets missing from a file written by an older version, keeping the rest', () => {
    const stored = { corpId: 'wwsandboxabc123xyz', token: 'StoredToken42', encodingAesKey: 'a'.repeat(43), adminToken: 'b'.repeat(32) };
    mkdirSync(root, { recursive: true });
    writeFileSync(sandboxCredentialsPath(root), JSON.stringify(stored));

    const upgraded = ensureSandboxCredentials(root);
    expect(upgraded).toMatchObject(stored);
    expect(upgraded.sessionSecret).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(ensureSandboxCredentials(root)).toEqual(upgraded);
  });

  it('should add an admin token to a file written before admin tokens existed, keeping the rest', () => {
    const stored = { corpId: 'wwsandboxabc123xyz', token: 'StoredToken42', encodingAesKey: 'a'.repeat(43) };
    mkdirSync(root, { recursive: true });
    writeFileSync(sandboxCredentialsPath(root), JSON.stringify(stored));

    const upgraded = ensureSandboxCredentials(root);
    expect(upgraded).toMatchObject(stored);
    expect(upgraded.adminToken).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(ensureSandboxCredentials(root)).toEqual(upgraded);
  });

  it('should generate different credentials when two sandboxes are separate', () => {
    const a = ensureSandboxCredentials(join(root, 'a'));
    const b = ensureSandboxCredentials(join(root, 'b'));
    expect(a.token).not.toBe(b.token);
    expect(a.encodingAesKey).not.toBe(b.encodingAesKey);
  });
});
