import { type Backend, InvalidParamError } from '@rectify/core';
import { renderChart, type Series } from './chart.js';
import { checkDomain, curveDomain } from './curve-inputs.js';
import { checkFrame, type Frame, frameOf } from './frame.js';
import { checkNonEmpty, checkShow, describeOp, labelsOf, yLabelOf } from './plot-common.js';
import { planFor, runCurve, type Show } from './sample.js';
import { palette } from './theme.js';

/** One op of a comparison. */
export interface OpEntry {
  readonly op: string;
  readonly params?: Readonly<Record<string, unknown>>;
  /** Default: the op and its params, `leakyRelu (alpha = 0.1)`. */
  readonly label?: string;
}

/** Options of {@link plotOps}. */
export interface PlotOpsOptions extends Frame {
  readonly ops: readonly OpEntry[];
  /** Default `['f', 'df']`. */
  readonly show?: readonly Show[];
  /** Default: core's reference. */
  readonly backend?: Backend;
  /** Default: the union of the ops' curve domains. */
  readonly domain?: readonly [number, number];
}

/**
 * Several ops on one chart, a colour each, f solid and f′ dashed: relu vs leakyRelu vs prelu vs
 * sigmoid vs tanh, or gelu vs silu vs mish.
 *
 * @example
 * ```ts
 * const svg = await plotOps({
 *   ops: [{ op: 'relu' }, { op: 'leakyRelu', params: { alpha: 0.1 } }, { op: 'sigmoid' }],
 *   show: ['f'],
 * });
 * ```
 */
export async function plotOps(options: PlotOpsOptions): Promise<string> {
  const who = 'plotOps';
  checkFrame(who, options);
  checkNonEmpty(who, 'ops', options.ops);
  const show = checkShow(who, options.show ?? ['f', 'df'], ['f', 'df'] as const);
  let domain = options.domain === undefined ? undefined : checkDomain(who, options.domain);
  for (const entry of options.ops) {
    if (entry === null || typeof entry !== 'object' || typeof entry.op !== 'string') {
      throw new InvalidParamError(`${who}: each entry of ops needs an op id, got ${JSON.stringify(entry)}`);
    }
  }
  if (!domain) {
    const ds = options.ops.map((e) => curveDomain(e.op, e.params));
    domain = [Math.min(...ds.map((d) => d[0])), Math.max(...ds.map((d) => d[1]))];
  }
  const base = { domain, ...(options.backend ? { backend: options.backend } : {}) };
  // every entry is planned (and so validated) before any is run
  const plans = options.ops.map((e) => planFor(e.op, e.params, base));
  const kinds = new Set(plans.map((p) => p.plan.spec.kind));
  if (kinds.size > 1)
    throw new InvalidParamError(`${who}: ops mixes activations and losses; plot them apart`);

  const series: Series[] = [];
  for (const [i, { plan, backend }] of plans.entries()) {
    const sample = await runCurve(plan, backend);
    const entry = options.ops[i]!;
    const label = entry.label ?? describeOp(plan.spec.id, entry.params);
    const color = palette[i % palette.length]!;
    const both = show.length === 2;
    if (show.includes('f')) series.push({ label, x: sample.x, y: sample.f, color });
    if (show.includes('df')) {
      // with both shown the subtitle explains the dash, and the legend keeps one entry per op
      series.push({ label: `${label} f′`, x: sample.x, y: sample.df, color, dash: true, hideInLegend: both });
    }
  }
  const labels = labelsOf(plans[0]!.plan.spec, plans[0]!.plan.resolved.fromLogits === true);
  return renderChart({
    ...frameOf(options),
    title: options.title ?? options.ops.map((e) => e.label ?? e.op).join(' vs '),
    subtitle: `${plans[0]!.backend.name}${show.length === 2 ? ' · solid: f(x), dashed: f′(x)' : ''}`,
    series,
    x: { domain, label: labels.x },
    y: { label: yLabelOf(labels, show) },
    legend: true,
  });
}
