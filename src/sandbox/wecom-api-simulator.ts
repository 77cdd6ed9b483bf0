/**
 * A stand-in for WeCom's server API on loopback, speaking its real paths, JSON shapes and
 * errcodes for the calls the product makes. It is the seed of the sandbox simulator
 * (issue 8) and what the welcome benchmark measures against. State is in memory.
 *
 * Implemented: gettoken, externalcontact/get, externalcontact/send_welcome_msg (a code
 * is valid 20 s from issue and once: 41050 / 41051 otherwise).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimulatorOptions {
  corpId: string;
  /** Secrets gettoken accepts (any kind). */
  secrets: string[];
  /** @defaultValue 0 (any free port) */
  port?: number;
  /** How long a WelcomeCode stays usable. @defaultValue 20000 */
  welcomeCodeTtlMs?: number;
  now?: () => number;
}

export interface IssuedWelcomeCode {
  code: string;
  userId: string;
  externalUserId: string;
  issuedAt: number;
}

export interface WelcomeDelivery {
  code: string;
  /** When the simulator received the send_welcome_msg call. */
  at: number;
  /** 0 accepted, 41050 expired, 41051 already used, 41049 unknown code. */
  errcode: number;
  text?: string;
}

export interface WecomApiSimulator {
  url: string;
  /** Makes a WelcomeCode as WeCom does when a customer adds a salesperson. */
  issueWelcomeCode(userId: string, externalUserId: string): IssuedWelcomeCode;
  /** Every send_welcome_msg call, in arrival order. */
  readonly deliveries: WelcomeDelivery[];
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

function reply(res: ServerResponse, body: Json, status = 200): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json;
  } catch {
    return {};
  }
}

export async function startWecomApiSimulator(options: SimulatorOptions): Promise<WecomApiSimulator> {
  const now = options.now ?? Date.now;
  const ttl = options.welcomeCodeTtlMs ?? 20_000;
  const tokens = new Set<string>();
  const codes = new Map<string, IssuedWelcomeCode & { used: boolean }>();
  const deliveries: WelcomeDelivery[] = [];

  const handlers: Record<string, (url: URL, req: IncomingMessage) => Promise<Json> | Json> = {
    'GET /cgi-bin/gettoken': (url) => {
      if (url.searchParams.get('corpid') !== options.corpId) return { errcode: 40013, errmsg: 'invalid corpid' };
      if (!options.secrets.includes(url.searchParams.get('corpsecret') ?? '')) return { errcode: 40001, errmsg: 'invalid credential' };
      const token = `SIM${randomBytes(24).toString('hex')}`;
      tokens.add(token);
      return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 };
    },
    'GET /cgi-bin/externalcontact/get': (url) => {
      const id = url.searchParams.get('external_userid') ?? '';
      if (!id) return { errcode: 40096, errmsg: 'invalid external userid' };
      const issued = [...codes.values()].find((c) => c.externalUserId === id);
      return {
        errcode: 0,
        errmsg: 'ok',
        external_contact: { external_userid: id, name: `客户${id.slice(-4)}`, type: 1, gender: 0 },
        follow_user: [{ userid: issued?.userId ?? 'sales.li', createtime: Math.floor((issued?.issuedAt ?? now()) / 1000), tags: [] }],
      };
    },
    'POST /cgi-bin/externalcontact/send_welcome_msg': async (_url, req) => {
      const body = await readJson(req);
      const code = typeof body.welcome_code === 'string' ? body.welcome_code : '';
      const issued = codes.get(code);
      const at = now();
      const errcode = !issued ? 41049 : issued.used ? 41051 : at - issued.issuedAt > ttl ? 41050 : 0;
      if (issued && errcode === 0) issued.used = true;
      const text = (body.text as { content?: string } | undefined)?.content;
      deliveries.push({ code, at, errcode, ...(text === undefined ? {} : { text }) });
      return errcode === 0 ? { errcode: 0, errmsg: 'ok' } : { errcode, errmsg: 'welcome code rejected' };
    },
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const handler = handlers[`${req.method} ${url.pathname}`];
    if (!handler) return reply(res, { errcode: 40058, errmsg: `${url.pathname} is not simulated` }, 404);
    if (url.pathname !== '/cgi-bin/gettoken' && !tokens.has(url.searchParams.get('access_token') ?? '')) {
      return reply(res, { errcode: 40014, errmsg: 'invalid access_token' });
    }
    Promise.resolve(handler(url, req)).then(
      (body) => reply(res, body),
      () => reply(res, { errcode: -1, errmsg: 'system busy' }),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    deliveries,
    issueWelcomeCode(userId, externalUserId) {
      const issued = { code: randomBytes(16).toString('hex'), userId, externalUserId, issuedAt: now() };
      codes.set(issued.code, { ...issued, used: false });
      return issued;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
