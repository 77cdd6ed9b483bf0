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
import type { DashboardQueries } from '../../domain/ports.ts';
import { ValidationError } from '../../shared/errors.ts';

export interface DashboardDeps {
  dashboard: DashboardQueries;
}

/**
 * @param input - `from` and `to` as YYYY-MM-DD, both days included
 * @throws ValidationError (400) for a malformed, reversed or over-long range
 */
export async function getDashboard(deps: DashboardDeps, input: { from: string; to: string }): Promise<Dashboard> {
  const window = dashboardWindow(input.from, input.to);
  if ('problem' in window) throw new ValidationError(window.problem);
  const [days, period, stages, loads] = await Promise.all([
    deps.dashboard.dailyCounts(window),
    deps.dashboard.periodCounts(window, TOP_CUSTOMER_PERCENT),
    deps.dashboard.stageCounts(),
    deps.dashboard.salespersonLoads(MAX_LOAD_ROWS),
  ]);
  return buildDashboard({ ...input, days, period, stages, loads });
}
