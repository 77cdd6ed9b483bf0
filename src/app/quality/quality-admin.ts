/**
 * Quality administration: rules (validated by the route; a regex must also compile),
 * settings, leads, the alert list and the weekly summary.
 */
import { zonedInstant } from '../../domain/local-time.ts';
import type { AlertKind, NewQualityRule, QualityAlert, QualityRule, QualitySettings } from '../../domain/quality/quality.ts';
import { replyThreads } from '../../domain/quality/reply-threads.ts';
import { isValidPattern } from '../../domain/quality/sensitive-match.ts';
import { summarizeWeek, weekEnd, type SalespersonWeek } from '../../domain/quality/weekly-summary.ts';
import { workingHoursProblems } from '../../domain/quality/working-time.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import type { QualityDeps } from './deps.ts';

export type QualityAdminDeps = Pick<QualityDeps, 'rules' | 'settings' | 'alerts'>;

/** Replies to a week's threads are looked for this long after the week ends. */
const REPLY_GRACE_SECONDS = 7 * 86_400;

function assertPattern(rule: Pick<NewQualityRule, 'kind' | 'pattern'>): void {
  if (rule.kind === 'regex' && !isValidPattern(rule.pattern)) throw new ValidationError('pattern: not a valid regular expression');
}

export const listQualityRules = (deps: QualityAdminDeps) => deps.rules.list();

export async function getQualityRule(deps: QualityAdminDeps, id: number): Promise<QualityRule> {
  const rule = await deps.rules.get(id);
  if (!rule) throw new NotFoundError(`no quality rule ${id}`);
  return rule;
}

export async function createQualityRule(deps: QualityAdminDeps, rule: NewQualityRule): Promise<QualityRule> {
  assertPattern(rule);
  return deps.rules.create(rule);
}

export async function updateQualityRule(deps: QualityAdminDeps, id: number, changes: Partial<NewQualityRule>): Promise<QualityRule> {
  const current = await getQualityRule(deps, id);
  assertPattern({ ...current, ...changes });
  const updated = await deps.rules.update(id, changes);
  if (!updated) throw new NotFoundError(`no quality rule ${id}`);
  return updated;
}

export async function deleteQualityRule(deps: QualityAdminDeps, id: number): Promise<void> {
  if (!(await deps.rules.remove(id))) throw new NotFoundError(`no quality rule ${id}`);
}

export async function saveQualitySettings(deps: QualityAdminDeps, settings: QualitySettings): Promise<QualitySettings> {
  const problems = workingHoursProblems(settings.workingHours);
  if (problems.length > 0) throw new ValidationError(problems.map((p) => `workingHours: ${p}`).join('; '));
  await deps.settings.saveSettings(settings);
  return settings;
}

export async function saveQualityLeads(deps: QualityAdminDeps, leads: Record<string, string>): Promise<Record<string, string>> {
  const self = Object.entries(leads).filter(([userId, lead]) => userId === lead).map(([userId]) => userId);
  if (self.length > 0) throw new ValidationError(`leads: ${self.join(', ')} cannot lead themselves`);
  await deps.settings.saveLeads(leads);
  return leads;
}

export function listQualityAlerts(deps: QualityAdminDeps, filters: { userId?: string; servingUserIds?: readonly string[]; kind?: AlertKind; from?: number; to?: number; limit: number }): Promise<QualityAlert[]> {
  return deps.alerts.list(filters);
}

/** The week from Monday 00:00 to the next Monday in the working hours' zone. */
export async function weeklyQualitySummary(deps: QualityAdminDeps, week: string): Promise<{ week: string; from: number; to: number; salespeople: SalespersonWeek[] }> {
  const hours = (await deps.settings.settings()).workingHours;
  const from = zonedInstant(week, 0, hours.timeZone);
  const to = zonedInstant(weekEnd(week), 0, hours.timeZone);
  const [messages, counts] = await Promise.all([deps.alerts.conversation(from, to + REPLY_GRACE_SECONDS), deps.alerts.countsByKind(from, to)]);
  const threads = replyThreads(messages).filter((thread) => thread.startAt >= from && thread.startAt < to);
  return { week, from, to, salespeople: summarizeWeek(threads, counts, hours) };
}
