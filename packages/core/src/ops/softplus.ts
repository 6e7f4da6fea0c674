import { defineActivation } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';
import { sigmoid } from '../numerics.js';
import { numberParam } from '../params.js';

/** The spec of `softplus`: params, reference math, docs and viz hints. */
export const softplusSpec = defineActivation({
  id: 'softplus',
  group: 'exponential',
  params: {
    beta: numberParam(1, 'Sharpness: larger beta brings softplus closer to relu. Must be > 0.', {
      min: 0,
      exclusiveMin: true,
    }),
  },
  f: (x, p) => {
    const bx = p.beta * x;
    // log(1 + e^(bx)) = bx + log1p(e^(−bx)) for bx ≥ 0, so exp never overflows, and adding x itself
    // (not bx/beta) stays right even when bx overflows to ∞ for a finite x
    return bx >= 0 ? x + Math.log1p(Math.exp(-bx)) / p.beta : Math.log1p(Math.exp(bx)) / p.beta;
  },
  df: (x, p) => sigmoid(p.beta * x),
  docs: {
    properties: {
      range: '(0, ∞)',
      zeroCentred: 'no',
      saturates: 'left',
      dyingUnits: 'low',
      trainableParams: 'none',
      cost: 'medium',
    },
    summary:
      'A smooth approximation of relu: the log of 1 + e^x, scaled by beta, always positive and differentiable.',
    formula: 'f(x) = \\frac{1}{\\beta} \\log\\left(1 + e^{\\beta x}\\right)',
    derivative: "f'(x) = \\sigma(\\beta x) = \\frac{1}{1 + e^{-\\beta x}}",
    kinks: 'Smooth everywhere. Computed without overflow: softplus(+∞) = +∞, softplus(−∞) = 0.',
    others:
      'PyTorch Softplus adds threshold = 20 and returns x itself where beta·x > 20, which differs from the exact value by up to log(1 + e^(−20))/beta ≈ 2.1e-9/beta; Rectify has no threshold. Keras, TensorFlow.js and ONNX softplus have no beta (beta = 1).',
    seeAlso: ['relu', 'logSigmoid', 'sigmoid', 'mish'],
    example: {
      params: { beta: 1 },
      inputs: { x: [-1, 0, 1] },
      output: [0.3132616875182228, Math.LN2, 1.3132616875182228],
    },
  },
  viz: { domain: [-4, 4], kinks: () => [], asymptotes: () => [0] },
});

/**
 * Softplus `(1/beta)·log(1 + e^(beta·x))`, a smooth relu, computed without overflow for any x.
 *
 * @example
 * ```ts
 * await softplus([-1, 0, 1]); // [0.31326169, 0.69314718, 1.31326169]
 * ```
 */
export const softplus = activationFunction(softplusSpec);

/**
 * Gradient of {@link softplus}: `upstream · σ(beta·x)`.
 *
 * @example
 * ```ts
 * await softplusGrad([0, 1], { beta: 2 }); // [0.5, 0.88079708]
 * ```
 */
export const softplusGrad = activationGradient(softplusSpec);
