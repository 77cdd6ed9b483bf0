import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { parseInnerXml } from '../../../src/wecom/callback-xml.ts';
import { dedupeKey } from '../../../src/wecom/dedupe-key.ts';
import * as F from '../../fixtures/wecom/events.ts';

const EVT_RE = /^evt-[0-9a-f]{32}$/;

describe('dedupeKey()', () => {
  it('should return msg-<MsgId> when the message has a MsgId', async () => {
    expect(dedupeKey(await parseInnerXml(F.FIXTURE_APP_TEXT_XML))).toBe('msg-7380000000000000001');
  });

  it('should return evt- and 32 hex chars when the callback is an event', async () => {
    expect(dedupeKey(await parseInnerXml(F.FIXTURE_CONTACT_ADD_XML))).toMatch(EVT_RE);
  });

  it('should hash the canonical sorted key=value serialisation when fields are plain strings', () => {
    const fields = { MsgType: 'event', CreateTime: '1', Event: 'x' };
    const expected = createHash('sha256').update('CreateTime=1\nEvent=x\nMsgType=event').digest('hex').slice(0, 32);
    expect(dedupeKey(fields)).toBe(`evt-${expected}`);
  });

  it('should give different keys when two adds in the same second are for different customers', async () => {
    const first = await parseInnerXml(F.FIXTURE_CONTACT_ADD_XML);
    const second = await parseInnerXml(F.FIXTURE_CONTACT_ADD_XML.replace('Yz0001', 'Yz0009'));
    expect(first.FromUserName).toBe(second.FromUserName);
    expect(first.CreateTime).toBe(second.CreateTime);
    expect(dedupeKey(first)).not.toBe(dedupeKey(second));
  });

  it('should give the same key when a retry differs only in whitespace between tags', async () => {
    const compact = F.FIXTURE_CHAT_UPDATE_XML.replace(/>\s+</g, '><');
    expect(compact).not.toBe(F.FIXTURE_CHAT_UPDATE_XML);
    expect(dedupeKey(await parseInnerXml(compact))).toBe(dedupeKey(await parseInnerXml(F.FIXTURE_CHAT_UPDATE_XML)));
  });

  it('should give the same key when the fields come in a different order', () => {
    const a = { MsgType: 'event', Event: 'change_external_tag', Id: '1', CreateTime: '5' };
    const b = { CreateTime: '5', Id: '1', Event: 'change_external_tag', MsgType: 'event' };
    expect(dedupeKey(a)).toBe(dedupeKey(b));
  });

  it('should give different keys when MemChangeList members differ', async () => {
    const base = await parseInnerXml(F.FIXTURE_CHAT_UPDATE_XML);
    expect(dedupeKey({ ...base, MemChangeList: ['x'] })).not.toBe(dedupeKey(base));
  });

  it('should distinguish a list from a string and split values from joined ones', () => {
    const base = { MsgType: 'event', CreateTime: '1' };
    expect(dedupeKey({ ...base, L: ['a,b'] })).not.toBe(dedupeKey({ ...base, L: ['a', 'b'] }));
    expect(dedupeKey({ ...base, L: ['a'] })).not.toBe(dedupeKey({ ...base, L: 'a' }));
    expect(dedupeKey({ ...base, A: 'x\nB=y' })).not.toBe(dedupeKey({ ...base, A: 'x', B: 'y' }));
  });

  it('should hash instead when an event carries a MsgId', () => {
    expect(dedupeKey({ MsgType: 'event', Event: 'x', MsgId: '1' })).toMatch(EVT_RE);
  });

  it('should hash instead when MsgId contains characters unsafe for a job id', () => {
    expect(dedupeKey({ MsgType: 'text', MsgId: 'a:b' })).toMatch(EVT_RE);
  });

  it('should never contain ":" nor be all digits when given any fixture', async () => {
    const xmls = Object.entries(F)
      .filter(([name, value]) => name.endsWith('_XML') && typeof value === 'string')
      .map(([, value]) => value as string);
    expect(xmls.length).toBeGreaterThanOrEqual(15);
    const keys = await Promise.all(xmls.map(async (xml) => dedupeKey(await parseInnerXml(xml))));
    for (const key of keys) {
      expect(key).not.toContain(':');
      expect(key).not.toMatch(/^\d+$/);
    }
    expect(new Set(keys).size).toBe(keys.length);
  });
});
