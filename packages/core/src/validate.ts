import type { Backend, GradCall, OpCall } from './backend.js';
import type { OpId } from './catalog.js';
import { DTypeError, InvalidInputError, InvalidParamError, ShapeError, UnsupportedError } from './errors.js';
import { resolveParams } from './params.js';
import { sameShape, showShape } from './shape.js';
import type { AnyOpSpec } from './spec.js';
import { type FloatArray, type FloatDType, Tensor, type TensorInput, tensor } from './tensor.js';

const isFloat = (d: string): d is FloatDType => d === 'float32' || d === 'float64';

function describeInput(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function toInputTensor(
  op: string,
  name: string,
  raw: TensorInput,
  dtype: FloatDType,
  label: boolean,
): Tensor {
  if (raw instanceof Tensor) return raw;
  const ok =
    typeof raw === 'number' || Array.isArray(raw) || (ArrayBuffer.isView(raw) && !(raw instanceof DataView));
  if (!ok)
    throw new InvalidInputError(
      `input "${name}" must be a tensor, a typed array or numbers, got ${describeInput(raw)}`,
      { op },
    );
  try {
    if (ArrayBuffer.isView(raw)) return tensor(raw);
    return tensor(raw, undefined, label ? 'int32' : dtype);
  } catch (err) {
    // re-throw with the op and input named, keeping the error's class
    if (err instanceof Error && 'op' in err) {
      const Ctor = err.constructor as new (m: string, o: { op: string; cause: unknown }) => Error;
      throw new Ctor(`input "${name}": ${err.message}`, { op, cause: err });
    }
    throw err;
  }
}

/**
 * Validates a call of `spec` before any backend work: params (names, types, ranges, defaults), inputs
 * (presence, dtypes, shapes, values) and the backend's support for the op and dtype.
 * Throws the catalog's named errors; never modifies the inputs.
 */
export function prepareCall<Id extends OpId>(
  spec: AnyOpSpec,
  rawInputs: Readonly<Record<string, TensorInput | undefined>>,
  rawParams: unknown,
  backend: Backend,
): OpCall<Id> {
  const op = spec.id;
  const params = resolveParams(op, spec.params, rawParams);
  const broken = spec.checkParams?.(params);
  if (broken) throw new InvalidParamError(broken, { op });

  for (const name of Object.keys(rawInputs)) {
    if (!spec.inputs.some((d) => d.name === name)) {
      throw new InvalidInputError(
        `unknown input "${name}"; ${op} takes ${spec.inputs.map((d) => d.name).join(', ')}`,
        { op },
      );
    }
  }
  // plain numbers take the dtype of a float tensor given alongside them, else float32
  const given = spec.inputs
    .map((d) => rawInputs[d.name])
    .find((v) => v instanceof Tensor && isFloat(v.dtype));
  const defaultDtype: FloatDType = given instanceof Tensor ? (given.dtype as FloatDType) : 'float32';
  const inputs: Record<string, Tensor> = {};
  for (const decl of spec.inputs) {
    const raw = rawInputs[decl.name];
    if (raw === undefined) throw new InvalidInputError(`missing input "${decl.name}"`, { op });
    inputs[decl.name] = toInputTensor(op, decl.name, raw, defaultDtype, decl.role === 'label');
  }

  const floats = spec.inputs.filter((d) => d.role === 'float');
  const dtype = inputs[floats[floats.length - 1]!.name]!.dtype;
  for (const decl of spec.inputs) {
    const d = inputs[decl.name]!.dtype;
    if (decl.role === 'label' ? d !== 'int32' && d !== dtype : d !== dtype || !isFloat(d)) {
      const want =
        decl.role === 'label' ? `int32 or ${dtype}` : isFloat(dtype) ? dtype : 'float32 or float64';
      throw new DTypeError(`input "${decl.name}" has dtype ${d}; expected ${want}`, { op });
    }
  }
  if (!isFloat(dtype))
    throw new DTypeError(`inputs have dtype ${dtype}; expected float32 or float64`, { op });

  spec.checkInputs(inputs, params);
  if (!backend.dtypes.includes(dtype) || backend.supports?.(op as OpId, dtype, params) === false) {
    throw new UnsupportedError(`backend "${backend.name}" cannot run ${op} in ${dtype}`, { op });
  }
  const outputShape = spec.outputShape(inputs, params);
  return { op, spec, inputs, params, dtype, outputShape } as unknown as OpCall<Id>;
}

/**
 * Validates a gradient call: as {@link prepareCall}, plus the upstream gradient, which must have the
 * output's shape (ones when absent) and a float dtype (cast to the call's dtype).
 */
export function prepareGradCall<Id extends OpId>(
  spec: AnyOpSpec,
  rawInputs: Readonly<Record<string, TensorInput | undefined>>,
  rawParams: unknown,
  rawUpstream: TensorInput | undefined,
  backend: Backend,
): GradCall<Id> {
  const call = prepareCall<Id>(spec, rawInputs, rawParams, backend);
  const { dtype, outputShape } = call;
  let upstream: Tensor;
  if (rawUpstream === undefined) {
    // ones made in the call's dtype directly: one allocation, no cast
    const size = outputShape.reduce((a, b) => a * b, 1);
    const ones = dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
    upstream = new Tensor(dtype, outputShape, ones.fill(1));
  } else {
    upstream = toInputTensor(spec.id, 'upstream', rawUpstream, dtype, false);
    if (!isFloat(upstream.dtype)) {
      throw new DTypeError(`upstream gradient has dtype ${upstream.dtype}; expected a float dtype`, {
        op: spec.id,
      });
    }
    if (!sameShape(upstream.shape, outputShape)) {
      throw new ShapeError(
        `upstream gradient has shape ${showShape(upstream.shape)} but the output has shape ${showShape(outputShape)}`,
        { op: spec.id },
      );
    }
    upstream = upstream.cast(dtype);
  }
  return { ...call, upstream };
}

/** Where a call's result goes when the caller gave an `out` array (see {@link prepareOut}). */
export interface OutTarget {
  /** The caller's array. */
  readonly array: FloatArray;
  /** False when it is one of the inputs itself: the backend computes elsewhere and the result is copied in. */
  readonly direct: boolean;
}

function memoryOf(a: ArrayBufferView): readonly [ArrayBufferLike, number, number] {
  return [a.buffer, a.byteOffset, a.byteOffset + a.byteLength];
}

/**
 * Checks a caller's `out` array against a prepared call before any work: a float typed array of the
 * call's dtype, `length` elements (the output's, or the first gradient's), sharing no memory with an
 * input unless it is exactly that input (in place: computed elsewhere, then copied in, so no backend
 * reads what it has already overwritten).
 */
export function prepareOut(
  call: OpCall,
  out: unknown,
  length: number,
  upstream?: Tensor,
): OutTarget | undefined {
  if (out === undefined) return undefined;
  const op = call.op;
  const want = call.dtype === 'float64' ? Float64Array : Float32Array;
  if (!(out instanceof want)) {
    const got = ArrayBuffer.isView(out) ? out.constructor.name : describeInput(out);
    throw new DTypeError(`out must be a ${want.name} (the call's dtype is ${call.dtype}), got ${got}`, {
      op,
    });
  }
  if (out.length !== length) {
    throw new ShapeError(`out has ${out.length} elements but the result has ${length}`, { op });
  }
  const [buffer, start, end] = memoryOf(out);
  const tensors = Object.entries(call.inputs as Readonly<Record<string, Tensor>>);
  if (upstream) tensors.push(['upstream', upstream]);
  let direct = true;
  for (const [name, t] of tensors) {
    const [b, s, e] = memoryOf(t.data);
    if (b !== buffer || e <= start || s >= end) continue;
    if (s === start && e === end) direct = false;
    else
      throw new InvalidInputError(
        `out overlaps input "${name}" without being it; pass a separate array or the input itself`,
        { op },
      );
  }
  return { array: out, direct };
}
