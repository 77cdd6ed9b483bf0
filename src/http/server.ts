/** Listens with timeouts that cut slow or stalled clients (slowloris) off. */
import { createServer, type Server } from 'node:http';
import type Koa from 'koa';

export async function listen(app: Koa<never> | Koa, port: number, host: string): Promise<Server> {
  // Node checks these timeouts every connectionsCheckingInterval (30 s by default): check
  // each second so a client dribbling headers is cut off at 10 s, not up to 40 s.
  const server = createServer({ connectionsCheckingInterval: 1_000 }, app.callback());
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

/** Stops accepting, lets in-flight requests finish, then drops idle keep-alive sockets. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
