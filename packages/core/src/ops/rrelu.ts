import { activationInput } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';
import { booleanParam, numberParam } from '../params.js';
import type { OpSpec } from '../spec.js';

const params = {
  lower: numberParam(1 / 8, 'Smallest negative slope (at most upper).'),
  upper: numberParam(1 / 3, 'Largest negative slope.'),
  training: booleanParam(
    false,
    'true: a slope per element drawn from [lower, upper] by the seeded generator; false: the slope (lower + upper)/2.',
  ),
  seed: numberParam(
    0,
    'Seed of the training-mode slopes (an integer in [0, 2³²)); the same seed gives the same slopes on every backend.',
    { integer: true, min: 0, max: 4294967295 },
  ),
};

/** Chris Wellons' "lowbias32" integer finalizer: a bijection on 32-bit words with very low bias. */
function mix32(z: number): number {
  z ^= z >>> 16;
  z = Math.imul(z, 0x7feb352d);
  z ^= z >>> 15;
  z = Math.imul(z, 0x846ca68b);
  z ^= z >>> 16;
  return z >>> 0;
}

/**
 * The uniform number in [0, 1) behind element `index` for `seed`: `h/2³²` with
 * `k = mix32(seed + 0x9e3779b9)` and `h = mix32(mix32(index ^ k) + k)`, all arithmetic mod 2³².
 * Counter-based (no state), so any element can be drawn alone, in any order, on any backend.
 */
function uniform(seed: number, index: number): number {
  // the golden-ratio offset keeps seed 0 away from mix32's fixed point 0
  const k = mix32((seed + 0x9e3779b9) >>> 0);
  // keying both rounds makes different seeds more than a permutation of one another's indices
  return mix32((mix32((index ^ k) >>> 0) + k) >>> 0) / 4294967296;
}

/**
 * The training-mode slopes of {@link rrelu} for `n` elements (row-major flat indices 0…n−1):
 * `slope[i] = lower + (upper − lower)·u(seed, i)`, where `u(seed, i) = h/2³²` with
 * `mix32` = lowbias32 (`z ^= z >>> 16; z *= 0x7feb352d; z ^= z >>> 15; z *= 0x846ca68b; z ^= z >>> 16`, mod 2³²),
 * `k = mix32(seed + 0x9e3779b9)` and `h = mix32(mix32(i ^ k) + k)`. Every slope lies in [lower, upper].
 * Exported so that backends draw the very same slopes.
 *
 * @example
 * ```ts
 * const slopes = rreluSlopes(4, 0.125, 1 / 3, 42); // Float64Array of 4 slopes in [0.125, 0.3333…]
 * ```
 */
export function rreluSlopes(n: number, lower: number, upper: number, seed: number): Float64Array {
  const slopes = new Float64Array(n);
  const slope = slopeOf({ lower, upper, training: true, seed });
  for (let i = 0; i < n; i++) slopes[i] = slope(i);
  return slopes;
}

/**
 * The slope of element i: drawn per element in training, (lower + upper)/2 otherwise. A function of the
 * index rather than an array of slopes, so a call allocates nothing beside its output.
 */
function slopeOf(p: {
  lower: number;
  upper: number;
  training: boolean;
  seed: number;
}): (i: number) => number {
  if (!p.training) {
    const mid = (p.lower + p.upper) / 2;
    return () => mid;
  }
  const width = p.upper - p.lower;
  // u < 1, but rounding of lower + width·u could still land one ulp above upper
  return (i) => Math.min(p.upper, p.lower + width * uniform(p.seed, i));
}

