import { createCipheriv, createDecipheriv } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import {
  computeSignature,
  decodeAesKey,
  verifySignature,
  WecomCrypto,
  WecomCryptoError,
  type WecomCryptoErrorReason,
} from '../../../src/wecom/crypto.ts';
import {
  FIXTURE_EXTRA_CIPHERTEXT,
  FIXTURE_EXTRA_POST,
  FIXTURE_VECTOR_A,
  FIXTURE_VECTOR_A_ECHOSTR_URL_ENCODED,
  FIXTURE_VECTOR_B,
} from '../../fixtures/wecom/vectors.ts';

const KEY = FIXTURE_VECTOR_B.encodingAesKey;
const RECEIVE_ID = FIXTURE_VECTOR_B.receiveId;
const crypto = new WecomCrypto({ token: FIXTURE_VECTOR_B.token, encodingAesKey: KEY, receiveId: RECEIVE_ID });

/** Raw AES-256-CBC over already padded bytes, to forge malformed plaintexts. */
function rawEncrypt(plain: Buffer, encodingAesKey = KEY): string {
  const key = decodeAesKey(encodingAesKey);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

function rawDecrypt(encrypted: string, encodingAesKey = KEY): Buffer {
  const key = decodeAesKey(encodingAesKey);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
}

/** random16 || len || msg || receiveId, without padding. */
function layout(msg: string, receiveId = RECEIVE_ID, len?: number): Buffer {
  const body = Buffer.from(msg, 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(len ?? body.length, 0);
  return Buffer.concat([Buffer.alloc(16, 7), header, body, Buffer.from(receiveId)]);
}

function padTo32(buf: Buffer, padByte?: number): Buffer {
  const pad = 32 - (buf.length % 32);
  return Buffer.concat([buf, Buffer.alloc(pad, padByte ?? pad)]);
}

function expectReason(fn: () => unknown, reason: WecomCryptoErrorReason, status: number): WecomCryptoError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WecomCryptoError);
    const e = err as WecomCryptoError;
    expect(e.reason).toBe(reason);
    expect(e.code).toBe(`wecom_${reason}`);
    expect(e.status).toBe(status);
    return e;
  }
  throw new Error(`expected WecomCryptoError(${reason})`);
}

describe('published vectors', () => {
  for (const [name, v] of [
    ['A', FIXTURE_VECTOR_A],
    ['B', FIXTURE_VECTOR_B],
  ] as const) {
    const c = new WecomCrypto({ token: v.token, encodingAesKey: v.encodingAesKey, receiveId: v.receiveId });

    it(`should verify the GET signature and decrypt echostr to the reply when given vector ${name}`, () => {
      expect(computeSignature(v.token, v.get.timestamp, v.get.nonce, v.get.echostr)).toBe(v.get.msgSignature);
      expect(() => c.verify(v.get.timestamp, v.get.nonce, v.get.echostr, v.get.msgSignature)).not.toThrow();
      expect(c.decrypt(v.get.echostr)).toBe(v.get.expectedReply);
    });

    it(`should verify the POST signature and decrypt to the exact plaintext bytes when given vector ${name}`, () => {
      expect(verifySignature(v.token, v.post.timestamp, v.post.nonce, v.post.encrypt, v.post.msgSignature)).toBe(true);
      const msg = c.decrypt(v.post.encrypt);
      expect(Buffer.from(msg, 'utf8').equals(Buffer.from(v.post.expectedPlaintext, 'utf8'))).toBe(true);
    });

    it(`should reproduce the published ciphertext when re-encrypting vector ${name} with its random bytes`, () => {
      const random16 = rawDecrypt(v.post.encrypt, v.encodingAesKey).subarray(0, 16);
      expect(c.encrypt(v.post.expectedPlaintext, random16)).toBe(v.post.encrypt);
    });
  }

  it('should use a 32-byte pad (30) when decrypting vector A POST', () => {
    const plain = rawDecrypt(FIXTURE_VECTOR_A.post.encrypt, FIXTURE_VECTOR_A.encodingAesKey);
    expect(plain[plain.length - 1]).toBe(30);
  });

  it('should match the URL-decoded echostr when vector A echostr comes from the query string', () => {
    const params = new URLSearchParams(`echostr=${FIXTURE_VECTOR_A_ECHOSTR_URL_ENCODED}`);
    expect(params.get('echostr')).toBe(FIXTURE_VECTOR_A.get.echostr);
  });

  it('should verify and decrypt the 2.3 envelope vector when given its token and key', () => {
    const v = FIXTURE_EXTRA_POST;
    const c = new WecomCrypto({ token: v.token, encodingAesKey: v.encodingAesKey, receiveId: v.receiveId });
    expect(() => c.verify(v.timestamp, v.nonce, v.encrypt, v.msgSignature)).not.toThrow();
    expect(c.decrypt(v.encrypt)).toBe(v.expectedPlaintext);
  });

  it('should decrypt the 2.3 ciphertext-only vector when given its key', () => {
    const v = FIXTURE_EXTRA_CIPHERTEXT;
    const c = new WecomCrypto({ token: 'unused', encodingAesKey: v.encodingAesKey, receiveId: v.receiveId });
    expect(c.decrypt(v.ciphertext)).toBe(v.expectedMsg);
  });
});

