import { describe, expect, it } from 'vitest';
import { eventJobId } from '../../../src/queue/jobs.ts';
import { dedupeKey } from '../../../src/wecom/dedupe-key.ts';

describe('eventJobId()', () => {
  it.each(['evt-3f2a9c0d1b', 'msg-7365189272781', 'evt-0'])('should return the key unchanged when it is %s', (key) => {
    expect(eventJobId(key)).toBe(key);
  });

  it.each(['evt:3f2a9c0d1b', 'bull:wecom-events:1', ':'])('should throw when the key %s contains a colon', (key) => {
    expect(() => eventJobId(key)).toThrow(`unusable job id: ${key}`);
  });

  it.each(['7365189272781', '0'])('should throw when the key %s is all digits', (key) => {
    expect(() => eventJobId(key)).toThrow(/unusable job id/);
  });

  it('should accept the keys dedupeKey() builds when a message id or event fields are given', () => {
    const messageKey = dedupeKey({ MsgType: 'text', MsgId: '7365189272781', Content: 'hi' });
    const eventKey = dedupeKey({ MsgType: 'event', Event: 'change_external_contact', CreateTime: '1717000000' });
    expect(eventJobId(messageKey)).toBe('msg-7365189272781');
    expect(eventJobId(eventKey)).toMatch(/^evt-[0-9a-f]{32}$/);
  });
});
