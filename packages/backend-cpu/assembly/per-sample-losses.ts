// The per-sample losses along the last axis, float32: rows of n contiguous elements, four rows at a time,
// element k of rows r…r+3 gathered into one vector as in axis.ts (10 classes do not fill vectors along a
// row). Every per-row quantity is float64, as the reference's sums are: rows r, r+1 in the lanes of `lo`,
// rows r+2, r+3 in `hi`. Targets are rows at pt shaped as the predictions, or (SPARSE) one int32 class
// index per row at pt. Forward kernels write one float64 loss per row at dst; gradient kernels write
// float32 over the predictions, times the upstream gradient (one float32 per row at pg, or `g` for all).
// Kernels that pass over a group more than once keep its columns at `ps` (32 bytes per element of a row).
// The caller pads the row count to a multiple of 4 (sparse labels of padding rows must be valid indices).

import {
  EPS_D,
  EXP_MIN,
  c as e32,
  expNeg,
  k64,
  LN2_HI,
  LN2_LO,
  LOG2E,
  log64Positive,
  NEG_INF_D,
  NORM_EPS_D,
  ONE_D,
  ONE_MINUS_EPS_D,
  Q0,
  ROUND,
  ZERO_D,
} from './math';
import { columnsAndMax, demote2, gather, promoteHi, promoteLo, scatter } from './simd';

/** `kind`: the loss, plus SPARSE when the targets are class indices. */
export const CROSSENTROPY = 0;
export const CROSSENTROPY_LOGITS = 1;
export const KL_DIVERGENCE = 2;
export const COSINE = 3;
export const SPARSE = 8;

const ONE32 = f32x4.splat(1);
const ZERO32 = f32x4.splat(0);

/** The float32 targets of element `off` (bytes) of four rows: gathered from rows at ta…, or one-hot. */
function targets(ta: usize, bytes: usize, off: usize, labels: v128, sparse: bool): v128 {
  if (sparse) return v128.and(i32x4.eq(labels, i32x4.splat(<i32>(off >> 2))), ONE32);
  return gather(ta, ta + bytes, ta + 2 * bytes, ta + 3 * bytes, off);
}

/** The targets t·(1 − ls) + ls/n when smoothing (keep = 1 − ls, share = ls/n), in float64. */
function smoothed(t: v128, keep: v128, share: v128, smooth: bool): v128 {
  return smooth ? f64x2.add(f64x2.mul(t, keep), share) : t;
}

/** log of positive normal numbers (or NaN, kept): row sums of exponentials, ratios of clipped values. */
// @inline
function logOrNaN(s: v128): v128 {
  return f64x2.add(log64Positive(s), f64x2.sub(s, s));
}

/** log of clip(q, 1e-7, 1 − 1e-7), NaN kept (pmax and pmin keep a NaN first operand). */
// @inline
function logClipped(q: v128): v128 {
  return logOrNaN(f64x2.pmin(f64x2.pmax(q, k64(EPS_D)), k64(ONE_MINUS_EPS_D)));
}

/** The class index of each row as a byte offset into it. */
function labelOffset(labels: v128, lane: i32): usize {
  // extract_lane wants a constant lane
  const i =
    lane === 0
      ? i32x4.extract_lane(labels, 0)
      : lane === 1
        ? i32x4.extract_lane(labels, 1)
        : lane === 2
          ? i32x4.extract_lane(labels, 2)
          : i32x4.extract_lane(labels, 3);
  return (<usize>i) << 2;
}

/** The labelled element of each of four rows at a (rows `bytes` apart). */
function labelled(a: usize, bytes: usize, labels: v128): v128 {
  let v = v128.load32_zero(a + labelOffset(labels, 0));
  v = v128.load32_lane(a + bytes + labelOffset(labels, 1), v, 1);
  v = v128.load32_lane(a + 2 * bytes + labelOffset(labels, 2), v, 2);
  return v128.load32_lane(a + 3 * bytes + labelOffset(labels, 3), v, 3);
}

