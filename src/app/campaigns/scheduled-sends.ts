/**
 * What campaigns send on a schedule, run every minute by a maintenance job: the daily
 * reminders to members who have not checked in yet (through the bot's outbox), and
 * yesterday's summary to the staff group's robot. Each send is claimed once across all
 * workers before it goes out: a reminder lost to a crash beats one sent twice to a group.
 */
import { botSpeaks, dueReminders, dueSummaryDay, type Campaign } from '../../domain/campaign/campaign.ts';
import { campaignHealth } from '../../domain/campaign/group-health.ts';
import { reminderMessages, summaryText } from '../../domain/campaign/replies.ts';
import type { CheckInLedger, GroupMessenger, GroupRoster, OnceClaims, StaffGroupWebhook } from '../../domain/ports.ts';
import { nowSeconds, type Clock } from '../../shared/clock.ts';

export interface ScheduledSendDeps {
  campaigns: { active(): Promise<Campaign[]> };
  ledger: Pick<CheckInLedger, 'checkIns' | 'pointsAwarded'>;
  roster: Pick<GroupRoster, 'members'>;
  claims: OnceClaims;
  messenger: GroupMessenger;
  webhook?: StaffGroupWebhook;
  clock: Clock;
}

/** Queues the reminders due now; returns the number of messages queued. */
export async function sendDueReminders(deps: ScheduledSendDeps): Promise<number> {
  const now = deps.clock.now();
  let queued = 0;
  for (const campaign of await deps.campaigns.active()) {
    // With the sidebar as the only voice the group owner sends the reminder (issue 9).
    if (!botSpeaks(campaign.rules)) continue;
    const due = dueReminders(campaign, now);
    if (due.length === 0) continue;
    const checkIns = await deps.ledger.checkIns(campaign.id);
    for (const { day, slot, reminder } of due) {
      const done = new Set(checkIns.filter((c) => c.day === day).map((c) => c.memberKey));
      for (const chatId of campaign.chatIds) {
        const key = `remind-${campaign.id}-${chatId}-${day}-${slot}`;
        if (!(await deps.claims.claim(key, nowSeconds(deps.clock)))) continue;
        const missing = (await deps.roster.members([chatId])).filter((m) => m.leftAt === undefined && !done.has(m.memberKey)).map((m) => m.memberKey);
        const messages = reminderMessages(reminder.text, missing, campaign.rules);
        for (const [index, message] of messages.entries()) {
          await deps.messenger.say(chatId, message.text, { dedupeKey: `${key}-${index}`, mentions: message.mentions });
          queued++;
        }
      }
    }
  }
  return queued;
}

/** Posts yesterday's summary of each campaign with a staff robot, once per day. */
export async function postDueSummaries(deps: ScheduledSendDeps & { roster: Pick<GroupRoster, 'members'> }): Promise<number> {
  if (!deps.webhook) return 0;
  const now = deps.clock.now();
  let posted = 0;
  for (const campaign of await deps.campaigns.active()) {
    const day = dueSummaryDay(campaign, now);
    if (day === undefined || !campaign.rules.summaryWebhookKey) continue;
    if (!(await deps.claims.claim(`summary-${campaign.id}-${day}`, nowSeconds(deps.clock)))) continue;
    const health = campaignHealth(campaign, {
      members: await deps.roster.members(campaign.chatIds),
      checkIns: await deps.ledger.checkIns(campaign.id),
      pointsAwarded: await deps.ledger.pointsAwarded(campaign.id),
      now,
    });
    await deps.webhook.post(campaign.rules.summaryWebhookKey, summaryText(campaign.name, health, day));
    posted++;
  }
  return posted;
}
