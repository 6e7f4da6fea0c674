import { type Backend, getSpec, InvalidParamError } from '@rectify/core';
import { scaleLinear } from 'd3-scale';
import { type Rule, renderChart, type Series } from './chart.js';
import { checkDomain, curveParams } from './curve-inputs.js';
import { checkFrame, type Frame, frameOf } from './frame.js';
import { checkNonEmpty, checkShow, dedupe, describeOp, labelsOf, rulesOf, yLabelOf } from './plot-common.js';
import { planFor, runCurve, type Show } from './sample.js';
import { ramp } from './theme.js';

/** Options of {@link plotSweep}. */
export interface PlotSweepOptions extends Frame {
  readonly op: string;
  /** A numeric param of the op (see `curveParams`), prelu's `alpha` included. */
  readonly param: string;
  readonly values: readonly number[];
  /** The other params, fixed across the sweep. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Default `['f', 'df']`. */
  readonly show?: readonly Show[];
  readonly backend?: Backend;
  readonly domain?: readonly [number, number];
}

/**
 * One op for several values of a param, coloured along a sequential ramp from the first value to the
 * last: leakyRelu for alpha 0.01, 0.05, 0.1, 0.2, or huber for a few deltas.
 *
 * @example
 * ```ts
 * const svg = await plotSweep({ op: 'leakyRelu', param: 'alpha', values: [0.01, 0.05, 0.1, 0.2] });
 * ```
 */
export async function plotSweep(options: PlotSweepOptions): Promise<string> {
  const who = 'plotSweep';
  checkFrame(who, options);
  const spec = getSpec(options.op);
  const numeric = curveParams(spec.id).map((p) => p.name);
  if (!numeric.includes(options.param)) {
    throw new InvalidParamError(
      `${who}: ${spec.id} has no numeric param "${String(options.param)}" to sweep; ${numeric.length ? `it has ${numeric.join(', ')}` : 'it has none'}`,
      { op: spec.id },
    );
  }
  checkNonEmpty(who, 'values', options.values);
  const show = checkShow(who, options.show ?? ['f', 'df'], ['f', 'df'] as const);
  if (options.domain !== undefined) checkDomain(who, options.domain);
  const base = {
    ...(options.domain ? { domain: options.domain } : {}),
    ...(options.backend ? { backend: options.backend } : {}),
  };
  const plans = options.values.map((v) => planFor(spec.id, { ...options.params, [options.param]: v }, base));

  // a ramp over the sweep's order, so that equal steps read as equal changes of colour
  const color = scaleLinear<string>()
    .domain(ramp.map((_, i) => (i / (ramp.length - 1)) * Math.max(1, plans.length - 1)))
    .range(ramp);
  const series: Series[] = [];
  const rules: Rule[] = [];
  for (const [i, { plan, backend }] of plans.entries()) {
    const sample = await runCurve(plan, backend);
    const label = `${options.param} = ${options.values[i]}`;
    const c = color(i);
    if (show.includes('f')) series.push({ label, x: sample.x, y: sample.f, color: c });
    if (show.includes('df')) {
      series.push({
        label: `${label} ′`,
        x: sample.x,
        y: sample.df,
        color: c,
        dash: true,
        hideInLegend: show.length === 2,
      });
    }
    rules.push(...rulesOf(plan, show, [plan.x[0]!, plan.x[plan.x.length - 1]!], undefined));
  }
  const first = plans[0]!.plan;
  const labels = labelsOf(first.spec, first.resolved.fromLogits === true);
  const kinks = dedupe(rules);
  return renderChart({
    ...frameOf(options),
    title: options.title ?? `${describeOp(spec.id, options.params)}: ${options.param} swept`,
    subtitle: `${plans[0]!.backend.name}${show.length === 2 ? ' · solid: f, dashed: f′' : ''}`,
    series,
    // kinks that move with the param would only clutter: shown when the sweep shares a few
    rules: kinks.filter((r) => r.axis === 'x').length <= 3 ? kinks : kinks.filter((r) => r.axis === 'y'),
    x: { domain: [first.x[0]!, first.x[first.x.length - 1]!], label: labels.x },
    y: { label: yLabelOf(labels, show) },
    legend: true,
  });
}
