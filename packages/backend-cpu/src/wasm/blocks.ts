import type { FloatArray } from '@rectify/core';
import { blockLength, residentHome, slotView, type WasmRuntime } from './runtime.js';

/** An in-place kernel over `n` elements at byte offset `p`. */
export type InPlace = (p: number, n: number) => void;
/** A kernel reading slots at `px` and `pg` and writing its result over `pg`. */
export type TwoInputs = (px: number, pg: number, n: number) => void;

// A call streams its arrays through the slots one block at a time: each block is copied in with one
// `set`, computed in L2 cache and copied straight into the output the backend returns. Whole-array copies
// into a grown memory measured no faster and would keep a buffer the size of the largest call alive.

/** A kernel bound to the runtime it runs in (the shared one, or a resident output's own). */
export type Bind<K> = (rt: WasmRuntime) => K;

// A resident `out` (see residentArray) is its own instance's memory: blocks are copied straight into it
// and computed there, so nothing is copied out and no fresh pages are touched.

/** out = kernel(x), block by block through slot 0, or in place in a resident out. */
export function mapBlocks(rt: WasmRuntime, x: FloatArray, out: FloatArray, bind: Bind<InPlace>): void {
  const n = x.length;
  const b = blockLength(x);
  const home = residentHome(out);
  if (home) {
    const kernel = bind(home.rt);
    const bytes = x.BYTES_PER_ELEMENT;
    for (let i = 0; i < n; i += b) {
      const m = Math.min(b, n - i);
      out.set(x.subarray(i, i + m), i);
      kernel(home.ptr + i * bytes, m);
    }
    return;
  }
  const kernel = bind(rt);
  const view = slotView(rt, 0, x);
  const p = rt.slots[0]!;
  for (let i = 0; i < n; i += b) {
    const m = Math.min(b, n - i);
    view.set(x.subarray(i, i + m));
    kernel(p, m);
    out.set(m === b ? view : view.subarray(0, m), i);
  }
}

/**
 * Elements past a block's end that kernels may read (two vectors a step); zeroed in the last block, so
 * that reductions see zeros there, not what an earlier call left.
 */
const TAIL = 8;

/**
 * out = kernel(x, g), block by block through slots 0 (x) and 1 (g, then the result), or with g copied
 * into a resident out and the result computed over it there. Returns the runtime it ran in, whose
 * accumulators hold what the kernel summed.
 */
export function mapBlocks2(
  rt: WasmRuntime,
  x: FloatArray,
  g: FloatArray,
  out: FloatArray,
  bind: Bind<TwoInputs>,
): WasmRuntime {
  const n = x.length;
  const b = blockLength(x);
  const home = residentHome(out);
  if (home) {
    const kernel = bind(home.rt);
    const vx = slotView(home.rt, 0, x);
    const bytes = x.BYTES_PER_ELEMENT;
    for (let i = 0; i < n; i += b) {
      const m = Math.min(b, n - i);
      vx.set(x.subarray(i, i + m));
      out.set(g.subarray(i, i + m), i);
      if (m < b) {
        vx.fill(0, m, m + TAIL);
        home.clearTail();
      }
      kernel(home.rt.slots[0]!, home.ptr + i * bytes, m);
    }
    return home.rt;
  }
  const kernel = bind(rt);
  const vx = slotView(rt, 0, x);
  const vg = slotView(rt, 1, x);
  const px = rt.slots[0]!;
  const pg = rt.slots[1]!;
  for (let i = 0; i < n; i += b) {
    const m = Math.min(b, n - i);
    vx.set(x.subarray(i, i + m));
    vg.set(g.subarray(i, i + m));
    if (m < b) {
      vx.fill(0, m, m + TAIL);
      vg.fill(0, m, m + TAIL);
    }
    kernel(px, pg, m);
    out.set(m === b ? vg : vg.subarray(0, m), i);
  }
  return rt;
}

/**
 * A kernel over `rows` rows of `n` elements at `p` (and at `pg` for gradients), with slot 2 at `pt` as
 * scratch; rows is a multiple of 4.
 */
export type RowKernel = (p: number, pg: number, pt: number, rows: number, n: number) => void;

/**
 * Rows of n contiguous elements (the last axis), out = kernel(x[, g]): whole rows per block, a multiple
 * of 4 of them, since the row kernels work on four rows at a time; the last block's missing rows are
 * whatever the slot holds, computed in their own lanes and never copied out.
 */
export function mapRows(
  rt: WasmRuntime,
  x: FloatArray,
  g: FloatArray | null,
  out: FloatArray,
  n: number,
  kernel: RowKernel,
): void {
  const perBlock = Math.floor(blockLength(x) / n / 4) * 4;
  const vx = slotView(rt, 0, x);
  const vg = slotView(rt, 1, x);
  const px = rt.slots[0]!;
  const pg = rt.slots[1]!;
  const step = perBlock * n;
  for (let i = 0; i < x.length; i += step) {
    const m = Math.min(step, x.length - i);
    vx.set(x.subarray(i, i + m));
    if (g) vg.set(g.subarray(i, i + m));
    const rows = m / n;
    kernel(px, pg, rt.slots[2]!, rows + (-rows & 3), n);
    const result = g ? vg : vx;
    out.set(m === result.length ? result : result.subarray(0, m), i);
  }
}

/** Whether rows of n elements fit the row kernels' blocks (four rows at least). */
export function rowsFit(x: FloatArray, n: number): boolean {
  return n > 0 && n * 4 <= blockLength(x);
}

/**
 * Visits the blocks of a and b (same length) copied into slots 0 and 1, `m` elements each; the last
 * block's tail up to the next whole vector pair is zeroed.
 */
export function forEachBlock2(
  rt: WasmRuntime,
  a: FloatArray,
  b: FloatArray,
  visit: (pa: number, pb: number, start: number, m: number) => void,
): void {
  const bl = blockLength(b);
  const va = slotView(rt, 0, b);
  const vb = slotView(rt, 1, b);
  for (let i = 0; i < b.length; i += bl) {
    const m = Math.min(bl, b.length - i);
    va.set(a.subarray(i, i + m));
    vb.set(b.subarray(i, i + m));
    if (m < bl) {
      va.fill(0, m, m + TAIL);
      vb.fill(0, m, m + TAIL);
    }
    visit(rt.slots[0]!, rt.slots[1]!, i, m);
  }
}

/** out = kernel(a, b, c), block by block through slots 0, 1 and 2; the result is read from slot 1. */
export function mapBlocks3(
  rt: WasmRuntime,
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
  out: FloatArray,
  kernel: (pa: number, pb: number, pc: number, m: number) => void,
): void {
  const bl = blockLength(b);
  const va = slotView(rt, 0, b);
  const vb = slotView(rt, 1, b);
  const vc = slotView(rt, 2, b);
  for (let i = 0; i < b.length; i += bl) {
    const m = Math.min(bl, b.length - i);
    va.set(a.subarray(i, i + m));
    vb.set(b.subarray(i, i + m));
    vc.set(c.subarray(i, i + m));
    kernel(rt.slots[0]!, rt.slots[1]!, rt.slots[2]!, m);
    out.set(m === bl ? vb : vb.subarray(0, m), i);
  }
}
