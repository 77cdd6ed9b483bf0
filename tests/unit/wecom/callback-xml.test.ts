import { describe, it, expect } from 'vitest';
import { ValidationError } from '../../../src/shared/errors.ts';
import { buildEncryptedReply, parseEnvelope, parseInnerXml } from '../../../src/wecom/callback-xml.ts';
import { verifySignature, WecomCrypto } from '../../../src/wecom/crypto.ts';
import {
  buildSignedCallback,
  FIXTURE_CHAT_UPDATE_XML,
  FIXTURE_CORP_ID,
  FIXTURE_ENCODING_AES_KEY,
  FIXTURE_TOKEN,
} from '../../fixtures/wecom/events.ts';
import { FIXTURE_EXTRA_POST, FIXTURE_VECTOR_A, FIXTURE_VECTOR_B } from '../../fixtures/wecom/vectors.ts';

async function expectValidation(promise: Promise<unknown>, code: string): Promise<void> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  expect((err as ValidationError).code).toBe(code);
  expect((err as ValidationError).status).toBe(400);
}

const UNSAFE_INPUTS: [string, string][] = [
  ['a DOCTYPE', '<!DOCTYPE xml [<!ENTITY x "y">]><xml><Encrypt>&x;</Encrypt></xml>'],
  ['a lowercase doctype', '<!doctype xml><xml><Encrypt>a</Encrypt></xml>'],
  ['an external entity', '<xml><!ENTITY xxe SYSTEM "file:///etc/passwd"><Encrypt>a</Encrypt></xml>'],
  ['a __proto__ element', '<xml><__proto__><polluted>yes</polluted></__proto__><Encrypt>a</Encrypt></xml>'],
  ['a constructor element', '<xml><constructor><prototype>x</prototype></constructor><Encrypt>a</Encrypt></xml>'],
  ['a prototype element', '<xml><prototype>x</prototype><Encrypt>a</Encrypt></xml>'],
];

describe('parseEnvelope()', () => {
  it('should return ToUserName, Encrypt and AgentID when given a real POST body', async () => {
    await expect(parseEnvelope(FIXTURE_EXTRA_POST.body)).resolves.toEqual({
      toUserName: 'ww6a112864f8022910',
      encrypt: FIXTURE_EXTRA_POST.encrypt,
      agentId: '1000002',
    });
  });

  it('should omit agentId when AgentID is empty', async () => {
    const { body } = buildSignedCallback({
      token: FIXTURE_TOKEN,
      encodingAesKey: FIXTURE_ENCODING_AES_KEY,
      corpId: FIXTURE_CORP_ID,
      xml: FIXTURE_CHAT_UPDATE_XML,
    });
    const envelope = await parseEnvelope(body);
    expect(envelope.toUserName).toBe(FIXTURE_CORP_ID);
    expect('agentId' in envelope).toBe(false);
  });

  it('should accept bare text and surrounding whitespace when the envelope is pretty-printed', async () => {
    const body = `<xml>\n  <ToUserName>ww1</ToUserName>\n  <Encrypt>\n    ${FIXTURE_VECTOR_B.post.encrypt}\n  </Encrypt>\n</xml>\n`;
    await expect(parseEnvelope(body)).resolves.toEqual({ toUserName: 'ww1', encrypt: FIXTURE_VECTOR_B.post.encrypt });
  });

  it('should throw malformed_envelope when Encrypt is missing', async () => {
    await expectValidation(parseEnvelope('<xml><ToUserName>ww1</ToUserName></xml>'), 'malformed_envelope');
  });

  it('should throw malformed_envelope when Encrypt is empty', async () => {
    await expectValidation(parseEnvelope('<xml><Encrypt><![CDATA[]]></Encrypt></xml>'), 'malformed_envelope');
    await expectValidation(parseEnvelope('<xml><Encrypt/></xml>'), 'malformed_envelope');
  });

  it('should throw malformed_envelope when Encrypt is repeated', async () => {
    await expectValidation(parseEnvelope('<xml><Encrypt>a</Encrypt><Encrypt>b</Encrypt></xml>'), 'malformed_envelope');
  });

  it('should throw malformed_envelope when the body is not XML', async () => {
    await expectValidation(parseEnvelope('{"encrypt":"abc"}'), 'malformed_envelope');
    await expectValidation(parseEnvelope(''), 'malformed_envelope');
    await expectValidation(parseEnvelope('<xml><Encrypt>a</Encrypt>'), 'malformed_envelope');
  });

  it('should throw malformed_envelope when the root element is not xml', async () => {
    await expectValidation(parseEnvelope('<root><Encrypt>a</Encrypt></root>'), 'malformed_envelope');
  });

  it('should throw malformed_envelope when content follows the root element', async () => {
    await expectValidation(parseEnvelope('<xml><Encrypt>a</Encrypt></xml><xml><Encrypt>b</Encrypt></xml>'), 'malformed_envelope');
    await expectValidation(parseEnvelope('<xml><Encrypt>a</Encrypt></xml>junk</xml>'), 'malformed_envelope');
    await expectValidation(parseEnvelope('<xml><Encrypt>a</Encrypt></xml>\ntrailing'), 'malformed_envelope');
  });

  for (const [what, input] of UNSAFE_INPUTS) {
    it(`should throw malformed_envelope when the body contains ${what}`, async () => {
      await expectValidation(parseEnvelope(input), 'malformed_envelope');
    });
  }
});