/** Lanes 0–1 (lo) or 2–3 (hi) of a float32 lane mask, widened to float64 lanes. */
function widenLo(m: v128): v128 {
  return i32x4.shuffle(m, m, 0, 0, 1, 1);
}

function widenHi(m: v128): v128 {
  return i32x4.shuffle(m, m, 2, 2, 3, 3);
}

/**
 * Copies the four rows at a into columns at ps (32 bytes apart) and stores their float64 sums at `sums`
 * (lo, hi); returns a mask of the rows holding a zero.
 */
function columnsAndSums(a: usize, bytes: usize, ps: usize, sums: usize): v128 {
  const b = a + bytes;
  const c = b + bytes;
  const d = c + bytes;
  let lo = k64(ZERO_D);
  let hi = k64(ZERO_D);
  let zeros = ZERO32;
  for (let off: usize = 0, q = ps; off < bytes; off += 4, q += 32) {
    const y = gather(a, b, c, d, off);
    v128.store(q, y);
    lo = f64x2.add(lo, promoteLo(y));
    hi = f64x2.add(hi, promoteHi(y));
    zeros = v128.or(zeros, f32x4.eq(y, ZERO32));
  }
  v128.store(sums, lo);
  v128.store(sums, hi, 16);
  return zeros;
}

// ---- forward: one float64 loss per row ------------------------------------------------------------------

/**
 * −Σ t·log clip(y / Σy): the targets smoothed as t·(1 − ls) + ls/n when ls ≠ 0. Sparse rows take the one
 * log of their labelled class, NaN where the reference's other classes would give 0/0 or ∞/∞.
 */
function crossentropyRows(
  ta: usize,
  a: usize,
  out: usize,
  ps: usize,
  sums: usize,
  bytes: usize,
  keep: v128,
  share: v128,
  smooth: bool,
  sparse: bool,
): void {
  const zeros = columnsAndSums(a, bytes, ps, sums);
  const slo = v128.load(sums);
  const shi = v128.load(sums, 16);
  // y·(1/S) is y/S or an ulp of float64 from it, with the same zeros, infinities and NaNs
  const rlo = f64x2.div(k64(ONE_D), slo);
  const rhi = f64x2.div(k64(ONE_D), shi);
  if (sparse) {
    const labels = v128.load(ta);
    const y = labelled(a, bytes, labels);
    // a row summing to ±∞ or NaN has an ∞/∞ or NaN class; one summing to 0 has 0/0 at its zeros
    const bad = v128.and(f64x2.eq(slo, k64(ZERO_D)), widenLo(zeros));
    const bad2 = v128.and(f64x2.eq(shi, k64(ZERO_D)), widenHi(zeros));
    const lo = f64x2.add(f64x2.neg(logClipped(f64x2.mul(promoteLo(y), rlo))), f64x2.sub(slo, slo));
    const hi = f64x2.add(f64x2.neg(logClipped(f64x2.mul(promoteHi(y), rhi))), f64x2.sub(shi, shi));
    v128.store(out, v128.or(lo, bad));
    v128.store(out, v128.or(hi, bad2), 16);
    return;
  }
  let lo = k64(ZERO_D);
  let hi = k64(ZERO_D);
  for (let off: usize = 0, q = ps; off < bytes; off += 4, q += 32) {
    const y = v128.load(q);
    const t = targets(ta, bytes, off, ZERO32, false);
    const tl = smoothed(promoteLo(t), keep, share, smooth);
    const th = smoothed(promoteHi(t), keep, share, smooth);
    lo = f64x2.add(lo, f64x2.mul(tl, logClipped(f64x2.mul(promoteLo(y), rlo))));
    hi = f64x2.add(hi, f64x2.mul(th, logClipped(f64x2.mul(promoteHi(y), rhi))));
  }
  v128.store(out, f64x2.neg(lo));
  v128.store(out, f64x2.neg(hi), 16);
}

