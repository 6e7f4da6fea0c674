import { defineActivation } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';
import { sigmoid } from '../numerics.js';

/**
 * t = tanh(softplus(x)) and 1 − t, both without cancellation. With n = e^x, tanh(log(1 + n)) =
 * n(n + 2)/(n(n + 2) + 2); for x > 0 the same fraction in m = e^(−x) is (1 + 2m)/(1 + 2m + 2m²), so e^x
 * never overflows. 1 − t comes from the same fraction, not by subtraction, for the derivative near t = 1.
 */
function tanhSoftplus(x: number): { readonly t: number; readonly oneMinusT: number } {
  if (x > 0) {
    const m = Math.exp(-x);
    const den = 1 + 2 * m + 2 * m * m;
    return { t: (1 + 2 * m) / den, oneMinusT: (2 * m * m) / den };
  }
  const n = Math.exp(x);
  const q = n * (n + 2);
  return { t: q / (q + 2), oneMinusT: 2 / (q + 2) };
}

/** The spec of `mish`: params, reference math, docs and viz hints. */
export const mishSpec = defineActivation({
  id: 'mish',
  group: 'smooth-gated',
  params: {},
  f: (x) => {
    const { t } = tanhSoftplus(x);
    // at −∞, x·t is −∞·0; the limit is 0 (t decays like e^x)
    return t === 0 ? 0 : x * t;
  },
  df: (x) => {
    const { t, oneMinusT } = tanhSoftplus(x);
    // d/dx tanh(softplus(x)) = (1 − t²)·σ(x); x times it tends to 0 at ±∞ (∞·0 otherwise)
    const gate = oneMinusT * (1 + t) * sigmoid(x);
    return gate === 0 ? t : t + x * gate;
  },
  docs: {
    properties: {
      range: '[≈ −0.309, ∞)',
      zeroCentred: 'roughly',
      saturates: 'left',
      dyingUnits: 'low',
      trainableParams: 'none',
      cost: 'high',
    },
    summary:
      'x·tanh(softplus(x)): a smooth, non-monotonic self-gated activation close to silu, unbounded above and bounded below.',
    formula:
      'f(x) = x \\tanh\\bigl(\\operatorname{softplus}(x)\\bigr) = x \\tanh\\bigl(\\log(1 + e^{x})\\bigr)',
    derivative:
      "f'(x) = \\tanh\\bigl(\\operatorname{softplus}(x)\\bigr) + x\\,\\sigma(x)\\,\\bigl(1 - \\tanh^2(\\operatorname{softplus}(x))\\bigr)",
    kinks: 'Smooth everywhere. mish(−∞) = 0 with derivative 0; mish(+∞) = +∞ with derivative 1.',
    paper: {
      title: 'Misra: Mish: A Self Regularized Non-Monotonic Activation Function (2019)',
      url: 'https://arxiv.org/abs/1908.08681',
    },
    seeAlso: ['silu', 'gelu', 'softplus', 'tanh'],
    example: { inputs: { x: [-1, 0, 1] }, output: [-0.3034014613741089, 0, 0.8650983882673103] },
  },
  viz: { domain: [-6, 6], kinks: () => [], asymptotes: () => [0] },
});

/**
 * Mish `x·tanh(softplus(x))`, computed without cancellation or overflow for any x.
 *
 * @example
 * ```ts
 * await mish([-1, 0, 1]); // [-0.30340146, 0, 0.86509839]
 * ```
 */
export const mish = activationFunction(mishSpec);

/**
 * Gradient of {@link mish}: `upstream · (t + x·σ(x)·(1 − t²))` with `t = tanh(softplus(x))`.
 *
 * @example
 * ```ts
 * await mishGrad([0, 1]); // [0.6, 1.04903622]
 * ```
 */
export const mishGrad = activationGradient(mishSpec);
