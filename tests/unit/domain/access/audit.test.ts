import { describe, expect, it } from 'vitest';
import { auditCsv, REDACTED, redactSecrets } from '../../../../src/domain/access/audit.ts';

describe('redactSecrets()', () => {
  it('should replace every secret-named field at any depth and keep the rest', () => {
    const body = { name: '渠道A', token: 't0p', nested: { corpSecret: 's', aesKey: 'k', list: [{ password: 'p', text: 'hi' }] }, access_token: 'a', ticket: 'x' };
    expect(redactSecrets(body)).toEqual({
      name: '渠道A',
      token: REDACTED,
      nested: { corpSecret: REDACTED, aesKey: REDACTED, list: [{ password: REDACTED, text: 'hi' }] },
      access_token: REDACTED,
      ticket: REDACTED,
    });
  });

  it('should not change the value it was given', () => {
    const body = { token: 'keep' };
    redactSecrets(body);
    expect(body.token).toBe('keep');
  });

  it('should summarise what lies deeper than the audit keeps', () => {
    const deep = { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } };
    expect(JSON.stringify(redactSecrets(deep))).toContain('[…]');
  });
});

describe('auditCsv()', () => {
  it('should write a BOM, a header and one defused row per record', () => {
    const csv = auditCsv([{ id: 7, actor: '=cmd', role: 'admin', action: 'POST /api/admin/tags', target: 'et1', detail: { body: { name: 'VIP' } }, at: 1_764_300_000, ip: '10.0.0.1', userAgent: 'ua' }]);
    const [header, row] = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(header).toBe('id,at (UTC),actor,role,action,target,detail,ip,user agent');
    expect(row).toBe(`7,2025-11-28T03:20:00.000Z,'=cmd,admin,POST /api/admin/tags,et1,"{""body"":{""name"":""VIP""}}",10.0.0.1,ua`);
  });
});
