import { definePerSampleLoss } from '../define-loss.js';
import { lossFunction, lossGradient } from '../functions.js';
import { CompensatedSum } from '../numerics.js';

const EPS = 1e-7;

/** clip(v, eps, 1) with NaN passing through. */
const clip = (v: number) => Math.min(Math.max(v, EPS), 1);

/** The spec of `kullbackLeiblerDivergence`: params, reference math, docs and viz hints. */
export const kullbackLeiblerDivergenceSpec = definePerSampleLoss({
  id: 'kullbackLeiblerDivergence',
  group: 'probabilistic-loss',
  labels: 'dense',
  params: {},
  samples: { yTrue: { kind: 'distribution' }, yPred: { kind: 'distribution' } },
  sample: (t, y) => {
    const s = new CompensatedSum();
    for (let k = 0; k < y.length; k++) {
      // the clip keeps t > 0, so there is no 0·log 0 to settle
      const tk = clip(t[k]!);
      s.add(tk * Math.log(tk / clip(y[k]!)));
    }
    return s.value;
  },
  sampleGrad: (t, y, _p, dy) => {
    for (let k = 0; k < y.length; k++) {
      const tk = clip(t[k]!);
      const yk = y[k]!;
      // the clip of yPred cuts the gradient outside [eps, 1] (torch.clamp); NaN fails both tests
      dy[k] = yk < EPS || yk > 1 ? (Number.isNaN(tk) ? Number.NaN : 0) : -tk / yk;
    }
  },
  docs: {
    summary:
      'The Kullback–Leibler divergence of the predicted distribution from the target distribution, per sample along the axis.',
    formula:
      'L = \\sum_j t_j \\log\\frac{t_j}{p_j},\\quad t = \\operatorname{clip}(y, \\epsilon, 1),\\ p = \\operatorname{clip}(\\hat y, \\epsilon, 1)',
    derivative:
      '\\frac{\\partial L}{\\partial \\hat y_j} = -\\frac{t_j}{p_j}\\ \\text{for}\\ \\epsilon \\le \\hat y_j \\le 1,\\ 0\\ \\text{outside}',
    kinks:
      'Both inputs are clipped to [eps, 1] with eps = 1e-7 as torch.clamp: the gradient passes where eps ≤ yPred ≤ 1 (both ends included) and is 0 outside. yPred is not renormalized.',
    others:
      'Keras KLDivergence clips both inputs to [epsilon, 1] (1e-7) the same way. PyTorch KLDivLoss takes log-probabilities as its input (and the target as probabilities unless log_target=True), does not clip, and its "mean" reduction averages over every element rather than per sample ("batchmean" divides by the batch size).',
    seeAlso: ['categoricalCrossentropy', 'poisson'],
    example: { inputs: { yTrue: [[0.5, 0.5]], yPred: [[0.25, 0.75]] }, output: 0.14384103622589045 },
  },
  viz: { domain: [0.01, 1], kinks: () => [EPS, 1], target: 0.5 },
});

/**
 * Kullback–Leibler divergence along an axis (default the last): `Σ t·log(t/p)` per sample, with both
 * inputs clipped to [1e-7, 1].
 *
 * @example
 * ```ts
 * await kullbackLeiblerDivergence([[0.5, 0.5]], [[0.25, 0.75]]); // 0.1438410 = ln(4/3)/2
 * ```
 */
export const kullbackLeiblerDivergence = lossFunction(kullbackLeiblerDivergenceSpec);

/**
 * Gradient of {@link kullbackLeiblerDivergence} with respect to `yPred`: `−t/p` where yPred is inside
 * [1e-7, 1], 0 outside (divided by the number of samples for 'mean').
 *
 * @example
 * ```ts
 * await kullbackLeiblerDivergenceGrad([[0.5, 0.5]], [[0.25, 0.75]]); // [[-2, -0.6666667]]
 * ```
 */
export const kullbackLeiblerDivergenceGrad = lossGradient(kullbackLeiblerDivergenceSpec);
