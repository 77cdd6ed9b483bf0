/**
 * Sandbox stand-in for WeCom's JS-SDK (jweixin + jwxwork), so the sidebar runs in a plain
 * browser: `?customer=wm…` opens a one-to-one chat with that customer, `?chat=wr…` a
 * customer group. sendChatMessage records the payload in `window.__sentMessages` and
 * shows what WeCom would have put into the chat. Built as its own file (dev-shim.js) and
 * loaded only when the session says sandbox; the server refuses it otherwise.
 */
import type { Wx, WxResult } from './jssdk.ts';

declare global {
  interface Window {
    __sentMessages?: unknown[];
  }
}

const query = new URLSearchParams(location.search);
const customer = query.get('customer');
const chat = query.get('chat');
const sent: unknown[] = (window.__sentMessages ??= []);
let configured = false;

function banner(text: string): void {
  const element = document.createElement('div');
  element.textContent = text;
  element.style.cssText =
    'position:fixed;left:12px;right:12px;top:12px;z-index:1000;padding:10px 14px;border-radius:8px;background:#1f2329;color:#fff;font-size:14px;white-space:pre-wrap;box-shadow:0 4px 16px rgba(0,0,0,.2)';
  document.body.append(element);
  setTimeout(() => element.remove(), 3000);
}

function signed(options: { timestamp?: unknown; nonceStr?: unknown; signature?: unknown }): boolean {
  return Boolean(options.timestamp && options.nonceStr && options.signature);
}

function answer(api: string, params: Record<string, unknown>): WxResult {
  if (!configured) return { err_msg: `${api}:fail no permission` };
  switch (api) {
    case 'getContext':
      return { err_msg: 'getContext:ok', entry: chat && !customer ? 'group_chat_tools' : 'single_chat_tools' };
    case 'getCurExternalContact':
      return customer ? { err_msg: 'getCurExternalContact:ok', userId: customer } : { err_msg: 'getCurExternalContact:fail without context of external contact' };
    case 'getCurExternalChat':
      return chat ? { err_msg: 'getCurExternalChat:ok', chatId: chat } : { err_msg: 'getCurExternalChat:fail without context of external chat' };
    case 'sendChatMessage': {
      sent.push(params);
      const text = (params.text as { content?: string } | undefined)?.content ?? `[${String(params.msgtype)}]`;
      banner(`沙箱：已发送到聊天\n${text}`);
      return { err_msg: 'sendChatMessage:ok' };
    }
    default:
      return { err_msg: `${api}:fail not supported in the sandbox shim` };
  }
}

let readiness: 'pending' | 'ready' | 'failed' = 'pending';
const readyCallbacks: (() => void)[] = [];
const errorCallbacks: ((result: WxResult) => void)[] = [];
const CONFIG_FAILED: WxResult = { errMsg: 'config:invalid signature' };

const shim: Wx = {
  config(options) {
    // Checks what a real client would reject, so sandbox runs catch a missing signature.
    setTimeout(() => {
      readiness = signed(options) && options.beta ? 'ready' : 'failed';
      if (readiness === 'ready') readyCallbacks.forEach((callback) => callback());
      else errorCallbacks.forEach((callback) => callback(CONFIG_FAILED));
    });
  },
  // Like jweixin: a callback registered after the outcome runs at once.
  ready(callback) {
    if (readiness === 'ready') setTimeout(callback);
    else readyCallbacks.push(callback);
  },
  error(callback) {
    if (readiness === 'failed') setTimeout(() => callback(CONFIG_FAILED));
    else errorCallbacks.push(callback);
  },
  agentConfig(options) {
    setTimeout(() => {
      configured = signed(options) && Boolean(options.corpid && options.agentid);
      if (configured) options.success({ err_msg: 'agentConfig:ok' });
      else options.fail({ err_msg: 'agentConfig:fail invalid signature' });
    });
  },
  invoke(api, params, callback) {
    setTimeout(() => callback(answer(api, params)));
  },
};

window.wx ??= shim;