/**
 * The exponentials e^(z − max) of four rows of logits at a; at `sums` the rows' float64 sums of them (lo,
 * hi) and their float32 maxima (+32). The logits stay in columns at ps (float32), or `forGradient` puts
 * the exponentials there (float64) and the target masses Σt at sums + 48, + 64. Each exponential is
 * float32's e^d32 of the rounded difference d32, times 1 + (d − d32) for the exact float64 difference d:
 * that puts back the rounding of the difference, which e^ would otherwise magnify by |d|.
 */
function exponentials(
  ta: usize,
  a: usize,
  ps: usize,
  sums: usize,
  bytes: usize,
  keep: v128,
  share: v128,
  smooth: bool,
  sparse: bool,
  forGradient: bool,
): void {
  const m = columnsAndMax(a, bytes, ps, 32);
  const labels = sparse ? v128.load(ta) : ZERO32;
  const l2e = e32(LOG2E);
  const rnd = e32(ROUND);
  const lnh = e32(LN2_HI);
  const lnl = e32(LN2_LO);
  const q0 = e32(Q0);
  const q1 = e32(Q0 + 1);
  const q2 = e32(Q0 + 2);
  const q3 = e32(Q0 + 3);
  const q4 = e32(Q0 + 4);
  const min = e32(EXP_MIN);
  const mlo = promoteLo(m);
  const mhi = promoteHi(m);
  let elo = k64(ZERO_D);
  let ehi = k64(ZERO_D);
  let tlo = k64(ZERO_D);
  let thi = k64(ZERO_D);
  for (let off: usize = 0, q = ps; off < bytes; off += 4, q += 32) {
    const z = v128.load(q);
    const d32 = f32x4.sub(z, m);
    const e = expNeg(d32, l2e, rnd, lnh, lnl, q0, q1, q2, q3, q4, min);
    const dl = f64x2.sub(promoteLo(z), mlo);
    const dh = f64x2.sub(promoteHi(z), mhi);
    // the correction is NaN or ∞ where d or d32 is infinite (d32 overflows below −3.4e38) and large where
    // d32 is, but e^d32 is then 0 or NaN on its own: only |r| < 1 is kept
    let rl = f64x2.sub(dl, promoteLo(d32));
    let rh = f64x2.sub(dh, promoteHi(d32));
    rl = v128.and(rl, f64x2.lt(f64x2.abs(rl), k64(ONE_D)));
    rh = v128.and(rh, f64x2.lt(f64x2.abs(rh), k64(ONE_D)));
    const el = f64x2.mul(promoteLo(e), f64x2.add(k64(ONE_D), rl));
    const eh = f64x2.mul(promoteHi(e), f64x2.add(k64(ONE_D), rh));
    elo = f64x2.add(elo, el);
    ehi = f64x2.add(ehi, eh);
    if (!forGradient) continue;
    v128.store(q, el);
    v128.store(q, eh, 16);
    const t = targets(ta, bytes, off, labels, sparse);
    const tl = smoothed(promoteLo(t), keep, share, smooth);
    const th = smoothed(promoteHi(t), keep, share, smooth);
    tlo = f64x2.add(tlo, tl);
    thi = f64x2.add(thi, th);
  }
  v128.store(sums, elo);
  v128.store(sums, ehi, 16);
  v128.store(sums, m, 32);
  v128.store(sums, tlo, 48);
  v128.store(sums, thi, 64);
}

