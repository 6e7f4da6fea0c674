import { definePerSampleLoss } from '../define-loss.js';
import { lossFunction, lossGradient } from '../functions.js';
import { CompensatedSum } from '../numerics.js';
import { booleanParam, numberParam } from '../params.js';

const EPS = 1e-7;
const ONE_MINUS_EPS = 1 - EPS;

/** −Σ t·log(softmax(z)) of one lane, with log-softmax taken after subtracting the lane's maximum. */
function logitsLoss(t: Float64Array, z: Float64Array): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < z.length; k++) m = Math.max(m, z[k]!);
  const e = new CompensatedSum();
  for (let k = 0; k < z.length; k++) e.add(Math.exp(z[k]! - m));
  const logSum = Math.log(e.value);
  const s = new CompensatedSum();
  for (let k = 0; k < z.length; k++) {
    const logp = z[k]! - m - logSum;
    // a class with no target mass adds nothing, even where its log-probability is −∞ (0·∞ = 0)
    if (t[k] === 0 && logp === Number.NEGATIVE_INFINITY) continue;
    s.add(t[k]! * logp);
  }
  return -s.value;
}

/** ∂/∂z of {@link logitsLoss}: softmax(z)·Σt − t. */
function logitsGrad(t: Float64Array, z: Float64Array, dy: Float64Array): void {
  let m = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < z.length; k++) m = Math.max(m, z[k]!);
  const e = new CompensatedSum();
  const mass = new CompensatedSum();
  for (let k = 0; k < z.length; k++) {
    dy[k] = Math.exp(z[k]! - m);
    e.add(dy[k]!);
    mass.add(t[k]!);
  }
  const scale = mass.value / e.value;
  for (let k = 0; k < z.length; k++) dy[k] = dy[k]! * scale - t[k]!;
}

/** −Σ t·log(clip(y/Σy, eps, 1 − eps)) of one lane. */
function probabilitiesLoss(t: Float64Array, y: Float64Array): number {
  const total = new CompensatedSum();
  for (let k = 0; k < y.length; k++) total.add(y[k]!);
  const sum = total.value;
  const s = new CompensatedSum();
  for (let k = 0; k < y.length; k++) {
    const q = y[k]! / sum;
    const p = Math.min(Math.max(q, EPS), ONE_MINUS_EPS);
    s.add(t[k]! * Math.log(p));
  }
  return -s.value;
}

/**
 * ∂/∂y of {@link probabilitiesLoss}, through the normalization q = y/S and the clip:
 * with a_j = −t_j/q_j where q_j is inside [eps, 1 − eps] (0 outside), dL/dy_k = (a_k − Σ_j a_j·q_j)/S.
 */
function probabilitiesGrad(t: Float64Array, y: Float64Array, dy: Float64Array): void {
  const total = new CompensatedSum();
  for (let k = 0; k < y.length; k++) total.add(y[k]!);
  const sum = total.value;
  const dot = new CompensatedSum();
  for (let k = 0; k < y.length; k++) {
    const q = y[k]! / sum;
    const tk = t[k]!;
    // a clipped class passes no gradient, but a NaN target must still poison the lane
    const a = q >= EPS && q <= ONE_MINUS_EPS ? -tk / q : Number.isNaN(tk) ? Number.NaN : 0;
    dy[k] = a;
    dot.add(a * q);
  }
  const aq = dot.value;
  for (let k = 0; k < y.length; k++) dy[k] = (dy[k]! - aq) / sum;
}

/**
 * The per-lane cross-entropy shared by categorical and sparse categorical cross-entropy: `t` are the
 * (already smoothed or one-hot) targets of one sample, `y` its probabilities or logits.
 */
export function crossentropyLane(t: Float64Array, y: Float64Array, fromLogits: boolean): number {
  return fromLogits ? logitsLoss(t, y) : probabilitiesLoss(t, y);
}

/** Writes ∂/∂y of {@link crossentropyLane} into `dy`. */
export function crossentropyLaneGrad(
  t: Float64Array,
  y: Float64Array,
  fromLogits: boolean,
  dy: Float64Array,
): void {
  if (fromLogits) logitsGrad(t, y, dy);
  else probabilitiesGrad(t, y, dy);
}

