import {
  type Backend,
  type BackendRegistry,
  type FloatDType,
  InvalidParamError,
  referenceBackend,
} from '@rectify/core';
import { renderChart, type Series } from './chart.js';
import { checkDomain, planCurve } from './curve-inputs.js';
import { checkFrame, type Frame, frameOf } from './frame.js';
import { checkBackendNames, checkNonEmpty, describeOp, labelsOf, resolveBackends } from './plot-common.js';
import { runCurve } from './sample.js';
import { palette, theme } from './theme.js';
import { ulpError } from './ulp.js';

/** Options of {@link plotError}. */
export interface PlotErrorOptions extends Frame {
  readonly op: string;
  readonly params?: Readonly<Record<string, unknown>>;
  /** Backends to measure, as values or names in `registry`. */
  readonly backends: readonly (Backend | string)[];
  readonly registry?: BackendRegistry;
  readonly domain?: readonly [number, number];
  /** Default 241. */
  readonly points?: number;
  /** The dtype the backends compute in. Default float32, which every backend has. */
  readonly dtype?: FloatDType;
}

/** An error plot and the worst error it shows per backend. */
export interface ErrorPlot {
  readonly svg: string;
  /** By backend name: the largest error in ULPs over f and f′ together; `Infinity` for a NaN/∞ mismatch. */
  readonly worstUlp: Readonly<Record<string, number>>;
}

/** Errors below this many ULPs (exact results included) are drawn here, at the bottom of the log scale. */
const FLOOR = 0.01;

/**
 * How far backends are from core's float64 reference, per x, for f and f′: `|backend − reference|`
 * in ULPs of the backend's dtype at the reference value, on a log scale. The reference is fed the
 * very inputs the backend got (rounded to its dtype first), so only the computation is measured.
 * The ULP measure is conformance's (see `ulp.ts`): values below 0.1 (float32) are measured in ULPs at
 * 0.1. Zero errors sit on the floor at 0.01 ULP; × marks a NaN or infinity where the reference has
 * another value. A guide marks 0.5 ULP, the bound of a correctly rounded result.
 *
 * @example
 * ```ts
 * import { createCpuBackend } from '@rectify/backend-cpu';
 * const { svg, worstUlp } = await plotError({ op: 'sigmoid', backends: [createCpuBackend()] });
 * worstUlp.cpu; // ≤ 0.5: computed in float64, rounded once
 * ```
 */
export async function plotError(options: PlotErrorOptions): Promise<ErrorPlot> {
  const who = 'plotError';
  checkFrame(who, options);
  checkNonEmpty(who, 'backends', options.backends);
  checkBackendNames(who, options.backends, options.registry);
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new InvalidParamError(`${who}: dtype must be "float32" or "float64", got ${String(dtype)}`);
  }
  if (options.domain !== undefined) checkDomain(who, options.domain);
  const planOptions = {
    domain: options.domain,
    points: options.points,
    dtype,
  };
  const plan = planCurve(options.op, options.params, planOptions);
  // the reference computes in float64 on exactly the inputs the backends get
  const refPlan = planCurve(options.op, options.params, {
    ...planOptions,
    grid: plan.x,
    dtype: 'float64',
    inputDtype: dtype,
  });
  const backends = await resolveBackends(options.backends, options.registry);
  const ref = await runCurve(refPlan, referenceBackend);

  const worstUlp: Record<string, number> = {};
  const series: Series[] = [];
  const mismatches: { x: number[]; y: number[] } = { x: [], y: [] };
  let top = 1;
  const n = plan.x.length;
  for (const [i, backend] of backends.entries()) {
    const got = await runCurve(plan, backend);
    let worst = 0;
    for (const [k, which] of (['f', 'df'] as const).entries()) {
      const err = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const e = ulpError(got[which][j]!, ref[which][j]!, dtype);
        worst = Math.max(worst, e);
        if (e === Number.POSITIVE_INFINITY) {
          mismatches.x.push(plan.x[j]!);
          err[j] = Number.NaN;
        } else {
          top = Math.max(top, e);
          err[j] = Math.max(e, FLOOR);
        }
      }
      series.push({
        label: `${backend.name} ${which === 'f' ? 'f(x)' : 'f′(x)'}`,
        x: plan.x,
        y: err,
        // one colour per backend; f as dots, f′ as rings
        color: palette[i % palette.length]!,
        mark: k === 0 ? 'dot' : 'ring',
      });
    }
    worstUlp[backend.name] = worst;
  }
  const yMax = 10 ** Math.max(1, Math.ceil(Math.log10(top * 2)));
  if (mismatches.x.length) {
    series.push({
      label: 'NaN/∞ mismatch',
      x: mismatches.x,
      y: mismatches.x.map(() => yMax / 2),
      color: theme.text,
      mark: 'cross',
    });
  }
  const labels = labelsOf(plan.spec, plan.resolved.fromLogits === true);
  const svg = renderChart({
    ...frameOf(options),
    title: options.title ?? `${describeOp(plan.spec.id, options.params)}: error vs the float64 reference`,
    subtitle: `|backend − reference| in ${dtype} ULPs at the reference value · exact results at ${FLOOR}`,
    series,
    rules: [{ axis: 'y', at: 0.5, kind: 'guide', label: '0.5 ULP: correctly rounded' }],
    x: { domain: [plan.x[0]!, plan.x[n - 1]!], label: labels.x },
    y: { domain: [FLOOR, yMax], scale: 'log', label: 'error (ULP)' },
    legend: true,
  });
  return { svg, worstUlp };
}
