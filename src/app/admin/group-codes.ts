/**
 * Group codes (群活码) for admins: creating one counts its groups (groupchat/get, which also
 * proves they exist), saves the group welcome as a WeCom template and makes the join way
 * over the groups below the cap; WeCom is called first, so a failure stores nothing (and
 * what WeCom already made for it is deleted again). Edits and deletes hold the
 * code's lock, like the roll-over, so an admin edit never interleaves with a recount.
 */
import {
  addDays,
  isTimeZone,
  localTime,
  zonedInstant,
} from '../../domain/local-time.ts';
import {
  chooseJoinWayChats,
  dailyCodeStats,
  groupCodeState,
  sameChatList,
  totalCodeStats,
  type DailyCodeStats,
  type GroupCode,
  type GroupCodeChanges,
  type GroupFill,
  type GroupWelcome,
  type NewGroupCode,
} from '../../domain/group-code/group-code.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { groupCodeLock, joinWaySettings, type GroupCodeDeps } from '../group-codes/roll-over.ts';

/** A code with its groups' last counts, for the console's fill bars. */
export interface GroupCodeView extends GroupCode {
  groups: (GroupFill & { counted: boolean })[];
}

export interface GroupCodeStats {
  codeId: number;
  timeZone: string;
  days: DailyCodeStats[];
  totals: { joins: number; leaves: number; net: number };
}

const nowSeconds = (deps: Pick<GroupCodeDeps, 'clock'>) => Math.floor(deps.clock.now().getTime() / 1000);

/** Counts groups through groupchat/get; unknown ones are a 400 naming them. */
async function countNewGroups(deps: Pick<GroupCodeDeps, 'groups'>, chatIds: readonly string[]): Promise<GroupFill[]> {
  const duplicate = chatIds.find((chatId, i) => chatIds.indexOf(chatId) !== i);
  if (duplicate) throw new ValidationError(`chatIds: ${duplicate} is listed twice`);
  const fills: GroupFill[] = [];
  const unknown: string[] = [];
  for (const chatId of chatIds) {
    const group = await deps.groups.get(chatId);
    if (group) fills.push({ chatId, members: group.members.length, dismissed: false });
    else unknown.push(chatId);
  }
  if (unknown.length > 0) throw new ValidationError(`chatIds: WeCom knows no customer group ${unknown.join(', ')} (or it is outside the app's range)`);
  return fills;
}

function checkRoomOptions(code: Pick<GroupCode, 'autoCreateRoom' | 'roomBaseName'>): void {
  if (code.autoCreateRoom && !code.roomBaseName) throw new ValidationError('roomBaseName: required when autoCreateRoom is on (WeCom names new groups after it)');
}

export async function createGroupCode(deps: GroupCodeDeps, input: NewGroupCode): Promise<GroupCodeView> {
  checkRoomOptions(input);
  const fills = await countNewGroups(deps, input.chatIds);
  const choice = chooseJoinWayChats(input.chatIds, fills, input.capPerGroup);
  const state = groupCodeState(deps.randomId());
  const welcomeTemplateId = input.welcome ? await deps.welcomeTemplates.create(input.welcome) : undefined;
  let configId: string | undefined;
  let code: GroupCode;
  try {
    ({ configId } = await deps.joinWays.create(joinWaySettings({ ...input, state }, choice.chatIds)));
    const qrCode = (await deps.joinWays.get(configId))?.qrCode;
    code = await deps.codes.create({
      ...input,
      state,
      activeChatIds: choice.chatIds,
      allFull: choice.allFull,
      configId,
      ...(qrCode ? { qrCode } : {}),
      ...(welcomeTemplateId ? { welcomeTemplateId } : {}),
    });
  } catch (error) {
    // Nothing is stored: take back what WeCom already made (best effort; the error that stopped us is the one to report).
    if (configId) await deps.joinWays.remove(configId).catch(() => undefined);
    if (welcomeTemplateId) await deps.welcomeTemplates.remove(welcomeTemplateId).catch(() => undefined);
    throw error;
  }
  const at = nowSeconds(deps);
  for (const fill of fills) await deps.codes.saveFill(fill, at);
  return view(deps, code);
}

export async function listGroupCodes(deps: Pick<GroupCodeDeps, 'codes'>): Promise<GroupCodeView[]> {
  return Promise.all((await deps.codes.list()).map((code) => view(deps, code)));
}

export async function getGroupCode(deps: Pick<GroupCodeDeps, 'codes'>, id: number): Promise<GroupCodeView> {
  return view(deps, await found(deps, id));
}

async function found(deps: Pick<GroupCodeDeps, 'codes'>, id: number): Promise<GroupCode> {
  const code = await deps.codes.get(id);
  if (!code) throw new NotFoundError(`no group code ${id}`);
  return code;
}

