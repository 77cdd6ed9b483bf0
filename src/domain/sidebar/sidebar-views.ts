/**
 * What the salesperson's sidebar shows about one customer: a read model built from the
 * customer's profile, the corp tags, notes, messages, tag history and tasks. Plain data
 * with `null` for the unknown, so the page can render every customer the same way.
 */
import type { RelationStatus } from '../contact/contact.ts';

export interface Note {
  id: number;
  externalUserId: string;
  userId: string;
  text: string;
  /** Unix seconds. */
  createdAt: number;
}

export interface TimelineItem {
  /** Unix seconds. */
  at: number;
  kind: 'added' | 'message' | 'tag' | 'task' | 'note' | 'answer' | 'check_in';
  text: string;
}

export interface SidebarProfile {
  customer: {
    externalUserId: string;
    name: string | null;
    avatar: string | null;
    type: number | null;
    gender: number | null;
    corpName: string | null;
    position: string | null;
  };
  /** The viewing salesperson's side of the relation. */
  me: {
    userId: string;
    remark: string | null;
    description: string | null;
    addedAt: number | null;
    addWay: number | null;
    state: string | null;
    channelName: string | null;
    tagIds: string[];
  };
  followers: { userId: string; remark: string | null; addedAt: number | null; status: RelationStatus }[];
  tagGroups: { groupId: string; name: string; tags: { tagId: string; name: string; selected: boolean }[] }[];
  /** Lifecycle stage (domain/value/lifecycle.ts); value layer and spend (yuan) from imported orders; null when unknown. */
  stage: string | null;
  valueLayer: string | null;
  spend: { total: number; orders: number; lastOrderAt: number | null } | null;
  notes: Note[];
  /** Newest first. */
  timeline: TimelineItem[];
}

/** Relation statuses that let a salesperson see and change the customer in the sidebar. */
export const SERVING_STATUSES: readonly RelationStatus[] = ['active', 'pending'];
