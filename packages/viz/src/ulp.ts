import type { FloatDType } from '@rectify/core';

/*
 * The ULP measure of `@rectify/conformance`'s compare.ts, restated here because viz does not depend
 * on the conformance package: the error is |got − expected| divided by the spacing of `dtype` numbers
 * at |expected| — at the smallest normal for subnormal values, and at atol/rtol of the dtype's default
 * tolerance (float32 1e-6/1e-5 = 0.1, float64 1e-12/1e-10 = 0.01) for values smaller than that, where
 * the tolerance is absolute, so that a tiny error in a near-zero value does not read as millions of
 * ULPs. NaN matches only NaN and an infinity only the same infinity; a mismatch is an infinite error.
 * Keep it in step with `ulpOf` and `compare` in packages/conformance/src/compare.ts.
 */

const MIN_NORMAL: Readonly<Record<FloatDType, number>> = { float32: 2 ** -126, float64: 2 ** -1022 };
const MANTISSA_BITS: Readonly<Record<FloatDType, number>> = { float32: 23, float64: 52 };
/** atol/rtol of conformance's default tolerance per dtype. */
const ABSOLUTE_BELOW: Readonly<Record<FloatDType, number>> = { float32: 1e-6 / 1e-5, float64: 1e-12 / 1e-10 };

/** The spacing of `dtype` numbers at |v| (at the smallest normal for smaller values). */
export function ulpOf(v: number, dtype: FloatDType): number {
  const a = Math.max(Math.abs(v), MIN_NORMAL[dtype]);
  if (!Number.isFinite(a)) return Number.POSITIVE_INFINITY;
  return 2 ** (Math.floor(Math.log2(a)) - MANTISSA_BITS[dtype]);
}

/**
 * The error of `got` against the float64 `expected` in ULPs of `dtype` (see the comment above): 0 for
 * equal values and matching NaN/∞, `Infinity` for a NaN or infinity mismatch.
 *
 * @example
 * ```ts
 * ulpError(Math.fround(0.1), 0.1, 'float32'); // ≈ 0.2 (float32 rounds 0.1 by 1.49e-9; its ULP there is 7.45e-9)
 * ```
 */
export function ulpError(got: number, expected: number, dtype: FloatDType): number {
  if (!Number.isFinite(got) || !Number.isFinite(expected)) {
    return got === expected || (Number.isNaN(got) && Number.isNaN(expected)) ? 0 : Number.POSITIVE_INFINITY;
  }
  const abs = Math.abs(got - expected);
  if (abs === 0) return 0;
  return abs / ulpOf(Math.max(Math.abs(expected), ABSOLUTE_BELOW[dtype]), dtype);
}
