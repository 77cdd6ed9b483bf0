import { describe, expect, it } from 'vitest';
import {
  bestReply,
  createScript,
  deleteScript,
  getScript,
  listScripts,
  recordScriptUse,
  suggestScripts,
  updateScript,
} from '../../../../src/app/admin/scripts.ts';
import type { NewReplyScript, ReplyScript, ReplyScriptChanges, ReplyScriptRepo } from '../../../../src/domain/scripts/reply-scripts.ts';
import { NotFoundError, ValidationError } from '../../../../src/shared/errors.ts';

/** Scripts in a Map, ids from 1, like src/db/reply-script-repo.ts. */
class InMemoryReplyScriptRepo implements ReplyScriptRepo {
  private readonly scripts = new Map<number, ReplyScript>();
  private nextId = 1;

  async list() {
    return [...this.scripts.values()].sort((a, b) => a.id - b.id).map((s) => structuredClone(s));
  }
  async get(id: number) {
    const script = this.scripts.get(id);
    return script ? structuredClone(script) : null;
  }
  async create(script: NewReplyScript) {
    const stored = { ...structuredClone(script), id: this.nextId++, usageCount: 0 };
    this.scripts.set(stored.id, stored);
    return structuredClone(stored);
  }
  async update(id: number, changes: ReplyScriptChanges) {
    const script = this.scripts.get(id);
    if (!script) return null;
    Object.assign(script, structuredClone(changes));
    return structuredClone(script);
  }
  async remove(id: number) {
    return this.scripts.delete(id);
  }
  async recordUse(id: number) {
    const script = this.scripts.get(id);
    if (script) script.usageCount++;
    return script !== undefined;
  }
}

const LIVE_TAGS = ['etVip', 'etNew'];

function world() {
  const scripts = new InMemoryReplyScriptRepo();
  const corpTags = { unknownTagIds: async (ids: string[]) => ids.filter((id) => !LIVE_TAGS.includes(id)) };
  return { deps: { scripts, corpTags } };
}

const newScript = (overrides: Partial<NewReplyScript> = {}): NewReplyScript => ({
  title: '复购提醒',
  text: '您上次买的快用完啦，老客复购有优惠～',
  intents: ['repurchase_signal'],
  scenes: ['cycle_ending'],
  stages: ['stable'],
  tagIds: ['etVip'],
  attachments: [{ type: 'link', title: '复购专区', url: 'https://shop.example.com/re' }],
  enabled: true,
  ...overrides,
});

describe('script CRUD', () => {
  it('should store a script unused, change some fields, and delete it', async () => {
    const { deps } = world();
    const created = await createScript(deps, newScript());
    expect(created).toEqual({ ...newScript(), id: 1, usageCount: 0 });
    const updated = await updateScript(deps, { id: 1, changes: { title: '复购话术', tagIds: ['etNew'] } });
    expect(updated).toEqual({ ...created, title: '复购话术', tagIds: ['etNew'] });
    expect(await listScripts(deps)).toEqual([updated]);
    await deleteScript(deps, 1);
    await expect(getScript(deps, 1)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('should refuse tags that are not live corp tags, naming them, on create and update', async () => {
    const { deps } = world();
    await expect(createScript(deps, newScript({ tagIds: ['etVip', 'etGone'] }))).rejects.toThrow(/tagIds: unknown corp tags etGone \(/);
    expect(await listScripts(deps)).toEqual([]);
    const { id } = await createScript(deps, newScript());
    await expect(updateScript(deps, { id, changes: { tagIds: ['etGhost'] } })).rejects.toThrow('tagIds: unknown corp tags etGhost');
    expect((await getScript(deps, id)).tagIds).toEqual(['etVip']);
  });

  it('should refuse an empty change and answer NotFoundError for unknown ids', async () => {
    const { deps } = world();
    await createScript(deps, newScript());
    await expect(updateScript(deps, { id: 1, changes: {} })).rejects.toBeInstanceOf(ValidationError);
    await expect(updateScript(deps, { id: 9, changes: { title: 'x' } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteScript(deps, 9)).rejects.toBeInstanceOf(NotFoundError);
    await expect(recordScriptUse(deps, 9)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('suggestScripts() and recordScriptUse()', () => {
  it('should rank the library for the context, and let recorded sends break a tie', async () => {
    const { deps } = world();
    await createScript(deps, newScript({ title: 'a', scenes: [], stages: [], tagIds: [] }));
    await createScript(deps, newScript({ title: 'b', scenes: [], stages: [], tagIds: [] }));
    await createScript(deps, newScript({ title: 'unrelated', intents: ['complaint'], scenes: [], stages: [], tagIds: [] }));
    expect((await suggestScripts(deps, { intent: 'repurchase_signal' })).map((r) => r.script.title)).toEqual(['a', 'b']);
    await recordScriptUse(deps, 2);
    const ranked = await suggestScripts(deps, { intent: 'repurchase_signal' }, 1);
    expect(ranked.map((r) => [r.script.title, r.script.usageCount, r.reasons])).toEqual([['b', 1, ['intent:repurchase_signal', 'used:1']]]);
  });
});

describe('bestReply()', () => {
  it('should give the best matching script as a task reply', async () => {
    const { deps } = world();
    await createScript(deps, newScript({ title: 'generic', intents: [], scenes: [], stages: [], tagIds: [] }));
    const { id, text } = await createScript(deps, newScript());
    expect(await bestReply(deps, { intent: 'repurchase_signal', scene: 'cycle_ending' })).toEqual({ scriptId: id, text });
  });

  it('should give nothing when only generic scripts suit the context', async () => {
    const { deps } = world();
    await createScript(deps, newScript({ title: 'generic', intents: [], scenes: [], stages: [], tagIds: [] }));
    await createScript(deps, newScript());
    expect(await bestReply(deps, { intent: 'logistics', scene: 'delivery_followup' })).toBeUndefined();
  });
});