// typed before freezing: Object.freeze's overloads would drop the contextual type (gradWrt widens to string[])
const spec: OpSpec<'rrelu', 'x', 'x', typeof params> = {
  id: 'rrelu',
  kind: 'activation',
  group: 'piecewise-linear',
  inputs: [activationInput],
  gradWrt: ['x'],
  params,
  checkParams: (p) =>
    p.lower > p.upper ? `param "lower" (${p.lower}) must not exceed param "upper" (${p.upper})` : undefined,
  checkInputs() {},
  outputShape: (inputs) => inputs.x.shape,
  forward(inputs, p, out) {
    const x = inputs.x.data;
    const slope = slopeOf(p);
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      const a = slope(i);
      // a zero slope gives the limit 0 at −∞ rather than 0·∞ = NaN; NaN goes to the slope branch and stays NaN
      out[i] = xi > 0 ? xi : a === 0 && xi === Number.NEGATIVE_INFINITY ? 0 : a * xi;
    }
  },
  backward(inputs, p, upstream, grads) {
    const x = inputs.x.data;
    const g = upstream.data;
    const slope = slopeOf(p);
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      const d = xi > 0 ? 1 : slope(i);
      // as in defineActivation: NaN for a NaN input, and a zero slope masks even an infinite upstream
      grads.x[i] = Number.isNaN(xi) ? Number.NaN : d === 0 ? 0 : g[i]! * d;
    }
  },
  docs: {
    properties: {
      range: '(−∞, ∞)',
      zeroCentred: 'no',
      saturates: 'none',
      dyingUnits: 'none',
      trainableParams: 'none (slope drawn at random in training)',
      cost: 'low',
    },
    summary:
      'Randomized leaky ReLU: in training every element gets its own negative slope drawn uniformly from [lower, upper]; in evaluation the slope is their mean.',
    formula:
      'f(x_i) = \\begin{cases} x_i & x_i > 0 \\\\ a_i x_i & x_i \\le 0 \\end{cases},\\quad a_i = \\begin{cases} l + (u - l)\\, h(s, i) / 2^{32} & \\text{training} \\\\ (l + u) / 2 & \\text{evaluation} \\end{cases}',
    derivative: "f'(x_i) = \\begin{cases} 1 & x_i > 0 \\\\ a_i & x_i \\le 0 \\end{cases}",
    kinks:
      'At x = 0 the gradient is the slope a_i (the left branch), as in PyTorch; in training it is the same a_i as in the forward pass.',
    others:
      'Same defaults and evaluation behaviour as PyTorch F.rrelu (lower 1/8, upper 1/3, training false). PyTorch draws training slopes from its global generator, so its training outputs cannot be reproduced; here they come from a counter-based hash of the seed s and the row-major index i, identical on every backend (rreluSlopes): m = lowbias32 (z ^= z >>> 16; z = z·0x7feb352d; z ^= z >>> 15; z = z·0x846ca68b; z ^= z >>> 16, mod 2³²), k = m(s + 0x9e3779b9), h(s, i) = m(m(i xor k) + k), a_i = min(u, l + (u − l)·h/2³²). TensorFlow.js, Keras and ONNX have no RReLU.',
    paper: {
      title:
        'Xu, Wang, Chen, Li: Empirical Evaluation of Rectified Activations in Convolutional Network (2015)',
      url: 'https://arxiv.org/abs/1505.00853',
    },
    seeAlso: ['leakyRelu', 'prelu', 'relu'],
    example: { inputs: { x: [-3, -1, 0, 1] }, output: [-0.6875, -0.22916666666666666, 0, 1] },
  },
  viz: { domain: [-4, 4], kinks: () => [0] },
};

/** The spec of `rrelu`: params, reference math, docs and viz hints. */
export const rreluSpec = Object.freeze(spec);

/**
 * Randomized leaky ReLU: `x` for positive inputs, `slope·x` otherwise, with slope `(lower + upper)/2`,
 * or in training a slope per element from {@link rreluSlopes} (deterministic for a given `seed`).
 *
 * @example
 * ```ts
 * await rrelu([-3, -1, 0, 1]); // [-0.6875, -0.22916667, 0, 1]  (slope 11/48)
 * await rrelu([-3, -1, 0, 1], { training: true, seed: 7 }); // each negative entry scaled by its own slope
 * ```
 */
export const rrelu = activationFunction(rreluSpec);

/**
 * Gradient of {@link rrelu}: `upstream · (x > 0 ? 1 : slope)`, with the same slopes as the forward pass
 * (so the slope at x = 0).
 *
 * @example
 * ```ts
 * await rreluGrad([-1, 0, 1], { lower: 0.1, upper: 0.3 }); // [0.2, 0.2, 1]
 * ```
 */
export const rreluGrad = activationGradient(rreluSpec);