/** −Σ t·(z − max − log Σe^(z − max)), the classes without target mass left out where that is −∞. */
function logitsRows(
  ta: usize,
  a: usize,
  out: usize,
  ps: usize,
  sums: usize,
  bytes: usize,
  keep: v128,
  share: v128,
  smooth: bool,
  sparse: bool,
): void {
  exponentials(ta, a, ps, sums, bytes, keep, share, smooth, sparse, false);
  const sl = logOrNaN(v128.load(sums));
  const sh = logOrNaN(v128.load(sums, 16));
  const m = v128.load(sums, 32);
  const ml = promoteLo(m);
  const mh = promoteHi(m);
  const labels = sparse ? v128.load(ta) : ZERO32;
  let lo = k64(ZERO_D);
  let hi = k64(ZERO_D);
  for (let off: usize = 0, q = ps; off < bytes; off += 4, q += 32) {
    const z = v128.load(q);
    const t = targets(ta, bytes, off, labels, sparse);
    const tl = smoothed(promoteLo(t), keep, share, smooth);
    const th = smoothed(promoteHi(t), keep, share, smooth);
    const pl = f64x2.sub(f64x2.sub(promoteLo(z), ml), sl);
    const ph = f64x2.sub(f64x2.sub(promoteHi(z), mh), sh);
    // 0·(−∞) adds nothing: a class with no target mass and a logit of −∞
    const skipL = v128.and(f64x2.eq(tl, k64(ZERO_D)), f64x2.eq(pl, k64(NEG_INF_D)));
    const skipH = v128.and(f64x2.eq(th, k64(ZERO_D)), f64x2.eq(ph, k64(NEG_INF_D)));
    lo = f64x2.add(lo, v128.andnot(f64x2.mul(tl, pl), skipL));
    hi = f64x2.add(hi, v128.andnot(f64x2.mul(th, ph), skipH));
  }
  v128.store(out, f64x2.neg(lo));
  v128.store(out, f64x2.neg(hi), 16);
}

/** clip(v, 1e-7, 1), NaN kept. */
function clipUnit(v: v128): v128 {
  return f64x2.pmin(f64x2.pmax(v, k64(EPS_D)), k64(ONE_D));
}

/** Σ t·log(t / y) with both clipped to [1e-7, 1]: the ratio is a positive normal number, or NaN. */
function klRows(ta: usize, a: usize, out: usize, bytes: usize): void {
  const b = a + bytes;
  const c = b + bytes;
  const d = c + bytes;
  let lo = k64(ZERO_D);
  let hi = k64(ZERO_D);
  for (let off: usize = 0; off < bytes; off += 4) {
    const y = gather(a, b, c, d, off);
    const t = targets(ta, bytes, off, ZERO32, false);
    const tl = clipUnit(promoteLo(t));
    const th = clipUnit(promoteHi(t));
    lo = f64x2.add(lo, f64x2.mul(tl, logOrNaN(f64x2.div(tl, clipUnit(promoteLo(y))))));
    hi = f64x2.add(hi, f64x2.mul(th, logOrNaN(f64x2.div(th, clipUnit(promoteHi(y))))));
  }
  v128.store(out, lo);
  v128.store(out, hi, 16);
}

/**
 * Σy², Σt² and Σy·t of four rows (float32 squares and products are exact in float64, and cannot overflow
 * or underflow there, so the norms need no scaling), at sums: (lo, hi) each, in that order.
 */
function dotProducts(ta: usize, a: usize, sums: usize, bytes: usize): void {
  const b = a + bytes;
  const c = b + bytes;
  const d = c + bytes;
  let yyl = k64(ZERO_D);
  let yyh = k64(ZERO_D);
  let ttl = k64(ZERO_D);
  let tth = k64(ZERO_D);
  let ytl = k64(ZERO_D);
  let yth = k64(ZERO_D);
  for (let off: usize = 0; off < bytes; off += 4) {
    const y = gather(a, b, c, d, off);
    const t = targets(ta, bytes, off, ZERO32, false);
    const yl = promoteLo(y);
    const yh = promoteHi(y);
    const tl = promoteLo(t);
    const th = promoteHi(t);
    yyl = f64x2.add(yyl, f64x2.mul(yl, yl));
    yyh = f64x2.add(yyh, f64x2.mul(yh, yh));
    ttl = f64x2.add(ttl, f64x2.mul(tl, tl));
    tth = f64x2.add(tth, f64x2.mul(th, th));
    ytl = f64x2.add(ytl, f64x2.mul(yl, tl));
    yth = f64x2.add(yth, f64x2.mul(yh, th));
  }
  v128.store(sums, yyl);
  v128.store(sums, yyh, 16);
  v128.store(sums, ttl, 32);
  v128.store(sums, tth, 48);
  v128.store(sums, ytl, 64);
  v128.store(sums, yth, 80);
}

