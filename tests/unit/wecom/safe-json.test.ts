import { describe, expect, it } from 'vitest';
import { parseWecomJson, quoteUnsafeIntegers } from '../../../src/wecom/safe-json.ts';

const FIXTURE_MSGID = '18446744073709551615';

describe('parseWecomJson()', () => {
  it('should keep an integer beyond Number.MAX_SAFE_INTEGER as the string of its digits', () => {
    expect(parseWecomJson(`{"errcode":0,"msgid":${FIXTURE_MSGID}}`)).toEqual({ errcode: 0, msgid: FIXTURE_MSGID });
  });

  it('should keep 2^53 and negative unsafe integers as strings when they would round', () => {
    expect(parseWecomJson('[9007199254740992,-9007199254740993,9007199254740991]')).toEqual(['9007199254740992', '-9007199254740993', 9007199254740991]);
  });

  it('should leave safe numbers, floats and exponents as numbers', () => {
    expect(parseWecomJson('{"a":1,"b":-2.5,"c":12345678901234567.5,"d":1e21,"e":123456789012345}')).toEqual({ a: 1, b: -2.5, c: Number('12345678901234567.5'), d: 1e21, e: 123456789012345 });
  });

  it('should not touch digits inside strings, including escaped quotes', () => {
    const text = `{"s":"x\\" ${FIXTURE_MSGID} \\"","n":${FIXTURE_MSGID}}`;
    expect(parseWecomJson(text)).toEqual({ s: `x" ${FIXTURE_MSGID} "`, n: FIXTURE_MSGID });
  });

  it('should parse nested arrays of large ids when they appear in lists', () => {
    expect(parseWecomJson(`{"list":[{"seq":${FIXTURE_MSGID}},{"seq":1}]}`)).toEqual({ list: [{ seq: FIXTURE_MSGID }, { seq: 1 }] });
  });

  it('should throw SyntaxError when the text is not JSON', () => {
    expect(() => parseWecomJson('<html>')).toThrow(SyntaxError);
  });
});

describe('quoteUnsafeIntegers()', () => {
  it('should return the same text when no run of 16 digits is present', () => {
    const text = '{"errcode":0,"errmsg":"ok","expires_in":7200}';
    expect(quoteUnsafeIntegers(text)).toBe(text);
  });
});
