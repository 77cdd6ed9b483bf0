/**
 * From a detected intent (and what we know of the customer) to a sales scene: what the
 * salesperson should do, how urgently. Pure; scene keys are stable identifiers (stored, used
 * in task filters and metrics), labels and actions are for people.
 */
import type { LifecycleStage } from '../value/lifecycle.ts';
import type { Intent } from './labels.ts';

export type { LifecycleStage };

export const SCENE_KEYS = [
  'cycle_ending',
  'friends_family',
  'ready_to_buy',
  'price_hesitation',
  'usage_guidance',
  'delivery_followup',
  'after_sales',
  'urgent_complaint',
  'campaign_checkin',
] as const;
export type SceneKey = (typeof SCENE_KEYS)[number];

export const SCENE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type ScenePriority = (typeof SCENE_PRIORITIES)[number];

export type ValueLayer = 'high' | 'mid' | 'low' | 'new';


export interface SceneContext {
  valueLayer?: ValueLayer;
  lifecycleStage?: LifecycleStage;
  /** Days since the customer's last order. */
  daysSinceLastOrder?: number;
  /** How many days the last product is expected to last. */
  expectedConsumptionDays?: number;
}

export interface Scene {
  key: SceneKey;
  label: string;
  priority: ScenePriority;
  /** Within how many minutes a salesperson should act. */
  dueInMinutes: number;
  suggestedAction: string;
}

interface SceneTemplate {
  key: SceneKey;
  label: string;
  priority: ScenePriority;
  suggestedAction: string;
}

const TEMPLATES: Readonly<Record<Exclude<Intent, 'other'>, SceneTemplate>> = {
  repurchase_signal: { key: 'cycle_ending', label: '周期将尽', priority: 'normal', suggestedAction: '客户快用完了：推荐原产品的组合装/周期装，附老客复购优惠' },
  referral: { key: 'friends_family', label: '亲友推荐', priority: 'high', suggestedAction: '邀请客户把亲友拉进来或推送名片，成交后给客户积分奖励' },
  purchase_intent: { key: 'ready_to_buy', label: '准备下单', priority: 'high', suggestedAction: '立即发购买链接或代下单，确认规格、数量和收货地址' },
  price_inquiry: { key: 'price_hesitation', label: '价格犹豫', priority: 'normal', suggestedAction: '报价并说明当前活动/会员价，可给一张限时优惠券促成' },
  usage_question: { key: 'usage_guidance', label: '使用指导', priority: 'normal', suggestedAction: '按产品说明解答用法用量和适用人群，特殊人群建议先咨询医生' },
  logistics: { key: 'delivery_followup', label: '物流跟进', priority: 'normal', suggestedAction: '查询订单物流并回复单号和预计到达时间，异常件主动联系快递' },
  return_exchange: { key: 'after_sales', label: '售后处理', priority: 'high', suggestedAction: '确认订单与原因，按售后政策办理退换货并告知进度' },
  complaint: { key: 'urgent_complaint', label: '紧急投诉', priority: 'urgent', suggestedAction: '先真诚致歉安抚，记录问题细节并立即升级给主管处理' },
  checkin: { key: 'campaign_checkin', label: '活动打卡', priority: 'low', suggestedAction: '点赞鼓励并记录打卡，提醒下一阶段奖励' },
};

/** Minutes to act, by priority. */
const DUE_IN_MINUTES: Readonly<Record<ScenePriority, number>> = { urgent: 15, high: 60, normal: 240, low: 1440 };

/** A repurchase signal counts as "the cycle has really run out" from this share of the expected days. */
const CYCLE_ELAPSED_SHARE = 0.8;

function raise(priority: ScenePriority): ScenePriority {
  return SCENE_PRIORITIES[Math.min(SCENE_PRIORITIES.indexOf(priority) + 1, SCENE_PRIORITIES.length - 1)]!;
}

function cycleElapsed(context: SceneContext): boolean {
  const { daysSinceLastOrder: days, expectedConsumptionDays: expected } = context;
  return days !== undefined && expected !== undefined && expected > 0 && days >= expected * CYCLE_ELAPSED_SHARE;
}

/** Reasons this customer's scene deserves one priority step more than the intent alone. */
function shouldRaise(intent: Intent, context: SceneContext): boolean {
  if (intent === 'checkin') return false; // campaign noise stays low, whoever sends it
  if (context.valueLayer === 'high') return true;
  if (intent === 'repurchase_signal') return cycleElapsed(context) || context.lifecycleStage === 'declining' || context.lifecycleStage === 'lapsed';
  // A lapsed customer who asks again is a win-back chance.
  return (intent === 'purchase_intent' || intent === 'price_inquiry') && (context.lifecycleStage === 'declining' || context.lifecycleStage === 'lapsed');
}

/** The scene for an intent, or null when there is nothing for a salesperson to do ('other'). */
export function sceneFor(intent: Intent, context: SceneContext = {}): Scene | null {
  if (intent === 'other') return null;
  const template = TEMPLATES[intent];
  const priority = shouldRaise(intent, context) ? raise(template.priority) : template.priority;
  let suggestedAction = template.suggestedAction;
  if (intent === 'complaint' && context.valueLayer === 'high') suggestedAction = `高价值客户，${suggestedAction}，主管亲自回访`;
  if (intent === 'repurchase_signal' && cycleElapsed(context)) suggestedAction = `按购买周期已到复购时间，${suggestedAction}`;
  // An urgent complaint from a high-value customer is the one case that cannot wait 15 minutes.
  const dueInMinutes = intent === 'complaint' && context.valueLayer === 'high' ? 5 : DUE_IN_MINUTES[priority];
  return { key: template.key, label: template.label, priority, dueInMinutes, suggestedAction };
}
