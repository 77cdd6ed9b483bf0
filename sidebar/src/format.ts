/** Labels and dates as a salesperson reads them, in Chinese. Unknown codes show as they are. */
import type { Timestamp } from './types.ts';

function label(table: Record<string, string>, key: string | number | null | undefined, fallback = '—'): string {
  if (key === null || key === undefined || key === '') return fallback;
  return table[String(key)] ?? String(key);
}

const CUSTOMER_TYPES: Record<string, string> = { 1: '微信', 2: '企业微信', wechat: '微信', wecom: '企业微信' };
const GENDERS: Record<string, string> = { 0: '未知', 1: '男', 2: '女' };
// WeCom's add_way codes (客户联系 → 获取客户详情).
const ADD_WAYS: Record<string, string> = {
  0: '未知来源', 1: '扫描二维码', 2: '搜索手机号', 3: '名片分享', 4: '群聊', 5: '手机通讯录', 6: '微信联系人',
  8: '第三方应用自动添加', 9: '搜索邮箱', 10: '视频号', 11: '日程参与人', 12: '会议参与人', 13: '微信好友对应的企业微信',
  14: '智慧硬件专属客服', 15: '上门服务客服', 16: '获客链接', 17: '定制开发', 18: '需求回复', 201: '内部成员共享', 202: '管理员/负责人分配',
};
export const STAGES: Record<string, string> = { new: '新客', breaking_in: '磨合期', stable: '稳定期', declining: '退化期', lapsed: '流失期', lost: '已删除' };
const VALUE_LAYERS: Record<string, string> = { high: '高价值', mid: '中价值', low: '低价值', new: '新客' };
const RELATION_STATUSES: Record<string, string> = { active: '跟进中', pending: '待通过', removed_by_staff: '已删除客户', removed_by_customer: '被客户删除' };
const PRIORITIES: Record<string, string> = { urgent: '紧急', high: '高', normal: '普通', low: '低' };
// Scene and intent keys are stable API names (src/domain/intent); these are their labels.
export const SCENES: Record<string, string> = {
  cycle_ending: '周期将尽', friends_family: '亲友推荐', ready_to_buy: '准备下单', price_hesitation: '价格犹豫', usage_guidance: '使用指导',
  delivery_followup: '物流跟进', after_sales: '售后处理', urgent_complaint: '紧急投诉', campaign_checkin: '活动打卡',
};
export const INTENTS: Record<string, string> = {
  repurchase_signal: '复购信号', referral: '转介绍', purchase_intent: '购买意向', price_inquiry: '询价', usage_question: '使用咨询',
  logistics: '物流', return_exchange: '退换货', complaint: '投诉', checkin: '打卡', other: '其他',
};

export const customerType = (type: number | string | null) => label(CUSTOMER_TYPES, type, '');
export const gender = (code: number | null) => label(GENDERS, code);
export const addWay = (code: number | null) => label(ADD_WAYS, code);
export const stage = (key: string | null) => label(STAGES, key);
export const valueLayer = (key: string | null) => label(VALUE_LAYERS, key);
export const relationStatus = (key: string) => label(RELATION_STATUSES, key);
export const priority = (key: string) => label(PRIORITIES, key);
export const scene = (key: string) => label(SCENES, key);

/** Why a script was suggested, from the ranking's codes: `scene:…`, `intent:…`, `stage:…`, `tag:…`, `generic`, `used:N`. */
export function scriptReason(code: string, tagName: (tagId: string) => string): string {
  const [kind, value = ''] = code.split(/:(.*)/);
  switch (kind) {
    case 'scene':
      return `场景：${scene(value)}`;
    case 'intent':
      return `意图：${label(INTENTS, value)}`;
    case 'stage':
      return `阶段：${stage(value)}`;
    case 'tag':
      return `标签：${tagName(value)}`;
    case 'generic':
      return '通用话术';
    case 'used':
      return `已用 ${value} 次`;
    default:
      return code;
  }
}

export function toDate(value: Timestamp | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  // The API speaks Unix seconds; accept milliseconds and ISO strings too.
  const date = typeof value === 'number' ? new Date(value < 1e12 ? value * 1000 : value) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "刚刚", "5 分钟前", "今天 14:05", "昨天 09:12", "3月5日", "2024年3月5日". */
export function when(value: Timestamp | null | undefined, now = new Date()): string {
  const date = toDate(value);
  if (!date) return '—';
  const minutes = Math.round((now.getTime() - date.getTime()) / 60_000);
  if (minutes >= 0 && minutes < 1) return '刚刚';
  if (minutes >= 0 && minutes < 60) return `${minutes} 分钟前`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const dayOffset = Math.floor((date.getTime() - startOfToday) / 86_400_000);
  if (dayOffset === 0) return `今天 ${time}`;
  if (dayOffset === -1) return `昨天 ${time}`;
  if (dayOffset === 1) return `明天 ${time}`;
  const day = `${date.getMonth() + 1}月${date.getDate()}日`;
  return date.getFullYear() === now.getFullYear() ? day : `${date.getFullYear()}年${day}`;
}

export function money(amount: number): string {
  return '¥' + amount.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}