describe('parseInnerXml()', () => {
  it('should return every leaf as a string when the values are CDATA (vector A)', async () => {
    await expect(parseInnerXml(FIXTURE_VECTOR_A.post.expectedPlaintext)).resolves.toEqual({
      ToUserName: 'wx5823bf96d3bd56c7',
      FromUserName: 'mycreate',
      CreateTime: '1409659813',
      MsgType: 'text',
      Content: 'hello',
      MsgId: '4561255354251345929',
      AgentID: '218',
    });
  });

  it('should return every leaf as a string when the values are bare text (vector B)', async () => {
    await expect(parseInnerXml(FIXTURE_VECTOR_B.post.expectedPlaintext)).resolves.toEqual({
      ToUserName: 'ww1436e0e65a779aee',
      FromUserName: 'ChenJiaShun',
      CreateTime: '1476422779',
      MsgType: 'text',
      Content: '你好',
      MsgId: '1456453720',
      AgentID: '1000002',
    });
  });

  it('should return MemChangeList as a string array when it has several Items', async () => {
    const fields = await parseInnerXml(FIXTURE_CHAT_UPDATE_XML);
    expect(fields.MemChangeList).toEqual(['wmAbCdEfGhIjKlMnOpQrStUvWxYz0004', 'wmAbCdEfGhIjKlMnOpQrStUvWxYz0005']);
    expect(fields.MemChangeCnt).toBe('2');
    expect(fields.JoinScene).toBe('3');
  });

  it('should return MemChangeList as a one-element array when it has a single Item', async () => {
    const fields = await parseInnerXml('<xml><MemChangeList><Item>a</Item></MemChangeList></xml>');
    expect(fields.MemChangeList).toEqual(['a']);
  });

  it('should accept a BOM and an XML declaration when they precede the root', async () => {
    await expect(parseInnerXml('\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<xml><A>1</A></xml>\n')).resolves.toEqual({ A: '1' });
  });

  it('should keep empty leaves as empty strings when elements are empty', async () => {
    await expect(parseInnerXml('<xml><A></A><B/><C><![CDATA[]]></C></xml>')).resolves.toEqual({ A: '', B: '', C: '' });
  });

  it('should decode predefined and numeric entities when the text uses them', async () => {
    const fields = await parseInnerXml('<xml><Content>a &amp; b &lt;c&gt; &#20320;</Content></xml>');
    expect(fields.Content).toBe('a & b <c> 你');
  });

  it('should not collide with Object.prototype members when elements are named like them', async () => {
    const fields = await parseInnerXml('<xml><toString>x</toString><hasOwnProperty>y</hasOwnProperty><_>z</_></xml>');
    expect(fields).toEqual({ toString: 'x', hasOwnProperty: 'y', _: 'z' });
  });

  it('should return a null-prototype object when parsing succeeds', async () => {
    const fields = await parseInnerXml('<xml><A>1</A></xml>');
    expect(Object.getPrototypeOf(fields)).toBeNull();
  });

  it('should reject and not pollute Object.prototype when given a __proto__ element', async () => {
    await expectValidation(parseInnerXml('<xml><__proto__><polluted>yes</polluted></__proto__></xml>'), 'malformed_event');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('should throw malformed_event when the XML is invalid', async () => {
    await expectValidation(parseInnerXml('<xml><A>1</B></xml>'), 'malformed_event');
    await expectValidation(parseInnerXml('not xml'), 'malformed_event');
  });

  for (const [what, input] of UNSAFE_INPUTS) {
    it(`should throw malformed_event when the message contains ${what}`, async () => {
      await expectValidation(parseInnerXml(input), 'malformed_event');
    });
  }
});

describe('buildEncryptedReply()', () => {
  const crypto = new WecomCrypto({
    token: FIXTURE_TOKEN,
    encodingAesKey: FIXTURE_ENCODING_AES_KEY,
    receiveId: FIXTURE_CORP_ID,
  });
  const replyXml = '<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[收到]]></Content></xml>';

  it('should produce a signed envelope whose Encrypt decrypts to the reply when built', async () => {
    const xml = buildEncryptedReply(crypto, replyXml, '1700000000', 'k3j2h1g0');
    const fields = await parseInnerXml(xml);
    expect(Object.keys(fields)).toEqual(['Encrypt', 'MsgSignature', 'TimeStamp', 'Nonce']);
    expect(fields.TimeStamp).toBe('1700000000');
    expect(fields.Nonce).toBe('k3j2h1g0');
    const encrypt = fields.Encrypt as string;
    expect(verifySignature(FIXTURE_TOKEN, '1700000000', 'k3j2h1g0', encrypt, fields.MsgSignature as string)).toBe(true);
    expect(crypto.decrypt(encrypt)).toBe(replyXml);
  });

  it('should keep the XML well-formed when the nonce contains a CDATA terminator', async () => {
    const xml = buildEncryptedReply(crypto, replyXml, '1700000000', 'a]]>b');
    await expect(parseInnerXml(xml)).resolves.toMatchObject({ Nonce: 'a]]>b' });
  });
});
