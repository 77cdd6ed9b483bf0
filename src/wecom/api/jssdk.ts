/**
 * The sidebar's WeCom plumbing (PROTOCOL §5): the web login (OAuth2 snsapi_base →
 * `auth/getuserinfo`) and the JS-SDK signatures for `wx.config` (corp jsapi_ticket,
 * `get_jsapi_ticket`) and `wx.agentConfig` (agent ticket, `ticket/get?type=agent_config`).
 * Tickets live 7200 s and are rate-limited by WeCom, so they are cached in Redis and
 * refreshed single-flight across processes, exactly like access tokens.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { JsSdkSigner, MemberLogin } from '../../domain/ports.ts';
import { nowSeconds, type Clock } from '../../shared/clock.ts';
import type { WecomClient } from '../client.ts';
import { TokenStore, tokenKey } from '../token-store.ts';

type TicketKind = 'jsapi_ticket' | 'agent_ticket';

/** sha1 over the four fields in this exact order (the JS-SDK's signature algorithm). */
export function jsSdkSignature(input: { ticket: string; nonceStr: string; timestamp: number; url: string }): string {
  return createHash('sha1').update(`jsapi_ticket=${input.ticket}&noncestr=${input.nonceStr}&timestamp=${input.timestamp}&url=${input.url}`).digest('hex');
}

export class WecomSidebarAuth implements JsSdkSigner, MemberLogin {
  private readonly tickets: TokenStore<TicketKind>;

  constructor(
    private readonly client: WecomClient,
    private readonly options: { corpId: string; agentId: string; redis: Redis; clock: Clock },
  ) {
    this.tickets = new TokenStore<TicketKind>({
      redis: options.redis,
      keyFor: (kind) => tokenKey(options.corpId, options.agentId, kind),
      fetchToken: (kind) => this.fetchTicket(kind),
      clock: options.clock,
    });
  }

  authorizeUrl(redirectUri: string, state: string): string {
    const query = new URLSearchParams({ appid: this.options.corpId, redirect_uri: redirectUri, response_type: 'code', scope: 'snsapi_base', state, agentid: this.options.agentId });
    return `https://open.weixin.qq.com/connect/oauth2/authorize?${query.toString()}#wechat_redirect`;
  }

  async userIdForCode(code: string): Promise<string | null> {
    const answer = await this.client.request<{ userid?: string; UserId?: string }>({ api: '/cgi-bin/auth/getuserinfo', method: 'GET', secret: 'agent', query: { code } });
    // Members come back with `userid` (older docs: `UserId`); non-members with an openid only.
    return answer.userid ?? answer.UserId ?? null;
  }

  async sign(url: string) {
    const [corpTicket, agentTicket] = await Promise.all([this.tickets.get('jsapi_ticket'), this.tickets.get('agent_ticket')]);
    const timestamp = nowSeconds(this.options.clock);
    const nonce = () => randomBytes(8).toString('hex');
    const corpNonce = nonce();
    const agentNonce = nonce();
    return {
      corp: { appId: this.options.corpId, timestamp, nonceStr: corpNonce, signature: jsSdkSignature({ ticket: corpTicket, nonceStr: corpNonce, timestamp, url }) },
      agent: {
        corpid: this.options.corpId,
        agentid: this.options.agentId,
        timestamp,
        nonceStr: agentNonce,
        signature: jsSdkSignature({ ticket: agentTicket, nonceStr: agentNonce, timestamp, url }),
      },
    };
  }

  private async fetchTicket(kind: TicketKind) {
    const answer = await this.client.request<{ ticket: string; expires_in: number }>(
      kind === 'jsapi_ticket'
        ? { api: '/cgi-bin/get_jsapi_ticket', method: 'GET', secret: 'agent' }
        : { api: '/cgi-bin/ticket/get', method: 'GET', secret: 'agent', query: { type: 'agent_config' } },
    );
    return { token: answer.ticket, expiresInSec: answer.expires_in };
  }
}
