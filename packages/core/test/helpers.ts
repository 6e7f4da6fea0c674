import { expect } from 'vitest';
import { type NestedNumbers, type Shape, type Tensor, tensor } from '../src/index.js';

export const nan = Number.NaN;
export const Inf = Number.POSITIVE_INFINITY;

/** A float64 tensor (plain arrays default to float32, too coarse for reference checks). */
export const f64 = (values: NestedNumbers, shape?: Shape): Tensor => tensor(values, shape, 'float64');

/** Matches an error by its `name`, the way callers branch on Rectify's errors. */
export const named = (name: string) => expect.objectContaining({ name });

/**
 * Element by element: NaN matches NaN, ±∞ and 0 match exactly (either zero), others within
 * `rtol·|want|`.
 */
export function expectValues(actual: Tensor, expected: readonly number[], rtol = 1e-14): void {
  expect(actual.size).toBe(expected.length);
  actual.toArray().forEach((got, i) => {
    const want = expected[i]!;
    const at = `element ${i}: got ${got}, want ${want}`;
    if (Number.isNaN(want)) expect(got, at).toBeNaN();
    else if (want === 0) expect(Math.abs(got), at).toBe(0);
    else if (!Number.isFinite(want)) expect(got, at).toBe(want);
    else expect(Math.abs(got - want), at).toBeLessThanOrEqual(rtol * Math.abs(want));
  });
}
