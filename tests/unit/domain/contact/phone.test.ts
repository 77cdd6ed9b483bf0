/** Phone numbers reduced to one comparable form, however shops and salespeople write them. */
import { describe, expect, it } from 'vitest';
import { normalizePhone, normalizePhones } from '../../../../src/domain/contact/phone.ts';

describe('normalizePhone()', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['+86-138-0013-8000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    // A landline keeps its area code; 12 digits starting 86 is not a mobile with a country code.
    ['021-6888 8888', '02168888888'],
    ['861068888888', '861068888888'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });

  it.each(['', 'n/a', '12345', '1234567890123456'])('should refuse %j as a phone', (raw) => {
    expect(normalizePhone(raw)).toBeUndefined();
  });

  it('should keep each number once and drop what is not one', () => {
    expect(normalizePhones(['13800138000', '+86 138 0013 8000', 'n/a', '13900139000'])).toEqual(['13800138000', '13900139000']);
  });
});
