/**
 * A group message from any source, run through the campaigns of its group: check-ins and
 * make-ups are counted once per member and day (the ledger's unique keys make replays,
 * restarts and late archive batches harmless), commands are answered, and stage rewards
 * are granted and announced once.
 *
 * Only a message the bot saw live is answered in the group (the bot is there and the
 * member is waiting); a message from the archive import arrives late, so its check-in
 * counts silently and only a stage reward is announced, through the outbox, when the
 * campaign lets the bot speak. Otherwise the sidebar announces it.
 */
import { acceptsSource, botSpeaks, campaignDayAt, type Campaign } from '../../domain/campaign/campaign.ts';
import { decideCheckIn, readGroupMessage, type GroupMessageMeaning } from '../../domain/campaign/check-in.ts';
import { explanationText, leaderboardText, stageAnnouncement, statusText, type Acknowledgement } from '../../domain/campaign/replies.ts';
import { leaderboard, standingOf } from '../../domain/campaign/streak.ts';
import type { NewChatMessage } from '../../domain/messages/chat-message.ts';
import { messageKey } from '../../domain/messages/chat-message.ts';
import type { CheckInLedger, GroupMessenger, GroupRoster, RewardLog } from '../../domain/ports.ts';
import { nowSeconds, type Clock } from '../../shared/clock.ts';

export interface CheckInDeps {
  campaigns: { forChat(chatId: string): Promise<Campaign[]> };
  ledger: CheckInLedger;
  rewards: Pick<RewardLog, 'markAnnounced'>;
  roster: Pick<GroupRoster, 'seen'>;
  /** The bot's outbox, for announcements of check-ins that did not come through the bot. */
  messenger?: GroupMessenger;
  clock: Clock;
}

export interface GroupMessage extends NewChatMessage {
  chatId: string;
  /** The sender's name in the group, when the source tells it. */
  senderName?: string;
}

/** What the bot should say in the group in answer to a live message. */
export interface GroupReplies {
  /** Counted check-ins, to acknowledge together with others arriving about now. */
  acks: Acknowledgement[];
  /** Said at once: explanations, command answers, stage announcements. */
  say: string[];
  /** The shortest acknowledgement window of the campaigns involved. */
  ackBatchSeconds: number;
}

/**
 * The member a message is from: the external userid where the source gives one, else
 * the group nickname (a stable key for the same person across sources that lack ids).
 */
export function memberOf(message: Pick<GroupMessage, 'externalUserId' | 'senderName'>): { memberKey: string; displayName: string } | undefined {
  if (message.externalUserId) return { memberKey: message.externalUserId, displayName: message.senderName ?? message.externalUserId };
  if (message.senderName) return { memberKey: `nick:${message.senderName}`, displayName: message.senderName };
  return undefined;
}

const NOTHING: GroupReplies = { acks: [], say: [], ackBatchSeconds: 0 };

export async function recordGroupMessage(deps: CheckInDeps, message: GroupMessage): Promise<GroupReplies> {
  if (message.direction !== 'in') return NOTHING;
  const member = memberOf(message);
  if (!member) return NOTHING;
  const campaigns = (await deps.campaigns.forChat(message.chatId)).filter((c) => acceptsSource(c.rules, message.source));
  if (campaigns.length === 0) return NOTHING;
  const replies: GroupReplies = { acks: [], say: [], ackBatchSeconds: Math.min(...campaigns.map((c) => c.rules.ackBatchSeconds)) };
  let seen = false;
  for (const campaign of campaigns) {
    const meaning = readGroupMessage(campaign.rules, message);
    if (meaning.kind === 'none') continue;
    if (!seen) {
      seen = true;
      await deps.roster.seen([{ chatId: message.chatId, ...member, ...(message.externalUserId ? { externalUserId: message.externalUserId } : {}) }]);
    }
    const live = message.source === 'bot' && botSpeaks(campaign.rules);
    await handle(deps, campaign, message, member, meaning, live, replies);
  }
  return replies;
}

async function handle(
  deps: CheckInDeps,
  campaign: Campaign,
  message: GroupMessage,
  member: { memberKey: string; displayName: string },
  meaning: Exclude<GroupMessageMeaning, { kind: 'none' }>,
  live: boolean,
  replies: GroupReplies,
): Promise<void> {
  const at = new Date(message.sentAt * 1000);
  if (meaning.kind === 'leaderboard' || meaning.kind === 'my_status') {
    if (live) replies.say.push(await commandAnswer(deps, campaign, member, meaning.kind, at));
    return;
  }
  const ledger = await deps.ledger.memberLedger(campaign.id, member.memberKey);
  const decision = decideCheckIn(campaign, ledger, meaning, at);
  if (decision.status !== 'counted') {
    const explanation = live ? explanationText(campaign.name, member.displayName, decision) : undefined;
    if (explanation) replies.say.push(explanation);
    return;
  }
  const stored = await deps.ledger.record({
    campaignId: campaign.id,
    memberKey: member.memberKey,
    chatId: message.chatId,
    day: decision.day,
    makeUp: decision.makeUp,
    messageKey: messageKey(message.source, message.sourceMessageId),
    at: message.sentAt,
    awards: decision.awards,
    ...(decision.stage ? { stage: decision.stage } : {}),
  });
  // Counted meanwhile by a replay or another source: that one was acknowledged.
  if (!stored) return;
  if (live) replies.acks.push({ displayName: member.displayName, day: decision.day, makeUp: decision.makeUp, standing: decision.after });
  if (!decision.stage || stored.grantId === undefined || !botSpeaks(campaign.rules)) return;
  if (!live && !deps.messenger) return;
  // Claimed before it is said: if the group owner announced it from the sidebar meanwhile, the bot stays quiet.
  const claimed = await deps.rewards.markAnnounced([stored.grantId], 'bot', nowSeconds(deps.clock));
  if (claimed.length === 0) return;
  const announcement = stageAnnouncement(member.displayName, decision.stage);
  if (live) replies.say.push(announcement);
  else await deps.messenger!.say(message.chatId, announcement, { dedupeKey: `reward-${stored.grantId}` });
}

async function commandAnswer(
  deps: CheckInDeps,
  campaign: Campaign,
  member: { memberKey: string; displayName: string },
  command: 'leaderboard' | 'my_status',
  at: Date,
): Promise<string> {
  const when = campaignDayAt(campaign, at);
  const today = 'day' in when ? when.day : 'after' in when ? campaign.days : 0;
  if (command === 'leaderboard') return leaderboardText(campaign.name, leaderboard(await deps.ledger.memberRecords(campaign.id), today));
  const ledger = await deps.ledger.memberLedger(campaign.id, member.memberKey);
  return statusText(member.displayName, standingOf(ledger, today), campaign.days, ledger.days.includes(today));
}
