/**
 * Campaign administration. Input arrives shaped by the HTTP schema; here the rules that
 * span fields: stage days within the campaign's length, streak bonuses it can reach, and
 * a rules patch merged over the stored rules so an edit names only what changes.
 */
import { DEFAULT_CAMPAIGN_RULES, DEFAULT_TIMEZONE, type Campaign, type CampaignRules, type NewCampaign } from '../../domain/campaign/campaign.ts';
import type { CampaignRepo, RewardGrant, RewardLog } from '../../domain/ports.ts';
import { nowSeconds, type Clock } from '../../shared/clock.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { campaignOrThrow } from '../campaigns/campaign-reports.ts';

export interface CampaignAdminDeps {
  campaigns: CampaignRepo;
  rewards: RewardLog;
  clock: Clock;
}

/** Rules as an admin sends them: any subset; a null robot key switches the summary off. */
export type RulesInput = Partial<Omit<CampaignRules, 'summaryWebhookKey'>> & { summaryWebhookKey?: string | null };
export type CampaignInput = Omit<NewCampaign, 'rules' | 'timezone'> & { timezone?: string; rules?: RulesInput };
export type CampaignChanges = Partial<Omit<NewCampaign, 'rules'>> & { rules?: RulesInput };

/** `base` with `changes` applied key by key; a null robot key removes it. */
function mergeRules(base: CampaignRules, changes: RulesInput = {}): CampaignRules {
  const { summaryWebhookKey, ...rest } = changes;
  const merged: CampaignRules = { ...base, ...rest };
  if (summaryWebhookKey === null) delete merged.summaryWebhookKey;
  else if (summaryWebhookKey !== undefined) merged.summaryWebhookKey = summaryWebhookKey;
  return merged;
}

/** The product's defaults cut to the campaign's length: a 7-day campaign has no day-21 stage. */
function defaultRulesFor(days: number): CampaignRules {
  return {
    ...DEFAULT_CAMPAIGN_RULES,
    stages: DEFAULT_CAMPAIGN_RULES.stages.filter((s) => s.day <= days),
    streakBonuses: DEFAULT_CAMPAIGN_RULES.streakBonuses.filter((b) => b.streak <= days),
  };
}

function assertConsistent(campaign: Pick<NewCampaign, 'days' | 'rules'>): void {
  const problems: string[] = [];
  const lateStages = campaign.rules.stages.filter((s) => s.day > campaign.days).map((s) => s.day);
  if (lateStages.length > 0) problems.push(`rules.stages: day ${lateStages.join(', ')} is beyond the campaign's ${campaign.days} days`);
  const lateBonuses = campaign.rules.streakBonuses.filter((b) => b.streak > campaign.days).map((b) => b.streak);
  if (lateBonuses.length > 0) problems.push(`rules.streakBonuses: streak ${lateBonuses.join(', ')} is longer than the campaign`);
  if (new Set(campaign.rules.stages.map((s) => s.day)).size !== campaign.rules.stages.length) problems.push('rules.stages: two stages on the same day');
  const { keywords, patterns, imageCounts } = campaign.rules;
  if (keywords.length === 0 && patterns.length === 0 && !imageCounts) problems.push('rules: give keywords, patterns or imageCounts, or nothing counts as a check-in');
  if (problems.length > 0) throw new ValidationError(problems.join('; '));
}

export async function createCampaign(deps: CampaignAdminDeps, input: CampaignInput): Promise<Campaign> {
  const campaign: NewCampaign = { ...input, timezone: input.timezone ?? DEFAULT_TIMEZONE, rules: mergeRules(defaultRulesFor(input.days), input.rules) };
  assertConsistent(campaign);
  return deps.campaigns.create(campaign);
}

export async function updateCampaign(deps: CampaignAdminDeps, input: { id: number; changes: CampaignChanges }): Promise<Campaign> {
  const current = await campaignOrThrow(deps, input.id);
  const { rules, ...fields } = input.changes;
  const merged: NewCampaign = { ...current, ...fields, rules: mergeRules(current.rules, rules) };
  assertConsistent(merged);
  const updated = await deps.campaigns.update(input.id, { ...fields, ...(rules ? { rules: merged.rules } : {}) });
  if (!updated) throw new NotFoundError(`no campaign ${input.id}`, 'campaign_not_found');
  return updated;
}

export function listCampaigns(deps: Pick<CampaignAdminDeps, 'campaigns'>): Promise<Campaign[]> {
  return deps.campaigns.list();
}

export async function campaignRewards(deps: CampaignAdminDeps, id: number, filter: { announced?: boolean } = {}): Promise<RewardGrant[]> {
  await campaignOrThrow(deps, id);
  return deps.rewards.list(id, filter);
}

/** Records that a reward was handed over; 404 for an unknown grant. */
export async function fulfilReward(deps: CampaignAdminDeps, input: { campaignId: number; grantId: number }): Promise<void> {
  const grants = await campaignRewards(deps, input.campaignId);
  if (!grants.some((g) => g.id === input.grantId) || !(await deps.rewards.markFulfilled(input.grantId, nowSeconds(deps.clock)))) {
    throw new NotFoundError(`no reward ${input.grantId} in campaign ${input.campaignId}`, 'reward_not_found');
  }
}
