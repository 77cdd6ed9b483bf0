import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../../src/domain/intent/normalize.ts';

describe('normalizeText()', () => {
  it('should turn Traditional characters into Simplified ones', () => {
    expect(normalizeText('這個價格可以再低一點嗎')).toBe('这个价格可以再低一点吗');
    expect(normalizeText('發貨了沒有')).toBe('发货了没有');
    expect(normalizeText('我閨蜜也想買')).toBe('我闺蜜也想买');
  });

  it('should fold full-width letters, digits, punctuation and spaces to half-width', () => {
    expect(normalizeText('ＤＡＹ　１２！')).toBe('day 12!');
    expect(normalizeText('多少钱？？')).toBe('多少钱?');
  });

  it('should lowercase English and collapse whitespace', () => {
    expect(normalizeText('  Shipping   了吗 ')).toBe('shipping 了吗');
  });

  it('should fold emoji variants and strip skin tones and variation selectors', () => {
    expect(normalizeText('打卡✔️')).toBe('打卡✅');
    expect(normalizeText('👍🏻')).toBe('👍');
    expect(normalizeText('太坑了🤬')).toBe('太坑了😡');
  });

  it('should fix common chat typos and homophones', () => {
    expect(normalizeText('快吃玩了')).toBe('快吃完了');
    expect(normalizeText('退欵什麼時候到')).toBe('退款什么时候到');
    expect(normalizeText('打咔第4天')).toBe('打卡第4天');
    expect(normalizeText('能退嘛')).toBe('能退吗');
  });

  it('should leave 怎么 and 什么 alone when folding the question particle', () => {
    expect(normalizeText('这是什么')).toBe('这是什么');
    expect(normalizeText('怎么')).toBe('怎么');
  });
});
