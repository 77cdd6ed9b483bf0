/** A uPlot chart of values per day (dashboard, campaign health): x is each date's Shanghai midnight. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const DAY_S = 86_400;

export const COLORS = { green: '#07c160', red: '#f54a45', blue: '#3370ff', orange: '#ff8800' };

export interface DailySeries {
  label: string;
  color: string;
  values: number[];
  /** On a second axis at the right, with its own scale. */
  right?: boolean;
  bars?: boolean;
  /** How the legend shows a value, e.g. as a percentage. */
  format?(value: number): string;
}

/** One chart per call; series share the left axis unless `right` is given. */
export function dailyChart(target: HTMLElement, dates: readonly string[], title: string, series: DailySeries[], rightRange?: [number, number]): uPlot {
  const xs = dates.map((date) => Date.parse(`${date}T00:00:00+08:00`) / 1000);
  const rightScale = series.some((s) => s.right);
  const options: uPlot.Options = {
    title,
    width: Math.max(320, target.clientWidth - 8),
    height: 240,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Asia/Shanghai'),
    scales: {
      // Half a day either side, so the first and last bars show whole.
      // From the dates themselves: with a single day uPlot's own min/max span years.
      x: { time: true, range: (_u, min, max) => (xs.length > 0 ? [xs[0]! - DAY_S / 2, xs[xs.length - 1]! + DAY_S / 2] : [min, max]) },
      y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
      ...(rightScale ? { right: { range: rightRange ?? ((_u, _min, max) => [0, Math.max(1, max * 1.1)]) } } : {}),
    },
    axes: [
      // Whole days only: a few days' range would otherwise get hourly ticks, each labelled with its date.
      { incrs: [1, 2, 7, 14, 30, 61, 91].map((d) => d * DAY_S), values: (_u, ticks) => ticks.map((t) => { const d = uPlot.tzDate(new Date(t * 1000), 'Asia/Shanghai'); return `${d.getMonth() + 1}/${d.getDate()}`; }) },
      { scale: 'y' },
      ...(rightScale ? [{ scale: 'right', side: 1 as const, grid: { show: false }, values: series.find((s) => s.right)?.format ? (_u: uPlot, ticks: number[]) => ticks.map((t) => series.find((s) => s.right)!.format!(t)) : undefined }] : []),
    ],
    series: [
      { label: '日期', value: (_u, v) => (v === null ? '' : new Date((v + 8 * 3600) * 1000).toISOString().slice(0, 10)) },
      ...series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: 2,
        scale: s.right ? 'right' : 'y',
        fill: s.bars ? `${s.color}33` : undefined,
        paths: s.bars ? uPlot.paths.bars!({ size: [0.6, 40] }) : undefined,
        points: { show: dates.length <= 31 },
        value: s.format ? (_u: uPlot, v: number | null) => (v === null ? '' : s.format!(v)) : undefined,
      })),
    ],
  };
  return new uPlot(options, [xs, ...series.map((s) => s.values)], target);
}
