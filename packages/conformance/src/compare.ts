import type { FloatDType } from '@rectify/core';
import type { Tolerance } from './case-file.js';

/**
 * The runner's tolerance policy, per dtype: float32 results within rtol 1e-5, atol 1e-6 of the float64
 * value, float64 within rtol 1e-10, atol 1e-12 — the bars of the independent checks against float64
 * PyTorch. Worst ULPs are reported beside pass/fail so that tighter agreement stays visible.
 */
export const defaultTolerance: Readonly<Record<FloatDType, Tolerance>> = Object.freeze({
  float32: { rtol: 1e-5, atol: 1e-6 },
  float64: { rtol: 1e-10, atol: 1e-12 },
});

/**
 * Gradients checked against central finite differences of the float64 reference: the differences
 * themselves carry about 1e-9 relative error, so float64 gets a wider bar than for exact references.
 */
export const finiteDifferenceTolerance: Readonly<Record<FloatDType, Tolerance>> = Object.freeze({
  float32: { rtol: 1e-5, atol: 1e-6 },
  float64: { rtol: 1e-7, atol: 1e-9 },
});

/** How far results are from the expected values. Non-finite figures mean a NaN or infinity mismatch. */
export interface Agreement {
  readonly maxAbsErr: number;
  readonly maxRelErr: number;
  /**
   * The largest error in units in the last place of the dtype at the expected value — or, for values
   * smaller than atol/rtol, where the tolerance is absolute, at atol/rtol, so that a tiny error in a
   * near-zero value does not read as millions of ULPs.
   */
  readonly maxUlp: number;
  /** Elements outside the tolerance. */
  readonly failures: number;
  /** The first failing element, for messages. */
  readonly firstFailure?: { readonly index: number; readonly got: number; readonly expected: number };
}

const MIN_NORMAL: Record<FloatDType, number> = { float32: 2 ** -126, float64: 2 ** -1022 };
const MANTISSA_BITS: Record<FloatDType, number> = { float32: 23, float64: 52 };

/** The spacing of `dtype` numbers at |v| (at the smallest normal for smaller values). */
export function ulpOf(v: number, dtype: FloatDType): number {
  const a = Math.max(Math.abs(v), MIN_NORMAL[dtype]);
  if (!Number.isFinite(a)) return Number.POSITIVE_INFINITY;
  return 2 ** (Math.floor(Math.log2(a)) - MANTISSA_BITS[dtype]);
}

/**
 * Compares two arrays element by element under a tolerance: |got − expected| ≤ atol + rtol·|expected|;
 * NaN matches NaN only, an infinity the same infinity only.
 */
export function compare(
  got: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance,
  dtype: FloatDType,
): Agreement {
  let maxAbsErr = 0;
  let maxRelErr = 0;
  let maxUlp = 0;
  let failures = 0;
  let firstFailure: Agreement['firstFailure'];
  const floor = tolerance.rtol > 0 ? tolerance.atol / tolerance.rtol : 0;
  for (let i = 0; i < expected.length; i++) {
    const g = got[i]!;
    const e = expected[i]!;
    let abs: number;
    let ok: boolean;
    if (Number.isNaN(e) || Number.isNaN(g) || !Number.isFinite(e) || !Number.isFinite(g)) {
      ok = g === e || (Number.isNaN(g) && Number.isNaN(e));
      abs = ok ? 0 : Number.POSITIVE_INFINITY;
    } else {
      abs = Math.abs(g - e);
      ok = abs <= tolerance.atol + tolerance.rtol * Math.abs(e);
    }
    const rel = abs === 0 ? 0 : e === 0 ? Number.POSITIVE_INFINITY : abs / Math.abs(e);
    maxAbsErr = Math.max(maxAbsErr, abs);
    maxRelErr = Math.max(maxRelErr, rel);
    if (abs !== 0) maxUlp = Math.max(maxUlp, abs / ulpOf(Math.max(Math.abs(e), floor), dtype));
    if (!ok) {
      failures++;
      firstFailure ??= { index: i, got: g, expected: e };
    }
  }
  return { maxAbsErr, maxRelErr, maxUlp, failures, ...(firstFailure ? { firstFailure } : {}) };
}