/** Smooths one lane's targets in place (the lane is the builder's scratch copy): t·(1 − ls) + ls/C. */
function smooth(t: Float64Array, ls: number): Float64Array {
  if (ls === 0) return t;
  const share = ls / t.length;
  for (let k = 0; k < t.length; k++) t[k] = t[k]! * (1 - ls) + share;
  return t;
}

/** The spec of `categoricalCrossentropy`: params, reference math, docs and viz hints. */
export const categoricalCrossentropySpec = definePerSampleLoss({
  id: 'categoricalCrossentropy',
  group: 'probabilistic-loss',
  labels: 'dense',
  params: {
    fromLogits: booleanParam(
      false,
      'Whether yPred holds logits (softmax is applied) instead of probabilities.',
    ),
    labelSmoothing: numberParam(0, 'Pulls the targets towards uniform: t = yTrue·(1 − ls) + ls/C.', {
      min: 0,
      max: 1,
    }),
  },
  samples: { yTrue: { kind: 'distribution' }, yPred: { kind: 'uniform', lo: 0.05, hi: 1 } },
  sample: (t, y, p) => crossentropyLane(smooth(t, p.labelSmoothing), y, p.fromLogits),
  sampleGrad: (t, y, p, dy) => crossentropyLaneGrad(smooth(t, p.labelSmoothing), y, p.fromLogits, dy),
  docs: {
    summary:
      'The cross-entropy between a target distribution and predicted class probabilities (or logits), per sample along the class axis.',
    formula:
      'L = -\\sum_j t_j \\log p_j,\\quad p = \\operatorname{clip}\\!\\left(\\frac{\\hat y}{\\sum_k \\hat y_k}, \\epsilon, 1 - \\epsilon\\right),\\quad t = y(1 - ls) + \\frac{ls}{C};\\ \\text{logits: } L = -\\sum_j t_j \\operatorname{logSoftmax}(\\hat y)_j',
    derivative:
      '\\frac{\\partial L}{\\partial \\hat y_k} = \\frac{a_k - \\sum_j a_j q_j}{S},\\ q = \\frac{\\hat y}{S},\\ S = \\sum_j \\hat y_j,\\ a_j = -\\frac{t_j}{q_j} [\\epsilon \\le q_j \\le 1 - \\epsilon];\\ \\text{logits: } \\operatorname{softmax}(\\hat y)_k \\sum_j t_j - t_k',
    kinks:
      'The normalized probabilities are clipped to [eps, 1 − eps] with eps = 1e-7 as torch.clamp: a class passes gradient on the closed interval and none outside it (the normalization still couples the classes). Terms with t = 0 contribute 0 even where log p is −∞ (logits of −∞).',
    others:
      'Keras CategoricalCrossentropy normalizes, clips and smooths the same way. PyTorch CrossEntropyLoss takes logits with the classes on axis 1 (use fromLogits: true, axis: 1), accepts probability targets and smooths labels with the same formula.',
    seeAlso: [
      'sparseCategoricalCrossentropy',
      'binaryCrossentropy',
      'softmax',
      'logSoftmax',
      'kullbackLeiblerDivergence',
    ],
    example: { inputs: { yTrue: [[0, 0, 1]], yPred: [[0.2, 0.3, 0.5]] }, output: Math.LN2 },
  },
  viz: { domain: [0.01, 1], kinks: () => [], target: 1 },
});

/**
 * Categorical cross-entropy along an axis (default the last): `−Σ t·log p` per sample, with yPred
 * normalized to sum to 1 and clipped to [1e-7, 1 − 1e-7], or `−Σ t·logSoftmax(yPred)` with `fromLogits: true`.
 *
 * @example
 * ```ts
 * await categoricalCrossentropy([[0, 0, 1]], [[0.2, 0.3, 0.5]]); // 0.6931472 = ln 2
 * ```
 */
export const categoricalCrossentropy = lossFunction(categoricalCrossentropySpec);

/**
 * Gradient of {@link categoricalCrossentropy} with respect to `yPred`, through the normalization and
 * the clip; `softmax(yPred)·Σt − t` from logits.
 *
 * @example
 * ```ts
 * await categoricalCrossentropyGrad([[0, 0, 1]], [[0.2, 0.3, 0.5]]); // [[1, 1, -1]]
 * ```
 */
export const categoricalCrossentropyGrad = lossGradient(categoricalCrossentropySpec);
