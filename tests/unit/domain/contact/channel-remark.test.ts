import { describe, expect, it } from 'vitest';
import { renderChannelRemark, unknownRemarkVariables } from '../../../../src/domain/contact/channel-remark.ts';

const channel = { name: '直播间', remarkTemplate: '{channel}-{customer}', descriptionTemplate: '{date} 由 {salesperson} 添加 {unknown}' };

describe('renderChannelRemark()', () => {
  it('should fill every variable and leave unknown placeholders as written', () => {
    expect(renderChannelRemark(channel, { customer: '王先生', date: '2024-06-07', salesperson: 'sales.li' })).toEqual({
      remark: '直播间-王先生',
      description: '2024-06-07 由 sales.li 添加 {unknown}',
    });
  });

  it('should leave out a part that renders empty, and answer null when nothing is left (WeCom refuses an empty remark call)', () => {
    expect(renderChannelRemark({ name: 'x', remarkTemplate: '{customer}' }, { date: '2024-06-07', salesperson: 'li' })).toBeNull();
    expect(renderChannelRemark({ name: 'x', descriptionTemplate: '{customer} {date}' }, { date: '2024-06-07', salesperson: 'li' })).toEqual({ description: '2024-06-07' });
    expect(renderChannelRemark({ name: 'x' }, { customer: '王', date: '2024-06-07', salesperson: 'li' })).toBeNull();
  });
});

describe('unknownRemarkVariables()', () => {
  it('should list placeholders that are not variables', () => {
    expect(unknownRemarkVariables('{customer}{nickname} {date}{}')).toEqual(['{nickname}', '{}']);
  });
});
