/** 话术库: reply scripts with the intents, scenes, stages and tags they suit. */
import { h } from '../../dom.ts';
import { renderResourcePage } from '../resource-page.ts';
import { intentOptions, labels, sceneOptions, stageOptions, tagOptions } from './options.ts';

interface Script {
  id: number;
  title: string;
  text: string;
  intents: string[];
  scenes: string[];
  stages: string[];
  tagIds: string[];
  attachments: unknown[];
  enabled: boolean;
  usageCount: number;
}

export async function renderScripts(root: Element): Promise<void> {
  const tags = await tagOptions();
  await renderResourcePage<Script>(root, {
    title: '话术库',
    intro: '侧边栏按客户的意图、场景、阶段和标签推荐话术；越贴合、越常用的排得越前。',
    path: '/scripts',
    noun: '话术',
    columns: [
      { label: '标题', value: (s) => h('strong', null, s.title) },
      { label: '适用场景', value: (s) => labels(s.scenes, sceneOptions) },
      { label: '已用', value: (s) => `${s.usageCount} 次` },
      { label: '状态', value: (s) => (s.enabled ? '启用' : '停用') },
    ],
    fields: [
      { name: 'title', label: '标题', kind: 'text', required: true, maxLength: 100 },
      { name: 'text', label: '话术内容', kind: 'textarea', required: true, maxLength: 2000, rows: 5 },
      { name: 'scenes', label: '适用场景', kind: 'checks', options: sceneOptions },
      { name: 'intents', label: '适用意图', kind: 'checks', options: intentOptions },
      { name: 'stages', label: '适用阶段', kind: 'checks', options: stageOptions },
      { name: 'tagIds', label: '适用标签', kind: 'checks', options: tags },
      { name: 'attachments', label: '附件（JSON）', kind: 'json', rows: 2, hint: '如 [{ "type": "link", "title": "产品介绍", "url": "https://…" }]' },
      { name: 'enabled', label: '启用', kind: 'checkbox' },
    ],
    blank: { title: '', text: '', scenes: [], intents: [], stages: [], tagIds: [], attachments: [], enabled: true },
    toValues: (s) => ({ ...s }),
    toBody: (values) => ({ ...values, attachments: values.attachments ?? [] }),
  });
}
