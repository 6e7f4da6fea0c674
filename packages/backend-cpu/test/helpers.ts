import type { FloatDType } from '@rectify/core';

// Inputs and comparisons shared by the kernel tests.

/** A seeded xorshift, so that a failure reproduces. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export const negNaN = (() => {
  const f = new Float64Array([Number.NaN]);
  new Uint32Array(f.buffer)[1]! |= 0x80000000;
  return f[0]!;
})();

/** n values: mostly uniform in [−lo, hi], with specials and the given points (and their neighbours) mixed in. */
export function values(
  n: number,
  seed: number,
  points: readonly number[],
  dtype: FloatDType,
): Float32Array | Float64Array {
  const r = rng(seed);
  const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  const specials = [
    0,
    -0,
    Infinity,
    -Infinity,
    Number.NaN,
    negNaN,
    1e-45,
    -1e-45,
    1e-310,
    3e38,
    -3e38,
    1e300,
  ];
  const near: number[] = [];
  for (const p of points) {
    const f = Math.fround(p);
    near.push(p, f, f * (1 + 2 ** -23), f * (1 - 2 ** -23), p * (1 + 2 ** -52), p * (1 - 2 ** -52));
  }
  for (let i = 0; i < n; i++) {
    const u = r();
    out[i] =
      u < 0.05
        ? specials[Math.floor(r() * specials.length)]!
        : u < 0.15 && near.length > 0
          ? near[Math.floor(r() * near.length)]!
          : (r() - 0.5) * 16;
  }
  return out;
}

export function sameBits(got: ArrayLike<number>, want: ArrayLike<number>): string | undefined {
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (Number.isNaN(w) ? !Number.isNaN(g) : !Object.is(g, w)) return `[${i}]: got ${g}, want ${w}`;
  }
  return undefined;
}

/** The worst error in float32 ulps at max(|expected|, 0.1), the conformance report's measure. */
export function worstUlps(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (Number.isNaN(w) || !Number.isFinite(w)) {
      if (!Object.is(g, w) && !(Number.isNaN(g) && Number.isNaN(w))) return Number.POSITIVE_INFINITY;
      continue;
    }
    const a = Math.max(Math.abs(w), 0.1);
    worst = Math.max(worst, Math.abs(g - w) / 2 ** (Math.floor(Math.log2(a)) - 23));
  }
  return worst;
}

/** n seeded values uniform in [lo, hi). */
export function uniform(n: number, seed: number, lo: number, hi: number): Float32Array {
  const r = rng(seed);
  return new Float32Array(n).map(() => lo + (hi - lo) * r());
}
