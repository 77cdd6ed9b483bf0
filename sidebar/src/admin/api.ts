/**
 * Client for the admin API with the console's session cookie. Every request carries
 * X-Requested-With (the server wants it on cookie writes, as CSRF protection); the token
 * itself is sent once, to sign in, and never stored. `{ ok: false, error, message }`
 * answers become thrown ApiErrors; a 401 also tells the shell to show the sign-in again.
 */
import { ApiError } from '../api.ts';

export { ApiError };

const BASE = '/api/admin';
/** Fired on window when the session is gone (expired, signed out elsewhere, token changed). */
export const SIGNED_OUT_EVENT = 'admin:signed-out';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export function call<T>(method: Method, path: string, body?: unknown): Promise<T> {
  return send<T>(method, path, body === undefined ? undefined : { type: 'application/json', text: JSON.stringify(body) });
}

/** POSTs one JSON value per line (application/x-ndjson), as the import endpoints take them. */
export function postJsonLines<T>(path: string, values: readonly unknown[]): Promise<T> {
  return send<T>('POST', path, { type: 'application/x-ndjson', text: values.map((value) => JSON.stringify(value)).join('\n') });
}

async function send<T>(method: Method, path: string, body?: { type: string; text: string }): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-requested-with': 'fetch' };
  if (body !== undefined) headers['content-type'] = body.type;
  let response: Response;
  try {
    response = await fetch(BASE + path, { method, headers, credentials: 'same-origin', body: body?.text });
  } catch {
    throw new ApiError(0, 'network', '网络不给力，请稍后重试');
  }
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => null)) as (T & { error?: string; message?: string }) | null;
  if (!response.ok || payload === null) {
    if (response.status === 401 && path !== '/session') window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
    throw new ApiError(response.status, payload?.error ?? `http_${response.status}`, payload?.message ?? `请求失败（${response.status}）`);
  }
  return payload;
}

/** The console's roles, lowest first; a page names the least it needs. */
export const ROLE_ORDER = ['salesperson', 'dept_lead', 'admin', 'super_admin'] as const;
export type ConsoleRole = (typeof ROLE_ORDER)[number];
export const ROLE_LABELS: Record<ConsoleRole, string> = { super_admin: '超级管理员', admin: '管理员', dept_lead: '部门主管', salesperson: '销售' };

/** Who is signed in: a WeCom member (userId, name) or the admin token. */
export interface Whoami {
  signedIn: true;
  actor: string;
  userId: string | null;
  name: string | null;
  role: ConsoleRole;
}

/** Where the console's WeCom sign-in starts; WeCom brings the member back to the console. */
export const WECOM_SIGN_IN_URL = `${BASE}/oauth/start?returnTo=${encodeURIComponent('/admin/')}`;

export const session = {
  check: () => call<Whoami>('GET', '/session'),
  signIn: (token: string) => call<void>('POST', '/session', { token }),
  signOut: () => call<void>('DELETE', '/session'),
};

/** `?a=1&b=2` of the given values, blanks left out. */
export function query(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}
