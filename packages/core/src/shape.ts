import { InvalidParamError, ShapeError } from './errors.js';
import { type Shape, sizeOf } from './tensor.js';

/** `[a, b, c]` for messages. */
export function showShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** Resolves a possibly negative axis against a rank; throws {@link InvalidParamError} when out of range. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (rank < 1)
    throw new ShapeError(`needs an input of rank ≥ 1 to work along an axis, got a scalar`, { op });
  if (axis < -rank || axis >= rank) {
    throw new InvalidParamError(
      `axis ${axis} is out of range for rank ${rank} (allowed ${-rank}..${rank - 1})`,
      {
        op,
      },
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * The layout of lanes along one axis of a row-major shape: `outer` lanes before the axis, `length`
 * elements along it, `inner` lanes after it. Element `k` of lane `(o, i)` sits at
 * `o * length * inner + k * inner + i`.
 */
export interface AxisLayout {
  readonly outer: number;
  readonly length: number;
  readonly inner: number;
}

export function axisLayout(shape: Shape, axis: number): AxisLayout {
  return {
    outer: sizeOf(shape.slice(0, axis)),
    length: shape[axis] ?? 1,
    inner: sizeOf(shape.slice(axis + 1)),
  };
}

/** The shape with one axis removed (the per-sample shape of a loss along `axis`). */
export function dropAxis(shape: Shape, axis: number): number[] {
  return shape.filter((_, i) => i !== axis);
}

/**
 * Calls `visit(start, stride, sample)` for every lane along the axis, where the lane's elements are
 * at `start + k * stride` for `k < layout.length` and `sample` is the lane's index in the per-sample output.
 */
export function forEachLane(
  layout: AxisLayout,
  visit: (start: number, stride: number, sample: number) => void,
): void {
  const { outer, length, inner } = layout;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) visit(o * length * inner + i, inner, o * inner + i);
  }
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Checks that a `small` shape broadcasts to `big` NumPy-style from the trailing axes (each of its sizes
 * equal to big's or 1, rank not above big's); throws {@link ShapeError} when it does not. O(rank).
 */
export function checkBroadcast(op: string, what: string, small: Shape, big: Shape): void {
  if (small.length > big.length) {
    throw new ShapeError(`${what} of shape ${showShape(small)} has a higher rank than ${showShape(big)}`, {
      op,
    });
  }
  const offset = big.length - small.length;
  small.forEach((d, i) => {
    const target = big[i + offset]!;
    if (d !== target && d !== 1) {
      throw new ShapeError(
        `${what} of shape ${showShape(small)} does not broadcast to ${showShape(big)} (axis ${i}: ${d} vs ${target})`,
        { op },
      );
    }
  });
}

/**
 * For a `small` shape that broadcasts to `big` (see {@link checkBroadcast}, which it calls), returns
 * for each flat index of `big` the flat index of `small`.
 */
export function broadcastIndex(op: string, what: string, small: Shape, big: Shape): Int32Array {
  checkBroadcast(op, what, small, big);
  const offset = big.length - small.length;
  const n = sizeOf(big);
  const map = new Int32Array(n);
  // strides of `small` seen from `big`'s axes: 0 where small is broadcast
  const strides = new Array<number>(big.length).fill(0);
  let s = 1;
  for (let i = small.length - 1; i >= 0; i--) {
    strides[i + offset] = small[i] === 1 ? 0 : s;
    s *= small[i]!;
  }
  const index = new Array<number>(big.length).fill(0);
  let j = 0;
  for (let flat = 0; flat < n; flat++) {
    map[flat] = j;
    for (let ax = big.length - 1; ax >= 0; ax--) {
      index[ax]!++;
      j += strides[ax]!;
      if (index[ax]! < big[ax]!) break;
      j -= strides[ax]! * big[ax]!;
      index[ax] = 0;
    }
  }
  return map;
}
