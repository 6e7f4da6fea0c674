import { describe, expect, it } from 'vitest';
// the scalar helpers are imported from their module: the barrel's `sigmoid` is the op
import {
  CompensatedSum,
  erf,
  erfc,
  log1pExp,
  normalCdf,
  normalPdf,
  sigmoid,
  sumStrided,
} from '../src/numerics.js';

// Expected values are from an arbitrary-precision calculator (mpmath at 50 digits), rounded to the
// nearest double; never taken from this code's output.

const nan = Number.NaN;
const Inf = Number.POSITIVE_INFINITY;

/** |got − want| ≤ rtol·|want| (the relative error of a double result). */
function expectRel(got: number, want: number, rtol: number, label = ''): void {
  const at = `${label} got ${got}, want ${want}`;
  expect(Math.abs(got - want), at).toBeLessThanOrEqual(rtol * Math.abs(want));
}

const RTOL = 1e-14;

describe('erf', () => {
  it.each([
    [1e-10, 1.1283791670955126e-10],
    [0.1, 0.1124629160182849],
    [0.45, 0.47548171978692366],
    [0.5, 0.5204998778130465],
    [0.75, 0.7111556336535151],
    [1, 0.8427007929497149],
    [1.5, 0.9661051464753108],
    [2, 0.9953222650189527],
    [4, 0.9999999845827421],
  ])('erf(%s)', (x, want) => {
    expectRel(erf(x), want, RTOL);
  });

  it('is odd', () => {
    for (const x of [1e-10, 0.3, 0.5, 1, 1.97, 2, 3.5, 5.9, 6, 7]) expect(erf(-x)).toBe(-erf(x));
  });

  it('is exactly ±1 beyond 6 and at ±∞, NaN for NaN, 0 at 0', () => {
    expect(erf(6.5)).toBe(1);
    expect(erf(-30)).toBe(-1);
    expect(erf(Inf)).toBe(1);
    expect(erf(-Inf)).toBe(-1);
    expect(erf(nan)).toBeNaN();
    expect(erf(0)).toBe(0);
  });
});

describe('erfc', () => {
  it.each([
    [1e-10, 0.999999999887162],
    [0.1, 0.8875370839817152],
    [0.45, 0.5245182802130763],
    [0.5, 0.4795001221869535],
    [0.75, 0.28884436634648486],
    [1.5, 0.033894853524689274],
    // 1 − erf(x) would lose 2–3 digits here
    [1.97, 0.005336275353470087],
    [2, 0.004677734981047266],
    [3, 2.209049699858544e-5],
    [3.9, 3.4792248597231745e-8],
    [4, 1.541725790028002e-8],
    [4.1, 6.7000276540848984e-9],
    [5, 1.537459794428035e-12],
    [6, 2.1519736712498913e-17],
    [10, 2.088487583762545e-45],
    [15, 7.212994172451207e-100],
    // exp(−x·x) alone would be off by ~x²·1e-16 relative here
    [20, 5.395865611607901e-176],
    [26, 5.663192408856143e-296],
    [26.5, 2.2109076642637343e-307],
    [-1, 1.8427007929497148],
    [-0.1, 1.1124629160182849],
  ])('erfc(%s)', (x, want) => {
    expectRel(erfc(x), want, RTOL);
  });

  it('is accurate in the subnormal range and 0 where the value underflows', () => {
    // erfc(27) ≈ 5.23705e-319 is subnormal: only absolute accuracy (a few units of 5e-324) exists
    expect(Math.abs(erfc(27) - 5.23705e-319)).toBeLessThanOrEqual(1e-323);
    expect(erfc(27.5)).toBe(0);
    expect(erfc(1e300)).toBe(0);
  });

  it('is 2 − erfc(−x) and handles the IEEE values', () => {
    for (const x of [0.2, 0.5, 1, 2.5, 4]) expectRel(erfc(-x), 2 - erfc(x), 4e-16);
    expect(erfc(0)).toBe(1);
    expect(erfc(Inf)).toBe(0);
    expect(erfc(-Inf)).toBe(2);
    expect(erfc(-10)).toBe(2);
    expect(erfc(nan)).toBeNaN();
  });

  it('agrees with erf where both are far from 0', () => {
    for (const x of [-3, -0.7, 0, 0.3, 0.6])
      expect(Math.abs(erfc(x) - (1 - erf(x)))).toBeLessThanOrEqual(4e-16);
  });
});

