/**
 * 自定义字段: custom profile fields salespeople fill in from the sidebar and the customer
 * list and segments filter on. Options are edited as lines of label and key: a new line's
 * key may stay blank (the server assigns one); keeping a line's key keeps its values when
 * the label changes. Key and type are fixed once a field exists. Archive hides a field;
 * only an archived field can be deleted (with its values).
 */
import { h } from '../../dom.ts';
import { TYPE_LABELS, type CustomFieldDefinition } from '../field-conditions.ts';
import type { Values } from '../form.ts';
import { renderResourcePage } from '../resource-page.ts';

const CHOICE = new Set(['single', 'multi']);

export async function renderCustomFields(root: Element): Promise<void> {
  await renderResourcePage<CustomFieldDefinition>(root, {
    title: '自定义字段',
    intro: '销售在侧边栏的客户画像里填写这些字段；客户列表和人群可按它们筛选。改选项名称不会丢失已填的值。',
    path: '/custom-fields',
    noun: '字段',
    columns: [
      { label: '名称', value: (f) => [h('strong', null, f.label), h('div', { class: 'muted small' }, f.key)] },
      { label: '类型', value: (f) => TYPE_LABELS[f.type] },
      { label: '选项', value: (f) => f.options.map((o) => o.label).join('、') || '—' },
      { label: '状态', value: (f) => (f.archived ? '已归档' : f.required ? '必填' : '启用') },
    ],
    fields: [
      { name: 'label', label: '名称', kind: 'text', required: true, maxLength: 50 },
      { name: 'key', label: '字段键', kind: 'text', required: true, maxLength: 40, hint: '小写字母开头，只含 a-z、0-9、_；创建后不能修改' },
      { name: 'type', label: '类型', kind: 'select', required: true, options: Object.entries(TYPE_LABELS).map(([value, label]) => ({ value, label })), hint: '创建后不能修改' },
      {
        name: 'options',
        label: '选项（单选、多选）',
        kind: 'rows',
        columns: [
          { key: 'label', label: '选项名称', kind: 'text' },
          { key: 'key', label: '选项键', kind: 'text', placeholder: '留空自动生成', optional: true },
        ],
      },
      { name: 'position', label: '排序', kind: 'number', integer: true, min: 0, max: 10000, hint: '越小越靠前' },
      { name: 'required', label: '必填（侧边栏不能清空）', kind: 'checkbox' },
      { name: 'archived', label: '归档（侧边栏不再显示，已填的值保留）', kind: 'checkbox' },
    ],
    blank: { label: '', key: '', type: 'text', options: [], required: false, archived: false },
    toValues: (f) => ({ ...f }),
    toBody(values: Values, editing) {
      const options = ((values.options as { key?: string; label: string }[] | undefined) ?? []).map((o) => (o.key ? { key: o.key, label: o.label } : { label: o.label }));
      const type = String(editing?.type ?? values.type);
      const common = { label: values.label, required: values.required, archived: values.archived, ...(values.position !== undefined ? { position: values.position } : {}) };
      // Options only where the type has them, so a text field's stray line is the server's to refuse, not silently sent.
      const withOptions = CHOICE.has(type) || options.length > 0 ? { options } : {};
      return editing ? { ...common, ...withOptions } : { ...common, key: values.key, type, ...withOptions };
    },
    onEdit(item, form) {
      for (const name of ['key', 'type']) {
        const control = form.element.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
        if (control) control.disabled = item !== null;
      }
    },
  });
}