/** max(‖v‖, 1e-12) from Σv², NaN kept. */
function normFloor(squares: v128): v128 {
  return f64x2.pmax(f64x2.sqrt(squares), k64(NORM_EPS_D));
}

/** −(y·t) / (max(‖y‖, 1e-12)·max(‖t‖, 1e-12)). */
function cosineRows(ta: usize, a: usize, out: usize, sums: usize, bytes: usize): void {
  dotProducts(ta, a, sums, bytes);
  for (let h: usize = 0; h < 32; h += 16) {
    const du = normFloor(v128.load(sums + h));
    const dw = normFloor(v128.load(sums + h, 32));
    v128.store(out + h, f64x2.neg(f64x2.div(v128.load(sums + h, 64), f64x2.mul(du, dw))));
  }
}

/**
 * The loss of each of `rows` rows (a multiple of 4) of n float32 predictions at py, as float64 at dst;
 * targets at pt (rows, or int32 labels with SPARSE in `kind`); `ls` the label smoothing of the dense
 * cross-entropies; scratch at ps (n·32 + 128 bytes).
 */
export function perSampleLossF32(
  pt: usize,
  py: usize,
  dst: usize,
  ps: usize,
  rows: i32,
  n: i32,
  kind: i32,
  ls: f64,
): void {
  const sparse = (kind & SPARSE) !== 0;
  const loss = kind & ~SPARSE;
  const bytes = (<usize>n) << 2;
  const sums = ps + ((<usize>n) << 5);
  const smooth = ls !== 0;
  const keep = f64x2.splat(1 - ls);
  const share = f64x2.splat(ls / <f64>n);
  for (let r = 0; r < rows; r += 4) {
    const a = py + <usize>r * bytes;
    const ta = sparse ? pt + ((<usize>r) << 2) : pt + <usize>r * bytes;
    const out = dst + ((<usize>r) << 3);
    if (loss === CROSSENTROPY) crossentropyRows(ta, a, out, ps, sums, bytes, keep, share, smooth, sparse);
    else if (loss === CROSSENTROPY_LOGITS)
      logitsRows(ta, a, out, ps, sums, bytes, keep, share, smooth, sparse);
    else if (loss === KL_DIVERGENCE) klRows(ta, a, out, bytes);
    else cosineRows(ta, a, out, sums, bytes);
  }
}

// ---- gradients: float32 over the predictions ------------------------------------------------------------

/** (a − Σa·q)/S of the probabilities' clip, a = −t/q where 1e-7 ≤ q ≤ 1 − 1e-7 (else 0, NaN for NaN t). */
function crossentropyGradRows(
  ta: usize,
  a: usize,
  ps: usize,
  sums: usize,
  bytes: usize,
  keep: v128,
  share: v128,
  smooth: bool,
  sparse: bool,
  glo: v128,
  ghi: v128,
): void {
  columnsAndSums(a, bytes, ps, sums);
  const rlo = f64x2.div(k64(ONE_D), v128.load(sums));
  const rhi = f64x2.div(k64(ONE_D), v128.load(sums, 16));
  const labels = sparse ? v128.load(ta) : ZERO32;
  let aql = k64(ZERO_D);
  let aqh = k64(ZERO_D);
  for (let off: usize = 0, q = ps; off < bytes; off += 4, q += 32) {
    const y = v128.load(q);
    const t = targets(ta, bytes, off, labels, sparse);
    const tl = smoothed(promoteLo(t), keep, share, smooth);
    const th = smoothed(promoteHi(t), keep, share, smooth);
    const ql = f64x2.mul(promoteLo(y), rlo);
    const qh = f64x2.mul(promoteHi(y), rhi);
    const inL = v128.and(f64x2.ge(ql, k64(EPS_D)), f64x2.le(ql, k64(ONE_MINUS_EPS_D)));
    const inH = v128.and(f64x2.ge(qh, k64(EPS_D)), f64x2.le(qh, k64(ONE_MINUS_EPS_D)));
    // outside the clip: 0, or NaN (all ones) for a NaN target
    const al = v128.bitselect(f64x2.div(f64x2.neg(tl), ql), f64x2.ne(tl, tl), inL);
    const ah = v128.bitselect(f64x2.div(f64x2.neg(th), qh), f64x2.ne(th, th), inH);
    v128.store(q, al);
    v128.store(q, ah, 16);
    aql = f64x2.add(aql, f64x2.mul(al, ql));
    aqh = f64x2.add(aqh, f64x2.mul(ah, qh));
  }
  const b = a + bytes;
  const c = b + bytes;
  const d = c + bytes;
  for (let off: usize = 0, q = ps; off < bytes; off += 4, q += 32) {
    const lo = f64x2.mul(glo, f64x2.mul(f64x2.sub(v128.load(q), aql), rlo));
    const hi = f64x2.mul(ghi, f64x2.mul(f64x2.sub(v128.load(q, 16), aqh), rhi));
    scatter(a, b, c, d, off, demote2(lo, hi));
  }
}

