/**
 * The JSON the sidebar API answers with, as the page reads it. Times are Unix seconds
 * (the server's convention); a few fields are typed loosely (`number | string`) where the
 * page only displays them and should not break if the server widens them.
 */

export interface Session {
  userId: string;
  csrfToken: string;
  sandbox: boolean;
  corpId: string;
  agentId: string | number;
}

export interface JssdkSignatures {
  corp: { appId: string; timestamp: number | string; nonceStr: string; signature: string };
  agent: { corpid: string; agentid: string | number; timestamp: number | string; nonceStr: string; signature: string };
}

/** Unix seconds, or anything `Date` parses. */
export type Timestamp = number | string;

export interface Tag {
  tagId: string;
  name: string;
  selected: boolean;
}

export interface TagGroup {
  groupId: string;
  name: string;
  tags: Tag[];
}

export interface Note {
  id: number | string;
  userId: string;
  text: string;
  createdAt: Timestamp;
}

/** A custom field's value: text, number, date (YYYY-MM-DD), an option key, or option keys. */
export type FieldValue = string | number | string[];

export interface SidebarField {
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'single' | 'multi';
  options: { key: string; label: string }[];
  required: boolean;
  value: FieldValue | null;
}

export type TimelineKind = 'added' | 'message' | 'tag' | 'task' | 'note' | 'answer' | 'check_in';

export interface Profile {
  customer: {
    externalUserId: string;
    name: string | null;
    avatar: string | null;
    /** 1 = 微信 user, 2 = 企业微信 user (WeCom's `type`). */
    type: number | string | null;
    /** 0 unknown, 1 male, 2 female (WeCom's `gender`). */
    gender: number | null;
    corpName: string | null;
    position: string | null;
  };
  me: {
    userId: string;
    remark: string | null;
    description: string | null;
    addedAt: Timestamp | null;
    addWay: number | null;
    state: string | null;
    channelName: string | null;
    tagIds: string[];
  };
  followers: { userId: string; remark: string | null; addedAt: Timestamp | null; status: string }[];
  tagGroups: TagGroup[];
  stage: string | null;
  valueLayer: string | null;
  spend: { total: number; orders: number; lastOrderAt: Timestamp | null } | null;
  notes: Note[];
  timeline: { at: Timestamp; kind: TimelineKind; text: string }[];
}

export interface Answer {
  optionIds: string[];
  text?: string | null;
  answeredAt: Timestamp;
  userId: string;
}

export interface Question {
  id: string;
  text: string;
  options: { id: string; label: string }[];
  allowText: boolean;
  answer: Answer | null;
}

export interface QuestionList {
  setId: number | string;
  questions: Question[];
}

export interface AnswerInput {
  questionId: string;
  optionIds: string[];
  text?: string;
}

export interface SalesTask {
  id: number;
  scene: string;
  title: string;
  priority: string;
  suggestedReply?: string | null;
  scriptId?: number | null;
  dueAt: Timestamp | null;
}

export interface SuggestedScript {
  id: number;
  title: string;
  text: string;
  score: number;
  reasons: string[];
}

export interface Suggestions {
  tasks: SalesTask[];
  scripts: SuggestedScript[];
}

export interface SentInput {
  text: string;
  scriptId?: number;
  taskId?: number;
}

export interface GroupSummary {
  chatId: string;
  name: string;
  owner: string;
  memberCount: number;
  joinedThisWeek: number;
  /** null while the server keeps no group history. */
  leftThisWeek: number | null;
  campaigns: GroupCampaign[];
}

export interface NameList {
  total: number;
  /** The first few, in name order. */
  names: string[];
}

/** A check-in campaign running in the group, as of today (campaign timezone). */
export interface GroupCampaign {
  campaignId: number;
  name: string;
  days: number;
  phase: 'before' | 'running' | 'ended';
  day: number;
  startDate: string;
  checkedIn: NameList;
  missing: NameList;
  leaderboard: { rank: number; displayName: string; streak: number; points: number; daysCheckedIn: number }[];
  rewards: { grantId: number; displayName: string; stageDay: number; reward: string; announcement: string }[];
  /** False when only the bot speaks for the campaign: nothing to send from here. */
  sidebarSpeaks: boolean;
  messages: { reminder: string | null; leaderboard: string | null };
}
