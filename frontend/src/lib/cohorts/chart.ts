/**
 * Completion over time: the geometry of the inline SVG chart (weekly completions as bars, the
 * running total as a line), computed here so it is tested and the page only draws it. The same
 * numbers are offered as a table beside the chart, for screen readers and for anyone who wants them.
 */

export interface WeekCount {
  week: string;
  count: number;
}

export interface ChartBar {
  week: string;
  count: number;
  cumulative: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The running total's point, above the bar's middle. */
  lineX: number;
  lineY: number;
}

export interface ChartGeometry {
  width: number;
  height: number;
  /** The plot area inside the axes. */
  plot: { left: number; top: number; right: number; bottom: number };
  bars: ChartBar[];
  /** The running total, as an SVG path ('' without data). */
  line: string;
  /** Gridlines and their labels, on the running total's scale. */
  ticks: { value: number; y: number }[];
  max: number;
  total: number;
}

/** A round scale top at or above `value` (1, 2, 5 × 10ⁿ), so gridlines fall on readable numbers. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export function chartGeometry(weeks: WeekCount[], { width = 640, height = 240 } = {}): ChartGeometry {
  const plot = { left: 48, top: 12, right: width - 12, bottom: height - 36 };
  const sorted = [...weeks].sort((a, b) => a.week.localeCompare(b.week));
  let running = 0;
  const totals = sorted.map((w) => (running += Math.max(0, w.count)));
  const max = niceMax(running);
  const plotWidth = plot.right - plot.left;
  const plotHeight = plot.bottom - plot.top;
  const slot = sorted.length > 0 ? plotWidth / sorted.length : plotWidth;
  const barWidth = Math.max(2, Math.min(40, slot * 0.6));
  const yOf = (value: number) => plot.bottom - (value / max) * plotHeight;
  const bars = sorted.map((w, i) => {
    const count = Math.max(0, w.count);
    const x = plot.left + slot * i + (slot - barWidth) / 2;
    const y = yOf(count);
    const cumulative = totals[i]!;
    return {
      week: w.week,
      count,
      cumulative,
      x: round(x),
      y: round(y),
      width: round(barWidth),
      height: round(plot.bottom - y),
      lineX: round(x + barWidth / 2),
      lineY: round(yOf(cumulative))
    };
  });
  const line = bars.map((b, i) => `${i === 0 ? 'M' : 'L'}${b.lineX} ${b.lineY}`).join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ value: Math.round(max * f * 100) / 100, y: round(yOf(max * f)) }));
  return { width, height, plot, bars, line, ticks, max, total: running };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

const WEEK = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** "3 Nov" for a week given as a date ("2026-11-03"), or the ISO week ("2026-W45") unchanged. */
export function weekLabel(week: string): string {
  const date = new Date(week);
  return /^\d{4}-\d{2}-\d{2}/.test(week) && !Number.isNaN(date.getTime()) ? WEEK.format(date) : week;
}

/** What the chart shows, in one sentence: its text alternative. */
export function chartSummary(weeks: WeekCount[]): string {
  const geometry = chartGeometry(weeks);
  if (geometry.bars.length === 0) return 'No completions yet.';
  const best = geometry.bars.reduce((a, b) => (b.count > a.count ? b : a));
  const first = geometry.bars[0]!;
  const last = geometry.bars[geometry.bars.length - 1]!;
  const span = first === last ? `in the week of ${weekLabel(first.week)}` : `from the week of ${weekLabel(first.week)} to the week of ${weekLabel(last.week)}`;
  return `${geometry.total} ${geometry.total === 1 ? 'completion' : 'completions'} ${span}; the most in one week: ${best.count}, in the week of ${weekLabel(best.week)}.`;
}
