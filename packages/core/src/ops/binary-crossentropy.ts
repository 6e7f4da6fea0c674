import { definePointwiseLoss } from '../define-loss.js';
import { lossFunction, lossGradient } from '../functions.js';
import { sigmoid, timesInfinity } from '../numerics.js';
import { booleanParam, numberParam } from '../params.js';

const EPS = 1e-7;
const ONE_MINUS_EPS = 1 - EPS;

/** Loss of one element given logit z: max(z, 0) − z·t + log(1 + e^(−|z|)), with its limits at z = ±∞. */
function logitLoss(t: number, z: number): number {
  // the loss grows like z·(1 − t) at +∞ and like −z·t at −∞; a vanishing coefficient gives 0, not ∞ − ∞
  if (z === Number.POSITIVE_INFINITY) return timesInfinity(1 - t, z);
  if (z === Number.NEGATIVE_INFINITY) return timesInfinity(t, -z);
  return Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
}

/** Loss of one element given probability y, clipped to [eps, 1 − eps] so that both logs are finite. */
function probabilityLoss(t: number, y: number): number {
  // Math.min/max keep a NaN
  const p = Math.min(Math.max(y, EPS), ONE_MINUS_EPS);
  return -(t * Math.log(p) + (1 - t) * Math.log1p(-p));
}

/** The spec of `binaryCrossentropy`: params, reference math, docs and viz hints. */
export const binaryCrossentropySpec = definePointwiseLoss({
  id: 'binaryCrossentropy',
  group: 'probabilistic-loss',
  params: {
    fromLogits: booleanParam(
      false,
      'Whether yPred holds logits (any real) instead of probabilities in [0, 1].',
    ),
    labelSmoothing: numberParam(0, 'Pulls the targets towards 0.5: t = yTrue·(1 − ls) + 0.5·ls.', {
      min: 0,
      max: 1,
    }),
  },
  samples: { yTrue: { kind: 'uniform', lo: 0, hi: 1 }, yPred: { kind: 'uniform', lo: 0.02, hi: 0.98 } },
  targets: (yTrue, p) => {
    const ls = p.labelSmoothing;
    if (ls === 0) return yTrue.data;
    const t = new Float64Array(yTrue.size);
    for (let i = 0; i < t.length; i++) t[i] = yTrue.data[i]! * (1 - ls) + 0.5 * ls;
    return t;
  },
  loss: (t, y, p) => (p.fromLogits ? logitLoss(t, y) : probabilityLoss(t, y)),
  dloss: (t, y, p) => {
    // sigmoid(±∞) is exactly 1 or 0, so the logit gradient has its limit at ±∞ without special cases
    if (p.fromLogits) return sigmoid(y) - t;
    // the clip cuts the gradient outside [eps, 1 − eps] (torch.clamp); NaN fails both tests and reaches the formula
    if (y < EPS || y > ONE_MINUS_EPS) return Number.isNaN(t) ? Number.NaN : 0;
    return (y - t) / (y * (1 - y));
  },
  docs: {
    summary:
      'The cross-entropy between binary (or soft) targets and predicted probabilities or logits, per element.',
    formula:
      'L = -\\left(t \\log p + (1 - t) \\log(1 - p)\\right),\\quad p = \\operatorname{clip}(\\hat y, \\epsilon, 1 - \\epsilon),\\quad t = y(1 - ls) + \\tfrac12 ls;\\ \\text{logits } z{:}\\ L = \\max(z, 0) - z t + \\log(1 + e^{-|z|})',
    derivative:
      '\\frac{\\partial L}{\\partial \\hat y} = \\frac{p - t}{p(1 - p)}\\ \\text{for}\\ \\epsilon \\le \\hat y \\le 1 - \\epsilon,\\ 0\\ \\text{outside};\\ \\text{logits: } \\sigma(z) - t',
    kinks:
      'Probabilities are clipped to [eps, 1 − eps] with eps = 1e-7 as torch.clamp: the gradient passes on the closed interval and is 0 outside it. From logits the loss is smooth; at z = ±∞ the loss and gradient take their limits (z = +∞ with t = 1 gives loss 0 and gradient 0).',
    others:
      'Keras BinaryCrossentropy clips probabilities the same way (epsilon 1e-7) and smooths labels with the same formula. PyTorch BCELoss does not clip p but clamps each log at −100, and has no label smoothing; PyTorch BCEWithLogitsLoss is the fromLogits form.',
    seeAlso: ['categoricalCrossentropy', 'sigmoid', 'hinge'],
    example: { inputs: { yTrue: [1, 0], yPred: [0.8, 0.2] }, output: 0.22314355131420976 },
  },
  viz: { domain: [0, 1], kinks: () => [EPS, ONE_MINUS_EPS], target: 1 },
});

/**
 * Binary cross-entropy: `−(t·log p + (1 − t)·log(1 − p))` with `p` the prediction clipped to
 * [1e-7, 1 − 1e-7], or from logits with `fromLogits: true`.
 *
 * @example
 * ```ts
 * await binaryCrossentropy([1, 0], [0.8, 0.2]); // 0.2231436 = −ln 0.8
 * await binaryCrossentropy([1], [0], { fromLogits: true }); // 0.6931472 = ln 2
 * ```
 */
export const binaryCrossentropy = lossFunction(binaryCrossentropySpec);

/**
 * Gradient of {@link binaryCrossentropy} with respect to `yPred`: `(p − t)/(p(1 − p))` inside the clip
 * range and 0 outside, or `sigmoid(z) − t` from logits (divided by n for 'mean').
 *
 * @example
 * ```ts
 * await binaryCrossentropyGrad([1, 0], [0.8, 0.2]); // [-0.625, 0.625]
 * ```
 */
export const binaryCrossentropyGrad = lossGradient(binaryCrossentropySpec);