describe('encrypt()', () => {
  it('should round-trip when the message holds Chinese and emoji', () => {
    const msg = '<xml><Content><![CDATA[你好，世界 👋🏽 emoji]]></Content></xml>';
    expect(crypto.decrypt(crypto.encrypt(msg))).toBe(msg);
  });

  it('should write the byte length, not the character length, when the message is multi-byte', () => {
    const msg = '你好👋';
    const plain = rawDecrypt(crypto.encrypt(msg));
    expect(plain.readUInt32BE(16)).toBe(Buffer.byteLength(msg));
  });

  it('should append a full block of 32 × 0x20 when the plaintext is already aligned', () => {
    const msg = 'x'.repeat(64 - 20 - RECEIVE_ID.length);
    const encrypted = crypto.encrypt(msg);
    const plain = rawDecrypt(encrypted);
    expect(plain.length).toBe(96);
    expect(plain.subarray(64).equals(Buffer.alloc(32, 0x20))).toBe(true);
    expect(crypto.decrypt(encrypted)).toBe(msg);
  });

  it('should pad with a single 0x01 when one byte is missing to the block', () => {
    const msg = 'y'.repeat(63 - 20 - RECEIVE_ID.length);
    const encrypted = crypto.encrypt(msg);
    const plain = rawDecrypt(encrypted);
    expect(plain.length).toBe(64);
    expect(plain[63]).toBe(1);
    expect(crypto.decrypt(encrypted)).toBe(msg);
  });

  it('should be deterministic when random16 is given', () => {
    const random16 = Buffer.alloc(16, 0xab);
    expect(crypto.encrypt('hello', random16)).toBe(crypto.encrypt('hello', random16));
    expect(rawDecrypt(crypto.encrypt('hello', random16)).subarray(0, 16).equals(random16)).toBe(true);
  });

  it('should differ between calls when random16 is not given', () => {
    expect(crypto.encrypt('hello')).not.toBe(crypto.encrypt('hello'));
  });
});

describe('verify()', () => {
  const v = FIXTURE_VECTOR_A;
  const c = new WecomCrypto({ token: v.token, encodingAesKey: v.encodingAesKey, receiveId: v.receiveId });

  it('should throw signature_mismatch (401) when one hex digit of the signature is changed', () => {
    const tampered = (v.post.msgSignature[0] === 'a' ? 'b' : 'a') + v.post.msgSignature.slice(1);
    expectReason(() => c.verify(v.post.timestamp, v.post.nonce, v.post.encrypt, tampered), 'signature_mismatch', 401);
  });

  it('should throw signature_mismatch when the timestamp differs from the signed one', () => {
    expectReason(() => c.verify('1409659814', v.post.nonce, v.post.encrypt, v.post.msgSignature), 'signature_mismatch', 401);
  });

  it('should throw signature_mismatch when the ciphertext was altered', () => {
    const altered = `${v.post.encrypt.slice(0, -4)}AAA=`;
    expectReason(() => c.verify(v.post.timestamp, v.post.nonce, altered, v.post.msgSignature), 'signature_mismatch', 401);
  });
});

describe('verifySignature()', () => {
  const v = FIXTURE_VECTOR_A.post;
  const check = (sig: string): boolean => verifySignature(FIXTURE_VECTOR_A.token, v.timestamp, v.nonce, v.encrypt, sig);

  it('should return false without throwing when the signature has a different length', () => {
    expect(check(v.msgSignature.slice(0, 39))).toBe(false);
    expect(check(`${v.msgSignature}0`)).toBe(false);
    expect(check('')).toBe(false);
  });

  it('should return false when the signature is not hex', () => {
    expect(check(`zz${v.msgSignature.slice(2)}`)).toBe(false);
  });

  it('should return true when the signature is given in uppercase hex', () => {
    expect(check(v.msgSignature.toUpperCase())).toBe(true);
  });

  it('should sort the four strings byte-wise when computing the signature', () => {
    expect(computeSignature('b', 'a', 'd', 'c')).toBe(computeSignature('a', 'b', 'c', 'd'));
  });
});

