/**
 * Debian's Chromium driven by playwright-core (no downloaded browsers here), and a
 * scripted `wx` standing in for WeCom's JS-SDK: it answers getContext and the current
 * customer or group, and reports every wx call to the test before answering, so a test
 * sees wx calls and HTTP requests in the order the page made them.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** A phone in portrait, the size the sidebar is designed for. */
export const PHONE_VIEWPORT = { width: 390, height: 844 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: PHONE_VIEWPORT, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

/**
 * Plays WeCom's side of the web login (open.weixin.qq.com/connect/oauth2/authorize): sends
 * the browser straight back to `redirect_uri` with the `state` it was given and the code
 * `code-<userid>` for whoever `loggedInAs()` names at that moment.
 */
export async function routeWecomLogin(context: BrowserContext, loggedInAs: () => string): Promise<void> {
  await context.route('https://open.weixin.qq.com/**', (route) => {
    const authorize = new URL(route.request().url());
    const back = new URL(authorize.searchParams.get('redirect_uri')!);
    back.searchParams.set('code', `code-${loggedInAs()}`);
    back.searchParams.set('state', authorize.searchParams.get('state') ?? '');
    return route.fulfill({ status: 302, headers: { location: back.toString() } });
  });
}

const AVATAR_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#f3c7a6"/><circle cx="32" cy="26" r="12" fill="#8a5a44"/><rect x="14" y="42" width="36" height="22" rx="11" fill="#e07a5f"/></svg>';

/** Answers avatar requests to `host` with a drawn face: there is no internet here. */
export async function routeAvatars(context: BrowserContext, host: string): Promise<void> {
  await context.route(`${host}/**`, (route) => route.fulfill({ status: 200, contentType: 'image/svg+xml', body: AVATAR_SVG }));
}

export type PageEvent = { kind: 'wx'; api: string; params: unknown } | { kind: 'http'; method: string; path: string };

export interface WxScript {
  entry: 'single_chat_tools' | 'contact_profile' | 'group_chat_tools';
  customer?: string;
  chat?: string;
}

/** Installs the scripted `wx` before any page script runs; returns the live event log. */
export async function scriptWx(page: Page, script: WxScript): Promise<PageEvent[]> {
  const events: PageEvent[] = [];
  await page.exposeBinding('__wxCalled', (_source, api: string, params: unknown) => {
    events.push({ kind: 'wx', api, params });
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) events.push({ kind: 'http', method: request.method(), path: url.pathname });
  });
  await page.addInitScript((s: WxScript) => {
    type Callback = (result: Record<string, unknown>) => void;
    const page = globalThis as unknown as { wx: unknown; __sentMessages: unknown[]; __wxCalled(api: string, params: unknown): Promise<void> };
    const answers: Record<string, () => Record<string, unknown>> = {
      getContext: () => ({ entry: s.entry }),
      getCurExternalContact: () => (s.customer ? { userId: s.customer } : { err_msg: 'getCurExternalContact:fail without context of external contact' }),
      getCurExternalChat: () => (s.chat ? { chatId: s.chat } : { err_msg: 'getCurExternalChat:fail without context of external chat' }),
      sendChatMessage: () => ({}),
    };
    page.__sentMessages = [];
    page.wx = {
      config: (options: unknown) => void page.__wxCalled('config', options),
      ready: (callback: () => void) => setTimeout(callback),
      error: () => undefined,
      agentConfig: (options: { success: Callback }) => void page.__wxCalled('agentConfig', { ...options, success: undefined, fail: undefined }).then(() => options.success({ err_msg: 'agentConfig:ok' })),
      invoke(api: string, params: unknown, callback: Callback) {
        if (api === 'sendChatMessage') page.__sentMessages.push(params);
        void page.__wxCalled(api, params).then(() => callback({ err_msg: `${api}:ok`, ...(answers[api]?.() ?? { err_msg: `${api}:fail unknown api` }) }));
      },
    };
  }, script);
  return events;
}
