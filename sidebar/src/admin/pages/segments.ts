/**
 * 人群 / 召回: saved segments (/segments) edited field by field, with a live preview of the
 * unsaved definition (POST /segments/preview: count and the first members), the saved
 * segment's members as CSV, and below, recall campaigns on the selected segment
 * (pages/recalls.ts). The server's rules (min ≤ max, ranges that need a bound) come back
 * as "definition.lastContact.minDays: …" and show next to the field they name.
 */
import { h, mount } from '../../dom.ts';
import { money, stage } from '../../format.ts';
import { call } from '../api.ts';
import type { Field, FormHandle } from '../form.ts';
import { renderResourcePage } from '../resource-page.ts';
import { definitionOf, valuesOf, type Segment, type SegmentDefinition } from '../segment-definition.ts';
import { conditionsOf, valuesOfConditions, type CustomFieldDefinition, type FieldCondition } from '../field-conditions.ts';
import { activeCustomFields, conditionInputs } from '../field-filter-inputs.ts';
import { dataTable } from '../widgets.ts';
import { channelOptions, labels, stageOptions, tagOptions } from './options.ts';
import { recallSection } from './recalls.ts';

interface Preview {
  count: number;
  members: { externalUserId: string; name: string | null; salesperson: string | null; stage: string | null; layer: string | null; spend: number; highValue: boolean }[];
}

const LAYERS = [
  { value: 'high', label: '高价值' },
  { value: 'mid', label: '中价值' },
  { value: 'low', label: '低价值' },
];
const PREVIEW_LIMIT = 20;
const PREVIEW_DELAY_MS = 400;

/** The min and max inputs of a range; the range's own problems ("give min, max or both") show under max. */
function rangeFields(key: string, label: string, unit: 'days' | 'yuan', section?: string): Field[] {
  const [lo, hi] = unit === 'days' ? ['minDays', 'maxDays'] : ['min', 'max'];
  const common = unit === 'days' ? { integer: true, min: 0 } : { min: 0 };
  return [
    { name: `${key}Min`, label: `${label}：${unit === 'days' ? '至少（天）' : '不少于（元）'}`, kind: 'number', ...common, apiName: `definition.${key}.${lo}`, ...(section ? { section } : {}) },
    { name: `${key}Max`, label: `${label}：${unit === 'days' ? '至多（天）' : '少于（元）'}`, kind: 'number', ...common, apiName: [`definition.${key}.${hi}`, `definition.${key}`] },
  ];
}

function fields(tags: Field['options'], channels: Field['options']): Field[] {
  return [
    { name: 'name', label: '人群名称', kind: 'text', required: true, maxLength: 100, section: '基本信息' },
    { name: 'tagIds', label: '企业标签', kind: 'checks', options: tags, apiName: 'definition.tags', section: '标签与分层' },
    { name: 'tagMatch', label: '标签匹配', kind: 'select', required: true, options: [{ value: 'any', label: '含任一标签' }, { value: 'all', label: '含全部标签' }] },
    { name: 'stages', label: '生命周期阶段', kind: 'checks', options: stageOptions, apiName: 'definition.stages' },
    { name: 'layers', label: '价值分层', kind: 'checks', options: LAYERS, apiName: 'definition.layers' },
    { name: 'highValue', label: '高价值（只做 1 对 1）', kind: 'select', placeholder: '不限', options: [{ value: 'true', label: '只要高价值' }, { value: 'false', label: '排除高价值' }], apiName: 'definition.highValue' },
    { name: 'channels', label: '来源渠道', kind: 'checks', options: channels, apiName: 'definition.channels', section: '渠道与销售' },
    { name: 'userIds', label: '跟进销售（userid）', kind: 'list', hint: '多个用逗号或换行隔开；留空为全部', apiName: 'definition.userIds' },
    ...rangeFields('lastContact', '距上次客户来消息', 'days', '最近互动（整天数，含两端）'),
    { name: 'lastContactNever', label: '包括从未来过消息的客户', kind: 'checkbox', apiName: 'definition.lastContact.includeNever' },
    ...rangeFields('lastOrder', '距上次下单', 'days'),
    { name: 'lastOrderNever', label: '包括从未下单的客户', kind: 'checkbox', apiName: 'definition.lastOrder.includeNever' },
    ...rangeFields('spend', '累计消费', 'yuan', '消费（含下限、不含上限）'),
    ...rangeFields('annualSpend', '近一年消费', 'yuan'),
  ];
}

