import type { Backend, BackendRegistry } from '@rectify/core';
import { renderChart, type Series } from './chart.js';
import { checkDomain } from './curve-inputs.js';
import { checkFrame, type Frame, frameOf } from './frame.js';
import {
  checkBackendNames,
  checkShow,
  describeOp,
  labelsOf,
  resolveBackends,
  rulesOf,
  yLabelOf,
} from './plot-common.js';
import { planFor, runCurve, type Show } from './sample.js';
import { palette } from './theme.js';

/** Options of {@link plotOp}. */
export interface PlotOpOptions extends Frame {
  readonly op: string;
  readonly params?: Readonly<Record<string, unknown>>;
  /** Default `['f', 'df']`. */
  readonly show?: readonly Show[];
  /** Backends to overlay, as values or names in `registry`. Default: core's reference. */
  readonly backends?: readonly (Backend | string)[];
  readonly registry?: BackendRegistry;
  readonly domain?: readonly [number, number];
  readonly points?: number;
}

/**
 * An op's f and f′ (dashed), on one or more backends overlaid, with its kinks as vertical dashed
 * rules, its asymptotes as horizontal dotted rules, and a legend. Each backend samples in float64
 * when it can, else float32.
 *
 * @example
 * ```ts
 * const svg = await plotOp({ op: 'leakyRelu', params: { alpha: 0.1 } });
 * const both = await plotOp({ op: 'gelu', backends: ['cpu', 'onnx'], registry, show: ['df'] });
 * ```
 */
export async function plotOp(options: PlotOpOptions): Promise<string> {
  const who = 'plotOp';
  checkFrame(who, options);
  const show = checkShow(who, options.show ?? ['f', 'df'], ['f', 'df'] as const);
  const given = options.backends ?? [];
  checkBackendNames(who, given, options.registry);
  if (options.domain !== undefined) checkDomain(who, options.domain);
  // validate the op and params before any backend is made
  planFor(options.op, options.params, sampleOptions(options));
  const backends = given.length ? await resolveBackends(given, options.registry) : [undefined];

  const series: Series[] = [];
  let first: ReturnType<typeof planFor>['plan'] | undefined;
  const names: string[] = [];
  for (const [i, b] of backends.entries()) {
    const { plan, backend } = planFor(options.op, options.params, {
      ...sampleOptions(options),
      ...(b ? { backend: b } : {}),
    });
    first ??= plan;
    const sample = await runCurve(plan, backend);
    const dtype = plan.inputs[plan.gradInput]!.dtype;
    names.push(`${backend.name} ${dtype}`);
    const labels = labelsOf(plan.spec, plan.resolved.fromLogits === true);
    const prefix = backends.length > 1 ? `${backend.name}: ` : '';
    // one backend: f and f′ in two colours; several: a colour per backend, f′ dashed
    const fColor = backends.length > 1 ? palette[i % palette.length]! : palette[0]!;
    const dfColor = backends.length > 1 ? fColor : palette[1]!;
    if (show.includes('f'))
      series.push({ label: `${prefix}${labels.f}`, x: sample.x, y: sample.f, color: fColor });
    if (show.includes('df')) {
      series.push({ label: `${prefix}${labels.df}`, x: sample.x, y: sample.df, color: dfColor, dash: true });
    }
  }
  const plan = first!;
  const labels = labelsOf(plan.spec, plan.resolved.fromLogits === true);
  const domain: readonly [number, number] = [plan.x[0]!, plan.x[plan.x.length - 1]!];
  const target = plan.spec.kind === 'loss' ? targetOf(plan) : undefined;
  return renderChart({
    ...frameOf(options),
    title: options.title ?? describeOp(plan.spec.id, options.params),
    subtitle: [names.join(', '), target === undefined ? '' : `target ${target}`].filter(Boolean).join(' · '),
    series,
    rules: rulesOf(plan, show, domain, undefined),
    x: { domain, label: labels.x },
    y: { label: yLabelOf(labels, show) },
    legend: true,
  });
}

function sampleOptions(o: PlotOpOptions) {
  return {
    ...(o.domain ? { domain: o.domain } : {}),
    ...(o.points !== undefined ? { points: o.points } : {}),
  };
}

/** The target a loss curve was planned with (class label for sparse losses). */
function targetOf(plan: ReturnType<typeof planFor>['plan']): number {
  return plan.inputs.yTrue!.data[0]!;
}
