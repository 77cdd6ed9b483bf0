/** Choices the editors offer: corp tags, welcome flows and channels from the API; intents, scenes and stages by their labels. */
import { ApiError, call } from '../api.ts';
import { INTENTS, SCENES, STAGES } from '../../format.ts';
import type { Option } from '../form.ts';

export interface TagGroupJson {
  groupId: string;
  name: string;
  tags: { tagId: string; name: string }[];
}

export async function tagOptions(): Promise<Option[]> {
  const { groups } = await call<{ groups: TagGroupJson[] }>('GET', '/tags');
  return groups.flatMap((group) => group.tags.map((tag) => ({ value: tag.tagId, label: `${group.name} · ${tag.name}` })));
}

/** Tag names by id, for lists; unknown ids show as they are. */
export function tagNamer(options: readonly Option[]): (tagId: string) => string {
  const names = new Map(options.map((o) => [o.value, o.label.split(' · ').pop() ?? o.label]));
  return (tagId) => names.get(tagId) ?? tagId;
}

export async function flowOptions(): Promise<Option[]> {
  const { items } = await call<{ items: { id: number; name: string }[] }>('GET', '/welcome-flows');
  return items.map((flow) => ({ value: String(flow.id), label: flow.name }));
}

export async function channelOptions(): Promise<Option[]> {
  try {
    const { items } = await call<{ items: { state: string; name: string }[] }>('GET', '/channels');
    return items.map((channel) => ({ value: channel.state, label: `${channel.name}（${channel.state}）` }));
  } catch (error) {
    // Channels are admin configuration: a dept lead or salesperson sees channel codes as they are.
    if (error instanceof ApiError && error.status === 403) return [];
    throw error;
  }
}

const labelled = (table: Record<string, string>): Option[] => Object.entries(table).map(([value, label]) => ({ value, label }));
export const intentOptions = labelled(INTENTS);
export const sceneOptions = labelled(SCENES);
export const stageOptions = labelled(STAGES);

/** The items of `ids` shown as labels, joined. */
export function labels(ids: readonly string[], options: readonly Option[]): string {
  return ids.map((id) => options.find((o) => o.value === id)?.label ?? id).join('、') || '—';
}
