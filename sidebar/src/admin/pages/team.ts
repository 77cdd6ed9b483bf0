/**
 * 团队数据: the dashboard's breakdown per salesperson and per channel on its own, for every
 * role — the API counts only the caller's scope (a dept lead's department, a salesperson's
 * own relations; admins the whole corp).
 */
import { h, mount } from '../../dom.ts';
import { buildForm } from '../form.ts';
import { breakdownCard } from './dashboard-breakdown.ts';
import { chinaDay } from './dashboard.ts';

export function renderTeam(root: Element): void {
  const content = h('div');
  const form = buildForm(
    [
      { name: 'from', label: '开始日期', kind: 'text', required: true, placeholder: 'YYYY-MM-DD' },
      { name: 'to', label: '结束日期', kind: 'text', required: true, placeholder: 'YYYY-MM-DD' },
    ],
    { submitLabel: '查看', onSubmit: async (values) => mount(content, breakdownCard(String(values.from), String(values.to))) },
  );
  form.element.classList.add('form--inline');
  for (const input of form.element.querySelectorAll('input')) input.type = 'date';
  form.set({ from: chinaDay(-29), to: chinaDay() });
  mount(
    root,
    h('div', { class: 'page-head' }, h('div', null, h('h2', null, '团队数据'), h('p', { class: 'muted' }, '分销售、分渠道的新增、流失、首次沟通、回复率、订单和转化；只统计您可见范围内销售的客户关系。'))),
    h('section', { class: 'card' }, form.element),
    content,
  );
  form.element.requestSubmit();
}
