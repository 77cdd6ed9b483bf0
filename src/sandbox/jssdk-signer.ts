/**
 * Sandbox mode has no WeCom app and so no jsapi tickets: the development JS-SDK shim
 * ignores signatures anyway, so they are computed over a fixed sandbox ticket. Never
 * wired outside sandbox mode.
 */
import { randomBytes } from 'node:crypto';
import type { JsSdkSigner } from '../domain/ports.ts';
import { jsSdkSignature } from '../wecom/api/jssdk.ts';

const SANDBOX_TICKET = 'sandbox-jsapi-ticket';

export function sandboxJsSdkSigner(corpId: string, agentId = '1000000'): JsSdkSigner {
  return {
    async sign(url) {
      const timestamp = Math.floor(Date.now() / 1000);
      const nonceStr = randomBytes(8).toString('hex');
      const signature = jsSdkSignature({ ticket: SANDBOX_TICKET, nonceStr, timestamp, url });
      return { corp: { appId: corpId, timestamp, nonceStr, signature }, agent: { corpid: corpId, agentid: agentId, timestamp, nonceStr, signature } };
    },
  };
}