/** e^(z − max)·(Σt / Σe) − t: softmax scaled by the target mass, minus the targets. */
function logitsGradRows(
  ta: usize,
  a: usize,
  ps: usize,
  sums: usize,
  bytes: usize,
  keep: v128,
  share: v128,
  smooth: bool,
  sparse: bool,
  glo: v128,
  ghi: v128,
): void {
  exponentials(ta, a, ps, sums, bytes, keep, share, smooth, sparse, true);
  const sl = f64x2.div(v128.load(sums, 48), v128.load(sums));
  const sh = f64x2.div(v128.load(sums, 64), v128.load(sums, 16));
  const labels = sparse ? v128.load(ta) : ZERO32;
  const b = a + bytes;
  const c = b + bytes;
  const d = c + bytes;
  for (let off: usize = 0, q = ps; off < bytes; off += 4, q += 32) {
    const t = targets(ta, bytes, off, labels, sparse);
    const tl = smoothed(promoteLo(t), keep, share, smooth);
    const th = smoothed(promoteHi(t), keep, share, smooth);
    const lo = f64x2.mul(glo, f64x2.sub(f64x2.mul(v128.load(q), sl), tl));
    const hi = f64x2.mul(ghi, f64x2.sub(f64x2.mul(v128.load(q, 16), sh), th));
    scatter(a, b, c, d, off, demote2(lo, hi));
  }
}

/** −clip(t)/y where 1e-7 ≤ y ≤ 1, else 0 (NaN for a NaN target); NaN y fails both tests. */
function klGradRows(ta: usize, a: usize, bytes: usize, glo: v128, ghi: v128): void {
  const b = a + bytes;
  const c = b + bytes;
  const d = c + bytes;
  for (let off: usize = 0; off < bytes; off += 4) {
    const y = gather(a, b, c, d, off);
    const t = targets(ta, bytes, off, ZERO32, false);
    const yl = promoteLo(y);
    const yh = promoteHi(y);
    const tl = clipUnit(promoteLo(t));
    const th = clipUnit(promoteHi(t));
    const outL = v128.or(f64x2.lt(yl, k64(EPS_D)), f64x2.gt(yl, k64(ONE_D)));
    const outH = v128.or(f64x2.lt(yh, k64(EPS_D)), f64x2.gt(yh, k64(ONE_D)));
    const lo = v128.bitselect(f64x2.ne(tl, tl), f64x2.div(f64x2.neg(tl), yl), outL);
    const hi = v128.bitselect(f64x2.ne(th, th), f64x2.div(f64x2.neg(th), yh), outH);
    scatter(a, b, c, d, off, demote2(f64x2.mul(glo, lo), f64x2.mul(ghi, hi)));
  }
}

/**
 * −(ŵ − û·(û·ŵ))/‖y‖ with û = y/‖y‖, ŵ = t/max(‖t‖, 1e-12); −ŵ/1e-12 where ‖y‖ ≤ 1e-12 (the floor
 * makes û linear in y there).
 */
