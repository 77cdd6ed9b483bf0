/**
 * The HTTP side: one node:http server on 127.0.0.1 dispatching WeCom's paths to the routes.
 * Every API but gettoken needs an access_token the simulator issued: 40014 unknown or
 * missing, 42001 expired. A known path called with the wrong method answers 40058 (as
 * WeCom does for a GET on a POST API); an unknown path is an HTTP 404 with 40058.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fail, type Json, type Routes } from './http.ts';
import { appMessageRoutes } from './routes/app-message.ts';
import { authRoutes } from './routes/auth.ts';
import { contactRoutes } from './routes/contacts.ts';
import { contactWayRoutes } from './routes/contact-way.ts';
import { directoryRoutes } from './routes/directory.ts';
import { groupChatRoutes } from './routes/groupchat.ts';
import { joinWayRoutes } from './routes/join-way.ts';
import { kfRoutes } from './routes/kf.ts';
import { massMessageRoutes } from './routes/mass-message.ts';
import { transferRoutes } from './routes/transfer.ts';
import { welcomeRoutes } from './routes/welcome.ts';
import type { World } from './state.ts';

export const ROUTES: Routes = { ...authRoutes, ...welcomeRoutes, ...contactRoutes, ...contactWayRoutes, ...transferRoutes, ...kfRoutes, ...groupChatRoutes, ...joinWayRoutes, ...massMessageRoutes, ...appMessageRoutes, ...directoryRoutes };

function reply(res: ServerResponse, body: Json, status = 200): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Json) : {};
  } catch {
    return {};
  }
}

async function answer(world: World, req: IncomingMessage): Promise<{ body: Json; status?: number }> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const route = ROUTES[url.pathname];
  if (!route) return { body: fail(40058, `${url.pathname} is not simulated`), status: 404 };
  const body = req.method === 'POST' ? await readJson(req) : {};
  if (req.method !== route.method) return { body: fail(40058, `${url.pathname} wants ${route.method}`) };
  if (!route.public) {
    const expiresAt = world.accessTokens.get(url.searchParams.get('access_token') ?? '');
    if (expiresAt === undefined) return { body: fail(40014, 'invalid access_token') };
    if (expiresAt <= world.now()) return { body: fail(42001, 'access_token expired') };
  }
  return { body: route.handle({ world, query: url.searchParams, body }) };
}

export async function listen(world: World, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    answer(world, req).then(
      ({ body, status }) => reply(res, body, status),
      () => reply(res, fail(-1, 'system busy')),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
