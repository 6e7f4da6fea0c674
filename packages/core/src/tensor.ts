import { DTypeError, InvalidInputError, ShapeError } from './errors.js';

/** Element types a tensor can hold. Integer tensors only carry class labels. */
export type DType = 'float32' | 'float64' | 'int32';
/** The floating-point dtypes ops compute in. */
export type FloatDType = 'float32' | 'float64';
/** Row-major shape; `[]` is a scalar. */
export type Shape = readonly number[];
/** The typed array behind each dtype. */
export type TypedArrayFor<D extends DType> = D extends 'float32'
  ? Float32Array
  : D extends 'float64'
    ? Float64Array
    : Int32Array;
/** A float typed array, the storage of float32 and float64 tensors. */
export type FloatArray = Float32Array | Float64Array;
/** Any typed array a tensor can hold. */
export type NumericArray = Float32Array | Float64Array | Int32Array;

/** Nested arrays of numbers, as people write tensors by hand. */
export type NestedNumbers = number | readonly NestedNumbers[];
/** What the public op functions take as a tensor: a {@link Tensor}, a typed array, a number or nested arrays. */
export type TensorInput = Tensor | NumericArray | NestedNumbers;

export const dtypes: readonly DType[] = ['float32', 'float64', 'int32'];

const arrayCtor = { float32: Float32Array, float64: Float64Array, int32: Int32Array } as const;

/** Allocates a zeroed typed array for `dtype`. */
export function allocate<D extends DType>(dtype: D, length: number): TypedArrayFor<D> {
  return new arrayCtor[dtype](length) as TypedArrayFor<D>;
}

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function dtypeOf(data: NumericArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  return 'int32';
}

/**
 * An immutable n-dimensional array: dtype, shape and row-major data.
 *
 * Rectify never writes into a tensor's data, so a tensor may share its typed array with the caller.
 *
 * @example
 * ```ts
 * const x = new Tensor('float32', [2, 2], new Float32Array([1, -2, 3, -4]));
 * x.get(1, 0); // 3
 * ```
 */
export class Tensor<D extends DType = DType> {
  readonly dtype: D;
  readonly shape: Shape;
  readonly data: TypedArrayFor<D>;

  constructor(dtype: D, shape: Shape, data: TypedArrayFor<D>) {
    if (!(dtypes as readonly string[]).includes(dtype)) {
      throw new DTypeError(`unknown dtype ${JSON.stringify(dtype)}; expected one of ${dtypes.join(', ')}`);
    }
    checkShape(shape);
    if (!(data instanceof arrayCtor[dtype])) {
      throw new DTypeError(`data of a ${dtype} tensor must be a ${arrayCtor[dtype].name}`);
    }
    if (data.length !== sizeOf(shape)) {
      throw new ShapeError(
        `data has ${data.length} elements but shape [${shape.join(', ')}] needs ${sizeOf(shape)}`,
      );
    }
    this.dtype = dtype;
    this.shape = Object.freeze([...shape]);
    this.data = data;
  }

  get rank(): number {
    return this.shape.length;
  }

  get size(): number {
    return this.data.length;
  }

  /** The element at the given indices (one per axis). */
  get(...indices: number[]): number {
    if (indices.length !== this.shape.length) {
      throw new ShapeError(`get needs ${this.shape.length} indices, got ${indices.length}`);
    }
    let flat = 0;
    for (let i = 0; i < indices.length; i++) {
      const d = this.shape[i]!;
      const k = indices[i]!;
      if (!Number.isInteger(k) || k < 0 || k >= d)
        throw new ShapeError(`index ${k} out of range for axis ${i} of size ${d}`);
      flat = flat * d + k;
    }
    return this.data[flat]!;
  }

  /** The data as a plain array of numbers (row-major). */
  toArray(): number[] {
    return Array.from(this.data);
  }

