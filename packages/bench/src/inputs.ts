import { hashString, Rng } from '@rectify/conformance';
import {
  type AnyOpSpec,
  catalog,
  type InputDecl,
  type OpId,
  resolveParams,
  type Shape,
  sizeOf,
  Tensor,
} from '@rectify/core';

/** Classes per sample of the per-sample losses and of softmax/logSoftmax: inputs are `[n / C, C]`. */
export const CLASSES = 10;

const hasAxis = (spec: AnyOpSpec) => Object.hasOwn(spec.params, 'axis');

/**
 * The shape of an op's main input (`x` or `yPred`) for `n` elements: `[n]` for elementwise ops and
 * pointwise losses, `[n / C, C]` (C = {@link CLASSES}) for ops that work along an axis, so that a
 * softmax or a cross-entropy sees batches of 10-class rows rather than one lane of a million classes.
 */
export function benchShape(op: OpId, n: number): Shape {
  const spec = catalog[op] as AnyOpSpec;
  if (!hasAxis(spec)) return [n];
  if (!(Number.isInteger(n / CLASSES) && n > 0)) {
    throw new RangeError(`${op}: size ${n} must be a positive multiple of ${CLASSES}`);
  }
  return [n / CLASSES, CLASSES];
}

function fill(decl: InputDecl, shape: Shape, rng: Rng): Tensor {
  const n = sizeOf(shape);
  const hint = decl.sample;
  if (hint.kind === 'classIndex') {
    const data = new Int32Array(n);
    for (let i = 0; i < n; i++) data[i] = rng.int(CLASSES);
    return new Tensor('int32', shape, data);
  }
  const data = new Float32Array(n);
  if (hint.kind === 'uniform') for (let i = 0; i < n; i++) data[i] = rng.uniform(hint.lo, hint.hi);
  else if (hint.kind === 'binary') for (let i = 0; i < n; i++) data[i] = rng.int(2);
  else if (hint.kind === 'sign') for (let i = 0; i < n; i++) data[i] = rng.int(2) * 2 - 1;
  else {
    // a distribution along the last axis, which is the axis of every op that asks for one here
    const c = shape[shape.length - 1] ?? 1;
    for (let row = 0; row < n; row += c) {
      let s = 0;
      for (let k = 0; k < c; k++) s += data[row + k] = rng.uniform(0.05, 1);
      for (let k = 0; k < c; k++) data[row + k]! /= s;
    }
  }
  return new Tensor('float32', shape, data);
}

/**
 * Valid float32 inputs of `op` with `n` elements in its main input, drawn per the spec's sample hints
 * (uniform ranges, 0/1 targets, ±1 labels, distributions, class indices) from a seeded generator. prelu's
 * `alpha` has shape `[1]`; class-index labels are int32 of shape `[n / C]`.
 *
 * @example
 * ```ts
 * const { x } = benchInputs('leakyRelu', 1_000_000, 1); // Float32Array of 1e6 values in the op's domain
 * await forward('leakyRelu', { x }, {}, { backend });
 * ```
 */
export function benchInputs(op: OpId, n: number, seed = 1): Record<string, Tensor> {
  const spec = catalog[op] as AnyOpSpec;
  const main = benchShape(op, n);
  const rng = new Rng(hashString(op) ^ seed);
  const inputs: Record<string, Tensor> = {};
  for (const decl of spec.inputs) {
    let shape = main;
    if (decl.role === 'label') shape = main.slice(0, -1);
    if (op === 'prelu' && decl.name === 'alpha') shape = [1];
    inputs[decl.name] = fill(decl, shape, rng);
  }
  return inputs;
}

/** The output shape of `op` at its default params for these inputs. */
export function benchOutputShape(op: OpId, inputs: Readonly<Record<string, Tensor>>): Shape {
  const spec = catalog[op] as AnyOpSpec;
  return spec.outputShape(inputs as never, resolveParams(op, spec.params, {}) as never);
}

/** A seeded upstream gradient of the output's shape, values in [−1, 1). */
export function benchUpstream(shape: Shape, seed = 1): Tensor {
  const rng = new Rng(seed ^ 0x5bd1e995);
  const data = new Float32Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-1, 1);
  return new Tensor('float32', shape, data);
}
