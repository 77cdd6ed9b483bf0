/**
 * The only module that touches `window.wx`: loads the JS-SDK (or the sandbox shim),
 * signs in with wx.config + wx.agentConfig, and turns the callback API into promises.
 * WeCom doc: 聊天工具栏接口 (91789), getContext (98419), sendChatMessage (98539).
 */
import type { JssdkSignatures } from './types.ts';

/** What `wx.invoke` hands its callback; `err_msg` is `<api>:ok` on success. */
export interface WxResult {
  err_msg?: string;
  errMsg?: string;
  [key: string]: unknown;
}

interface SignedOptions {
  timestamp: number | string;
  nonceStr: string;
  signature: string;
  jsApiList: string[];
}

/** The part of jweixin-1.2.0 + jwxwork-1.0.0 the sidebar uses (the dev shim implements the same). */
export interface Wx {
  config(options: SignedOptions & { beta: boolean; debug: boolean; appId: string }): void;
  ready?(callback: () => void): void;
  error?(callback: (result: WxResult) => void): void;
  agentConfig(options: SignedOptions & { corpid: string; agentid: string | number; success(result: WxResult): void; fail(result: WxResult): void }): void;
  invoke(api: string, params: Record<string, unknown>, callback: (result: WxResult) => void): void;
}

declare global {
  interface Window {
    wx?: Wx;
  }
}

export class WxError extends Error {
  constructor(
    readonly api: string,
    readonly result: WxResult,
  ) {
    super(`${api} 失败：${result.err_msg ?? result.errMsg ?? '未知错误'}`);
    this.name = 'WxError';
  }

  /** The salesperson closed WeCom's confirmation instead of sending. */
  get cancelled(): boolean {
    return /:cancel/.test(this.result.err_msg ?? this.result.errMsg ?? '');
  }
}

const JS_API_LIST = ['getContext', 'getCurExternalContact', 'getCurExternalChat', 'sendChatMessage'];
// jweixin 1.6 is not supported by WeCom; jwxwork adds agentConfig on top of jweixin 1.2 (PROTOCOL §5.2).
const WECOM_SDK = ['https://res.wx.qq.com/open/js/jweixin-1.2.0.js', 'https://open.work.weixin.qq.com/wwopen/js/jwxwork-1.0.0.js'];
const DEV_SHIM = import.meta.env.BASE_URL + (import.meta.env.DEV ? 'src/dev-shim.ts' : 'dev-shim.js');
const SIGN_IN_TIMEOUT_MS = 10_000;

let wx: Wx | undefined;

function loadScripts(sources: string[], type: 'module' | 'text/javascript'): Promise<void> {
  const loads = sources.map(
    (src) =>
      new Promise<void>((resolve, reject) => {
        const script = document.createElement('script');
        script.type = type;
        // Fetched in parallel, run in order: jwxwork needs jweixin's `wx`.
        script.async = false;
        script.src = src;
        script.onload = () => resolve();
        script.onerror = () => reject(new Error(`无法加载 ${src}`));
        document.head.append(script);
      }),
  );
  return Promise.all(loads).then(() => undefined);
}

/**
 * Makes `wx` available: a `wx` already on the page (tests script one) wins; the sandbox
 * gets the dev shim; everyone else WeCom's own scripts, never bundled.
 */
export async function loadWx(sandbox: boolean): Promise<void> {
  if (!window.wx) await (sandbox ? loadScripts([DEV_SHIM], 'module') : loadScripts(WECOM_SDK, 'text/javascript'));
  if (!window.wx) throw new Error('企业微信 JS-SDK 未能加载，请在企业微信中打开');
  wx = window.wx;
}

function loaded(): Wx {
  if (!wx) throw new Error('JS-SDK 尚未加载');
  return wx;
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} 超时，请重新打开侧边栏`)), SIGN_IN_TIMEOUT_MS);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/**
 * wx.config with the corp ticket's signature, then wx.agentConfig with the app ticket's
 * (swapping them is the classic "config ok, agentConfig fails" bug). Older clients need
 * config to be ready before agentConfig, so agentConfig waits for `wx.ready`.
 */
export function signIn(signatures: JssdkSignatures): Promise<void> {
  const sdk = loaded();
  const { corp, agent } = signatures;
  const signingIn = new Promise<void>((resolve, reject) => {
    sdk.error?.((result) => reject(new WxError('config', result)));
    sdk.config({ beta: true, debug: false, appId: corp.appId, timestamp: corp.timestamp, nonceStr: corp.nonceStr, signature: corp.signature, jsApiList: JS_API_LIST });
    const agentConfig = () =>
      sdk.agentConfig({
        corpid: agent.corpid,
        agentid: agent.agentid,
        timestamp: agent.timestamp,
        nonceStr: agent.nonceStr,
        signature: agent.signature,
        jsApiList: JS_API_LIST,
        success: () => resolve(),
        fail: (result) => reject(new WxError('agentConfig', result)),
      });
    if (sdk.ready) sdk.ready(agentConfig);
    else agentConfig();
  });
  return withTimeout(signingIn, '企业微信签名');
}

function invoke<T>(api: string, params: Record<string, unknown> = {}): Promise<WxResult & T> {
  return new Promise((resolve, reject) => {
    loaded().invoke(api, params, (result) => {
      const message = result.err_msg ?? result.errMsg ?? '';
      if (message.endsWith(':ok')) resolve(result as WxResult & T);
      else reject(new WxError(api, result));
    });
  });
}

export type ChatContext =
  | { kind: 'customer'; externalUserId: string; /** sendChatMessage works only inside a chat, not on the profile page. */ canSend: boolean }
  | { kind: 'group'; chatId: string }
  | { kind: 'elsewhere'; entry: string };

/** Where the sidebar was opened: a one-to-one chat (or a customer's profile page), a customer group, or somewhere else. */
export async function currentChat(): Promise<ChatContext> {
  const { entry } = await invoke<{ entry: string }>('getContext');
  if (entry === 'single_chat_tools' || entry === 'contact_profile') {
    const { userId } = await invoke<{ userId: string }>('getCurExternalContact');
    return { kind: 'customer', externalUserId: userId, canSend: entry === 'single_chat_tools' };
  }
  if (entry === 'group_chat_tools') {
    const { chatId } = await invoke<{ chatId: string }>('getCurExternalChat');
    return { kind: 'group', chatId };
  }
  return { kind: 'elsewhere', entry };
}

/** Puts `content` into the open chat's input on the salesperson's behalf; WeCom asks them to confirm. */
export async function sendText(content: string): Promise<void> {
  await invoke('sendChatMessage', { msgtype: 'text', enterChat: true, text: { content } });
}
