/** Notes on the customer: write one, read the latest ones (newest first). */
import { api } from '../api.ts';
import { busyWhile, h, toast } from '../dom.ts';
import { actionFailed } from '../failures.ts';
import { when } from '../format.ts';
import type { Note } from '../types.ts';
import { button, card, empty } from './parts.ts';

const MAX_NOTE_LENGTH = 1000;

function noteItem(note: Note): HTMLElement {
  return h('li', { class: 'note' }, h('p', { class: 'note__text' }, note.text), h('div', { class: 'meta' }, `${note.userId} · ${when(note.createdAt)}`));
}

export function notesSection(externalUserId: string, notes: Note[]): HTMLElement {
  const list = h('ul', { class: 'notes' }, notes.map(noteItem));
  const placeholder = notes.length === 0 ? empty('还没有备注') : null;
  const input = h('textarea', { class: 'input', rows: 3, maxlength: MAX_NOTE_LENGTH, placeholder: '记一笔：客户说了什么、下次跟进什么…', 'aria-label': '备注内容' });
  const save = button('添加备注', 'primary', (saveButton) => {
    const text = input.value.trim();
    if (!text) return toast('请先写点内容');
    busyWhile(
      saveButton,
      async () => {
        const note = await api.addNote(externalUserId, text);
        input.value = '';
        placeholder?.remove();
        list.prepend(noteItem(note));
        toast('备注已添加');
      },
      actionFailed,
    );
  });
  return card('备注', null, input, h('div', { class: 'actions' }, save), list, placeholder);
}
