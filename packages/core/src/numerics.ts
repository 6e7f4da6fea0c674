/**
 * Float64 building blocks the op references share. Each is written to keep full double precision
 * where a textbook formula loses it (cancellation near 0, overflow of exp for large |x|).
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π
const ONE_OVER_SQRT_PI = 0.5641895835477563; // 1/√π

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
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) for x ≥ 2 from its continued fraction e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))). */
function erfcContinuedFraction(x: number): number {
  // modified Lentz evaluation of x + a1/(x + a2/(x + …)) with a_k = k/2
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f;
}

/** The error function, to about 1e-15 relative. `erf(±∞) = ±1`, `erf(NaN) = NaN`. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const a = Math.abs(x);
  if (a > 6) return Math.sign(x);
  const r = a < 2 ? erfSeries(a) : 1 - erfcContinuedFraction(a);
  return x < 0 ? -r : r;
}

/** The complementary error function 1 − erf(x), accurate in relative terms also where it is tiny (x ≫ 1). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= 2) return x > 27.3 ? 0 : erfcContinuedFraction(x);
  if (x > -6) return 1 - (x < 0 ? -erfSeries(-x) : erfSeries(x));
  return 2;
}

/** Φ(x), the standard normal CDF, accurate in the far left tail. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2);
}

/** φ(x), the standard normal density; 0 at ±∞. */
export function normalPdf(x: number): number {
  return 0.3989422804014327 * Math.exp(-0.5 * x * x);
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
