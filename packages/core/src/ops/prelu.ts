import { activationInput } from '../define-activation.js';
import { type GradOptions, type RunOptions, runSpec, runSpecGradient } from '../functions.js';
import { broadcastIndex, checkBroadcast } from '../shape.js';
import type { InputDecl, OpSpec } from '../spec.js';
import type { Tensor, TensorInput } from '../tensor.js';

const params = {};

const alphaInput: InputDecl<'alpha'> = {
  name: 'alpha',
  doc: "The slope for x ≤ 0, broadcast to x NumPy-style from the trailing axes: a scalar, one slope per last-axis entry, or e.g. [C, 1, 1] for PyTorch's per-channel slope of an NCHW input.",
  role: 'float',
  sample: { kind: 'uniform', lo: 0, hi: 0.5 },
};

/** `alpha·x` for x ≤ 0, with the limit 0 (not 0·∞ = NaN) when alpha = 0 and x = −∞. */
function negativeBranch(x: number, alpha: number): number {
  return alpha === 0 && x === Number.NEGATIVE_INFINITY ? 0 : alpha * x;
}

// typed before freezing: Object.freeze's overloads would drop the contextual type (gradWrt widens to string[])
const spec: OpSpec<'prelu', 'x' | 'alpha', 'x' | 'alpha', typeof params> = {
  id: 'prelu',
  kind: 'activation',
  group: 'piecewise-linear',
  inputs: [activationInput, alphaInput],
  gradWrt: ['x', 'alpha'],
  params,
  checkInputs(inputs) {
    checkBroadcast('prelu', 'alpha', inputs.alpha.shape, inputs.x.shape);
  },
  outputShape: (inputs) => inputs.x.shape,
  forward(inputs, _p, out) {
    const x = inputs.x.data;
    const a = inputs.alpha.data;
    const map = broadcastIndex('prelu', 'alpha', inputs.alpha.shape, inputs.x.shape);
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      out[i] = xi > 0 ? xi : negativeBranch(xi, a[map[i]!]!);
    }
  },
  backward(inputs, _p, upstream, grads) {
    const x = inputs.x.data;
    const a = inputs.alpha.data;
    const g = upstream.data;
    const map = broadcastIndex('prelu', 'alpha', inputs.alpha.shape, inputs.x.shape);
    // dalpha sums many terms into few slopes: Neumaier-compensated float64 accumulators, one per slope
    const sum = new Float64Array(a.length);
    const carry = new Float64Array(a.length);
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      const j = map[i]!;
      if (Number.isNaN(xi)) {
        grads.x[i] = Number.NaN;
        sum[j] = Number.NaN;
        continue;
      }
      // as in defineActivation, a zero partial derivative gives 0 even for an infinite upstream
      const dx = xi > 0 ? 1 : a[j]!;
      grads.x[i] = dx === 0 ? 0 : g[i]! * dx;
      // x > 0 adds nothing to dalpha and x = 0 adds g·0: skipped, so an infinite upstream cannot make it NaN
      if (xi >= 0) continue;
      const v = g[i]! * xi;
      const s = sum[j]!;
      const t = s + v;
      carry[j] = carry[j]! + (Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s);
      sum[j] = t;
    }
    for (let j = 0; j < a.length; j++) {
      const s = sum[j]!;
      // an infinite or NaN term poisons the carry; the plain sum is then the answer
      grads.alpha[j] = Number.isFinite(s) ? s + carry[j]! : s;
    }
  },
  docs: {
    properties: {
      range: '(−∞, ∞)',
      zeroCentred: 'no',
      saturates: 'none',
      dyingUnits: 'none',
      trainableParams: 'α per channel (or one shared)',
      cost: 'low',
    },
    summary:
      'Parametric ReLU: a leaky ReLU whose negative slope alpha is an input tensor (learned in training), broadcast to x.',
    formula:
      'f(x_i) = \\begin{cases} x_i & x_i > 0 \\\\ \\alpha_{j(i)}\\, x_i & x_i \\le 0 \\end{cases},\\quad j(i) \\text{: the entry of } \\alpha \\text{ broadcast to position } i',
    derivative:
      'dx_i = g_i \\begin{cases} 1 & x_i > 0 \\\\ \\alpha_{j(i)} & x_i \\le 0 \\end{cases},\\qquad d\\alpha_j = \\sum_{i:\\, j(i) = j,\\ x_i \\le 0} g_i\\, x_i',
    kinks:
      'At x = 0 the gradient with respect to x is alpha (the left slope) and the term added to dalpha is 0, as in PyTorch.',
    others:
      "alpha broadcasts to x NumPy-style from the trailing axes, as in ONNX PRelu. PyTorch's nn.PReLU puts the channel on axis 1: its per-channel slope of an NCHW input is alpha of shape [C, 1, 1] here (an alpha of shape [C] would pair with the last axis, W). PyTorch initializes alpha to 0.25, Keras's PReLU layer to 0.",
    paper: {
      title:
        'He, Zhang, Ren, Sun: Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification (2015)',
      url: 'https://arxiv.org/abs/1502.01852',
    },
    seeAlso: ['leakyRelu', 'rrelu', 'relu'],
    example: {
      inputs: {
        x: [
          [-2, 3],
          [-4, -1],
        ],
        alpha: [0.25, 0.5],
      },
      // alpha pairs with the last axis: column 0 takes 0.25, column 1 takes 0.5
      output: [
        [-0.5, 3],
        [-1, -0.5],
      ],
    },
  },
  viz: { domain: [-4, 4], kinks: () => [0] },
};

/** The spec of `prelu`: params, reference math, docs and viz hints. */
export const preluSpec = Object.freeze(spec);

/**
 * PReLU: `x` for positive inputs, `alpha·x` otherwise, with `alpha` a tensor broadcast to `x` from the
 * trailing axes (a scalar, a slope per last-axis entry, or `[C, 1, 1]` per channel of an NCHW input).
 *
 * @example
 * ```ts
 * await prelu([[-2, 3], [-4, -1]], [0.25, 0.5]); // [[-0.5, 3], [-1, -0.5]]
 * // PyTorch nn.PReLU(C) on an [N, C, H, W] input:
 * await prelu(x, tensor(slopes, [C, 1, 1]));
 * ```
 */
export function prelu(x: TensorInput, alpha: TensorInput, options?: RunOptions): Promise<Tensor> {
  return runSpec(preluSpec, { x, alpha }, undefined, options);
}

/**
 * Gradients of {@link prelu}: `x`: `upstream · (x > 0 ? 1 : alpha)`; `alpha`: `upstream · (x > 0 ? 0 : x)`
 * summed over the positions each slope was broadcast to, in alpha's shape.
 *
 * @example
 * ```ts
 * const { x, alpha } = await preluGrad([[-1, 2], [-3, -4]], [0.25, 0.5], { upstream: [[1, 2], [3, 4]] });
 * // x: [[0.25, 2], [0.75, 2]], alpha: [-10, -16]
 * ```
 */
export async function preluGrad(
  x: TensorInput,
  alpha: TensorInput,
  options?: GradOptions,
): Promise<{ readonly x: Tensor; readonly alpha: Tensor }> {
  const grads = await runSpecGradient(preluSpec, { x, alpha }, undefined, options);
  return { x: grads.x!, alpha: grads.alpha! };
}
