/**
 * Typed client for /api/sidebar/*. Every call carries the session cookie; every POST
 * carries the CSRF token the session handed out. `{ ok: false, error, message }` answers
 * become thrown {@link ApiError}s so views handle one kind of failure.
 */
import type {
  Answer,
  AnswerInput,
  FieldValue,
  GroupSummary,
  JssdkSignatures,
  Note,
  Profile,
  QuestionList,
  SentInput,
  Session,
  SidebarField,
  Suggestions,
} from './types.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const BASE = '/api/sidebar';
let csrfToken = '';

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method === 'POST') {
    headers['content-type'] = 'application/json';
    headers['x-csrf-token'] = csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(BASE + path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', '网络不给力，请稍后重试');
  }
  const payload = (await response.json().catch(() => null)) as (T & { ok?: boolean; error?: string; message?: string }) | null;
  if (!response.ok || payload === null) {
    throw new ApiError(response.status, payload?.error ?? 'http_' + response.status, payload?.message ?? `请求失败（${response.status}）`);
  }
  return payload;
}

const customerPath = (externalUserId: string, rest = '') => `/customers/${encodeURIComponent(externalUserId)}${rest}`;

export const api = {
  async session(): Promise<Session> {
    const session = await request<Session>('GET', '/session');
    csrfToken = session.csrfToken;
    return session;
  },
  /** `url` is the page URL without its hash: WeCom signs exactly that. */
  jssdk: (url: string) => request<JssdkSignatures>('GET', `/jssdk?url=${encodeURIComponent(url)}`),
  profile: (externalUserId: string) => request<Profile>('GET', customerPath(externalUserId)),
  questions: (externalUserId: string) => request<QuestionList>('GET', customerPath(externalUserId, '/questions')),
  answer: (externalUserId: string, input: AnswerInput) =>
    request<{ answer: Answer; tagsAdded: string[] }>('POST', customerPath(externalUserId, '/answers'), input),
  suggestions: (externalUserId: string) => request<Suggestions>('GET', customerPath(externalUserId, '/suggestions')),
  sent: (externalUserId: string, input: SentInput) => request<{ ok: true }>('POST', customerPath(externalUserId, '/sent'), input),
  editTags: (externalUserId: string, edit: { add: string[]; remove: string[] }) =>
    request<{ tagIds: string[] }>('POST', customerPath(externalUserId, '/tags'), edit),
  fields: (externalUserId: string) => request<{ fields: SidebarField[] }>('GET', customerPath(externalUserId, '/fields')),
  /** Only the fields named change; `null` clears one. */
  saveFields: (externalUserId: string, values: Record<string, FieldValue | null>) =>
    request<{ fields: SidebarField[] }>('POST', customerPath(externalUserId, '/fields'), { values }),
  addNote: (externalUserId: string, text: string) => request<Note>('POST', customerPath(externalUserId, '/notes'), { text }),
  group: (chatId: string) => request<GroupSummary>('GET', `/groups/${encodeURIComponent(chatId)}`),
  /** Records stage rewards announced in the group; answers the ids this call marked (not those announced before). */
  announced: (chatId: string, campaignId: number, grantIds: number[]) =>
    request<{ marked: number[] }>('POST', `/groups/${encodeURIComponent(chatId)}/campaigns/${campaignId}/announced`, { grantIds }),
};
