/**
 * The customer's lifecycle stage (domain notes): new (the first 24 h matter most), 磨合期
 * breaking-in, 稳定期 stable, 退化期 declining, 流失期 lapsed, and lost (the customer deleted
 * the salesperson). Each stage has its own hook. Thresholds are configurable.
 */

export const LIFECYCLE_STAGES = ['new', 'breaking_in', 'stable', 'declining', 'lapsed', 'lost'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export interface LifecycleThresholds {
  /** A customer is new this long after the first add. */
  newHours: number;
  /** Orders that make a customer stable (a repurchase). */
  stableOrders: number;
  /** Days without a message or an order before a customer is declining. */
  decliningDays: number;
  /** Days without a message or an order before a customer is lapsed. */
  lapsedDays: number;
}

export const DEFAULT_LIFECYCLE_THRESHOLDS: LifecycleThresholds = { newHours: 24, stableOrders: 2, decliningDays: 30, lapsedDays: 90 };

export interface LifecycleFacts {
  externalUserId: string;
  /** When the first salesperson added the customer (unix s), if known. */
  firstAddedAt: number | null;
  /** Whether any salesperson still serves the customer. */
  served: boolean;
  /** Whether the customer deleted a salesperson (and none serves them now). */
  removedByCustomer: boolean;
  lastInboundAt: number | null;
  lastOrderAt: number | null;
  orderCount: number;
}

const DAY = 86_400;

export function lifecycleStage(facts: LifecycleFacts, now: number, t: LifecycleThresholds = DEFAULT_LIFECYCLE_THRESHOLDS): LifecycleStage {
  if (!facts.served && facts.removedByCustomer) return 'lost';
  if (facts.firstAddedAt !== null && now - facts.firstAddedAt < t.newHours * 3600) return 'new';
  const lastActivity = Math.max(facts.lastInboundAt ?? 0, facts.lastOrderAt ?? 0, facts.firstAddedAt ?? 0);
  const idleDays = (now - lastActivity) / DAY;
  if (idleDays >= t.lapsedDays) return 'lapsed';
  if (idleDays >= t.decliningDays) return 'declining';
  return facts.orderCount >= t.stableOrders ? 'stable' : 'breaking_in';
}

/** What each stage calls for (domain notes), as the title of the task a stage change opens. */
export const STAGE_HOOKS: Readonly<Record<LifecycleStage, string | null>> = {
  new: '新客 24 小时内：完成首次沟通三问，发欢迎福利',
  breaking_in: '磨合期：多给情感化内容，建立信任',
  stable: '稳定期：推送会员权益、积分和优惠券',
  declining: '退化期：用福利和优惠券唤醒，了解是否有不满',
  lapsed: '流失期：发有价值的内容召回，别硬推销',
  lost: null,
};
