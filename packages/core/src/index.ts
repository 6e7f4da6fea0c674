/**
 * `@rectify/core`: tensors, typed errors, the op catalog with its float64 reference, the `Backend`
 * interface and backend selection. It depends on no backend.
 *
 * @example
 * ```ts
 * import { leakyRelu, leakyReluGrad, tensor } from '@rectify/core';
 * const x = tensor([-2, -1, 0, 1, 2]);
 * (await leakyRelu(x, { alpha: 0.01 })).toArray();   // ≈ [-0.02, -0.01, 0, 1, 2]
 * (await leakyReluGrad(x, { alpha: 0.01 })).toArray(); // ≈ [0.01, 0.01, 0.01, 1, 1]
 * ```
 */

export * from './backend.js';
export * from './catalog.js';
export { activationInput, defineActivation, type ElementwiseSpec } from './define-activation.js';
export { definePerSampleLoss, definePointwiseLoss, type LossSpec } from './define-loss.js';
export * from './errors.js';
export { firstFloat32, float32Before } from './float32.js';
export * from './functions.js';
export {
  CompensatedSum,
  erf,
  erfc,
  log1pExp,
  normalCdf,
  normalPdf,
  // `sigmoid` is the op; the scalar helper is exported as `logistic`
  sigmoid as logistic,
  sumStrided,
  timesInfinity,
} from './numerics.js';
export * from './ops.js';
export * from './params.js';
export * from './reduction.js';
export * from './reference-backend.js';
export * from './run.js';
export * from './shape.js';
export * from './spec.js';
export * from './tensor.js';
export * from './validate.js';