function cosineGradRows(ta: usize, a: usize, sums: usize, bytes: usize, glo: v128, ghi: v128): void {
  dotProducts(ta, a, sums, bytes);
  for (let h: usize = 0; h < 32; h += 16) {
    const nu = f64x2.sqrt(v128.load(sums + h));
    const du = f64x2.pmax(nu, k64(NORM_EPS_D));
    const dw = normFloor(v128.load(sums + h, 32));
    v128.store(sums + h, f64x2.div(v128.load(sums + h, 64), f64x2.mul(du, dw)), 64);
    // reciprocals: products are the quotients or an ulp of float64 from them
    v128.store(sums + h, f64x2.div(k64(ONE_D), du));
    v128.store(sums + h, f64x2.div(k64(ONE_D), dw), 32);
    // NaN norms take the first form and stay NaN
    v128.store(sums + h, f64x2.le(nu, k64(NORM_EPS_D)), 96);
  }
  const rul = v128.load(sums);
  const ruh = v128.load(sums, 16);
  const rwl = v128.load(sums, 32);
  const rwh = v128.load(sums, 48);
  const floor = f64x2.splat(1e12);
  const cl = v128.load(sums, 64);
  const ch = v128.load(sums, 80);
  const smallL = v128.load(sums, 96);
  const smallH = v128.load(sums, 112);
  const b = a + bytes;
  const c = b + bytes;
  const d = c + bytes;
  for (let off: usize = 0; off < bytes; off += 4) {
    const y = gather(a, b, c, d, off);
    const t = targets(ta, bytes, off, ZERO32, false);
    const wl = f64x2.mul(promoteLo(t), rwl);
    const wh = f64x2.mul(promoteHi(t), rwh);
    const lo = v128.bitselect(
      f64x2.mul(wl, floor),
      f64x2.mul(f64x2.sub(wl, f64x2.mul(f64x2.mul(promoteLo(y), rul), cl)), rul),
      smallL,
    );
    const hi = v128.bitselect(
      f64x2.mul(wh, floor),
      f64x2.mul(f64x2.sub(wh, f64x2.mul(f64x2.mul(promoteHi(y), ruh), ch)), ruh),
      smallH,
    );
    scatter(a, b, c, d, off, demote2(f64x2.mul(glo, f64x2.neg(lo)), f64x2.mul(ghi, f64x2.neg(hi))));
  }
}

/**
 * The gradient of {@link perSampleLossF32} with respect to the predictions, written over them: times
 * the float32 upstream gradient of each row at pg when `perRow`, else times `g`.
 */
export function perSampleLossGradF32(
  pt: usize,
  py: usize,
  pg: usize,
  ps: usize,
  rows: i32,
  n: i32,
  kind: i32,
  ls: f64,
  g: f64,
  perRow: bool,
): void {
  const sparse = (kind & SPARSE) !== 0;
  const loss = kind & ~SPARSE;
  const bytes = (<usize>n) << 2;
  const sums = ps + ((<usize>n) << 5);
  const smooth = ls !== 0;
  const keep = f64x2.splat(1 - ls);
  const share = f64x2.splat(ls / <f64>n);
  const gs = f64x2.splat(g);
  for (let r = 0; r < rows; r += 4) {
    const a = py + <usize>r * bytes;
    const ta = sparse ? pt + ((<usize>r) << 2) : pt + <usize>r * bytes;
    const up = perRow ? v128.load(pg + ((<usize>r) << 2)) : ZERO32;
    const glo = perRow ? promoteLo(up) : gs;
    const ghi = perRow ? promoteHi(up) : gs;
    if (loss === CROSSENTROPY)
      crossentropyGradRows(ta, a, ps, sums, bytes, keep, share, smooth, sparse, glo, ghi);
    else if (loss === CROSSENTROPY_LOGITS)
      logitsGradRows(ta, a, ps, sums, bytes, keep, share, smooth, sparse, glo, ghi);
    else if (loss === KL_DIVERGENCE) klGradRows(ta, a, bytes, glo, ghi);
    else cosineGradRows(ta, a, sums, bytes, glo, ghi);
  }
}
