/**
 * Which welcome flow a new customer gets and what exactly is sent. Channel first (the
 * customer came through a channel code whose `state` names a flow), then a flow for the
 * salesperson, then the default; the time of day may swap the text for a variant.
 */
import type { WelcomeAttachment, WelcomeFlow, WelcomeVariant } from './welcome-flow.ts';

export interface WelcomeContext {
  /** Channel code `state` from the add event. */
  state?: string;
  userId: string;
}

/** The flow for this add, or undefined when none applies (no default configured). */
export function chooseFlow(flows: readonly WelcomeFlow[], context: WelcomeContext): WelcomeFlow | undefined {
  const enabled = flows.filter((flow) => flow.enabled);
  const forUser = (flow: WelcomeFlow) => flow.userIds.length === 0 || flow.userIds.includes(context.userId);
  const byChannel = context.state ? enabled.filter((f) => f.channelState === context.state) : [];
  // Within a channel a flow naming this salesperson beats one for anybody.
  const channelFlow = byChannel.find((f) => f.userIds.includes(context.userId)) ?? byChannel.find(forUser);
  if (channelFlow) return channelFlow;
  const generic = enabled.filter((f) => !f.channelState);
  return generic.find((f) => f.userIds.includes(context.userId)) ?? generic.find((f) => f.isDefault && forUser(f));
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of "HH:MM", or undefined when malformed. */
export function minutesOf(hhmm: string): number | undefined {
  const match = HHMM.exec(hhmm);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** Whether `minute` (0..1439) falls in [from, to), wrapping midnight when to < from. */
export function inWindow(variant: WelcomeVariant, minute: number): boolean {
  const from = minutesOf(variant.from);
  const to = minutesOf(variant.to);
  if (from === undefined || to === undefined || from === to) return false;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/** Minutes after local midnight in the campaign timezone (China has no DST: a fixed offset). */
export function localMinuteOfDay(at: Date, utcOffsetMinutes = 8 * 60): number {
  const minutes = Math.floor(at.getTime() / 60_000) + utcOffsetMinutes;
  return ((minutes % 1440) + 1440) % 1440;
}

export interface WelcomeMessage {
  text: string;
  attachments: WelcomeAttachment[];
}

export interface RenderInput {
  /** The customer's WeChat nickname, when known. */
  customerName?: string;
  salespersonName: string;
  /** Local minute of the day, for time-of-day variants. */
  minuteOfDay: number;
}

/** The message to send: the variant for this time of day (if any) with variables filled in. */
export function renderWelcome(flow: WelcomeFlow, input: RenderInput): WelcomeMessage {
  const template = flow.variants.find((v) => inWindow(v, input.minuteOfDay))?.text ?? flow.text;
  const text = template
    .replaceAll('{customer}', input.customerName ?? '')
    .replaceAll('{salesperson}', input.salespersonName)
    // An unknown nickname must not leave "，夜深了" or "你好，！" behind.
    .replace(/^[\s，,、]+/, '')
    .replace(/([\s，,])\1+/g, '$1')
    .replace(/[，,]\s*([！!。.])/g, '$1');
  return { text, attachments: flow.attachments };
}
