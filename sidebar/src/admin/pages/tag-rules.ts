/** 自动标签规则: when an intent, keyword, channel, spend or stage matches, add and remove corp tags. */
import { h } from '../../dom.ts';
import type { Values } from '../form.ts';
import { renderResourcePage } from '../resource-page.ts';
import { intentOptions, labels, stageOptions, tagOptions } from './options.ts';

type Trigger =
  | { type: 'intent'; intents: string[] }
  | { type: 'keyword'; keywords: string[] }
  | { type: 'channel'; states: string[] }
  | { type: 'spend'; atLeast: number }
  | { type: 'stage'; stages: string[] };

interface Rule {
  id: number;
  name: string;
  enabled: boolean;
  trigger: Trigger;
  addTagIds: string[];
  removeTagIds: string[];
}

const TRIGGERS = [
  { value: 'intent', label: '识别到意图' },
  { value: 'keyword', label: '消息含关键词' },
  { value: 'channel', label: '来自渠道（state）' },
  { value: 'spend', label: '累计消费达到（元）' },
  { value: 'stage', label: '进入生命周期阶段' },
];

/** The list field of each trigger type; spend has a number instead. */
const LIST_KEY = { intent: 'intents', keyword: 'keywords', channel: 'states', stage: 'stages' } as const;

function describe(trigger: Trigger): string {
  switch (trigger.type) {
    case 'intent':
      return `意图：${labels(trigger.intents, intentOptions)}`;
    case 'keyword':
      return `关键词：${trigger.keywords.join('、')}`;
    case 'channel':
      return `渠道：${trigger.states.join('、')}`;
    case 'spend':
      return `累计消费 ≥ ¥${trigger.atLeast}`;
    case 'stage':
      return `阶段：${labels(trigger.stages, stageOptions)}`;
  }
}

export async function renderTagRules(root: Element): Promise<void> {
  const tags = await tagOptions();
  await renderResourcePage<Rule>(root, {
    title: '自动标签规则',
    intro: '客户消息、渠道、消费或阶段满足条件时，自动给客户加上或去掉企业标签（同步到企业微信）。',
    path: '/tag-rules',
    noun: '规则',
    columns: [
      { label: '名称', value: (r) => h('strong', null, r.name) },
      { label: '条件', value: (r) => describe(r.trigger) },
      { label: '加标签', value: (r) => labels(r.addTagIds, tags) },
      { label: '状态', value: (r) => (r.enabled ? '启用' : '停用') },
    ],
    fields: [
      { name: 'name', label: '规则名称', kind: 'text', required: true, maxLength: 100 },
      { name: 'triggerType', label: '触发条件', kind: 'select', options: TRIGGERS, required: true },
      {
        name: 'values',
        label: '匹配值',
        kind: 'list',
        apiName: 'trigger',
        hint: `意图可填：${intentOptions.map((o) => `${o.value}（${o.label}）`).join('、')}；阶段可填：${stageOptions.map((o) => `${o.value}（${o.label}）`).join('、')}`,
      },
      { name: 'atLeast', label: '消费金额（元，仅“累计消费”）', kind: 'number' },
      { name: 'addTagIds', label: '加上的标签', kind: 'checks', options: tags },
      { name: 'removeTagIds', label: '去掉的标签', kind: 'checks', options: tags },
      { name: 'enabled', label: '启用', kind: 'checkbox' },
    ],
    blank: { name: '', triggerType: 'intent', values: [], addTagIds: [], removeTagIds: [], enabled: true },
    toValues: (r) => ({
      ...r,
      triggerType: r.trigger.type,
      values: r.trigger.type === 'spend' ? [] : (r.trigger as Record<string, unknown>)[LIST_KEY[r.trigger.type]],
      atLeast: r.trigger.type === 'spend' ? r.trigger.atLeast : undefined,
    }),
    toBody(values: Values) {
      const { triggerType, values: list, atLeast, ...rest } = values;
      const type = String(triggerType) as Trigger['type'];
      const trigger = type === 'spend' ? { type, atLeast } : { type, [LIST_KEY[type]]: list };
      return { ...rest, trigger };
    },
  });
}
