/**
 * The customer's corp tags: read-only chips by group, and an edit mode where every tag
 * of every group is a toggle. Saving sends only the difference, so one tap on 保存 is one
 * mark_tag call on the server however many groups there are.
 */
import { api } from '../api.ts';
import { busyWhile, h, mount, toast } from '../dom.ts';
import { actionFailed } from '../failures.ts';
import type { TagGroup } from '../types.ts';
import { button, card, empty, toggleChip } from './parts.ts';

export interface TagSection {
  element: HTMLElement;
  /** Tags the server put on the customer for another reason (a first-contact answer). */
  markSelected(tagIds: string[]): void;
}

export function tagSection(externalUserId: string, groups: TagGroup[]): TagSection {
  let selected = new Set(groups.flatMap((g) => g.tags.filter((t) => t.selected).map((t) => t.tagId)));
  const body = h('div', { class: 'tags' });
  const editButton = button('编辑', 'link', () => showEditor());
  const element = card('标签', editButton, body);

  function groupRow(group: TagGroup, chips: HTMLElement[]): HTMLElement {
    return h('div', { class: 'tags__group' }, h('div', { class: 'tags__group-name' }, group.name), h('div', { class: 'chips' }, chips));
  }

  function showTags(): void {
    editButton.hidden = false;
    const rows = groups
      .map((group) => ({ group, tags: group.tags.filter((t) => selected.has(t.tagId)) }))
      .filter((row) => row.tags.length > 0)
      .map(({ group, tags }) => groupRow(group, tags.map((t) => h('span', { class: 'chip chip--on chip--static' }, t.name))));
    mount(body, rows.length > 0 ? rows : empty(groups.length > 0 ? '还没有标签，点「编辑」添加' : '企业还没有配置客户标签'));
  }

  function showEditor(): void {
    editButton.hidden = true;
    const draft = new Set(selected);
    const save = button('保存', 'primary', (saveButton) => {
      const add = [...draft].filter((id) => !selected.has(id));
      const remove = [...selected].filter((id) => !draft.has(id));
      if (add.length === 0 && remove.length === 0) return showTags();
      busyWhile(
        saveButton,
        async () => {
          const { tagIds } = await api.editTags(externalUserId, { add, remove });
          selected = new Set(tagIds);
          showTags();
          toast('标签已更新');
        },
        actionFailed,
      );
    });
    const rows = groups.map((group) =>
      groupRow(
        group,
        group.tags.map((tag) =>
          toggleChip(tag.name, draft.has(tag.tagId), (on) => {
            if (on) draft.add(tag.tagId);
            else draft.delete(tag.tagId);
          }),
        ),
      ),
    );
    mount(body, rows, h('div', { class: 'actions' }, button('取消', 'ghost', () => showTags()), save));
  }

  showTags();
  return {
    element,
    markSelected(tagIds) {
      for (const id of tagIds) selected.add(id);
      if (!editButton.hidden) showTags();
    },
  };
}
