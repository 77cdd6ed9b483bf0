/** 首次沟通问题: the questions the sidebar asks a new customer; options can tag. */
import { h } from '../../dom.ts';
import { renderResourcePage } from '../resource-page.ts';

interface QuestionSet {
  id: number;
  name: string;
  questions: { id: string; text: string; options: { id: string; label: string; tagId?: string }[]; allowText: boolean }[];
  isDefault: boolean;
  enabled: boolean;
}

const TEMPLATE = [
  {
    id: 'product_kind',
    text: '平时主要吃/用哪类滋补品？',
    options: [
      { id: 'nutrition', label: '营养滋补' },
      { id: 'beauty', label: '美容养颜' },
    ],
    allowText: true,
  },
  { id: 'how_long', text: '吃了多久了？', options: [], allowText: true },
  { id: 'who_takes', text: '家里谁在吃？', options: [{ id: 'self', label: '自己' }, { id: 'parents', label: '父母' }], allowText: false },
];

export async function renderQuestionSets(root: Element): Promise<void> {
  await renderResourcePage<QuestionSet>(root, {
    title: '首次沟通问题',
    intro: '销售在侧边栏里按顺序询问新客户的问题（如：常吃哪类、吃了多久、家里谁吃）；选项可带 tagId，选中即给客户打标签。',
    path: '/question-sets',
    noun: '问题集',
    columns: [
      { label: '名称', value: (q) => h('strong', null, q.name) },
      { label: '问题', value: (q) => q.questions.map((question) => question.text).join(' / ') },
      { label: '状态', value: (q) => [q.enabled ? '启用' : '停用', q.isDefault ? h('span', { class: 'badge' }, '默认') : null] },
    ],
    fields: [
      { name: 'name', label: '名称', kind: 'text', required: true, maxLength: 100 },
      {
        name: 'questions',
        label: '问题（JSON）',
        kind: 'json',
        required: true,
        rows: 14,
        hint: '每个问题 { id, text, options: [{ id, label, tagId? }], allowText }；id 用字母、数字、_ 或 -',
      },
      { name: 'isDefault', label: '设为默认', kind: 'checkbox' },
      { name: 'enabled', label: '启用', kind: 'checkbox' },
    ],
    blank: { name: '', questions: TEMPLATE, isDefault: false, enabled: true },
    toValues: (q) => ({ ...q }),
    toBody: (values) => values,
  });
}
