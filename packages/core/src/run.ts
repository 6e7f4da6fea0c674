import type { GradTensors } from './backend.js';
import { getSpec, type OpId } from './catalog.js';
import {
  type GradOptions,
  type RunOptions,
  runSpec,
  runSpecGradient,
  runSpecGradientSync,
  runSpecSync,
} from './functions.js';
import type { Tensor, TensorInput } from './tensor.js';

/** Inputs of an op by name (`x`, `alpha`, `yTrue`, `yPred`). */
export type InputsByName = Readonly<Record<string, TensorInput>>;

/**
 * Runs any op by id: the generic form of the per-op functions, for tools that pick ops at run time.
 * Unknown ids throw `UnknownOpError`.
 *
 * @example
 * ```ts
 * const y = await forward('hardTanh', { x: [-3, 0.5, 3] }, { min: -2, max: 2 }); // [-2, 0.5, 2]
 * ```
 */
export function forward(
  op: OpId | string,
  inputs: InputsByName,
  params?: object,
  options?: RunOptions,
): Promise<Tensor> {
  return Promise.resolve().then(() => runSpec(getSpec(op), inputs, params, options));
}

/**
 * The vector-Jacobian products of any op by id, one tensor per differentiable input.
 *
 * @example
 * ```ts
 * const { x } = await gradient('relu', { x: [-1, 0, 1] }); // [0, 0, 1]
 * ```
 */
export function gradient<Id extends OpId>(
  op: Id,
  inputs: InputsByName,
  params?: object,
  options?: GradOptions,
): Promise<GradTensors<Id>>;
export function gradient(
  op: string,
  inputs: InputsByName,
  params?: object,
  options?: GradOptions,
): Promise<Readonly<Record<string, Tensor>>>;
export function gradient(
  op: string,
  inputs: InputsByName,
  params?: object,
  options?: GradOptions,
): Promise<Readonly<Record<string, Tensor>>> {
  return Promise.resolve().then(() => runSpecGradient(getSpec(op), inputs, params, options));
}

/** {@link forward} without a promise, for backends with a synchronous path (cpu, reference). */
export function forwardSync(
  op: OpId | string,
  inputs: InputsByName,
  params?: object,
  options?: RunOptions,
): Tensor {
  return runSpecSync(getSpec(op), inputs, params, options);
}

/** {@link gradient} without a promise, for backends with a synchronous path (cpu, reference). */
export function gradientSync(
  op: OpId | string,
  inputs: InputsByName,
  params?: object,
  options?: GradOptions,
): Readonly<Record<string, Tensor>> {
  return runSpecGradientSync(getSpec(op), inputs, params, options);
}
