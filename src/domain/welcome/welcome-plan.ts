/**
 * Which welcome flow a new customer gets and what exactly is sent. Channel first (the
 * customer came through a channel code whose `state` names a flow), then a flow for the
 * salesperson, then the default; the time of day may swap the text for a variant.
 */
import { inWindow } from '../local-time.ts';
import type { WelcomeAttachment, WelcomeFlow } from './welcome-flow.ts';

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

/** The text a flow sends at this minute: its variant for the time of day, else its own. */
function templateAt(flow: WelcomeFlow, minuteOfDay: number): string {
  return flow.variants.find((v) => inWindow(v, minuteOfDay))?.text ?? flow.text;
}

/** Whether the message sent at this minute names the customer (worth a nickname look-up). */
export function usesCustomerName(flow: WelcomeFlow, minuteOfDay: number): boolean {
  return templateAt(flow, minuteOfDay).includes('{customer}');
}

/** The message to send: the variant for this time of day (if any) with variables filled in. */
export function renderWelcome(flow: WelcomeFlow, input: RenderInput): WelcomeMessage {
  const text = templateAt(flow, input.minuteOfDay)
    .replaceAll('{customer}', input.customerName ?? '')
    .replaceAll('{salesperson}', input.salespersonName)
    // An unknown nickname must not leave "，夜深了" or "你好，！" behind.
    .replace(/^[\s，,、]+/, '')
    .replace(/([\s，,])\1+/g, '$1')
    .replace(/[，,]\s*([！!。.])/g, '$1');
  return { text, attachments: flow.attachments };
}
