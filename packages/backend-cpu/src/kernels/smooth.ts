import { SELU_ALPHA, SELU_SCALE } from '@rectify/core';
import { CROSSOVER_EXP } from '../context.js';
import { isF32 } from '../grid.js';
import type { KernelFactory } from '../kernel.js';
import type { Binary, Unary } from '../wasm/blocks.js';
import type { KernelExports } from '../wasm/runtime.js';
import { type ElementwiseOpId, elementwise, specLoops } from './elementwise.js';

// The smooth activations: float32 calls run the SIMD kernels of assembly/smooth.ts (a few ulps from
// the reference), float64 calls the spec's own float64 math.

type Bind<Id extends ElementwiseOpId, K> = (
  k: KernelExports,
  params: Parameters<ReturnType<KernelFactory<Id>>['forward']>[0]['params'],
) => K | null;

function smooth<Id extends ElementwiseOpId>(
  op: Id,
  forward: Bind<Id, Unary>,
  backward: Bind<Id, Binary>,
): KernelFactory<Id> {
  const loops = specLoops(op);
  return elementwise<Id>({
    crossover: CROSSOVER_EXP,
    simdForward: (rt, x, params) => (isF32(x) ? forward(rt.exports, params) : null),
    simdBackward: (rt, x, params) => (isF32(x) ? backward(rt.exports, params) : null),
    ...loops,
  });
}

export const sigmoid = smooth(
  'sigmoid',
  (k) => k.sigmoidF32,
  (k) => k.sigmoidGradF32,
);

export const tanh = smooth(
  'tanh',
  (k) => k.tanhF32,
  (k) => k.tanhGradF32,
);

export const silu = smooth(
  'silu',
  (k) => k.siluF32,
  (k) => k.siluGradF32,
);

export const gelu = smooth(
  'gelu',
  (k, p) => (p.approximate === 'tanh' ? k.geluTanhF32 : k.geluF32),
  (k, p) => (p.approximate === 'tanh' ? k.geluTanhGradF32 : k.geluGradF32),
);

export const elu = smooth(
  'elu',
  (k, { alpha }) =>
    (p, dst, n) =>
      k.eluF32(p, dst, n, alpha, 1),
  (k, { alpha }) =>
    (px, pg, dst, n) =>
      k.eluGradF32(px, pg, dst, n, alpha, 1),
);

/** λα as the reference computes it (a float64 product). */
const SCALE_ALPHA = SELU_SCALE * SELU_ALPHA;

export const selu = smooth(
  'selu',
  (k) => (p, dst, n) => k.eluF32(p, dst, n, SCALE_ALPHA, SELU_SCALE),
  (k) => (px, pg, dst, n) => k.eluGradF32(px, pg, dst, n, SCALE_ALPHA, SELU_SCALE),
);

// celu with α = 1 (its default) is elu with α = 1 term for term (x/1 = x), without celu's division
export const celu = smooth(
  'celu',
  (k, { alpha }) =>
    alpha === 1 ? (p, dst, n) => k.eluF32(p, dst, n, 1, 1) : (p, dst, n) => k.celuF32(p, dst, n, alpha),
  (k, { alpha }) =>
    alpha === 1
      ? (px, pg, dst, n) => k.eluGradF32(px, pg, dst, n, 1, 1)
      : (px, pg, dst, n) => k.celuGradF32(px, pg, dst, n, alpha),
);

export const softplus = smooth(
  'softplus',
  (k, { beta }) =>
    (p, dst, n) =>
      k.softplusF32(p, dst, n, beta),
  (k, { beta }) =>
    (px, pg, dst, n) =>
      k.softplusGradF32(px, pg, dst, n, beta),
);

export const logSigmoid = smooth(
  'logSigmoid',
  (k) => k.logSigmoidF32,
  (k) => k.logSigmoidGradF32,
);

export const mish = smooth(
  'mish',
  (k) => k.mishF32,
  (k) => k.mishGradF32,
);

export const softsign = smooth(
  'softsign',
  (k) => k.softsignF32,
  (k) => k.softsignGradF32,
);
