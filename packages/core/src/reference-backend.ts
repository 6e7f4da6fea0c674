import type { Backend, GradBuffersOf, GradCall, GradTensors, OpCall } from './backend.js';
import type { OpId } from './catalog.js';
import type { AnyOpSpec } from './spec.js';
import { allocate, type FloatArray, sizeOf, Tensor } from './tensor.js';

/**
 * Allocates the output of a validated call in its dtype (or takes the caller's `out`), lets `write` fill
 * it and wraps it as a tensor.
 * Backends that compute on the CPU share it so output allocation lives in one place.
 */
export function computeForward<Id extends OpId>(call: OpCall<Id>, write: (out: FloatArray) => void): Tensor {
  const out = call.out ?? allocate(call.dtype, sizeOf(call.outputShape));
  write(out);
  return new Tensor(call.dtype, call.outputShape, out);
}

/**
 * Allocates one gradient buffer per differentiable input (the first is the caller's `out` when given),
 * lets `write` fill them and wraps them as tensors.
 */
export function computeBackward<Id extends OpId>(
  call: GradCall<Id>,
  write: (out: GradBuffersOf<Id>) => void,
): GradTensors<Id> {
  const names = (call.spec as AnyOpSpec).gradWrt;
  const inputs = call.inputs as Readonly<Record<string, Tensor>>;
  const buffers: Record<string, FloatArray> = {};
  for (const name of names) {
    buffers[name] = (name === names[0] && call.out) || allocate(call.dtype, inputs[name]!.size);
  }
  write(buffers as GradBuffersOf<Id>);
  const grads: Record<string, Tensor> = {};
  for (const name of names) grads[name] = new Tensor(call.dtype, inputs[name]!.shape, buffers[name]!);
  return grads as GradTensors<Id>;
}

/**
 * Runs an op's spec math for a validated call: float64 internally, rounded once into the call's dtype.
 * Backends use it for ops they have no faster kernel for.
 */
export function specForward<Id extends OpId>(call: OpCall<Id>): Tensor {
  return computeForward(call, (out) => (call.spec as AnyOpSpec).forward(call.inputs, call.params, out));
}

/** The gradients of a validated call from the op's spec math (see {@link specForward}). */
export function specBackward<Id extends OpId>(call: GradCall<Id>): GradTensors<Id> {
  return computeBackward(call, (out) =>
    (call.spec as AnyOpSpec).backward(call.inputs, call.params, call.upstream, out),
  );
}

/**
 * The float64 reference as a backend: each op's spec math, in float32 or float64 (the result is the
 * float64 value rounded once). Accurate, not fast; it is what the op functions use when no backend is given.
 *
 * @example
 * ```ts
 * const y = await sigmoid([0, 1], {}, { backend: referenceBackend }); // [0.5, 0.7310586]
 * ```
 */
export const referenceBackend: Backend = Object.freeze({
  name: 'reference',
  dtypes: ['float32', 'float64'] as const,
  forward: async <Id extends OpId>(call: OpCall<Id>) => specForward(call),
  backward: async <Id extends OpId>(call: GradCall<Id>) => specBackward(call),
  forwardSync: specForward,
  backwardSync: specBackward,
});
