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

/**
 * Index of the first element that differs bit for bit (NaN equals NaN, −0 is not +0), or −1; 0 when the
 * lengths differ. Much faster than a deep equality on 10⁵ elements.
 */
export function firstBitDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
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
 * A copy of a float tensor in an array from the backend's `allocate` (where its kernels compute in
 * place); int32 labels, and any tensor of a backend without `allocate`, stay as they are.
 */
export function residentCopy(backend: Pick<Backend, 'allocate'>, t: Tensor): Tensor {
  if (t.dtype === 'int32' || !backend.allocate) return t;
  const a = backend.allocate(t.dtype, t.size);
  a.set(t.data as FloatArray);
  return new Tensor(t.dtype, t.shape, a);
}

/**
 * Runs a case several ways — into fresh arrays; into an `out` array (the backend's `allocate` kind when
 * it has one); for activations, in place over a copy of x; and, for a backend with `allocate`, with every
 * input (and the upstream gradient) in its arrays, into fresh ones and into `out` — and lists every way
 * whose result is not bit for bit the fresh one. Where arrays live must change where results go, never
 * what they are.
 */
export async function outArrayProblems(backend: Backend, c: ConformanceCase): Promise<string[]> {
  const problems: string[] = [];
  const check = (what: string, got: Tensor, want: Tensor, out: FloatArray) => {
    if (got.data !== out) problems.push(`${what}: the result is not the out array`);
    const at = firstBitDifference(out, want.data);
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
  const held = backend.allocate
    ? Object.fromEntries(Object.entries(c.inputs).map(([k, t]) => [k, residentCopy(backend, t)]))
    : undefined;
  if (held) {
    const y = await forward(c.op, held, c.params, { backend });
    check('forward from resident inputs', y, fresh, y.data as FloatArray);
    const into = outArray(backend, dtype, fresh.size);
    const all = await forward(c.op, held, c.params, { backend, out: into });
    check('forward resident to resident', all, fresh, into);
  }
  if (c.grad) {
    const name = getSpec(c.op).gradWrt[0]!;
    const options = { backend, upstream: c.grad.upstream };
    const want = (await gradient(c.op, c.inputs, c.params, options))[name]!;
    const g = outArray(backend, dtype, want.size);
    const into = (await gradient(c.op, c.inputs, c.params, { ...options, out: g }))[name]!;
    check('gradient into out', into, want, g);
    if (held) {
      const upstream = residentCopy(backend, c.grad.upstream);
      const fromHeld = (await gradient(c.op, held, c.params, { backend, upstream }))[name]!;
      check('gradient from resident inputs', fromHeld, want, fromHeld.data as FloatArray);
      const r = outArray(backend, dtype, want.size);
      const all = (await gradient(c.op, held, c.params, { backend, upstream, out: r }))[name]!;
      check('gradient resident to resident', all, want, r);
    }
  }
  return problems;
}
