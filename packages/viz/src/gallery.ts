import type { Backend } from '@rectify/core';
import { plotError } from './plot-error.js';
import { type PlotLossOptions, plotLoss } from './plot-loss.js';
import { plotOp } from './plot-op.js';
import { plotOps } from './plot-ops.js';
import { plotSweep } from './plot-sweep.js';

/** A canonical plot: the playground's gallery shows these, and the snapshot tests pin them. */
export interface GalleryEntry {
  /** Stable, file-name safe: the snapshot is `test/__snapshots__/<id>.svg`. */
  readonly id: string;
  readonly title: string;
  /** One or two sentences on what to look at. */
  readonly description: string;
  /** The SVG, deterministic: core's reference (and the cpu backend for the error plots). */
  render(): Promise<string>;
}

// the cpu backend is loaded only when an error plot is drawn, so importing the gallery stays light
let cpu: Promise<Backend> | undefined;
function cpuBackend(): Promise<Backend> {
  cpu ??= import('@rectify/backend-cpu').then((m) => m.createCpuBackend());
  return cpu;
}

function entry(id: string, title: string, description: string, render: () => Promise<string>): GalleryEntry {
  return Object.freeze({ id, title, description, render });
}

/**
 * The canonical plots, in reading order. Every one is deterministic, so the playground's gallery and
 * `test/gallery.test.ts`'s snapshots show the same pictures.
 *
 * @example
 * ```ts
 * for (const e of gallery) document.body.insertAdjacentHTML('beforeend', await e.render());
 * ```
 */
/**
 * The classic comparison: binary cross-entropy and mean squared error of σ(z) against target 1, with
 * their gradients in z — MSE's vanishes for a confidently wrong logit, BCE's does not.
 *
 * @example
 * ```ts
 * const svg = await plotLoss({ ...bceVsMse, width: 480 });
 * ```
 */
export const bceVsMse = Object.freeze({
  losses: [
    { op: 'binaryCrossentropy', label: 'binary cross-entropy' },
    { op: 'meanSquaredError', label: 'mean squared error' },
  ],
  target: 1,
  through: 'sigmoid',
} as const satisfies PlotLossOptions);

export const gallery: readonly GalleryEntry[] = Object.freeze([
  entry(
    'relu',
    'ReLU and its derivative',
    'max(0, x): the identity for positive inputs, zero otherwise. Its derivative is a step, taken as 0 at the kink x = 0.',
    () => plotOp({ op: 'relu', title: 'relu' }),
  ),
  entry(
    'leaky-relu',
    'Leaky ReLU, alpha = 0.1',
    'A small slope alpha for x ≤ 0 keeps the gradient alive where ReLU’s is zero; the dashed rule marks the kink.',
    () => plotOp({ op: 'leakyRelu', params: { alpha: 0.1 } }),
  ),
  entry(
    'rectifiers-overlay',
    'ReLU, Leaky ReLU, PReLU, sigmoid and tanh',
    'The rectifiers grow without bound for positive x; sigmoid and tanh saturate on both sides.',
    () =>
      plotOps({
        ops: [
          { op: 'relu' },
          { op: 'leakyRelu', params: { alpha: 0.1 }, label: 'leakyRelu (α = 0.1)' },
          { op: 'prelu', params: { alpha: 0.25 }, label: 'prelu (α = 0.25)' },
          { op: 'sigmoid' },
          { op: 'tanh' },
        ],
        show: ['f'],
        domain: [-4, 4],
        title: 'Rectifiers vs squashing functions',
      }),
  ),
  entry(
    'leaky-relu-sweep',
    'Leaky ReLU for several alphas',
    'The negative slope alpha from 0.01 to 0.3: the larger it is, the more the unit passes for negative inputs.',
    () =>
      plotSweep({ op: 'leakyRelu', param: 'alpha', values: [0.01, 0.05, 0.1, 0.2, 0.3], domain: [-4, 2] }),
  ),
  entry(
    'smooth-gates',
    'GELU, SiLU and Mish',
    'Smooth, non-monotonic relatives of ReLU: each dips below zero for negative x, and their derivatives overshoot 1.',
    () =>
      plotOps({
        ops: [{ op: 'gelu' }, { op: 'silu' }, { op: 'mish' }],
        domain: [-5, 4],
        title: 'gelu vs silu vs mish',
      }),
  ),
  entry(
    'softmax',
    'Softmax of [x, 0]',
    'With two scores softmax is a sigmoid: the probability of the first class as its score x varies, and ∂y₀/∂x₀.',
    () => plotOp({ op: 'softmax', title: 'softmax([x, 0])₀' }),
  ),
  entry(
    'saturation',
    'Sigmoid and tanh saturate',
    'Far from 0 both flatten and their derivatives vanish (sigmoid′ ≤ 0.25, tanh′ ≤ 1): deep stacks of them learn slowly.',
    () =>
      plotOps({
        ops: [{ op: 'sigmoid' }, { op: 'tanh' }],
        domain: [-6, 6],
        title: 'sigmoid and tanh: saturation',
      }),
  ),
  entry(
    'bce-vs-mse',
    'BCE vs MSE after a sigmoid',
    'Target 1, prediction σ(z). For a confidently wrong logit (z ≪ 0) the gradient of MSE vanishes while BCE’s tends to −1.',
    () => plotLoss({ ...bceVsMse, title: 'BCE vs MSE after a sigmoid, target 1' }),
  ),
  entry(
    'huber-sweep',
    'Huber loss for several deltas',
    'Quadratic within delta of the target, linear beyond: the gradient is clipped to ±delta.',
    () => plotSweep({ op: 'huber', param: 'delta', values: [0.5, 1, 2], domain: [-3, 3] }),
  ),
  entry(
    'error-sigmoid',
    'Sigmoid on the cpu backend: float32 error',
    'Errors of the cpu backend’s float32 sigmoid and its derivative against the float64 reference, in ULPs: at most 0.5, correctly rounded.',
    async () => (await plotError({ op: 'sigmoid', backends: [await cpuBackend()], dtype: 'float32' })).svg,
  ),
  entry(
    'error-gelu',
    'GELU on the cpu backend: float32 error',
    'The same measure for gelu (exact, with erf): the cpu backend computes in float64 and rounds once.',
    async () => (await plotError({ op: 'gelu', backends: [await cpuBackend()], dtype: 'float32' })).svg,
  ),
]);
