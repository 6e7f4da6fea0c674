import { defineAxisActivation } from '../define-axis-activation.js';
import { activationFunction, activationGradient } from '../functions.js';
import { CompensatedSum } from '../numerics.js';

/** The spec of `logSoftmax`: params, reference math, docs and viz hints. */
export const logSoftmaxSpec = defineAxisActivation({
  id: 'logSoftmax',
  forward(x, y) {
    let m = Number.NEGATIVE_INFINITY;
    let argmax = 0;
    for (let k = 0; k < x.length; k++) {
      const v = x[k]!;
      // a NaN becomes m and so spreads to the whole lane, as in PyTorch
      if (v > m || Number.isNaN(v)) {
        m = v;
        argmax = k;
        if (Number.isNaN(v)) break;
      }
    }
    // log Σ e^(x − m) = log1p(Σ over the others): the max's own term is exactly 1, and log1p keeps
    // the digits of a small remainder that log(1 + r) would round away
    const rest = new CompensatedSum();
    for (let k = 0; k < x.length; k++) {
      if (k !== argmax) rest.add(Math.exp(x[k]! - m));
    }
    // with m = +∞ the max's own term is e^(∞ − ∞) = NaN, which PyTorch spreads over the lane
    const logSum = m === Number.POSITIVE_INFINITY ? Number.NaN : Math.log1p(rest.value);
    for (let k = 0; k < x.length; k++) y[k] = x[k]! - m - logSum;
  },
  backward(y, g, dx) {
    // dx = g − softmax(x)·Σ g, with softmax = exp(y)
    const sum = new CompensatedSum();
    for (let k = 0; k < g.length; k++) sum.add(g[k]!);
    const s = sum.value;
    for (let k = 0; k < g.length; k++) dx[k] = g[k]! - Math.exp(y[k]!) * s;
  },
  docs: {
    properties: {
      range: '(−∞, 0]',
      zeroCentred: 'no',
      saturates: 'right',
      dyingUnits: 'low',
      trainableParams: 'none',
      cost: 'medium',
    },
    summary:
      'The logarithm of softmax along an axis, computed directly so that it neither overflows nor underflows.',
    formula: 'y_i = x_i - m - \\log \\sum_j e^{x_j - m},\\quad m = \\max_j x_j',
    derivative: 'dx_i = g_i - e^{y_i} \\sum_j g_j',
    kinks:
      'Smooth everywhere. −∞ entries give −∞ (log-probability of 0); a +∞ entry makes its whole lane NaN (∞ − ∞), and so do a NaN entry and a lane of only −∞, as in PyTorch.',
    others:
      'ONNX LogSoftmax (opset ≥ 13) defaults to axis −1 like Rectify; PyTorch log_softmax needs dim; tf.logSoftmax works on the last axis only.',
    seeAlso: ['softmax', 'logSigmoid', 'categoricalCrossentropy'],
    example: {
      inputs: { x: [1, 2, 3] },
      output: [-2.40760596444438, -1.4076059644443804, -0.4076059644443803],
    },
  },
  viz: { domain: [-6, 6], kinks: () => [] },
});

/**
 * Log-softmax along an axis: `x − m − log Σ exp(x − m)` with `m` the lane's maximum, so no exp
 * overflows and small probabilities keep their digits as log-probabilities.
 *
 * @example
 * ```ts
 * await logSoftmax([1, 2, 3]); // [-2.40760596, -1.40760596, -0.40760596]
 * ```
 */
export const logSoftmax = activationFunction(logSoftmaxSpec);

/**
 * Gradient of {@link logSoftmax}: `g − softmax(x)·Σ g` along the axis.
 *
 * @example
 * ```ts
 * await logSoftmaxGrad([1, 2, 3], {}, { upstream: [1, 0, 0] }); // [0.90996943, -0.24472847, -0.66524096]
 * ```
 */
export const logSoftmaxGrad = activationGradient(logSoftmaxSpec);
