import { definePointwiseLoss } from '../define-loss.js';
import { lossFunction, lossGradient } from '../functions.js';
import { hingeTargets } from './hinge.js';

/** The spec of `squaredHinge`: params, reference math, docs and viz hints. */
export const squaredHingeSpec = definePointwiseLoss({
  id: 'squaredHinge',
  group: 'margin-loss',
  params: {},
  samples: { yTrue: { kind: 'sign' }, yPred: { kind: 'uniform', lo: -3, hi: 3 } },
  targets: (yTrue) => hingeTargets(yTrue),
  loss: (t, y) => {
    const m = Math.max(0, 1 - t * y);
    return m * m;
  },
  dloss: (t, y) => {
    const m = 1 - t * y;
    if (Number.isNaN(m)) return Number.NaN;
    return m > 0 ? -2 * t * m : 0;
  },
  scaledGrad: (t, y, _p, g) => {
    const m = 1 - t * y;
    if (Number.isNaN(m)) return Number.NaN;
    return m > 0 ? -2 * g * t * m : 0;
  },
  docs: {
    summary: 'The square of the hinge loss: a smooth margin loss that punishes large violations more.',
    formula: 'L = \\max(0,\\ 1 - t\\,\\hat y)^2,\\quad t \\in \\{-1, 1\\}',
    derivative: '\\frac{\\partial L}{\\partial \\hat y} = -2t \\max(0,\\ 1 - t\\,\\hat y)',
    kinks:
      'The gradient is continuous (0 at t·yPred = 1). Labels are −1 or 1; when every label of yTrue is 0 or 1 they are mapped to 2·yTrue − 1 first.',
    others:
      'Keras SquaredHinge maps 0/1 labels the same way (when all labels are 0 or 1). PyTorch has no direct equivalent (MultiMarginLoss with p = 2 is a multi-class variant).',
    seeAlso: ['hinge', 'meanSquaredError'],
    example: { inputs: { yTrue: [1, -1], yPred: [0.5, 0.5] }, output: 1.25 },
  },
  viz: { domain: [-3, 3], kinks: () => [], target: 1 },
});

/**
 * Squared hinge loss: `max(0, 1 − t·yPred)²` with labels t in {−1, 1} (0/1 labels are mapped to −1/1).
 *
 * @example
 * ```ts
 * await squaredHinge([1, -1], [0.5, 0.5]); // 1.25
 * ```
 */
export const squaredHinge = lossFunction(squaredHingeSpec);

/**
 * Gradient of {@link squaredHinge} with respect to `yPred`: `−2t·max(0, 1 − t·yPred)`, divided by n for 'mean'.
 *
 * @example
 * ```ts
 * await squaredHingeGrad([1, -1], [0.5, 0.5]); // [-0.5, 1.5]
 * ```
 */
export const squaredHingeGrad = lossGradient(squaredHingeSpec);
