/**
 * What the sidebar reads about a customer, for the salesperson who opened it. Every read
 * starts with {@link servedProfile}: a salesperson sees only customers they serve, and
 * anyone else gets the same 403 whether the customer exists or not.
 */
import type { CustomerProfileView } from '../../domain/contact/customer-views.ts';
import type {
  AnswerStore,
  ChannelLookup,
  CheckInLedger,
  CorpTagStore,
  CustomerQueries,
  CustomerTagStore,
  MessageStore,
  LifecycleStore,
  NoteStore,
  OrderStore,
  QuestionSetRepo,
  SalesTaskStore,
} from '../../domain/ports.ts';
import { activeQuestionSet, questionsWithAnswers, type Answer, type Question } from '../../domain/sidebar/questions.ts';
import { SERVING_STATUSES, type SidebarProfile, type TimelineItem } from '../../domain/sidebar/sidebar-views.ts';
import type { SalesTask } from '../../domain/messages/sales-task.ts';
import { yuan } from '../../domain/value/customer-value.ts';
import { ForbiddenError } from '../../shared/errors.ts';

export interface SidebarReadDeps {
  customers: Pick<CustomerQueries, 'profile'>;
  corpTags: Pick<CorpTagStore, 'listGroups'>;
  channels: ChannelLookup;
  notes: NoteStore;
  messages: Pick<MessageStore, 'recentFor'>;
  customerTags: Pick<CustomerTagStore, 'history'>;
  tasks: Pick<SalesTaskStore, 'list'>;
  questionSets: Pick<QuestionSetRepo, 'list'>;
  answers: Pick<AnswerStore, 'answersFor'>;
  /** Spend and value layer from imported orders. */
  values?: Pick<OrderStore, 'valueOf'>;
  stages?: Pick<LifecycleStore, 'stagesOf'>;
  /** Group check-ins (campaign members linked to this customer by external userid). */
  checkIns?: Pick<CheckInLedger, 'recentOf'>;
  /** Ranked reply scripts for a context (the reply-script library); none without it. */
  suggestScripts?: (context: { intent?: string; scene?: string; tagIds?: string[] }, limit: number) => Promise<SuggestedScript[]>;
}

export interface SuggestedScript {
  id: number;
  title: string;
  text: string;
  score: number;
  reasons: string[];
}

const NOT_YOURS = '无权查看该客户：你不是该客户的跟进人';
const TIMELINE_ITEMS = 20;

/** The customer's profile, when `userId` serves them; 403 otherwise. */
export async function servedProfile(deps: Pick<SidebarReadDeps, 'customers'>, userId: string, externalUserId: string): Promise<CustomerProfileView> {
  const profile = await deps.customers.profile(externalUserId);
  const mine = profile?.followers.find((f) => f.userId === userId);
  if (!profile || !mine || !SERVING_STATUSES.includes(mine.status)) throw new ForbiddenError(NOT_YOURS);
  return profile;
}

function timeline(profile: CustomerProfileView, parts: {
  messages: Awaited<ReturnType<MessageStore['recentFor']>>;
  tagChanges: Awaited<ReturnType<CustomerTagStore['history']>>;
  tasks: SalesTask[];
  notes: SidebarProfile['notes'];
  checkIns: Awaited<ReturnType<CheckInLedger['recentOf']>>;
  tagName: (id: string) => string;
}): TimelineItem[] {
  const items: TimelineItem[] = [
    ...profile.followers.filter((f) => f.addedAt !== null).map((f) => ({ at: f.addedAt!, kind: 'added' as const, text: `添加了 ${f.userId}${f.state ? `（渠道 ${f.state}）` : ''}` })),
    ...parts.messages.map((m) => ({
      at: m.sentAt,
      kind: 'message' as const,
      text: `${m.direction === 'in' ? '客户' : '我方'}：${m.text ?? `[${m.msgType}]`}${m.classification && m.classification.intent !== 'other' ? `（${m.classification.intent}）` : ''}`,
    })),
    ...parts.tagChanges.map((c) => ({ at: c.at, kind: 'tag' as const, text: `${c.action === 'add' ? '打上' : '移除'}标签「${parts.tagName(c.tagId)}」` })),
    ...parts.tasks.map((t) => ({ at: t.createdAt, kind: 'task' as const, text: `${t.status === 'open' ? '待办' : '已处理'}：${t.title}` })),
    ...parts.notes.map((n) => ({ at: n.createdAt, kind: 'note' as const, text: `备注：${n.text}` })),
    ...parts.checkIns.map((c) => ({ at: c.at, kind: 'check_in' as const, text: `「${c.campaignName}」${c.makeUp ? '补卡' : '打卡'}第${c.day}天` })),
  ];
  return items.sort((a, b) => b.at - a.at).slice(0, TIMELINE_ITEMS);
}

