import {
  type Backend,
  type FloatArray,
  type FloatDType,
  forward,
  getSpec,
  gradient,
  Tensor,
} from '@rectify/core';
import type { ConformanceCase } from './case-file.js';

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** An array for `out`: the backend's own kind when it has one, filled with NaN so unwritten lanes show. */
function outArray(backend: Backend, dtype: FloatDType, length: number): FloatArray {
  const a =
    backend.allocate?.(dtype, length) ??
    (dtype === 'float64' ? new Float64Array(length) : new Float32Array(length));
  return a.fill(Number.NaN);
}

/**
 * Runs a case three ways — into fresh arrays, into an `out` array (the backend's `allocate` kind when it
 * has one) and, for activations, in place over a copy of x — and lists every way whose result is not
 * bit for bit the fresh one. Writing into the caller's memory must change where results go, never what
 * they are.
 */
export async function outArrayProblems(backend: Backend, c: ConformanceCase): Promise<string[]> {
  const problems: string[] = [];
  const check = (what: string, got: Tensor, want: Tensor, out: FloatArray) => {
    if (got.data !== out) problems.push(`${what}: the result is not the out array`);
    const at = sameBits(out, want.data);
    if (at >= 0) problems.push(`${what}: element ${at} is ${out[at]}, fresh gives ${want.data[at]}`);
  };
  const fresh = await forward(c.op, c.inputs, c.params, { backend });
  const dtype = fresh.dtype as FloatDType;
  const out = outArray(backend, dtype, fresh.size);
  check('forward into out', await forward(c.op, c.inputs, c.params, { backend, out }), fresh, out);

  const x = c.inputs.x;
  if (x && x.size === fresh.size && x.dtype === dtype) {
    const own = x.data.slice() as FloatArray;
    const y = await forward(c.op, { ...c.inputs, x: new Tensor(x.dtype, x.shape, own) }, c.params, {
      backend,
      out: own,
    });
    check('forward in place', y, fresh, own);
  }
  if (c.grad) {
    const name = getSpec(c.op).gradWrt[0]!;
    const options = { backend, upstream: c.grad.upstream };
    const want = (await gradient(c.op, c.inputs, c.params, options))[name]!;
    const g = outArray(backend, dtype, want.size);
    check(
      'gradient into out',
      (await gradient(c.op, c.inputs, c.params, { ...options, out: g }))[name]!,
      want,
      g,
    );
  }
  return problems;
}
