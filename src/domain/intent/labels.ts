/** The fixed intent label set (names are part of the API: stored, filtered on, mapped to scenes). */
export const INTENTS = [
  'repurchase_signal',
  'referral',
  'purchase_intent',
  'price_inquiry',
  'usage_question',
  'logistics',
  'return_exchange',
  'complaint',
  'checkin',
  'other',
] as const;

export type Intent = (typeof INTENTS)[number];

export function isIntent(value: unknown): value is Intent {
  return typeof value === 'string' && (INTENTS as readonly string[]).includes(value);
}
