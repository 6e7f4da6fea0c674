import { defineAxisActivation } from '../define-axis-activation.js';
import { activationFunction, activationGradient } from '../functions.js';
import { CompensatedSum } from '../numerics.js';

/** The spec of `softmax`: params, reference math, docs and viz hints. */
export const softmaxSpec = defineAxisActivation({
  id: 'softmax',
  forward(x, y) {
    let m = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < x.length; k++) m = Math.max(m, x[k]!);
    const sum = new CompensatedSum();
    for (let k = 0; k < x.length; k++) {
      y[k] = Math.exp(x[k]! - m);
      sum.add(y[k]!);
    }
    const s = sum.value;
    for (let k = 0; k < y.length; k++) y[k] = y[k]! / s;
  },
  backward(y, g, dx) {
    // dx = y·(g − Σ g·y)
    const dot = new CompensatedSum();
    for (let k = 0; k < y.length; k++) dot.add(g[k]! * y[k]!);
    const s = dot.value;
    for (let k = 0; k < y.length; k++) dx[k] = y[k]! * (g[k]! - s);
  },
  docs: {
    properties: {
      range: '(0, 1), summing to 1 along the axis',
      zeroCentred: 'no',
      saturates: 'both',
      dyingUnits: 'low',
      trainableParams: 'none',
      cost: 'medium',
    },
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
});

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
