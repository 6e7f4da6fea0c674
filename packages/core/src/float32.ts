// Float32 backends must make the same threshold decisions as the float64 reference: these helpers place a
// float64 threshold exactly on the float32 grid (a float32-rounded constant can move a kink by an ulp).

const f32 = new Float32Array(1);
const bits = new Uint32Array(f32.buffer);
/** +Infinity's position in the ordering below. */
const INF_ORDINAL = 0x7f800000;

/** The position of a float32 in the ordered sequence of all float32s (−0 and +0 share 0). */
function ordinal(v: number): number {
  f32[0] = v;
  const u = bits[0]!;
  return u >= 0x80000000 ? -(u - 0x80000000) : u;
}

/** The float32 at a position of {@link ordinal}. */
function fromOrdinal(o: number): number {
  bits[0] = o < 0 ? 0x80000000 - o : o;
  return f32[0]!;
}

/**
 * The smallest float32 (±Infinity included) at which `holds` is true, for a `holds` that is false and then
 * true as x increases; NaN if it holds nowhere. A float32 `x` then satisfies `holds(x)` exactly when
 * `x >= result`, so a float64 test such as `x > 0.4` runs in float32 with the reference's decisions.
 *
 * @example
 * ```ts
 * const t = firstFloat32((v) => v > 0.4); // Math.fround(0.4), which is just above 0.4
 * ```
 */
export function firstFloat32(holds: (x: number) => boolean): number {
  let lo = ordinal(Number.NEGATIVE_INFINITY);
  let hi = INF_ORDINAL;
  if (!holds(fromOrdinal(hi))) return Number.NaN;
  // bisection over the ordering: 32 steps at most
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (holds(fromOrdinal(mid))) hi = mid;
    else lo = mid + 1;
  }
  return fromOrdinal(lo);
}

/**
 * The float32 just below the float32 `t` (−Infinity stays −Infinity): `x >= t` is `x > float32Before(t)`
 * for every float32 x, which lets a native operator with a strict `>` threshold attribute decide `x >= t`.
 */
export function float32Before(t: number): number {
  return t === Number.NEGATIVE_INFINITY ? t : fromOrdinal(ordinal(t) - 1);
}
