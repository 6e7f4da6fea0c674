import type { Backend, GradCall, OpCall } from './backend.js';
import { UnsupportedError } from './errors.js';
import type { ParamOptions, ParamSchema } from './params.js';
import { referenceBackend } from './reference-backend.js';
import type { AnyOpSpec, OpSpec } from './spec.js';
import { type FloatArray, sizeOf, Tensor, type TensorInput } from './tensor.js';
import { type OutTarget, prepareCall, prepareGradCall, prepareOut } from './validate.js';

/** Where an op runs. Without a backend, the float64 reference of `@rectify/core` computes it. */
export interface RunOptions {
  readonly backend?: Backend;
  /**
   * An array to write the result into instead of a fresh one (for a gradient, the gradient of `x` or
   * `yPred`): the call's dtype and the result's length, or exactly one of the inputs to compute in place.
   * The returned tensor wraps it. Reusing one array across calls saves an allocation per call, and with
   * an array from `backend.allocate` the cpu backend's SIMD kernels compute in place in it.
   *
   * @example
   * ```ts
   * const out = backend.allocate?.('float32', 1024) ?? new Float32Array(1024);
   * for (const batch of batches) await relu(batch, {}, { backend, out }); // same memory each time
   * ```
   */
  readonly out?: FloatArray;
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
  const [call, target] = withOut(prepareCall(spec, inputs, params, backend), options.out);
  return deliver(await backend.forward(call), target);
}

/** Validates and runs a gradient call of any spec on the chosen backend (async). */
export async function runSpecGradient(
  spec: AnyOpSpec,
  inputs: Readonly<Record<string, TensorInput | undefined>>,
  params: unknown,
  options: GradOptions = {},
): Promise<Readonly<Record<string, Tensor>>> {
  const backend = options.backend ?? referenceBackend;
  const [call, target] = withGradOut(
    spec,
    prepareGradCall(spec, inputs, params, options.upstream, backend),
    options.out,
  );
  return deliverGrads(spec, await backend.backward(call), target);
}

/** Validates and runs a forward call synchronously; needs a backend with `forwardSync`. */
export function runSpecSync(
  spec: AnyOpSpec,
  inputs: Readonly<Record<string, TensorInput | undefined>>,
  params: unknown,
  options: RunOptions = {},
): Tensor {
  const backend = options.backend ?? referenceBackend;
  const [call, target] = withOut(prepareCall(spec, inputs, params, backend), options.out);
  if (!backend.forwardSync) throw syncUnsupported(backend, spec.id);
  return deliver(backend.forwardSync(call), target);
}

/** Validates and runs a gradient call synchronously; needs a backend with `backwardSync`. */
export function runSpecGradientSync(
  spec: AnyOpSpec,
  inputs: Readonly<Record<string, TensorInput | undefined>>,
  params: unknown,
  options: GradOptions = {},
): Readonly<Record<string, Tensor>> {
  const backend = options.backend ?? referenceBackend;
  const [call, target] = withGradOut(
    spec,
    prepareGradCall(spec, inputs, params, options.upstream, backend),
    options.out,
  );
  if (!backend.backwardSync) throw syncUnsupported(backend, spec.id);
  return deliverGrads(spec, backend.backwardSync(call), target);
}

/** The call with the caller's `out` checked and attached when the backend may write into it directly. */
function withOut(call: OpCall, out: unknown): [OpCall, OutTarget | undefined] {
  const target = prepareOut(call, out, sizeOf(call.outputShape));
  return [target?.direct ? { ...call, out: target.array } : call, target];
}

function withGradOut(spec: AnyOpSpec, call: GradCall, out: unknown): [GradCall, OutTarget | undefined] {
  const first = (call.inputs as Readonly<Record<string, Tensor>>)[spec.gradWrt[0]!]!;
  const target = prepareOut(call, out, first.size, call.upstream);
  return [target?.direct ? { ...call, out: target.array } : call, target];
}

/** The result in the caller's array: as computed when the backend wrote there, else copied in. */
function deliver(result: Tensor, target: OutTarget | undefined): Tensor {
  if (!target || result.data === target.array) return result;
  target.array.set(result.data as FloatArray);
  return new Tensor(result.dtype, result.shape, target.array);
}

function deliverGrads(
  spec: AnyOpSpec,
  grads: Readonly<Record<string, Tensor>>,
  target: OutTarget | undefined,
): Readonly<Record<string, Tensor>> {
  if (!target) return grads;
  const name = spec.gradWrt[0]!;
  return { ...grads, [name]: deliver(grads[name]!, target) };
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
