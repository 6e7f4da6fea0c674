import { defineActivation } from '../define-activation.js';
import { activationFunction, activationGradient } from '../functions.js';
import { numberParam } from '../params.js';

/** The spec of `hardTanh`: params, reference math, docs and viz hints. */
export const hardTanhSpec = defineActivation({
  id: 'hardTanh',
  group: 'saturating',
  params: {
    min: numberParam(-1, 'Lower clipping value; −Infinity for none.', { allowInfinite: true }),
    max: numberParam(1, 'Upper clipping value; Infinity for none. Must not be below min.', {
      allowInfinite: true,
    }),
  },
  checkParams: (p) =>
    p.min > p.max ? `param "min" (${p.min}) must not exceed param "max" (${p.max})` : undefined,
  // Math.min/Math.max keep NaN
  f: (x, p) => Math.min(Math.max(x, p.min), p.max),
  df: (x, p) => {
    if (Number.isNaN(x)) return x;
    // an infinite bound never clips, so the slope stays 1 up to ±∞ (the derivative's limit there)
    const aboveMin = x > p.min || p.min === Number.NEGATIVE_INFINITY;
    const belowMax = x < p.max || p.max === Number.POSITIVE_INFINITY;
    return aboveMin && belowMax ? 1 : 0;
  },
  docs: {
    properties: {
      range: '[min, max] (default [−1, 1])',
      zeroCentred: 'yes',
      saturates: 'both',
      dyingUnits: 'high',
      trainableParams: 'none',
      cost: 'lowest',
    },
    summary: 'Clips the input to [min, max]; with the defaults a piecewise-linear tanh.',
    formula: 'f(x) = \\min\\left(\\max\\left(x,\\ \\text{min}\\right),\\ \\text{max}\\right)',
    derivative:
      "f'(x) = \\begin{cases} 1 & \\text{min} < x < \\text{max} \\\\ 0 & \\text{otherwise} \\end{cases}",
    kinks:
      'At x = min and x = max the gradient is 0, as in PyTorch. An infinite bound never clips: with min = −∞ the gradient at x = −∞ is its limit 1 (likewise for max = ∞).',
    others:
      'PyTorch Hardtanh also defaults to min_val = −1, max_val = 1 (its ReLU6 is Hardtanh(0, 6)). ONNX Clip takes the bounds as optional inputs, a missing one meaning no bound, and returns max everywhere when min > max, which Rectify refuses.',
    seeAlso: ['relu6', 'tanh', 'hardSigmoid'],
    example: {
      params: { min: -1, max: 1 },
      inputs: { x: [-2, -0.5, 0, 0.5, 2] },
      output: [-1, -0.5, 0, 0.5, 1],
    },
  },
  viz: {
    domain: [-3, 3],
    kinks: (p) => [...new Set([p.min, p.max])].filter((v) => Number.isFinite(v)),
  },
});

/**
 * Hard tanh: the input clipped to `[min, max]` (default [−1, 1]).
 *
 * @example
 * ```ts
 * await hardTanh([-2, -0.5, 0, 0.5, 2]); // [-1, -0.5, 0, 0.5, 1]
 * await hardTanh([-3, 0.5, 3], { min: -2, max: 2 }); // [-2, 0.5, 2]
 * ```
 */
export const hardTanh = activationFunction(hardTanhSpec);

/**
 * Gradient of {@link hardTanh}: `upstream` where min < x < max, 0 elsewhere (also at the bounds).
 *
 * @example
 * ```ts
 * await hardTanhGrad([-2, -1, 0, 1, 2]); // [0, 0, 1, 0, 0]
 * ```
 */
export const hardTanhGrad = activationGradient(hardTanhSpec);
