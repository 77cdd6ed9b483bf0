/**
 * Builds callbacks exactly as WeCom sends them (encrypted inner XML, signed query),
 * for the sample-event sender, the benchmark and tests.
 */
import { WecomCrypto } from '../wecom/crypto.ts';

export interface SignedCallbackInput {
  token: string;
  encodingAesKey: string;
  corpId: string;
  /** Plaintext inner XML (POST) or echo string (GET). */
  xml: string;
  /** @defaultValue '1717000000' */
  timestamp?: string;
  /** @defaultValue '1372623149' */
  nonce?: string;
  /** Fixed 16 random bytes for reproducible ciphertext. */
  random16?: Buffer;
  agentId?: string;
}

// A type alias (not an interface) so it is assignable to Record<string, string>.
export type SignedQuery = {
  msg_signature: string;
  timestamp: string;
  nonce: string;
};

function encryptAndSign(input: SignedCallbackInput): { encrypt: string; query: SignedQuery } {
  const timestamp = input.timestamp ?? '1717000000';
  const nonce = input.nonce ?? '1372623149';
  const crypto = new WecomCrypto({ token: input.token, encodingAesKey: input.encodingAesKey, receiveId: input.corpId });
  const encrypt = crypto.encrypt(input.xml, input.random16);
  return { encrypt, query: { msg_signature: crypto.sign(timestamp, nonce, encrypt), timestamp, nonce } };
}

/** A POST callback: signed query plus the outer `<xml><ToUserName/><Encrypt/><AgentID/></xml>` body. */
export function buildSignedCallback(input: SignedCallbackInput): { query: SignedQuery; body: string } {
  const { encrypt, query } = encryptAndSign(input);
  const body =
    `<xml><ToUserName><![CDATA[${input.corpId}]]></ToUserName>` +
    `<Encrypt><![CDATA[${encrypt}]]></Encrypt>` +
    `<AgentID><![CDATA[${input.agentId ?? ''}]]></AgentID></xml>`;
  return { query, body };
}

/** A GET URL verification: `xml` is the echo string the server must answer with. */
export function buildSignedEcho(input: SignedCallbackInput): { query: SignedQuery & { echostr: string } } {
  const { encrypt, query } = encryptAndSign(input);
  return { query: { ...query, echostr: encrypt } };
}

/** `?msg_signature=…&timestamp=…&nonce=…` with proper URL encoding. */
export function toQueryString(query: Record<string, string>): string {
  return new URLSearchParams(query).toString();
}
