import { type ScaleLinear, type ScaleLogarithmic, scaleLinear, scaleLog } from 'd3-scale';

/** A position scale of a chart: d3's linear or log scale. */
export type PositionScale = ScaleLinear<number, number> | ScaleLogarithmic<number, number>;

/** The smallest and largest finite values of some arrays, or undefined when there are none. */
export function finiteExtent(arrays: readonly ArrayLike<number>[]): [number, number] | undefined {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

function quantile(sorted: Float64Array, q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

/**
 * A y domain that shows the shape of the curves: the extent of the finite values (NaN and ±∞ skipped),
 * except when a few values dwarf the rest — a gradient like −1/p near p = 0 — where it keeps the
 * central 96% of the values with room around them; the tails then leave the plot through its clip.
 * Moderate growth (softplus, a loss's linear arm) is shown whole.
 */
export function yDomainOf(
  arrays: readonly ArrayLike<number>[],
  extra: readonly number[] = [],
): [number, number] {
  const values: number[] = [];
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i]!)) values.push(a[i]!);
  }
  if (values.length === 0) return [-1, 1];
  const sorted = Float64Array.from(values).sort();
  let lo = sorted[0]!;
  let hi = sorted[sorted.length - 1]!;
  const q0 = quantile(sorted, 0.02);
  const q1 = quantile(sorted, 0.98);
  const core = q1 - q0;
  if (core > 0 && hi - lo > 8 * core) {
    lo = Math.max(lo, q0 - 0.25 * core);
    hi = Math.min(hi, q1 + 0.25 * core);
  }
  // asymptotes and the like belong in view when they are near the data
  const span = hi - lo || Math.abs(hi) || 1;
  for (const v of extra) {
    if (Number.isFinite(v) && v >= lo - span && v <= hi + span) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.1 || 1;
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * 0.04;
  return [lo - pad, hi + pad];
}

/** The x scale: linear over the domain, onto [left, right], not niced (the domain is the op's range). */
export function xScaleOf(domain: readonly [number, number], range: readonly [number, number]) {
  return scaleLinear().domain(domain).range(range);
}

/** The y scale: linear, or log (the domain must be positive), onto [bottom, top]. */
export function yScaleOf(
  domain: readonly [number, number],
  range: readonly [number, number],
  type: 'linear' | 'log',
): PositionScale {
  if (type === 'log') return scaleLog().domain(domain).range(range).nice();
  // not niced: padding already keeps curves off the frame, and nicing would add empty bands
  return scaleLinear().domain(domain).range(range);
}

/** Tick values and their labels for a scale; on a log scale only the powers of ten are labelled. */
export function ticksOf(scale: PositionScale, count: number): { value: number; label: string }[] {
  if (isLog(scale)) {
    const format = scale.tickFormat(count, '~g');
    const all = scale.ticks(count);
    const decades = all.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
    return (decades.length >= 2 ? decades : all).map((value) => ({ value, label: format(value) }));
  }
  const format = scale.tickFormat(count);
  return scale.ticks(count).map((value) => ({ value, label: format(value) }));
}

function isLog(scale: PositionScale): scale is ScaleLogarithmic<number, number> {
  return 'base' in scale;
}
