/**
 * `@rectify/viz`: plots of Rectify's ops as SVG strings — f and f′ of an op on one or more backends,
 * comparisons, param sweeps, losses, and backend error in ULPs — plus the gallery of canonical plots.
 *
 * @example
 * ```ts
 * import { plotOp } from '@rectify/viz';
 * const svg = await plotOp({ op: 'leakyRelu', params: { alpha: 0.1 } });
 * ```
 */

export * from './chart.js';
export { type CurveParam, curveDomain, curveParams } from './curve-inputs.js';
export type { Frame } from './frame.js';
export * from './gallery.js';
export * from './plot-error.js';
export * from './plot-loss.js';
export * from './plot-op.js';
export * from './plot-ops.js';
export * from './plot-sweep.js';
export { type Sampled, type SampleOptions, type Show, sampleOp, sampleOpSync } from './sample.js';
export { normalizeSvg, toElement } from './svg.js';
export { ulpError, ulpOf } from './ulp.js';
