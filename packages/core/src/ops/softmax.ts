import { activationInput } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';
import { CompensatedSum } from '../numerics.js';
import { axisParam } from '../params.js';
import { axisLayout, forEachLane, normalizeAxis } from '../shape.js';
import type { OpSpec } from '../spec.js';

const params = { axis: axisParam };

/** The spec of `softmax`: params, reference math, docs and viz hints. */
const spec: OpSpec<'softmax', 'x', 'x', typeof params> = {
  id: 'softmax',
  kind: 'activation',
  group: 'normalizing',
  inputs: [activationInput],
  gradWrt: ['x'],
  params,
  checkInputs(inputs, p) {
    normalizeAxis('softmax', p.axis, inputs.x.shape.length);
  },
  outputShape: (inputs) => inputs.x.shape,
  forward(inputs, p, out) {
    const x = inputs.x.data;
    const layout = axisLayout(inputs.x.shape, normalizeAxis('softmax', p.axis, inputs.x.shape.length));
    const e = new Float64Array(layout.length);
    forEachLane(layout, (start, stride) => {
      let m = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < e.length; k++) m = Math.max(m, x[start + k * stride]!);
      const sum = new CompensatedSum();
      for (let k = 0; k < e.length; k++) {
        e[k] = Math.exp(x[start + k * stride]! - m);
        sum.add(e[k]!);
      }
      const s = sum.value;
      for (let k = 0; k < e.length; k++) out[start + k * stride] = e[k]! / s;
    });
  },
  backward(inputs, p, upstream, grads) {
    // dx = y·(g − Σ g·y) along the axis, with y recomputed in float64
    const y = new Float64Array(inputs.x.size);
    spec.forward(inputs, p, y);
    const g = upstream.data;
    const layout = axisLayout(inputs.x.shape, normalizeAxis('softmax', p.axis, inputs.x.shape.length));
    forEachLane(layout, (start, stride) => {
      const dot = new CompensatedSum();
      for (let k = 0; k < layout.length; k++) dot.add(g[start + k * stride]! * y[start + k * stride]!);
      const s = dot.value;
      for (let k = 0; k < layout.length; k++) {
        const i = start + k * stride;
        grads.x[i] = y[i]! * (g[i]! - s);
      }
    });
  },
  docs: {
    summary: 'Turns a vector of scores into probabilities along an axis: exp(x) normalized to sum to 1.',
    formula: 'y_i = \\frac{e^{x_i - m}}{\\sum_j e^{x_j - m}},\\quad m = \\max_j x_j',
    derivative: 'dx_i = y_i \\left(g_i - \\sum_j g_j y_j\\right)',
    kinks: 'Smooth everywhere. A +∞ entry gives NaN (∞ − ∞), as in PyTorch; −∞ entries get probability 0.',
    others:
      'tf.softmax works on the last axis only; ONNX opset ≥ 13 and PyTorch take any axis (ONNX defaults to −1, PyTorch needs dim).',
    seeAlso: ['logSoftmax', 'sigmoid', 'categoricalCrossentropy'],
    example: {
      inputs: { x: [1, 2, 3] },
      output: [0.09003057317038046, 0.24472847105479764, 0.6652409557748219],
    },
  },
  viz: { domain: [-6, 6], kinks: () => [] },
};
export const softmaxSpec = Object.freeze(spec);

/**
 * Softmax along an axis: exponentials normalized to sum to 1, computed after subtracting the lane's
 * maximum so that no exp overflows.
 *
 * @example
 * ```ts
 * await softmax([1, 2, 3]); // [0.09003057, 0.24472847, 0.66524096]
 * ```
 */
export const softmax = activationFunction(softmaxSpec);

/**
 * Gradient of {@link softmax}: `y·(g − Σ g·y)` along the axis.
 *
 * @example
 * ```ts
 * await softmaxGrad([1, 2, 3], {}, { upstream: [1, 0, 0] }); // [0.0819251, -0.0220331, -0.0598920]
 * ```
 */
export const softmaxGrad = activationGradient(softmaxSpec);
