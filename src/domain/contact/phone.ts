/**
 * Phone numbers as order imports and salespeople write them: shops send "138 0013 8000" or
 * "+86-13800138000", salespeople type remark mobiles (备注手机号) any way they like. Both
 * sides are reduced to digits, with China's country code dropped from mobile numbers, so
 * one number matches however it was written.
 */

/** The comparable form of a phone number, or undefined when it has too few digits to be one. */
export function normalizePhone(raw: string): string | undefined {
  let digits = raw.replace(/\D/g, '');
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return digits.length >= 7 && digits.length <= 15 ? digits : undefined;
}

/** The distinct comparable numbers among `raw`, those that are not numbers left out. */
export function normalizePhones(raw: readonly string[]): string[] {
  return [...new Set(raw.flatMap((phone) => normalizePhone(phone) ?? []))];
}
