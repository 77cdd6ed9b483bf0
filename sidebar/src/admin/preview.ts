/**
 * What a customer would receive from a welcome flow, for the editor's live preview: the
 * text (or the time-of-day variant in force at `minute`) with `{customer}` and
 * `{salesperson}` filled in and the same tidying the server does when a nickname is
 * missing (domain/welcome/welcome-plan.ts renderWelcome — the page may not import server code).
 */
export const SAMPLE_NAMES = { customer: '王小美', salesperson: '李顾问' };

export interface PreviewVariant {
  from: string;
  to: string;
  text: string;
}

const minutes = (hhmm: string): number | undefined => {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
};

/** Whether `minute` is in [from, to), wrapping midnight when to < from. */
function inWindow(variant: PreviewVariant, minute: number): boolean {
  const from = minutes(variant.from);
  const to = minutes(variant.to);
  if (from === undefined || to === undefined || from === to) return false;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

export function previewWelcome(
  input: { text: string; variants?: readonly PreviewVariant[] },
  options: { minute: number; customer?: string; salesperson?: string } = { minute: 10 * 60 },
): string {
  const template = input.variants?.find((variant) => inWindow(variant, options.minute))?.text ?? input.text;
  return template
    .split('{customer}').join(options.customer ?? SAMPLE_NAMES.customer)
    .split('{salesperson}').join(options.salesperson ?? SAMPLE_NAMES.salesperson)
    .replace(/^[\s，,、]+/, '')
    .replace(/([\s，,])\1+/g, '$1')
    .replace(/[，,]\s*([！!。.])/g, '$1');
}