describe('decrypt()', () => {
  it('should throw receive_id_mismatch (401) when the receive id differs', () => {
    const v = FIXTURE_VECTOR_A;
    const c = new WecomCrypto({ token: v.token, encodingAesKey: v.encodingAesKey, receiveId: 'ww0000000000000000' });
    expectReason(() => c.decrypt(v.post.encrypt), 'receive_id_mismatch', 401);
  });

  it('should throw bad_padding when the pad byte is 0', () => {
    expectReason(() => crypto.decrypt(rawEncrypt(padTo32(layout('hi'), 0))), 'bad_padding', 400);
  });

  it('should throw bad_padding when the pad byte is 33', () => {
    const buf = padTo32(layout('hi'));
    buf[buf.length - 1] = 33;
    expectReason(() => crypto.decrypt(rawEncrypt(buf)), 'bad_padding', 400);
  });

  it('should throw bad_padding when the pad bytes are not all equal', () => {
    const buf = padTo32(layout('hi'));
    const pad = buf[buf.length - 1] ?? 0;
    expect(pad).toBeGreaterThan(2);
    buf[buf.length - 2] = pad - 1;
    expectReason(() => crypto.decrypt(rawEncrypt(buf)), 'bad_padding', 400);
  });

  it('should throw bad_length when the length field is bigger than the data', () => {
    expectReason(() => crypto.decrypt(rawEncrypt(padTo32(layout('hello', RECEIVE_ID, 1000)))), 'bad_length', 400);
  });

  it('should throw bad_length when the unpadded plaintext is shorter than 20 bytes', () => {
    expectReason(() => crypto.decrypt(rawEncrypt(padTo32(Buffer.alloc(10, 1)))), 'bad_length', 400);
    expectReason(() => crypto.decrypt(rawEncrypt(Buffer.alloc(32, 32))), 'bad_length', 400);
  });

  it('should throw bad_ciphertext when the ciphertext is empty', () => {
    expectReason(() => crypto.decrypt(''), 'bad_ciphertext', 400);
  });

  it('should throw bad_ciphertext when the ciphertext is shorter than one 32-byte block', () => {
    expectReason(() => crypto.decrypt(Buffer.alloc(16).toString('base64')), 'bad_ciphertext', 400);
  });

  it('should throw bad_ciphertext when the ciphertext is not a multiple of 32 bytes', () => {
    expectReason(() => crypto.decrypt(Buffer.alloc(48).toString('base64')), 'bad_ciphertext', 400);
    expectReason(() => crypto.decrypt(FIXTURE_VECTOR_B.post.encrypt.slice(0, -4)), 'bad_ciphertext', 400);
  });

  it('should throw bad_ciphertext when the input is not valid base64', () => {
    expectReason(() => crypto.decrypt('!!!!'), 'bad_ciphertext', 400);
    expectReason(() => crypto.decrypt(FIXTURE_VECTOR_B.post.encrypt.replace(/\+/g, ' ')), 'bad_ciphertext', 400);
  });

  it('should not reveal the plaintext or key in error messages when decryption fails', () => {
    const e = expectReason(() => crypto.decrypt(rawEncrypt(padTo32(layout('SECRET-PLAINTEXT', 'other-corp')))), 'receive_id_mismatch', 401);
    expect(e.message).not.toContain('SECRET-PLAINTEXT');
    expect(e.message).not.toContain('other-corp');
    expect(e.message).not.toContain(KEY);
  });
});

describe('decodeAesKey()', () => {
  it('should return 32 bytes when given a valid 43-char key', () => {
    expect(decodeAesKey(FIXTURE_VECTOR_A.encodingAesKey)).toHaveLength(32);
  });

  it('should throw bad_aes_key (500) when the key has 42 or 44 chars', () => {
    expectReason(() => decodeAesKey('123456789012345678901234567890123456789012'), 'bad_aes_key', 500);
    expectReason(() => decodeAesKey('12345678901234567890123456789012345678901234'), 'bad_aes_key', 500);
  });

  it('should throw bad_aes_key when the key has non-base64 or padding characters', () => {
    expectReason(() => decodeAesKey('4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIw$'), 'bad_aes_key', 500);
    expectReason(() => decodeAesKey('4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIw='), 'bad_aes_key', 500);
    expectReason(() => decodeAesKey('4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYI+/'), 'bad_aes_key', 500);
    expectReason(() => decodeAesKey(''), 'bad_aes_key', 500);
  });

  it('should throw bad_aes_key from the constructor when the key is invalid', () => {
    const e = expectReason(
      () => new WecomCrypto({ token: 't', encodingAesKey: 'short', receiveId: RECEIVE_ID }),
      'bad_aes_key',
      500,
    );
    expect(e.message).not.toContain('short');
  });
});
