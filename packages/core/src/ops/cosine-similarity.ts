import { definePerSampleLoss } from '../define-loss.js';
import { lossFunction, lossGradient } from '../functions.js';
import { CompensatedSum } from '../numerics.js';

/** The floor of each norm, as in PyTorch's F.normalize. */
const NORM_EPS = 1e-12;

/** ‖v‖₂, scaled by max|v| first so that squaring neither overflows nor underflows. */
function l2Norm(v: Float64Array): number {
  let m = 0;
  for (let k = 0; k < v.length; k++) m = Math.max(m, Math.abs(v[k]!));
  // 0, +∞ and NaN are their own norm (Math.max keeps a NaN)
  if (m === 0 || !Number.isFinite(m)) return m;
  const s = new CompensatedSum();
  for (let k = 0; k < v.length; k++) {
    const r = v[k]! / m;
    s.add(r * r);
  }
  return m * Math.sqrt(s.value);
}

/** The spec of `cosineSimilarity`: params, reference math, docs and viz hints. */
export const cosineSimilaritySpec = definePerSampleLoss({
  id: 'cosineSimilarity',
  group: 'regression-loss',
  labels: 'dense',
  params: {},
  samples: { yTrue: { kind: 'uniform', lo: -3, hi: 3 }, yPred: { kind: 'uniform', lo: -3, hi: 3 } },
  sample: (t, y) => {
    const du = Math.max(l2Norm(y), NORM_EPS);
    const dw = Math.max(l2Norm(t), NORM_EPS);
    const dot = new CompensatedSum();
    for (let k = 0; k < y.length; k++) dot.add((y[k]! / du) * (t[k]! / dw));
    return -dot.value;
  },
  sampleGrad: (t, y, _p, dy) => {
    const nu = l2Norm(y);
    const du = Math.max(nu, NORM_EPS);
    const dw = Math.max(l2Norm(t), NORM_EPS);
    // below the floor û = u/1e-12 is linear in u, so only ŵ/1e-12 remains
    if (nu <= NORM_EPS) {
      for (let k = 0; k < y.length; k++) dy[k] = -(t[k]! / dw) / NORM_EPS;
      return;
    }
    const dot = new CompensatedSum();
    for (let k = 0; k < y.length; k++) dot.add((y[k]! / du) * (t[k]! / dw));
    const c = dot.value;
    // NaN norms take this branch too (the test above is false for NaN) and stay NaN
    for (let k = 0; k < y.length; k++) dy[k] = -(t[k]! / dw - (y[k]! / du) * c) / du;
  },
  docs: {
    summary:
      'The negative cosine of the angle between prediction and target vectors, per sample along the axis (−1 when they point the same way).',
    formula:
      'L = -\\sum_j \\hat u_j \\hat w_j,\\quad \\hat u = \\frac{\\hat y}{\\max(\\lVert \\hat y \\rVert_2, 10^{-12})},\\ \\hat w = \\frac{y}{\\max(\\lVert y \\rVert_2, 10^{-12})}',
    derivative:
      '\\frac{\\partial L}{\\partial \\hat y} = -\\frac{\\hat w - \\hat u\\,(\\hat u \\cdot \\hat w)}{\\lVert \\hat y \\rVert_2}\\ \\text{for}\\ \\lVert \\hat y \\rVert_2 > 10^{-12},\\ \\text{else}\\ -\\frac{\\hat w}{10^{-12}}',
    kinks:
      'Smooth except where ‖yPred‖ reaches the floor 1e-12; at or below it the normalization is a fixed division by 1e-12 and the gradient is −ŵ/1e-12 (so a zero prediction still gets a gradient). Norms are computed with scaling, so huge entries do not overflow.',
    others:
      'Keras CosineSimilarity loss is also the negative cosine (along axis −1 by default). PyTorch F.normalize uses the same max(‖v‖, 1e-12) floor; PyTorch F.cosine_similarity returns the positive cosine and CosineEmbeddingLoss is a different loss. TensorFlow.js tf.losses.cosineDistance is 1 − Σ yTrue·yPred on inputs it assumes already normalized.',
    seeAlso: ['meanSquaredError', 'kullbackLeiblerDivergence'],
    example: {
      params: { reduction: 'none' },
      inputs: {
        yTrue: [
          [1, 0],
          [0, 1],
        ],
        yPred: [
          [1, 1],
          [0, 2],
        ],
      },
      output: [-Math.SQRT1_2, -1],
    },
  },
  viz: { domain: [-3, 3], kinks: () => [0], target: 1 },
});

/**
 * Cosine similarity loss along an axis (default the last): `−Σ û·ŵ` per sample, with prediction and
 * target each divided by `max(‖v‖, 1e-12)`.
 *
 * @example
 * ```ts
 * await cosineSimilarity([[1, 0], [0, 1]], [[1, 1], [0, 2]], { reduction: 'none' }); // [-0.7071068, -1]
 * ```
 */
export const cosineSimilarity = lossFunction(cosineSimilaritySpec);

/**
 * Gradient of {@link cosineSimilarity} with respect to `yPred`: `−(ŵ − û(û·ŵ))/‖yPred‖`.
 *
 * @example
 * ```ts
 * await cosineSimilarityGrad([[1, 0]], [[1, 1]]); // [[-0.3535534, 0.3535534]]
 * ```
 */
export const cosineSimilarityGrad = lossGradient(cosineSimilaritySpec);
