/**
 * Float64 building blocks the op references share. Each is written to keep full double precision
 * where a textbook formula loses it (cancellation near 0, overflow of exp for large |x|).
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π
const ONE_OVER_SQRT_PI = 0.5641895835477563; // 1/√π
const ONE_OVER_SQRT_2PI = 0.3989422804014327; // 1/√(2π)

/**
 * `scale · e^(−c·x²)` for c = 1 or 1/2, without the error of rounding x²: that error is relative to x²,
 * so `Math.exp(-x * x)` is off by ~x²·1e-16 relative (1e-13 at x = 27). With hi = x rounded to 1/16,
 * hi² is exact and x² − hi² = (x − hi)(x + hi) is small and accurate. `scale` is applied before the
 * tiny factor so that a result near the underflow threshold is rounded only once.
 */
function scaledExpNegSquare(scale: number, x: number, c: 1 | 0.5): number {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? x : 0;
  // e^(−c·x²) underflows for c·x² > 745.2 (|x| > 38.6 for c = 1/2): stop before the split below
  // can make one factor overflow while the other is 0 (∞·0 = NaN), as happens for |x| ≳ 2.3e4
  if (c * x * x > 746) return 0;
  const hi = Math.round(x * 16) / 16;
  const lo = (x - hi) * (x + hi);
  return scale * Math.exp(-c * lo) * Math.exp(-c * hi * hi);
}

/** erf(x) from its everywhere-positive series 2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)); no cancellation. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return scaledExpNegSquare(TWO_OVER_SQRT_PI * sum, x, 1);
}

/**
 * erfcx(a) = e^(a²)·erfc(a) at the nodes a = 0.625 + 0.25·k (k = 0…13), from mpmath at 50 digits.
 * They anchor the Taylor series of {@link erfcxMid}.
 */
const ERFCX_NODES = [
  0.5568138808733625, 0.464311583202669, 0.3956980795529959, 0.3432958898621254, 0.30226120936348594,
  0.2694299851646704, 0.24267036461265454, 0.22050569220490668, 0.201887554546017, 0.1860549346844711,
  0.1724443521021736, 0.1606310681265444, 0.15028972247426936, 0.1411674197630518,
];
const ERFCX_MID_LO = 0.5;
const ERFCX_MID_HI = 4;
const ERFCX_TERMS = 18;
const erfcxCoefficients = new Float64Array(ERFCX_TERMS);

/**
 * erfcx(x) for 0.5 ≤ x < 4, where 1 − erf(x) would cancel (erfc(2) ≈ 0.005 loses 2–3 digits) and the
 * continued fraction converges slowly. Taylor series about the nearest node a (|x − a| ≤ 1/8); erfcx
 * solves y' = 2xy − 2/√π, which gives its Taylor coefficients by the recurrence
 * (n + 1)·c(n+1) = 2a·c(n) + 2·c(n−1). 18 terms reach 1e-17 since 8⁻¹⁸ ≈ 2e-17.
 */
function erfcxMid(x: number): number {
  const k = Math.floor((x - ERFCX_MID_LO) * 4);
  const a = ERFCX_MID_LO + 0.125 + 0.25 * k;
  const h = x - a; // exact (Sterbenz)
  const c = erfcxCoefficients;
  c[0] = ERFCX_NODES[k]!;
  c[1] = 2 * a * c[0] - TWO_OVER_SQRT_PI;
  for (let n = 1; n < ERFCX_TERMS - 1; n++) c[n + 1] = (2 * a * c[n]! + 2 * c[n - 1]!) / (n + 1);
  let s = 0;
  for (let n = ERFCX_TERMS - 1; n >= 0; n--) s = s * h + c[n]!;
  return s;
}

/**
 * erfcx(x) for x ≥ 4 from the continued fraction erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))),
 * evaluated bottom-up at a fixed depth: 40 levels reach full precision from x = 4 on, and the
 * bottom-up order keeps the rounding error to a few ulps.
 */
function erfcxContinuedFraction(x: number): number {
  let t = x;
  for (let k = 40; k > 0; k--) t = x + k / 2 / t;
  return ONE_OVER_SQRT_PI / t;
}

/** erfcx(x) = e^(x²)·erfc(x) for x ≥ 0.5 (finite). */
function erfcxTail(x: number): number {
  return x < ERFCX_MID_HI ? erfcxMid(x) : erfcxContinuedFraction(x);
}

/** The error function, to about 1e-15 relative. `erf(±∞) = ±1`, `erf(NaN) = NaN`. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const a = Math.abs(x);
  if (a > 6) return Math.sign(x);
  const r = a < 2 ? erfSeries(a) : 1 - scaledExpNegSquare(erfcxTail(a), a, 1);
  return x < 0 ? -r : r;
}

/**
 * The complementary error function 1 − erf(x), to about 1e-15 relative also where it is tiny (x ≫ 1),
 * down to the subnormal range (x ≈ 26.5). `erfc(+∞) = 0`, `erfc(−∞) = 2`.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= ERFCX_MID_LO) return x > 27.3 ? 0 : scaledExpNegSquare(erfcxTail(x), x, 1);
  if (x > -ERFCX_MID_LO) return 1 - (x < 0 ? -erfSeries(-x) : erfSeries(x)); // erf(x) < 0.53: no cancellation
  return x < -6 ? 2 : 1 + erf(-x);
}

/**
 * Φ(x), the standard normal CDF, accurate in relative terms in the far left tail. There it is
 * erfcx(−x/√2)·e^(−x²/2)/2: rounding −x/√2 barely moves the slowly varying erfcx, and the exponential
 * is taken of x itself, so the error does not grow with x² as it would in erfc(−x/√2).
 */
export function normalCdf(x: number): number {
  const z = -x * Math.SQRT1_2;
  if (z >= ERFCX_MID_LO && z <= 27.3) return scaledExpNegSquare(0.5 * erfcxTail(z), x, 0.5);
  return 0.5 * erfc(z);
}

/** φ(x), the standard normal density (accurate also in the tails); 0 at ±∞. */
export function normalPdf(x: number): number {
  return scaledExpNegSquare(ONE_OVER_SQRT_2PI, x, 0.5);
}

/** 1/(1 + e^(−x)) without overflow: e^x is only taken of non-positive numbers. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + e^x) without overflow or loss of digits (as logaddexp(0, x)). softplus(+∞) = +∞. */
export function log1pExp(x: number): number {
  if (x === Number.POSITIVE_INFINITY) return x;
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** `c · ∞` with the limit convention `0 · ∞ = 0` used where a formula's term vanishes faster than it grows. */
export function timesInfinity(c: number, inf: number): number {
  return c === 0 ? 0 : c * inf;
}

/**
 * Sum with Neumaier's compensation, so that a reference loss over many elements keeps float64
 * accuracy whatever the order of the terms.
 */
export class CompensatedSum {
  private sum = 0;
  private carry = 0;

  add(v: number): void {
    const t = this.sum + v;
    if (Math.abs(this.sum) >= Math.abs(v)) this.carry += this.sum - t + v;
    else this.carry += v - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    // an infinite or NaN term makes the carry NaN; the plain sum is then the right answer
    return Number.isFinite(this.sum) ? this.sum + this.carry : this.sum;
  }
}

/** Compensated sum of `values[start + k*stride]` for `k < n`. */
export function sumStrided(values: ArrayLike<number>, start = 0, stride = 1, n = values.length): number {
  const s = new CompensatedSum();
  for (let k = 0; k < n; k++) s.add(values[start + k * stride]!);
  return s.value;
}
