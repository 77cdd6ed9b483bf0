/**
 * WXBizMsgCrypt codec for WeCom callbacks (PROTOCOL.md §1.4–1.6):
 * SHA1 signature over the sorted (token, timestamp, nonce, encrypted) strings, and
 * AES-256-CBC (IV = key[0..16)) over `random(16) || uint32BE len || msg || receiveId`
 * with PKCS#7 padding to a 32-byte block.
 *
 * Hot path: the key, IV and receive id buffers are built once per instance.
 * Error messages never carry secrets, ciphertext or plaintext.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../shared/errors.ts';

export type WecomCryptoErrorReason =
  | 'signature_mismatch'
  | 'receive_id_mismatch'
  | 'bad_aes_key'
  | 'bad_ciphertext'
  | 'bad_padding'
  | 'bad_length';

const REASONS: Record<WecomCryptoErrorReason, { status: number; message: string }> = {
  signature_mismatch: { status: 401, message: 'WeCom callback signature mismatch' },
  receive_id_mismatch: { status: 401, message: 'WeCom callback receive id mismatch' },
  bad_aes_key: { status: 500, message: 'WeCom EncodingAESKey is invalid (43 chars [A-Za-z0-9] expected)' },
  bad_ciphertext: { status: 400, message: 'WeCom callback ciphertext is not valid base64 AES blocks' },
  bad_padding: { status: 400, message: 'WeCom callback plaintext has invalid padding' },
  bad_length: { status: 400, message: 'WeCom callback plaintext has an invalid length field' },
};

export class WecomCryptoError extends AppError {
  readonly reason: WecomCryptoErrorReason;

  constructor(reason: WecomCryptoErrorReason, cause?: unknown) {
    const { status, message } = REASONS[reason];
    super(`wecom_${reason}`, message, { status, cause });
    this.name = 'WecomCryptoError';
    this.reason = reason;
  }
}

const BLOCK = 32;
const AES_KEY_RE = /^[A-Za-z0-9]{43}$/;
const BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;
const SIGNATURE_RE = /^[0-9a-fA-F]{40}$/;

/** `base64decode(EncodingAESKey + "=")`, which must be exactly 32 bytes. */
export function decodeAesKey(encodingAesKey: string): Buffer {
  if (typeof encodingAesKey !== 'string' || !AES_KEY_RE.test(encodingAesKey)) {
    throw new WecomCryptoError('bad_aes_key');
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new WecomCryptoError('bad_aes_key');
  return key;
}

/** Lowercase hex SHA1 over the four strings sorted byte-wise and joined without separator. */
export function computeSignature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  const parts = [token, timestamp, nonce, encrypted].map((s) => Buffer.from(s, 'utf8'));
  parts.sort(Buffer.compare);
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/** Constant-time check of `signature`; false (never a throw) for any malformed input. */
export function verifySignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypted: string,
  signature: string,
): boolean {
  if (typeof signature !== 'string' || !SIGNATURE_RE.test(signature)) return false;
  const expected = Buffer.from(computeSignature(token, timestamp, nonce, encrypted), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface WecomCryptoOptions {
  token: string;
  encodingAesKey: string;
  /** CorpID for a corp self-built app (PROTOCOL §1.7). */
  receiveId: string;
}

export class WecomCrypto {
  readonly receiveId: string;
  readonly #token: string;
  readonly #key: Buffer;
  readonly #iv: Buffer;
  readonly #receiveIdBytes: Buffer;

  constructor(opts: WecomCryptoOptions) {
    this.#key = decodeAesKey(opts.encodingAesKey);
    this.#iv = this.#key.subarray(0, 16);
    this.#token = opts.token;
    this.receiveId = opts.receiveId;
    this.#receiveIdBytes = Buffer.from(opts.receiveId, 'utf8');
  }

  /** Signature for `encrypted` with this instance's token. */
  sign(timestamp: string, nonce: string, encrypted: string): string {
    return computeSignature(this.#token, timestamp, nonce, encrypted);
  }

  /** Throws `WecomCryptoError('signature_mismatch')` unless `signature` matches. */
  verify(timestamp: string, nonce: string, encrypted: string, signature: string): void {
    if (!verifySignature(this.#token, timestamp, nonce, encrypted, signature)) {
      throw new WecomCryptoError('signature_mismatch');
    }
  }

  /** Decrypts a base64 ciphertext and returns `msg` after checking the receive id. */
  decrypt(encrypted: string): string {
    if (typeof encrypted !== 'string' || encrypted.length % 4 !== 0 || !BASE64_RE.test(encrypted)) {
      throw new WecomCryptoError('bad_ciphertext');
    }
    const data = Buffer.from(encrypted, 'base64');
    if (data.length === 0 || data.length % BLOCK !== 0) throw new WecomCryptoError('bad_ciphertext');

    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.#key, this.#iv);
      decipher.setAutoPadding(false);
      plain = Buffer.concat([decipher.update(data), decipher.final()]);
    } catch (err) {
      throw new WecomCryptoError('bad_ciphertext', err);
    }

    const pad = plain[plain.length - 1] ?? 0;
    if (pad < 1 || pad > BLOCK) throw new WecomCryptoError('bad_padding');
    for (let i = plain.length - pad; i < plain.length; i++) {
      if (plain[i] !== pad) throw new WecomCryptoError('bad_padding');
    }
    const end = plain.length - pad;
    if (end < 20) throw new WecomCryptoError('bad_length');
    const len = plain.readUInt32BE(16);
    if (20 + len > end) throw new WecomCryptoError('bad_length');
    if (!plain.subarray(20 + len, end).equals(this.#receiveIdBytes)) {
      throw new WecomCryptoError('receive_id_mismatch');
    }
    return plain.toString('utf8', 20, 20 + len);
  }

  /** Encrypts `msg` for this receive id; `random16` is for deterministic tests only. */
  encrypt(msg: string, random16: Buffer = randomBytes(16)): string {
    if (random16.length !== 16) throw new RangeError('random16 must be exactly 16 bytes');
    const body = Buffer.from(msg, 'utf8');
    const header = Buffer.allocUnsafe(4);
    header.writeUInt32BE(body.length, 0);
    const unpadded = 16 + 4 + body.length + this.#receiveIdBytes.length;
    const pad = BLOCK - (unpadded % BLOCK);
    const plain = Buffer.concat([random16, header, body, this.#receiveIdBytes, Buffer.alloc(pad, pad)]);
    const cipher = createCipheriv('aes-256-cbc', this.#key, this.#iv);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
  }
}
