import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { childLogger, createRootLogger } from '../../../src/shared/logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('createRootLogger()', () => {
  it('should redact secrets, message contents and mobiles wherever they appear in a logged object', () => {
    const { lines, stream } = capture();
    const log = childLogger(createRootLogger('info', stream), 'wecom.callback');
    log.info(
      {
        token: 'tok123secret',
        secret: 'corp-secret-value',
        event: { content: '我想买两盒胶原蛋白', fields: { Content: '原文' }, mobile: '13800000000' },
        config: { encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', adminToken: 'admin-token-value' },
        access_token: 'ACCESS_TOKEN_VALUE',
      },
      'event received',
    );
    const line = lines.join('');
    for (const secret of ['tok123secret', 'corp-secret-value', '我想买两盒胶原蛋白', '13800000000', 'abcdefghijklmnopqrstuvwxyz', 'admin-token-value', 'ACCESS_TOKEN_VALUE']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('[redacted]');
    expect(JSON.parse(line)).toMatchObject({ module: 'wecom.callback', msg: 'event received' });
  });
});