export async function sidebarProfile(deps: SidebarReadDeps, userId: string, externalUserId: string): Promise<SidebarProfile> {
  const profile = await servedProfile(deps, userId, externalUserId);
  const mine = profile.followers.find((f) => f.userId === userId)!;
  const [groups, notes, messages, tagChanges, tasks, channel, value, stages, checkIns] = await Promise.all([
    deps.corpTags.listGroups(),
    deps.notes.recent(externalUserId, 10),
    deps.messages.recentFor(externalUserId, 10),
    deps.customerTags.history(externalUserId, 10),
    deps.tasks.list({ userId, externalUserId, limit: 5 }),
    mine.state ? deps.channels.byState(mine.state) : Promise.resolve(null),
    deps.values ? deps.values.valueOf(externalUserId) : Promise.resolve(null),
    deps.stages ? deps.stages.stagesOf([externalUserId]) : Promise.resolve(new Map<string, { stage: string }>()),
    deps.checkIns ? deps.checkIns.recentOf(externalUserId, 10) : Promise.resolve([]),
  ]);
  const names = new Map(groups.flatMap((g) => g.tags.map((t) => [t.tagId, t.name] as const)));
  const selected = new Set(mine.tagIds);
  return {
    customer: {
      externalUserId,
      name: profile.name,
      avatar: profile.avatar,
      type: profile.type,
      gender: profile.gender,
      corpName: profile.corpName,
      position: profile.position,
    },
    me: {
      userId,
      remark: mine.remark,
      description: mine.description,
      addedAt: mine.addedAt,
      addWay: mine.addWay,
      state: mine.state,
      channelName: channel?.name ?? null,
      tagIds: mine.tagIds,
    },
    followers: profile.followers.map((f) => ({ userId: f.userId, remark: f.remark, addedAt: f.addedAt, status: f.status })),
    tagGroups: groups.map((g) => ({ groupId: g.groupId, name: g.name, tags: g.tags.map((t) => ({ tagId: t.tagId, name: t.name, selected: selected.has(t.tagId) })) })),
    stage: stages.get(externalUserId)?.stage ?? null,
    valueLayer: value?.valueLayer ?? null,
    spend: value ? { total: yuan(value.totalSpendFen), orders: value.orderCount, lastOrderAt: value.lastOrderAt } : null,
    notes,
    timeline: timeline(profile, { messages, tagChanges, tasks, notes, checkIns, tagName: (id) => names.get(id) ?? id }),
  };
}

export async function sidebarQuestions(
  deps: Pick<SidebarReadDeps, 'customers' | 'questionSets' | 'answers'>,
  userId: string,
  externalUserId: string,
): Promise<{ setId: number; questions: (Question & { answer: Answer | null })[] }> {
  await servedProfile(deps, userId, externalUserId);
  const [sets, answers] = await Promise.all([deps.questionSets.list(), deps.answers.answersFor(externalUserId)]);
  const set = activeQuestionSet(sets);
  return { setId: set.id, questions: questionsWithAnswers(set, answers).map(({ question, answer }) => ({ ...question, answer })) };
}

/** Open tasks for this customer first, then the scripts that best fit its latest intent and scene. */
export async function sidebarSuggestions(
  deps: Pick<SidebarReadDeps, 'customers' | 'tasks' | 'messages' | 'suggestScripts'>,
  userId: string,
  externalUserId: string,
): Promise<{ tasks: SalesTask[]; scripts: SuggestedScript[] }> {
  const profile = await servedProfile(deps, userId, externalUserId);
  const [tasks, messages] = await Promise.all([
    deps.tasks.list({ userId, externalUserId, status: 'open', limit: 10 }),
    deps.messages.recentFor(externalUserId, 20),
  ]);
  const latest = messages.find((m) => m.classification && m.classification.intent !== 'other')?.classification;
  const tagIds = profile.followers.find((f) => f.userId === userId)?.tagIds ?? [];
  const scene = tasks[0]?.scene ?? latest?.scene;
  const context = { ...(latest ? { intent: latest.intent } : {}), ...(scene ? { scene } : {}), tagIds };
  const scripts = deps.suggestScripts ? await deps.suggestScripts(context, 5) : [];
  return { tasks, scripts };
}
