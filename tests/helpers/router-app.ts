/**
 * One router on a bare Koa app with the product's request context and error rendering,
 * listening on a free loopback port: for route tests that need neither the gate nor the
 * container.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Router from '@koa/router';
import Koa from 'koa';
import { errorHandler } from '../../src/http/middleware/error-handler.ts';
import { requestContext, type RequestState } from '../../src/http/middleware/request-context.ts';
import { listen } from '../../src/http/server.ts';
import { silentLogger } from './fakes.ts';

export async function listenRouter(router: Router<RequestState>): Promise<{ server: Server; baseUrl: string }> {
  const koa = new Koa<RequestState>();
  koa.silent = true;
  koa.use(requestContext({ logger: silentLogger() }));
  koa.use(errorHandler());
  koa.use(router.routes()).use(router.allowedMethods());
  const server = await listen(koa, 0, '127.0.0.1');
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
