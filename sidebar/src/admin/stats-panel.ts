/**
 * A panel under a resource form with the selected item's figures: a heading, KPIs and a
 * daily chart. Selecting another item while one loads shows only the later one, the old
 * chart is destroyed first, and a failed load is shown in the panel rather than thrown.
 */
import type uPlot from 'uplot';
import { h, mount } from '../dom.ts';

export interface StatsView {
  title: string;
  kpis: HTMLElement[];
  /** Draws the chart into the box the panel made for it. */
  chart(box: HTMLElement): uPlot;
}

export function statsPanel<T, S>(testId: string, load: (item: T) => Promise<S>, view: (stats: S) => StatsView): { node: HTMLElement; show(item: T | null): void } {
  const node = h('div', { class: 'channel-stats', 'data-testid': testId });
  let chart: uPlot | undefined;
  let shown = 0;
  async function render(item: T | null): Promise<void> {
    const ticket = ++shown;
    chart?.destroy();
    chart = undefined;
    if (!item) return mount(node);
    const stats = await load(item);
    if (ticket !== shown) return;
    const { title, kpis, chart: draw } = view(stats);
    const box = h('div', { class: 'chart' });
    mount(node, h('h3', { class: 'card-title' }, title), h('div', { class: 'kpis' }, kpis), box);
    chart = draw(box);
  }
  return {
    node,
    show: (item) => {
      render(item).catch((error: unknown) => mount(node, h('div', { class: 'form-error' }, error instanceof Error ? error.message : String(error))));
    },
  };
}
