/** SOP tasks as admins and salespeople see them: list, and close as done or dismissed. */
import type { SalesTask, SalesTaskStatus } from '../../domain/messages/sales-task.ts';
import type { SalesTaskStore } from '../../domain/ports.ts';
import { nowSeconds, type Clock } from '../../shared/clock.ts';
import { NotFoundError } from '../../shared/errors.ts';

export interface TaskDeps {
  tasks: SalesTaskStore;
  clock: Clock;
}

export function listTasks(deps: Pick<TaskDeps, 'tasks'>, filters: { userId?: string; servingUserIds?: readonly string[]; externalUserId?: string; status?: SalesTaskStatus; limit: number }): Promise<SalesTask[]> {
  return deps.tasks.list(filters);
}

/** Closes an open task; 404 when it does not exist or is already closed. */
export async function closeTask(deps: TaskDeps, input: { id: number; status: 'done' | 'dismissed'; by: string }): Promise<SalesTask> {
  const closed = await deps.tasks.close(input.id, input.status, input.by, nowSeconds(deps.clock));
  if (!closed) throw new NotFoundError(`no open task ${input.id}`);
  return closed;
}
