/**
 * The reply script library (话术库): admins keep it, the sidebar asks it for the scripts
 * that suit a conversation, and the classify worker puts the best one on the SOP task.
 * A script's tags must be live corp tags, or it could never match a customer's tags.
 */
import {
  GENERIC_REASON,
  rankScripts,
  type NewReplyScript,
  type RankedScript,
  type ReplyScript,
  type ReplyScriptChanges,
  type ReplyScriptRepo,
  type ScriptContext,
} from '../../domain/scripts/reply-scripts.ts';
import type { CorpTagStore } from '../../domain/ports.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { assertLiveCorpTags, assertSomeChange } from './tag-rules.ts';

export interface ScriptAdminDeps {
  scripts: ReplyScriptRepo;
  corpTags: Pick<CorpTagStore, 'unknownTagIds'>;
}

/** What the suggestions need: the library's list (a cached one suits the workers). */
export interface ScriptSuggestDeps {
  scripts: Pick<ReplyScriptRepo, 'list'>;
}

function notFound(id: number): NotFoundError {
  return new NotFoundError(`reply script ${id} does not exist`);
}

/** Every script, by id. */
export function listScripts(deps: Pick<ScriptAdminDeps, 'scripts'>): Promise<ReplyScript[]> {
  return deps.scripts.list();
}

/** @throws NotFoundError when there is no such script */
export async function getScript(deps: Pick<ScriptAdminDeps, 'scripts'>, id: number): Promise<ReplyScript> {
  const script = await deps.scripts.get(id);
  if (!script) throw notFound(id);
  return script;
}

/**
 * @returns the stored script, used 0 times
 * @throws ValidationError when a tag is not a live corp tag
 */
export async function createScript(deps: ScriptAdminDeps, input: NewReplyScript): Promise<ReplyScript> {
  await assertLiveCorpTags(deps.corpTags, { tagIds: input.tagIds });
  return deps.scripts.create(input);
}

/**
 * Changes some fields; only tags named in this change must be live.
 * @throws ValidationError for no change or an unknown tag; NotFoundError for an unknown id
 */
export async function updateScript(deps: ScriptAdminDeps, input: { id: number; changes: ReplyScriptChanges }): Promise<ReplyScript> {
  assertSomeChange(input.changes);
  await assertLiveCorpTags(deps.corpTags, { tagIds: input.changes.tagIds });
  const script = await deps.scripts.update(input.id, input.changes);
  if (!script) throw notFound(input.id);
  return script;
}

/** @throws NotFoundError when there is no such script */
export async function deleteScript(deps: Pick<ScriptAdminDeps, 'scripts'>, id: number): Promise<void> {
  if (!(await deps.scripts.remove(id))) throw notFound(id);
}

/**
 * Counts one send of the script (a ranking signal); for the sidebar once it sends scripts.
 * @throws NotFoundError when there is no such script
 */
export async function recordScriptUse(deps: Pick<ScriptAdminDeps, 'scripts'>, id: number): Promise<void> {
  if (!(await deps.scripts.recordUse(id))) throw notFound(id);
}

/**
 * The scripts that suit a conversation, best first (domain/scripts/reply-scripts.ts rankScripts).
 * @param limit - at most this many @defaultValue 5
 */
export async function suggestScripts(deps: ScriptSuggestDeps, context: ScriptContext, limit?: number): Promise<RankedScript[]> {
  return rankScripts(await deps.scripts.list(), context, limit);
}

/**
 * The best script's text for an SOP task, in the shape ClassifyDeps.suggestReply takes;
 * undefined when only generic scripts, or none, exist, so a task never carries a reply
 * chosen for no reason.
 */
export async function bestReply(deps: ScriptSuggestDeps, context: ScriptContext): Promise<{ scriptId: number; text: string } | undefined> {
  const [best] = await suggestScripts(deps, context, 1);
  if (!best || best.reasons.includes(GENERIC_REASON)) return undefined;
  return { scriptId: best.script.id, text: best.script.text };
}
