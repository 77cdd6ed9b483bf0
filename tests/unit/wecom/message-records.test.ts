import { describe, expect, it } from 'vitest';
import { fromArchiveRecord, fromKfRecord } from '../../../src/wecom/message-records.ts';

describe('fromArchiveRecord()', () => {
  const base = { msgid: 'CAQQ+1/a=', msgtime: 1_700_000_000_123, msgtype: 'text', text: { content: '快吃完了' } };

  it('should read a customer writing to a member as inbound', () => {
    expect(fromArchiveRecord({ ...base, from: 'wmCustomer01', tolist: ['sales.li'] })).toEqual({
      source: 'archive', sourceMessageId: 'CAQQ+1/a=', externalUserId: 'wmCustomer01', userId: 'sales.li', direction: 'in', msgType: 'text', text: '快吃完了', sentAt: 1_700_000_000,
    });
  });

  it('should read a member writing to a customer as outbound, and keep the room of group messages', () => {
    expect(fromArchiveRecord({ ...base, from: 'sales.li', tolist: ['sales.wang', 'woCustomer02'], roomid: 'wrRoom01' })).toMatchObject({
      externalUserId: 'woCustomer02', userId: 'sales.li', chatId: 'wrRoom01', direction: 'out',
    });
  });

  it('should skip messages between members only', () => {
    expect(fromArchiveRecord({ ...base, from: 'sales.li', tolist: ['sales.wang'] })).toBeNull();
  });
});

describe('fromKfRecord()', () => {
  const base = { msgid: 'kfm1', open_kfid: 'wkAcc', external_userid: 'wmKfCustomer', send_time: 1_700_000_000, msgtype: 'text', text: { content: '发货了吗' } };

  it('should map customer (3) and servicer (5) messages and drop system events (4)', () => {
    expect(fromKfRecord({ ...base, origin: 3 })).toMatchObject({ source: 'kf', direction: 'in', userId: 'wkAcc', externalUserId: 'wmKfCustomer', text: '发货了吗' });
    expect(fromKfRecord({ ...base, origin: 5, servicer_userid: 'sales.li' })).toMatchObject({ direction: 'out' });
    expect(fromKfRecord({ ...base, origin: 4, msgtype: 'event' })).toBeNull();
  });
});
