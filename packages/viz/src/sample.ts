import {
  type Backend,
  type FloatDType,
  forward,
  forwardSync,
  gradient,
  gradientSync,
  InvalidParamError,
  referenceBackend,
} from '@rectify/core';
import { type CurvePlan, planCurve, readCurve } from './curve-inputs.js';

/** Which of an op's curves to show: the function or its derivative. */
export type Show = 'f' | 'df';

/** An op sampled along x: f and f′ at each x (float64 arrays, whatever dtype the backend computed in). */
export interface Sampled {
  readonly x: Float64Array;
  readonly f: Float64Array;
  readonly df: Float64Array;
}

/** Where and how finely to sample. */
export interface SampleOptions {
  /** Default: core's float64 `referenceBackend`. */
  readonly backend?: Backend;
  /** Default: the op's curve domain (see `curveDomain`). */
  readonly domain?: readonly [number, number];
  /** Grid points, ends included. Default 241 (a point every 1/30 on [−4, 4], 0 included). */
  readonly points?: number;
  /** Default: float64 when the backend has it, else float32. The grid is rounded to it. */
  readonly dtype?: FloatDType;
  /** For losses: the target yTrue (default `spec.viz.target`, else 1). */
  readonly target?: number;
}

/** A sample with the derivative along the curve (see `CurvePlan.pathMinusColumn1`). */
export interface CurveSample extends Sampled {
  readonly dpath: Float64Array;
}

/** The dtype a backend samples in: float64 when it has it, else float32; checks a requested one. */
export function dtypeFor(backend: Backend, dtype: unknown): FloatDType {
  if (dtype === undefined) return backend.dtypes.includes('float64') ? 'float64' : 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new InvalidParamError(`dtype must be "float32" or "float64", got ${String(dtype)}`);
  }
  return dtype;
}

/** Plans a curve for a backend from sample options (validation included). */
export function planFor(
  op: string,
  params: Readonly<Record<string, unknown>> | undefined,
  options: SampleOptions,
): { plan: CurvePlan; backend: Backend } {
  const backend = options.backend ?? referenceBackend;
  const plan = planCurve(op, params, {
    domain: options.domain,
    points: options.points,
    target: options.target,
    dtype: dtypeFor(backend, options.dtype),
  });
  return { plan, backend };
}

/** Runs a planned curve on a backend. */
export async function runCurve(plan: CurvePlan, backend: Backend): Promise<CurveSample> {
  const op = plan.spec.id;
  const [y, grads] = await Promise.all([
    forward(op, plan.inputs, plan.opParams, { backend }),
    gradient(op, plan.inputs, plan.opParams, {
      backend,
      ...(plan.upstream ? { upstream: plan.upstream } : {}),
    }),
  ]);
  return readCurve(plan, y, grads);
}

/** Runs a planned curve on a backend's synchronous path. */
export function runCurveSync(plan: CurvePlan, backend: Backend): CurveSample {
  const op = plan.spec.id;
  const y = forwardSync(op, plan.inputs, plan.opParams, { backend });
  const grads = gradientSync(op, plan.inputs, plan.opParams, {
    backend,
    ...(plan.upstream ? { upstream: plan.upstream } : {}),
  });
  return readCurve(plan, y, grads);
}

const publicPart = ({ x, f, df }: CurveSample): Sampled => ({ x, f, df });

/**
 * f and f′ of an op along x, computed by a backend (default: core's float64 reference). How each
 * kind of op becomes a curve (softmax rows `[x, 0]`, losses against a target, prelu's alpha) is
 * described in `curve-inputs.ts`. Params and options are checked first: `UnknownOpError`,
 * `InvalidParamError`.
 *
 * @example
 * ```ts
 * const { x, f, df } = await sampleOp('leakyRelu', { alpha: 0.1 }, { domain: [-2, 2], points: 5 });
 * // x: [-2, -1, 0, 1, 2], f: [-0.2, -0.1, 0, 1, 2], df: [0.1, 0.1, 0.1, 1, 1]
 * ```
 */
export async function sampleOp(
  op: string,
  params?: Readonly<Record<string, unknown>>,
  options: SampleOptions = {},
): Promise<Sampled> {
  const { plan, backend } = planFor(op, params, options);
  return publicPart(await runCurve(plan, backend));
}

/**
 * {@link sampleOp} without a promise, on a backend's synchronous path (core's reference and the cpu
 * backend have one; others throw `UnsupportedError`).
 *
 * @example
 * ```ts
 * const { f } = sampleOpSync('sigmoid', {}, { domain: [-1, 1], points: 3 }); // [0.2689…, 0.5, 0.7310…]
 * ```
 */
export function sampleOpSync(
  op: string,
  params?: Readonly<Record<string, unknown>>,
  options: SampleOptions = {},
): Sampled {
  const { plan, backend } = planFor(op, params, options);
  return publicPart(runCurveSync(plan, backend));
}
