import { UnknownOpError } from './errors.js';
import { binaryCrossentropySpec } from './ops/binary-crossentropy.js';
import { categoricalCrossentropySpec } from './ops/categorical-crossentropy.js';
import { celuSpec } from './ops/celu.js';
import { cosineSimilaritySpec } from './ops/cosine-similarity.js';
import { eluSpec } from './ops/elu.js';
import { geluSpec } from './ops/gelu.js';
import { hardSigmoidSpec } from './ops/hard-sigmoid.js';
import { hardSwishSpec } from './ops/hard-swish.js';
import { hardTanhSpec } from './ops/hard-tanh.js';
import { hingeSpec } from './ops/hinge.js';
import { huberSpec } from './ops/huber.js';
import { kullbackLeiblerDivergenceSpec } from './ops/kullback-leibler-divergence.js';
import { leakyReluSpec } from './ops/leaky-relu.js';
import { logCoshSpec } from './ops/log-cosh.js';
import { logSigmoidSpec } from './ops/log-sigmoid.js';
import { logSoftmaxSpec } from './ops/log-softmax.js';
import { meanAbsoluteErrorSpec } from './ops/mean-absolute-error.js';
import { meanAbsolutePercentageErrorSpec } from './ops/mean-absolute-percentage-error.js';
import { meanSquaredErrorSpec } from './ops/mean-squared-error.js';
import { meanSquaredLogarithmicErrorSpec } from './ops/mean-squared-logarithmic-error.js';
import { mishSpec } from './ops/mish.js';
import { poissonSpec } from './ops/poisson.js';
import { preluSpec } from './ops/prelu.js';
import { reluSpec } from './ops/relu.js';
import { relu6Spec } from './ops/relu6.js';
import { rreluSpec } from './ops/rrelu.js';
import { seluSpec } from './ops/selu.js';
import { sigmoidSpec } from './ops/sigmoid.js';
import { siluSpec } from './ops/silu.js';
import { softmaxSpec } from './ops/softmax.js';
import { softplusSpec } from './ops/softplus.js';
import { softsignSpec } from './ops/softsign.js';
import { sparseCategoricalCrossentropySpec } from './ops/sparse-categorical-crossentropy.js';
import { squaredHingeSpec } from './ops/squared-hinge.js';
import { tanhSpec } from './ops/tanh.js';
import { thresholdedReluSpec } from './ops/thresholded-relu.js';
import type { AnyOpSpec } from './spec.js';

/**
 * Every op of the catalog (`shared/spec/catalog.md`), by id. Adding an op means: its file in `src/ops/`,
 * a line here, and a kernel in every backend (a test fails until each backend has one).
 */
export const catalog = Object.freeze({
  relu: reluSpec,
  relu6: relu6Spec,
  leakyRelu: leakyReluSpec,
  prelu: preluSpec,
  rrelu: rreluSpec,
  elu: eluSpec,
  selu: seluSpec,
  celu: celuSpec,
  gelu: geluSpec,
  silu: siluSpec,
  mish: mishSpec,
  softplus: softplusSpec,
  softsign: softsignSpec,
  sigmoid: sigmoidSpec,
  logSigmoid: logSigmoidSpec,
  hardSigmoid: hardSigmoidSpec,
  hardSwish: hardSwishSpec,
  tanh: tanhSpec,
  hardTanh: hardTanhSpec,
  thresholdedRelu: thresholdedReluSpec,
  softmax: softmaxSpec,
  logSoftmax: logSoftmaxSpec,
  meanSquaredError: meanSquaredErrorSpec,
  meanAbsoluteError: meanAbsoluteErrorSpec,
  huber: huberSpec,
  logCosh: logCoshSpec,
  meanSquaredLogarithmicError: meanSquaredLogarithmicErrorSpec,
  meanAbsolutePercentageError: meanAbsolutePercentageErrorSpec,
  binaryCrossentropy: binaryCrossentropySpec,
  categoricalCrossentropy: categoricalCrossentropySpec,
  sparseCategoricalCrossentropy: sparseCategoricalCrossentropySpec,
  kullbackLeiblerDivergence: kullbackLeiblerDivergenceSpec,
  hinge: hingeSpec,
  squaredHinge: squaredHingeSpec,
  poisson: poissonSpec,
  cosineSimilarity: cosineSimilaritySpec,
});

/** The catalog's type: op id → spec. */
export type Catalog = typeof catalog;
/** An op id of the catalog. */
export type OpId = keyof Catalog;

/** Other names people know ops by. */
export const aliases: Readonly<Record<string, OpId>> = Object.freeze({ swish: 'silu' });

/** Every op id, activations first, in catalog order. */
export const opIds: readonly OpId[] = Object.freeze(Object.keys(catalog) as OpId[]);

/** True when `id` names a catalog op (not an alias). */
export function isOpId(id: string): id is OpId {
  return Object.hasOwn(catalog, id);
}

/**
 * The spec of an op id (or alias). Throws {@link UnknownOpError} for anything else.
 *
 * @example
 * ```ts
 * getSpec('leakyRelu').params.alpha.default; // 0.01
 * ```
 */
export function getSpec<Id extends OpId>(id: Id): Catalog[Id];
export function getSpec(id: string): AnyOpSpec;
export function getSpec(id: string): AnyOpSpec {
  const resolved = isOpId(id) ? id : aliases[id];
  if (resolved === undefined) {
    throw new UnknownOpError(`unknown op "${id}"; the catalog has ${opIds.join(', ')}`);
  }
  return catalog[resolved] as AnyOpSpec;
}
