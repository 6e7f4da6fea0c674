import type { Backend, GradCall, OpCall } from './backend.js';
import { UnsupportedError } from './errors.js';
import type { ParamOptions, ParamSchema } from './params.js';
import { referenceBackend } from './reference-backend.js';
import type { AnyOpSpec, OpSpec } from './spec.js';
import type { Tensor, TensorInput } from './tensor.js';
import { prepareCall, prepareGradCall } from './validate.js';

/** Where an op runs. Without a backend, the float64 reference of `@rectify/core` computes it. */
export interface RunOptions {
  readonly backend?: Backend;
}
/** Options of a gradient call: the backend and the upstream gradient (ones of the output's shape by default). */
export interface GradOptions extends RunOptions {
  readonly upstream?: TensorInput;
}

/** An activation: `y = f(x)`. */
export type ActivationFunction<S extends ParamSchema> = (
  x: TensorInput,
  params?: ParamOptions<S>,
  options?: RunOptions,
) => Promise<Tensor>;
/** The gradient of an activation: `upstream · f'(x)`. */
export type ActivationGradient<S extends ParamSchema> = (
  x: TensorInput,
  params?: ParamOptions<S>,
  options?: GradOptions,
) => Promise<Tensor>;
/** A loss of targets and predictions. */
export type LossFunction<S extends ParamSchema> = (
  yTrue: TensorInput,
  yPred: TensorInput,
  params?: ParamOptions<S>,
  options?: RunOptions,
) => Promise<Tensor>;
/** The gradient of a loss with respect to the predictions. */
export type LossGradient<S extends ParamSchema> =
  LossFunction<S> extends (...a: infer A) => infer R
    ? (yTrue: A[0], yPred: A[1], params?: A[2], options?: GradOptions) => R
    : never;

/** Validates and runs a forward call of any spec on the chosen backend (async). */
export async function runSpec(
  spec: AnyOpSpec,
  inputs: Readonly<Record<string, TensorInput | undefined>>,
  params: unknown,
  options: RunOptions = {},
): Promise<Tensor> {
  const backend = options.backend ?? referenceBackend;
  return backend.forward(prepareCall(spec, inputs, params, backend));
}

/** Validates and runs a gradient call of any spec on the chosen backend (async). */
export async function runSpecGradient(
  spec: AnyOpSpec,
  inputs: Readonly<Record<string, TensorInput | undefined>>,
  params: unknown,
  options: GradOptions = {},
): Promise<Readonly<Record<string, Tensor>>> {
  const backend = options.backend ?? referenceBackend;
  return backend.backward(prepareGradCall(spec, inputs, params, options.upstream, backend));
}

/** Validates and runs a forward call synchronously; needs a backend with `forwardSync`. */
export function runSpecSync(
  spec: AnyOpSpec,
  inputs: Readonly<Record<string, TensorInput | undefined>>,
  params: unknown,
  options: RunOptions = {},
): Tensor {
  const backend = options.backend ?? referenceBackend;
  const call: OpCall = prepareCall(spec, inputs, params, backend);
  if (!backend.forwardSync) throw syncUnsupported(backend, spec.id);
  return backend.forwardSync(call);
}

/** Validates and runs a gradient call synchronously; needs a backend with `backwardSync`. */
export function runSpecGradientSync(
  spec: AnyOpSpec,
  inputs: Readonly<Record<string, TensorInput | undefined>>,
  params: unknown,
  options: GradOptions = {},
): Readonly<Record<string, Tensor>> {
  const backend = options.backend ?? referenceBackend;
  const call: GradCall = prepareGradCall(spec, inputs, params, options.upstream, backend);
  if (!backend.backwardSync) throw syncUnsupported(backend, spec.id);
  return backend.backwardSync(call);
}

function syncUnsupported(backend: Backend, op: string): Error {
  return new UnsupportedError(`backend "${backend.name}" has no synchronous path`, { op });
}

/** The public function of an elementwise or axis activation spec. */
export function activationFunction<S extends ParamSchema>(
  spec: OpSpec<string, 'x', 'x', S>,
): ActivationFunction<S> {
  return (x, params, options) => runSpec(spec, { x }, params, options);
}
/** The public gradient function of an activation spec. */
export function activationGradient<S extends ParamSchema>(
  spec: OpSpec<string, 'x', 'x', S>,
): ActivationGradient<S> {
  return async (x, params, options) => (await runSpecGradient(spec, { x }, params, options)).x!;
}
/** The public function of a loss spec. */
export function lossFunction<S extends ParamSchema>(
  spec: OpSpec<string, 'yTrue' | 'yPred', 'yPred', S>,
): LossFunction<S> {
  return (yTrue, yPred, params, options) => runSpec(spec, { yTrue, yPred }, params, options);
}
/** The public gradient function of a loss spec: ∂loss/∂yPred. */
export function lossGradient<S extends ParamSchema>(
  spec: OpSpec<string, 'yTrue' | 'yPred', 'yPred', S>,
): LossGradient<S> {
  return async (yTrue, yPred, params, options) =>
    (await runSpecGradient(spec, { yTrue, yPred }, params, options)).yPred!;
}
