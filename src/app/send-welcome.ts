/**
 * Sends the welcome message for an add event that carries a WelcomeCode. The code can be
 * used once and dies 20 s after the event, so: one record per code (a replay or a retry
 * after success does nothing), no call once the event is 18 s old, and no detour for the
 * customer's nickname unless the text shows it and there is time for it. 41051 (already sent) counts as done.
 */
import type { ContactChangedEvent } from '../domain/events.ts';
import type { ChannelLookup, ContactDirectory, CustomerNames, InboxStore, WelcomeFlowRepo, WelcomeResult, WelcomeSender, WelcomeSendLog } from '../domain/ports.ts';
import type { WelcomeFlow } from '../domain/welcome/welcome-flow.ts';
import { localMinuteOfDay } from '../domain/local-time.ts';
import { chooseFlow, renderWelcome, usesCustomerName } from '../domain/welcome/welcome-plan.ts';
import { AppError, NotFoundError } from '../shared/errors.ts';
import type { AppDeps } from './deps.ts';

/** Past this age no call is made: the code would be rejected (41050) anyway. */
export const WELCOME_CODE_MAX_AGE_MS = 18_000;
/**
 * Ask WeCom for the nickname only while the event is younger than this: under a backlog
 * the extra call would spend the code's time on a nicety.
 */
const NAME_LOOKUP_BUDGET_MS = 3_000;

export interface WelcomeDeps extends Pick<AppDeps, 'clock' | 'logger'> {
  flows: WelcomeFlowRepo;
  sender: WelcomeSender;
  sends: WelcomeSendLog;
  names: CustomerNames;
  directory: ContactDirectory;
  /** A channel's own welcome flow wins over the flows' own channel and salesperson rules. */
  channels?: ChannelLookup;
}

async function flowFor(deps: WelcomeDeps, event: ContactChangedEvent): Promise<WelcomeFlow | undefined> {
  const flows = await deps.flows.list();
  const channel = event.state && deps.channels ? await deps.channels.byState(event.state) : null;
  const channelFlow = channel?.welcomeFlowId === undefined ? undefined : flows.find((f) => f.id === channel.welcomeFlowId && f.enabled);
  return channelFlow ?? chooseFlow(flows, { state: event.state, userId: event.userId });
}

export interface WelcomeInput {
  event: ContactChangedEvent;
  /** When our callback route received the event. */
  receivedAt: Date;
}

export async function sendWelcome(deps: WelcomeDeps, { event, receivedAt }: WelcomeInput): Promise<WelcomeResult | 'no_code'> {
  const code = event.welcomeCode;
  if (!code) return 'no_code';
  const previous = await deps.sends.find(code);
  if (previous) return previous.result;

  // The earlier of WeCom's event time and our receive time: the code's clock started then.
  const started = Math.min(event.createTime * 1000, receivedAt.getTime());
  const ageMs = () => deps.clock.now().getTime() - started;
  const base = { welcomeCode: code, userId: event.userId, externalUserId: event.externalUserId, eventTime: event.createTime };
  if (ageMs() > WELCOME_CODE_MAX_AGE_MS) {
    deps.logger.warn({ externalUserId: event.externalUserId, ageMs: ageMs() }, 'welcome code too old to use; not sent');
    await deps.sends.record({ ...base, result: 'expired' });
    return 'expired';
  }
  const flow = await flowFor(deps, event);
  if (!flow) {
    await deps.sends.record({ ...base, result: 'no_flow' });
    return 'no_flow';
  }
  // The template is picked once, before any look-up, so a name is only fetched for a text that shows it.
  const minuteOfDay = localMinuteOfDay(deps.clock.now());
  let customerName: string | undefined;
  if (usesCustomerName(flow, minuteOfDay)) {
    customerName = await deps.names.nameOf(event.externalUserId);
    if (customerName === undefined && ageMs() < NAME_LOOKUP_BUDGET_MS) {
      customerName = (await deps.directory.getContact(event.externalUserId).catch(() => null))?.customer.name;
    }
  }
  const now = deps.clock.now();
  const message = renderWelcome(flow, { customerName, salespersonName: event.userId, minuteOfDay });
  const latencyMs = now.getTime() - receivedAt.getTime();
  try {
    // The same cut-off once more, enforced by the client right before the request goes out:
    // under load the steps above can take seconds.
    const { result, errcode } = await deps.sender.send(code, message, started + WELCOME_CODE_MAX_AGE_MS);
    await deps.sends.record({ ...base, flowId: flow.id, result, errcode, latencyMs });
    return result;
  } catch (error) {
    // Retryable failures are retried by the queue while the code may still be valid.
    if (!(error instanceof AppError) || error.retryable) throw error;
    const errcode = 'errcode' in error && typeof error.errcode === 'number' ? error.errcode : undefined;
    await deps.sends.record({ ...base, flowId: flow.id, result: 'failed', errcode, latencyMs });
    return 'failed';
  }
}

/** The welcome job: the add event is read from the inbox by its dedupe key. */
export async function sendWelcomeForEntry(deps: WelcomeDeps & { inbox: InboxStore }, dedupeKey: string): Promise<WelcomeResult | 'no_code'> {
  const entry = await deps.inbox.get(dedupeKey);
  if (!entry) throw new NotFoundError(`no inbox entry ${dedupeKey}`, 'inbox_entry_missing');
  if (entry.event.type !== 'contact_changed') return 'no_code';
  return sendWelcome(deps, { event: entry.event, receivedAt: entry.receivedAt });
}

/** Whether an event starts a welcome (an add carrying a one-time code). */
export function startsWelcome(event: { type: string; welcomeCode?: string }): boolean {
  return event.type === 'contact_changed' && Boolean(event.welcomeCode);
}
