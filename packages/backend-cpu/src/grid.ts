import type { FloatArray } from '@rectify/core';

// The kernels compare inputs against float64 thresholds (x > alpha, x < max) in the input's own dtype. For
// float32 inputs a threshold rounded to float32 can move a decision by one ulp, so these helpers place it
// exactly on the input's grid: `x > t` is `x >= above(t)` for every x of that dtype.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

function next32(v: number, up: boolean): number {
  if (Number.isNaN(v) || v === (up ? Infinity : -Infinity)) return Number.NaN;
  if (v === 0) return up ? 2 ** -149 : -(2 ** -149);
  f32[0] = v;
  // away from zero adds one to the magnitude's bits, towards zero subtracts one
  u32[0]! += v > 0 === up ? 1 : -1;
  return f32[0]!;
}

function next64(v: number, up: boolean): number {
  if (Number.isNaN(v) || v === (up ? Infinity : -Infinity)) return Number.NaN;
  if (v === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  f64[0] = v;
  u64[0]! += v > 0 === up ? 1n : -1n;
  return f64[0]!;
}

/** The smallest value of the dtype strictly above `v` (NaN if none): `x > v` ⇔ `x >= above(v)`. */
export function above(v: number, float32: boolean): number {
  if (!float32) return next64(v, true);
  const r = Math.fround(v);
  return r > v ? r : next32(r, true);
}

/** The largest value of the dtype strictly below `v` (NaN if none): `x < v` ⇔ `x <= below(v)`. */
export function below(v: number, float32: boolean): number {
  if (!float32) return next64(v, false);
  const r = Math.fround(v);
  return r < v ? r : next32(r, false);
}

/** Whether `data` is float32 (the kernels' lane width and rounding follow it). */
export function isF32(data: FloatArray): data is Float32Array {
  return data instanceof Float32Array;
}
