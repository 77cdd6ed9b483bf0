/**
 * One HTTP request/response over node:http(s) with keep-alive agents, for the outside APIs
 * (WeCom, an LLM endpoint). The WeCom client
 * used fetch; at hundreds of calls a second undici's per-request machinery (web streams,
 * AbortSignal) cost ~1 ms of CPU each, several times this path's.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 256 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 256 }),
};

export interface HttpAnswer {
  status: number;
  text: string;
}

/** Raised for a request that got no answer; `timedOut` tells a timeout from a network error. */
export class HttpExchangeError extends Error {
  constructor(
    readonly timedOut: boolean,
    /** The socket error's code (e.g. ECONNREFUSED) or a short name. */
    readonly reason: string,
  ) {
    super(timedOut ? 'timed out' : reason);
    this.name = 'HttpExchangeError';
  }
}

export function httpExchange(
  url: string,
  options: { method: 'GET' | 'POST'; body?: string; timeoutMs: number; headers?: Record<string, string> },
): Promise<HttpAnswer> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  const headers: Record<string, string | number> = { ...options.headers };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(options.body);
  }
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const req = send(target, { method: options.method, headers, agent: secure ? agents.https : agents.http }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', fail);
    });
    function fail(error: Error & { code?: string }): void {
      clearTimeout(timer);
      reject(new HttpExchangeError(timedOut, typeof error.code === 'string' ? error.code : error.name));
    }
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error('timeout'));
    }, options.timeoutMs);
    req.on('error', fail);
    req.end(options.body);
  });
}