/** A one-line summary of a definition for the list. */
function describe(d: SegmentDefinition, tags: Field['options']): string {
  const parts = [
    d.tags ? `标签（${d.tags.match === 'all' ? '全部' : '任一'}）：${labels(d.tags.tagIds, tags ?? [])}` : '',
    d.stages ? `阶段：${labels(d.stages, stageOptions)}` : '',
    d.layers ? `分层：${labels(d.layers, LAYERS)}` : '',
    d.highValue === undefined ? '' : d.highValue ? '高价值' : '非高价值',
    d.channels ? `渠道：${d.channels.join('、')}` : '',
    d.userIds ? `销售：${d.userIds.join('、')}` : '',
    d.lastContact ? '按最近来消息' : '',
    d.lastOrder ? '按最近下单' : '',
    d.spend || d.annualSpend ? '按消费' : '',
    d.customFields ? '按自定义字段' : '',
  ].filter(Boolean);
  return parts.join(' · ') || '全部服务中的客户';
}

/** The preview under the form: the unsaved definition's count and first members, and the saved segment's CSV. */
/** The form's definition with its custom-field conditions (left out when there are none). */
function definitionWithFields(values: Record<string, unknown>, customFields: readonly CustomFieldDefinition[]): SegmentDefinition {
  const conditions = conditionsOf(values, customFields);
  return { ...definitionOf(values), ...(conditions.length > 0 ? { customFields: conditions } : {}) };
}

function previewAside(form: FormHandle, current: () => Segment | null, customFields: readonly CustomFieldDefinition[]): { node: Node; refresh(): void } {
  const node = h('div', { class: 'segment-preview', 'data-testid': 'segment-preview' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  async function show(): Promise<void> {
    const ask = ++asked;
    try {
      const preview = await call<Preview>('POST', '/segments/preview', { definition: definitionWithFields(form.peek(), customFields), limit: PREVIEW_LIMIT });
      if (ask !== asked) return; // a later edit's answer is on its way
      form.clearErrors();
      const saved = current();
      mount(
        node,
        h('h3', { class: 'card-title' }, '预览', h('span', { class: 'badge', 'data-testid': 'segment-count' }, `${preview.count} 人`)),
        saved ? h('p', null, h('a', { href: `/api/admin/segments/${saved.id}/members.csv`, download: '' }, '导出全部成员（CSV）'), h('span', { class: 'muted small' }, ' · 按已保存的条件')) : null,
        dataTable(
          [
            { label: '客户', value: (m) => [h('strong', null, m.name ?? '（未同步昵称）'), h('div', { class: 'muted small' }, m.externalUserId)] },
            { label: '跟进销售', value: (m) => m.salesperson ?? '—' },
            { label: '阶段', value: (m) => stage(m.stage) },
            { label: '累计消费', value: (m) => [money(m.spend), m.highValue ? h('span', { class: 'badge' }, '1对1') : null] },
          ],
          preview.members,
          { empty: '没有符合条件的客户' },
        ),
        preview.count > preview.members.length ? h('p', { class: 'muted small' }, `仅显示前 ${preview.members.length} 位`) : null,
      );
    } catch (error) {
      if (ask !== asked) return;
      // The definition's problems, next to their fields while the admin types.
      form.showError(error);
      mount(node, h('h3', { class: 'card-title' }, '预览'), h('div', { class: 'empty' }, '条件有误，改正后显示预览'));
    }
  }
  return {
    node,
    refresh() {
      clearTimeout(timer);
      timer = setTimeout(() => void show(), PREVIEW_DELAY_MS);
    },
  };
}

export async function renderSegments(root: Element): Promise<void> {
  const [tags, channels, customFields] = await Promise.all([tagOptions(), channelOptions(), activeCustomFields()]);
  let selected: Segment | null = null;
  const recalls = recallSection(() => selected);
  await renderResourcePage<Segment>(root, {
    title: '人群 / 召回',
    intro: '按标签、阶段、分层、渠道、销售、最近互动、消费和自定义字段圈出一群客户（人群包），预览、导出，并对它发起召回群发。',
    path: '/segments',
    noun: '人群',
    wide: true,
    columns: [
      { label: '名称', value: (s) => h('strong', null, s.name) },
      { label: '条件', value: (s) => describe(s.definition, tags) },
    ],
    fields: [...fields(tags, channels), ...conditionInputs(customFields, 'definition.customFields')],
    blank: { name: '', tagIds: [], tagMatch: 'any', stages: [], layers: [], highValue: '', channels: [], userIds: [], lastContactNever: false, lastOrderNever: false },
    toValues: (segment) => ({ ...valuesOf(segment), ...valuesOfConditions(segment.definition.customFields as FieldCondition[] | undefined, customFields) }),
    toBody: (values) => ({ name: values.name, definition: definitionWithFields(values, customFields) }),
    aside: (form) => previewAside(form, () => selected, customFields),
    onEdit(item) {
      selected = item;
      recalls.select(item);
    },
  });
  root.append(recalls.node);
}