  /** A copy of this tensor in another dtype (the same tensor when the dtype already matches). */
  cast<T extends DType>(dtype: T): Tensor<T> {
    if ((dtype as DType) === this.dtype) return this as unknown as Tensor<T>;
    const out = allocate(dtype, this.size);
    out.set(this.data);
    return new Tensor(dtype, this.shape, out);
  }
}

function checkShape(shape: Shape): void {
  if (!Array.isArray(shape)) throw new ShapeError(`shape must be an array of sizes, got ${String(shape)}`);
  shape.forEach((d, i) => {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new ShapeError(`shape [${shape.join(', ')}] has an invalid size ${String(d)} at axis ${i}`);
    }
  });
}

function inferShape(value: NestedNumbers, where: string): number[] {
  if (typeof value === 'number') return [];
  if (!Array.isArray(value)) throw new InvalidInputError(`${where} must hold numbers, got ${typeof value}`);
  if (value.length === 0) return [0];
  return [value.length, ...inferShape(value[0] as NestedNumbers, `${where}[0]`)];
}

function flatten(value: NestedNumbers, shape: Shape, axis: number, out: number[], where: string): void {
  if (axis === shape.length) {
    if (typeof value !== 'number') throw new ShapeError(`${where} is ragged: expected a number`);
    out.push(value);
    return;
  }
  if (!Array.isArray(value) || value.length !== shape[axis]) {
    throw new ShapeError(`${where} is ragged: expected ${shape[axis]} entries at axis ${axis}`);
  }
  for (let i = 0; i < value.length; i++)
    flatten(value[i] as NestedNumbers, shape, axis + 1, out, `${where}[${i}]`);
}

/**
 * Makes a tensor from a typed array, a number or (nested) arrays of numbers.
 * Plain numbers default to float32, as in TensorFlow.js; typed arrays keep their own dtype.
 * A typed array whose dtype already matches is used without copying (Rectify never writes into it).
 *
 * @example
 * ```ts
 * tensor([[1, 2], [3, 4]]);            // float32, shape [2, 2]
 * tensor([0, 2, 1], [3], 'int32');     // class labels
 * tensor(new Float64Array(6), [2, 3]); // float64, shape [2, 3]
 * ```
 */
export function tensor<D extends DType = 'float32'>(value: TensorInput, shape?: Shape, dtype?: D): Tensor<D> {
  if (value instanceof Tensor) {
    const t = dtype ? value.cast(dtype) : value;
    return (shape ? reshape(t, shape) : t) as Tensor<D>;
  }
  if (ArrayBuffer.isView(value)) {
    const own = dtypeOf(value);
    const d = (dtype ?? own) as D;
    const data = d === own ? value : toTyped(value, d);
    return new Tensor(d, shape ?? [value.length], data as TypedArrayFor<D>);
  }
  const d = (dtype ?? 'float32') as D;
  if (!(dtypes as readonly string[]).includes(d)) throw new DTypeError(`unknown dtype ${JSON.stringify(d)}`);
  const inferred = inferShape(value, 'value');
  const flat: number[] = [];
  flatten(value, inferred, 0, flat, 'value');
  const data = toTyped(flat, d);
  if (shape) checkShape(shape);
  return new Tensor(d, shape ?? inferred, data as TypedArrayFor<D>);
}

function toTyped(values: ArrayLike<number>, dtype: DType): NumericArray {
  if (dtype === 'int32') {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
        throw new InvalidInputError(`value ${v} at index ${i} is not an int32`);
      }
    }
  }
  const out = allocate(dtype, values.length);
  out.set(values);
  return out;
}

/** The same data under another shape of the same size. */
export function reshape<D extends DType>(t: Tensor<D>, shape: Shape): Tensor<D> {
  checkShape(shape);
  if (sizeOf(shape) !== t.size) {
    throw new ShapeError(
      `cannot reshape [${t.shape.join(', ')}] (${t.size} elements) to [${shape.join(', ')}]`,
    );
  }
  return new Tensor(t.dtype, shape, t.data);
}