async function view(deps: Pick<GroupCodeDeps, 'codes'>, code: GroupCode): Promise<GroupCodeView> {
  const fills = new Map((await deps.codes.fills(code.id)).map((fill) => [fill.chatId, fill]));
  return {
    ...code,
    groups: code.chatIds.map((chatId) => {
      const fill = fills.get(chatId);
      return { chatId, members: fill?.members ?? 0, dismissed: fill?.dismissed ?? false, counted: fill !== undefined };
    }),
  };
}

/** The template to keep after a welcome change: added, edited, deleted or untouched. */
async function applyWelcome(deps: Pick<GroupCodeDeps, 'welcomeTemplates'>, code: GroupCode, welcome: GroupWelcome | null | undefined): Promise<string | undefined> {
  if (welcome === undefined) return code.welcomeTemplateId;
  if (welcome === null) {
    if (code.welcomeTemplateId) await deps.welcomeTemplates.remove(code.welcomeTemplateId);
    return undefined;
  }
  if (!code.welcomeTemplateId) return deps.welcomeTemplates.create(welcome);
  await deps.welcomeTemplates.update(code.welcomeTemplateId, welcome);
  return code.welcomeTemplateId;
}

/** Edits a code; the join way is updated when its groups, remark or room options change. */
export async function updateGroupCode(deps: GroupCodeDeps, id: number, changes: GroupCodeChanges): Promise<GroupCodeView> {
  // Read (and so check) a new list's groups before taking the lock: it is held for seconds at most.
  const listed = changes.chatIds ? await countNewGroups(deps, changes.chatIds) : [];
  return deps.locks.withLock(groupCodeLock(id), async () => {
    const code = await found(deps, id);
    // null from the API removes an optional field: the repo clears keys given as undefined.
    const cleared = {
      ...changes,
      ...(changes.roomBaseName === null ? { roomBaseName: undefined } : {}),
      ...(changes.roomBaseId === null ? { roomBaseId: undefined } : {}),
    } as Partial<GroupCode>;
    delete cleared.welcome;
    const next: GroupCode = { ...code, ...cleared };
    checkRoomOptions(next);
    const added = next.chatIds.filter((chatId) => !code.chatIds.includes(chatId));
    const newFills = listed.filter((fill) => added.includes(fill.chatId));
    const fills = [...(await deps.codes.fills(id)), ...newFills];
    const choice = chooseJoinWayChats(next.chatIds, fills, next.capPerGroup);
    const welcomeTemplateId = await applyWelcome(deps, code, changes.welcome);
    const settingsChanged =
      next.name !== code.name || next.autoCreateRoom !== code.autoCreateRoom || next.roomBaseName !== code.roomBaseName || next.roomBaseId !== code.roomBaseId;
    const listChanged = choice.chatIds.length > 0 && !sameChatList(choice.chatIds, code.activeChatIds);
    const activeChatIds = choice.chatIds.length > 0 ? choice.chatIds : code.activeChatIds;
    if (code.configId && (listChanged || settingsChanged)) await deps.joinWays.update(code.configId, joinWaySettings(next, activeChatIds));
    const welcomeChange = changes.welcome === undefined ? {} : { welcome: changes.welcome ?? undefined, welcomeTemplateId };
    const updated = await deps.codes.update(id, { ...cleared, ...welcomeChange, activeChatIds, allFull: choice.allFull });
    if (!updated) throw new NotFoundError(`no group code ${id}`);
    const at = nowSeconds(deps);
    for (const fill of newFills) await deps.codes.saveFill(fill, at);
    return view(deps, updated);
  });
}

/** Deletes the join way and the welcome template in WeCom, then the code and its stats. */
export function deleteGroupCode(deps: Pick<GroupCodeDeps, 'codes' | 'joinWays' | 'welcomeTemplates' | 'locks'>, id: number): Promise<void> {
  return deps.locks.withLock(groupCodeLock(id), async () => {
    const code = await found(deps, id);
    if (code.configId) await deps.joinWays.remove(code.configId);
    if (code.welcomeTemplateId) await deps.welcomeTemplates.remove(code.welcomeTemplateId);
    await deps.codes.remove(id);
  });
}

/** Joins and leaves through the code per local day, the last `days` days up to today. */
export async function groupCodeStats(
  deps: Pick<GroupCodeDeps, 'codes' | 'clock'>,
  id: number,
  options: { days: number; timeZone: string },
): Promise<GroupCodeStats> {
  await found(deps, id);
  if (!isTimeZone(options.timeZone)) throw new ValidationError(`timezone: unknown time zone ${options.timeZone}`);
  const today = localTime(deps.clock.now(), options.timeZone).date;
  const dates = Array.from({ length: options.days }, (_, i) => addDays(today, i - options.days + 1));
  const from = zonedInstant(dates[0]!, 0, options.timeZone);
  const to = zonedInstant(addDays(today, 1), 0, options.timeZone);
  const joins = await deps.codes.joinsBetween(id, from, to);
  const days = dailyCodeStats(joins, dates, (at) => localTime(new Date(at * 1000), options.timeZone).date);
  return { codeId: id, timeZone: options.timeZone, days, totals: totalCodeStats(days) };
}
