/**
 * Keeps the staff directory in step with WeCom's 通讯录: on demand (admin endpoint) and
 * on a schedule (maintenance task). A dept lead's default scope comes from it.
 */
import type { StaffDirectorySource, StaffDirectoryStore } from '../../domain/ports.ts';
import { nowSeconds, type Clock } from '../../shared/clock.ts';

export interface StaffSyncDeps {
  source: StaffDirectorySource;
  directory: StaffDirectoryStore;
  clock: Clock;
}

/** Fetches departments and members from WeCom and replaces the stored directory with them. */
export async function syncStaffDirectory(deps: StaffSyncDeps): Promise<{ departments: number; staff: number; leads: number }> {
  const snapshot = await deps.source.fetchDirectory();
  await deps.directory.replace(snapshot, nowSeconds(deps.clock));
  return {
    departments: snapshot.departments.length,
    staff: snapshot.staff.length,
    leads: snapshot.staff.filter((m) => m.leadsDepartmentIds.length > 0).length,
  };
}
