/**
 * The operators' dashboard for a range of China days: the counts come from the
 * DashboardQueries port, the days, totals and rates from domain/metrics/dashboard.ts.
 */
import {
  buildDashboard,
  dashboardWindow,
  MAX_LOAD_ROWS,
  TOP_CUSTOMER_PERCENT,
  type Dashboard,
} from '../../domain/metrics/dashboard.ts';
import { averageParticipation } from '../../domain/campaign/group-health.ts';
import { buildBreakdown, type Breakdown, type BreakdownDimension } from '../../domain/metrics/breakdown.ts';
import type { CampaignRepo, DashboardQueries } from '../../domain/ports.ts';
import { nowSeconds, type Clock } from '../../shared/clock.ts';
import { ValidationError } from '../../shared/errors.ts';
import { healthOf, type CampaignReportDeps } from '../campaigns/campaign-reports.ts';

export interface DashboardDeps {
  dashboard: DashboardQueries;
  /** Group figures come from the campaigns' own health reports. */
  campaigns: CampaignReportDeps & { campaigns: Pick<CampaignRepo, 'get' | 'list'> };
  /** Says which conversion windows have passed. */
  clock: Clock;
}

/** One running check-in campaign's group figures on the dashboard. */
export interface CampaignFigures {
  campaignId: number;
  name: string;
  startDate: string;
  days: number;
  groups: number;
  members: number;
  atStart: number;
  stillIn: number;
  /** Of the members at the start, the share still in the groups. */
  retention: number;
  /** Mean of the daily check-in / present shares so far; null before day 1. */
  averageParticipation: number | null;
  completionRate: number;
}

function windowOrThrow(from: string, to: string) {
  const window = dashboardWindow(from, to);
  if ('problem' in window) throw new ValidationError(window.problem);
  return window;
}

/**
 * @param input - `from` and `to` as YYYY-MM-DD, both days included
 * @throws ValidationError (400) for a malformed, reversed or over-long range
 */
export async function getDashboard(
  deps: Pick<DashboardDeps, 'dashboard'>,
  input: { from: string; to: string; servingUserIds?: readonly string[] },
): Promise<Dashboard> {
  const { servingUserIds: ids, ...range } = input;
  const window = windowOrThrow(range.from, range.to);
  const [days, period, stages, loads] = await Promise.all([
    deps.dashboard.dailyCounts(window, ids),
    deps.dashboard.periodCounts(window, TOP_CUSTOMER_PERCENT, ids),
    deps.dashboard.stageCounts(ids),
    deps.dashboard.salespersonLoads(MAX_LOAD_ROWS, ids),
  ]);
  return buildDashboard({ ...range, days, period, stages, loads });
}

/**
 * The range's figures per salesperson or channel (domain/metrics/breakdown.ts).
 * @throws ValidationError (400) for a malformed, reversed or over-long range
 */
export async function getBreakdown(
  deps: Pick<DashboardDeps, 'dashboard' | 'clock'>,
  input: { from: string; to: string; by: BreakdownDimension; servingUserIds?: readonly string[] },
): Promise<Breakdown> {
  const { servingUserIds, ...range } = input;
  const counts = await deps.dashboard.breakdownCounts(windowOrThrow(range.from, range.to), range.by, nowSeconds(deps.clock), servingUserIds);
  return buildBreakdown({ ...range, counts });
}

/** Retention and participation of every active check-in campaign, by the campaign reports' own rules. */
export async function getCampaignFigures(deps: DashboardDeps): Promise<CampaignFigures[]> {
  const active = (await deps.campaigns.campaigns.list()).filter((c) => c.status === 'active');
  return Promise.all(
    active.map(async (campaign): Promise<CampaignFigures> => {
      const health = await healthOf(deps.campaigns, campaign.id);
      return {
        campaignId: campaign.id,
        name: campaign.name,
        startDate: campaign.startDate,
        days: campaign.days,
        groups: health.chatIds.length,
        members: health.members,
        atStart: health.atStart,
        stillIn: health.stillIn,
        retention: health.retention,
        averageParticipation: averageParticipation(health),
        completionRate: health.completionRate,
      };
    }),
  );
}
