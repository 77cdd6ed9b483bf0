/** What the page does when something fails: log in again on 401, otherwise say what went wrong. */
import { ApiError } from './api.ts';
import { toast } from './dom.ts';
import { WxError } from './jssdk.ts';

const LOGIN_REDIRECT_KEY = 'sidebar.loginRedirectAt';
const LOGIN_RETRY_MS = 60_000;

function lastLoginRedirect(): number {
  try {
    return Number(sessionStorage.getItem(LOGIN_REDIRECT_KEY) ?? 0);
  } catch {
    return 0; // storage can be disabled in the webview; then no loop guard
  }
}

function rememberLoginRedirect(at: number | null): void {
  try {
    if (at === null) sessionStorage.removeItem(LOGIN_REDIRECT_KEY);
    else sessionStorage.setItem(LOGIN_REDIRECT_KEY, String(at));
  } catch {
    // as above
  }
}

/**
 * Sends the browser through OAuth and back here. Returns false instead when we came back
 * from OAuth less than a minute ago still without a session (a webview refusing the
 * cookie would otherwise loop forever).
 */
export function redirectToLogin(): boolean {
  const now = Date.now();
  if (now - lastLoginRedirect() < LOGIN_RETRY_MS) return false;
  rememberLoginRedirect(now);
  // A path, not the full URL: the server only returns to paths under /sidebar/ (no open redirect).
  location.href = '/api/sidebar/oauth/start?returnTo=' + encodeURIComponent(location.pathname + location.search + location.hash);
  return true;
}

/** The session works: a later expiry may redirect again at once. */
export function loggedIn(): void {
  rememberLoginRedirect(null);
}

export function isStatus(error: unknown, status: number): error is ApiError {
  return error instanceof ApiError && error.status === status;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** For taps: a failed save or send shows a toast and leaves the screen as it was. */
export function actionFailed(error: unknown): void {
  if (isStatus(error, 401)) {
    if (redirectToLogin()) return;
    toast('登录已失效，请关闭侧边栏后重新打开');
  } else if (error instanceof WxError && error.cancelled) toast('已取消发送');
  else toast(messageOf(error));
}
