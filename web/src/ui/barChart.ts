// The geometry of a bar chart of counts (BarChart.tsx): bars side by side for each point (a
// month, a category), one per series, over a value axis that starts at 0 and ends at a round
// number. Pure, so it is tested without a browser.

export interface ChartBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Bar {
  series: number;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BarGroup {
  index: number;
  center: number;  // where the point's label goes
  bars: Bar[];
}

export interface BarGeometry {
  top: number;  // the value at the top of the axis
  ticks: Array<{ value: number; y: number }>;  // 0 … top, in whole steps
  groups: BarGroup[];
}

// The top of the axis and the step between its ticks: the smallest step of 1, 2 or 5 × 10^k
// (whole numbers: these are counts) that covers `max` in at most `maxTicks` steps. An empty chart
// (all zeros) still has an axis, 0 to 1.
export function niceScale(max: number, maxTicks = 5): { top: number; step: number } {
  const m = Number.isFinite(max) && max > 0 ? max : 0;
  for (let magnitude = 1; ; magnitude *= 10) {
    for (const f of [1, 2, 5]) {
      const step = f * magnitude;
      if (Math.ceil(m / step) <= maxTicks) return { top: Math.max(step, Math.ceil(m / step) * step), step };
    }
  }
}

// `series[s][i]` is series s's value at point i (a missing or negative value draws as 0). Each
// point gets an equal slot of the box's width; its bars fill 80% of it, side by side in series
// order, rising from the bottom of the box.
export function barChartGeometry(series: number[][], box: ChartBox, maxTicks = 5): BarGeometry {
  const points = Math.max(0, ...series.map((s) => s.length));
  const value = (s: number, i: number) => {
    const v = series[s]?.[i];
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
  };
  let max = 0;
  for (let s = 0; s < series.length; s++) for (let i = 0; i < points; i++) max = Math.max(max, value(s, i));
  const { top, step } = niceScale(max, maxTicks);
  const bottom = box.top + box.height;
  const yOf = (v: number) => bottom - (v / top) * box.height;
  const ticks: BarGeometry['ticks'] = [];
  for (let v = 0; v <= top; v += step) ticks.push({ value: v, y: yOf(v) });
  const slot = points > 0 ? box.width / points : 0;
  const barWidth = series.length > 0 ? (slot * 0.8) / series.length : 0;
  const groups: BarGroup[] = [];
  for (let i = 0; i < points; i++) {
    const start = box.left + i * slot + slot * 0.1;
    groups.push({
      index: i,
      center: box.left + i * slot + slot / 2,
      bars: series.map((_, s) => {
        const v = value(s, i);
        const y = yOf(v);
        return { series: s, value: series[s]?.[i] ?? 0, x: start + s * barWidth, y, width: barWidth, height: bottom - y };
      }),
    });
  }
  return { top, ticks, groups };
}
