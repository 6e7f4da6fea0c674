import { getSpec, InvalidParamError, logistic, referenceBackend } from '@rectify/core';
import { renderChart, type Series } from './chart.js';
import { checkDomain, curveDomain, planCurve } from './curve-inputs.js';
import { checkFrame, type Frame, frameOf } from './frame.js';
import { checkNonEmpty, checkShow, describeOp } from './plot-common.js';
import { runCurve } from './sample.js';
import { palette } from './theme.js';

/** One loss of a {@link plotLoss} chart. */
export interface LossEntry {
  readonly op: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly label?: string;
}

/** Options of {@link plotLoss}. */
export interface PlotLossOptions extends Frame {
  readonly losses: readonly LossEntry[];
  /** The target yTrue every loss is measured against (for sparse losses: the class, 0 or 1). */
  readonly target: number;
  /**
   * `identity` (default): x is yPred. `sigmoid`: x is a logit z, yPred = σ(z), and the gradient is
   * dL/dz = dL/dyPred · σ′(z) — what a network's last layer receives.
   */
  readonly through?: 'sigmoid' | 'identity';
  /** Default `['loss', 'grad']`. */
  readonly show?: readonly ('loss' | 'grad')[];
  /** Default: [−6, 6] through a sigmoid, else the first loss's curve domain. */
  readonly domain?: readonly [number, number];
}

/**
 * Losses and their gradients against one target, computed by core's reference. Through a sigmoid it
 * shows why classifiers use cross-entropy: for a confident wrong logit (z ≪ 0 with target 1) the
 * gradient of MSE vanishes with σ′(z), while BCE's tends to −1 and keeps learning.
 *
 * For two-class per-sample losses (yPred rows `[p, 1 − p]`) the gradient through the sigmoid is the
 * derivative along the curve, (∂L/∂y₀ − ∂L/∂y₁)·σ′(z); without one it is ∂L/∂y₀, as in `sampleOp`.
 *
 * @example
 * ```ts
 * const svg = await plotLoss({
 *   losses: [{ op: 'binaryCrossentropy' }, { op: 'meanSquaredError' }],
 *   target: 1,
 *   through: 'sigmoid',
 * });
 * ```
 */
export async function plotLoss(options: PlotLossOptions): Promise<string> {
  const who = 'plotLoss';
  checkFrame(who, options);
  checkNonEmpty(who, 'losses', options.losses);
  const show = checkShow(who, options.show ?? ['loss', 'grad'], ['loss', 'grad'] as const);
  const through = options.through ?? 'identity';
  if (through !== 'sigmoid' && through !== 'identity') {
    throw new InvalidParamError(`${who}: through must be "sigmoid" or "identity", got ${String(through)}`);
  }
  if (typeof options.target !== 'number' || !Number.isFinite(options.target)) {
    throw new InvalidParamError(`${who}: target must be a finite number, got ${String(options.target)}`);
  }
  for (const e of options.losses) {
    const spec = getSpec(e?.op);
    if (spec.kind !== 'loss')
      throw new InvalidParamError(`${who}: ${spec.id} is not a loss`, { op: spec.id });
    if (through === 'sigmoid' && (e.params as { fromLogits?: unknown } | undefined)?.fromLogits === true) {
      throw new InvalidParamError(`${who}: through a sigmoid the loss gets probabilities; drop fromLogits`, {
        op: spec.id,
      });
    }
  }
  const first = options.losses[0]!;
  const domain =
    options.domain !== undefined
      ? checkDomain(who, options.domain)
      : through === 'sigmoid'
        ? ([-6, 6] as const)
        : curveDomain(first.op, first.params);

  // one x grid for all; through a sigmoid each loss is fed p = σ(z)
  const n = 241;
  const xs = Float64Array.from({ length: n }, (_, i) => domain[0] + ((domain[1] - domain[0]) * i) / (n - 1));
  const fed = through === 'sigmoid' ? xs.map((z) => logistic(z)) : xs;
  const plans = options.losses.map((e) =>
    planCurve(e.op, e.params, { grid: fed, target: options.target, dtype: 'float64' }),
  );

  const series: Series[] = [];
  for (const [i, plan] of plans.entries()) {
    const s = await runCurve(plan, referenceBackend);
    const entry = options.losses[i]!;
    const label = entry.label ?? describeOp(plan.spec.id, entry.params);
    const color = palette[i % palette.length]!;
    const grad = through === 'sigmoid' ? s.dpath.map((g, j) => g * fed[j]! * (1 - fed[j]!)) : s.df;
    if (show.includes('loss')) series.push({ label, x: xs, y: s.f, color });
    if (show.includes('grad')) {
      series.push({
        label: `${label} gradient`,
        x: xs,
        y: grad,
        color,
        dash: true,
        hideInLegend: show.length === 2,
      });
    }
  }
  const sig = through === 'sigmoid';
  const v = sig ? 'z' : 'ŷ';
  const yLabel = [show.includes('loss') ? `L` : '', show.includes('grad') ? `dL/d${v}` : '']
    .filter(Boolean)
    .join(', ');
  return renderChart({
    ...frameOf(options),
    title:
      options.title ??
      `${options.losses.map((e) => e.label ?? e.op).join(' vs ')}${sig ? ' after a sigmoid' : ''}, target ${options.target}`,
    subtitle: [
      sig ? 'ŷ = σ(z), gradient by the chain rule' : '',
      show.length === 2 ? 'solid: loss, dashed: gradient' : '',
    ]
      .filter(Boolean)
      .join(' · '),
    series,
    x: { domain, label: sig ? 'z (logit)' : 'ŷ (yPred)' },
    y: { label: yLabel },
    legend: true,
  });
}