describe('normalCdf and normalPdf', () => {
  it.each([
    [-38, 2.88542835e-316, 1.097221052e-314],
    [-37, 5.725571222524577e-300, 2.1200065515246056e-298],
    [-30, 4.906713927148187e-198, 1.4736461348785476e-196],
    [-20, 2.7536241186062337e-89, 5.520948362159764e-88],
    [-10, 7.619853024160525e-24, 7.694598626706419e-23],
    [-5, 2.866515718791939e-7, 1.4867195147342977e-6],
    [-1, 0.15865525393145705, 0.24197072451914334],
    [0, 0.5, 0.3989422804014327],
    [1, 0.8413447460685429, 0.24197072451914334],
    [5, 0.9999997133484281, 1.4867195147342977e-6],
    [8.3, 1, 4.3816394355093587e-16],
  ])('Φ and φ at %s, accurate far into the left tail', (x, cdf, pdf) => {
    if (x === -38) {
      // both subnormal: absolute accuracy only
      expect(Math.abs(normalCdf(x) - cdf)).toBeLessThanOrEqual(1e-323);
      expect(Math.abs(normalPdf(x) - pdf)).toBeLessThanOrEqual(1e-323);
    } else {
      expectRel(normalCdf(x), cdf, RTOL, 'Φ');
      expectRel(normalPdf(x), pdf, RTOL, 'φ');
    }
  });

  it('handles the IEEE values', () => {
    expect(normalCdf(-Inf)).toBe(0);
    expect(normalCdf(Inf)).toBe(1);
    expect(normalCdf(nan)).toBeNaN();
    expect(normalPdf(Inf)).toBe(0);
    expect(normalPdf(-Inf)).toBe(0);
    expect(normalPdf(1e300)).toBe(0);
    expect(normalPdf(nan)).toBeNaN();
  });
});

describe('sigmoid', () => {
  it('is exact at 0 and accurate in both tails', () => {
    expect(sigmoid(0)).toBe(0.5);
    expectRel(sigmoid(1), 0.7310585786300049, RTOL);
    expectRel(sigmoid(-1), 0.2689414213699951, RTOL);
    expectRel(sigmoid(-40), 4.248354255291589e-18, RTOL);
    expectRel(sigmoid(-700), 9.85967654375977e-305, RTOL);
  });

  it('saturates without overflow at ±800 and ±∞; NaN stays NaN', () => {
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(40)).toBe(1);
    expect(sigmoid(Inf)).toBe(1);
    expect(sigmoid(-Inf)).toBe(0);
    expect(sigmoid(nan)).toBeNaN();
  });
});

describe('log1pExp (softplus)', () => {
  it('is accurate at moderate and extreme arguments, without overflow', () => {
    expectRel(log1pExp(0), Math.LN2, RTOL);
    expectRel(log1pExp(1), 1.3132616875182228, RTOL);
    expectRel(log1pExp(-1), 0.3132616875182228, RTOL);
    expectRel(log1pExp(-40), 4.248354255291589e-18, RTOL);
    expect(log1pExp(40)).toBe(40);
    expect(log1pExp(800)).toBe(800);
    expect(log1pExp(-800)).toBe(0);
  });

  it('handles the IEEE values', () => {
    expect(log1pExp(Inf)).toBe(Inf);
    expect(log1pExp(-Inf)).toBe(0);
    expect(log1pExp(nan)).toBeNaN();
  });
});

describe('CompensatedSum', () => {
  it('keeps the digits naive summation loses', () => {
    // 1 + 1e-16 + … (10 000 times) − 1: naive float64 addition never moves off 1 and returns 0
    const s = new CompensatedSum();
    let naive = 0;
    const values = [1, ...Array.from({ length: 10_000 }, () => 1e-16), -1];
    for (const v of values) {
      s.add(v);
      naive += v;
    }
    expect(naive).toBe(0);
    expectRel(s.value, 1e-12, 1e-12);
  });

  it('cancels large terms exactly (1e100 + 1 − 1e100 = 1)', () => {
    const s = new CompensatedSum();
    for (const v of [1e100, 1, -1e100]) s.add(v);
    expect(s.value).toBe(1);
  });

  it('gives the plain sum for infinite and NaN terms', () => {
    const inf = new CompensatedSum();
    for (const v of [1, Inf, 2]) inf.add(v);
    expect(inf.value).toBe(Inf);
    const withNan = new CompensatedSum();
    for (const v of [1, nan]) withNan.add(v);
    expect(withNan.value).toBeNaN();
    expect(new CompensatedSum().value).toBe(0);
  });

  it('sums a strided lane (sumStrided)', () => {
    // the lane at 0, 2, 4 of [1e100, x, 1, x, −1e100]
    expect(sumStrided([1e100, 7, 1, 7, -1e100], 0, 2, 3)).toBe(1);
    expect(sumStrided([0.1, 0.2, 0.3])).toBe(0.6);
  });
});
