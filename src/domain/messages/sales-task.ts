/**
 * SOP tasks: the next step a detected scene asks of the salesperson who serves the
 * customer, with a due time and a suggested reply. At most one open task per
 * salesperson, customer and scene, so a chatty conversation yields one task, not ten.
 */

export type SalesTaskStatus = 'open' | 'done' | 'dismissed';

export interface NewSalesTask {
  userId: string;
  externalUserId: string;
  scene: string;
  title: string;
  priority: string;
  suggestedReply?: string;
  scriptId?: number;
  messageId?: number;
  /** Unix seconds. */
  dueAt: number;
  createdAt: number;
}

export interface SalesTask extends NewSalesTask {
  id: number;
  status: SalesTaskStatus;
  closedAt?: number;
  closedBy?: string;
}

/** The key that keeps one open task per salesperson, customer and scene. */
export function openTaskKey(task: Pick<NewSalesTask, 'userId' | 'externalUserId' | 'scene'>): string {
  return `${task.userId}|${task.externalUserId}|${task.scene}`;
}
