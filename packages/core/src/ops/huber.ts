import { definePointwiseLoss } from '../define-loss.js';
import { lossFunction, lossGradient } from '../functions.js';
import { numberParam } from '../params.js';

/** The spec of `huber`: params, reference math, docs and viz hints. */
export const huberSpec = definePointwiseLoss({
  id: 'huber',
  group: 'regression-loss',
  params: {
    delta: numberParam(1, 'Where the loss turns from quadratic to linear (> 0).', {
      min: 0,
      exclusiveMin: true,
    }),
  },
  samples: { yTrue: { kind: 'uniform', lo: -3, hi: 3 }, yPred: { kind: 'uniform', lo: -3, hi: 3 } },
  loss: (t, y, p) => {
    const d = y - t;
    const a = Math.abs(d);
    // NaN fails the test and falls to the linear branch, which keeps it NaN
    return a <= p.delta ? 0.5 * d * d : p.delta * (a - 0.5 * p.delta);
  },
  dloss: (t, y, p) => {
    const d = y - t;
    return Math.abs(d) <= p.delta ? d : p.delta * Math.sign(d);
  },
  docs: {
    summary:
      'Squared error for small differences and absolute error beyond delta: MSE near the target, robust to outliers.',
    formula:
      'L = \\begin{cases} \\tfrac12 d^2 & |d| \\le \\delta \\\\ \\delta\\,(|d| - \\tfrac12 \\delta) & |d| > \\delta \\end{cases},\\quad d = \\hat y - y',
    derivative:
      '\\frac{\\partial L}{\\partial \\hat y} = \\begin{cases} d & |d| \\le \\delta \\\\ \\delta \\operatorname{sign}(d) & |d| > \\delta \\end{cases}',
    kinks:
      'The gradient is continuous: at |d| = delta both branches give ±delta (the quadratic branch is used). Only the second derivative jumps there.',
    others:
      'PyTorch HuberLoss (delta = 1) and Keras Huber (delta = 1) compute the same loss. PyTorch SmoothL1Loss(beta) is this loss with delta = beta, divided by beta: the two agree only for beta = delta = 1.',
    seeAlso: ['meanSquaredError', 'meanAbsoluteError', 'logCosh'],
    example: { params: { delta: 1 }, inputs: { yTrue: [0, 0], yPred: [0.5, 3] }, output: 1.3125 },
  },
  viz: { domain: [-3, 3], kinks: (p) => [-p.delta, p.delta], target: 0 },
});

/**
 * Huber loss: `½d²` for `|d| ≤ delta` and `delta·(|d| − ½delta)` beyond, with `d = yPred − yTrue`.
 *
 * @example
 * ```ts
 * await huber([0, 0], [0.5, 3], { delta: 1 }); // 1.3125
 * ```
 */
export const huber = lossFunction(huberSpec);

/**
 * Gradient of {@link huber} with respect to `yPred`: `d` inside `|d| ≤ delta`, `delta·sign(d)` outside
 * (divided by n for 'mean').
 *
 * @example
 * ```ts
 * await huberGrad([0, 0], [0.5, 3], { delta: 1 }); // [0.25, 0.5]
 * ```
 */
export const huberGrad = lossGradient(huberSpec);
