import type { FloatArray } from '@rectify/core';
import { blockLength, type FreshArea, residentHome, slotView, type WasmRuntime } from './runtime.js';

/** A kernel reading `n` elements at byte offset `p` and writing them at `dst` (which may be `p`). */
export type Unary = (p: number, dst: number, n: number) => void;
/** A kernel reading `px` and `pg` and writing at `dst` (which may be `pg`). */
export type Binary = (px: number, pg: number, dst: number, n: number) => void;
/** A kernel bound to the runtime it runs in: the shared one, or the instance of a resident array's arena. */
export type Bind<K> = (rt: WasmRuntime) => K;

// A call streams its arrays one block at a time: blocks are copied into the slots with one `set` each,
// computed in L2 cache and copied straight into the output the backend returns. Arrays from an arena
// (see residentArray) are already in an instance's memory: the kernels read and write them where they
// are, so a call whose arrays all live in one arena makes no copies at all, and a resident output is
// written in place (no copy out, no fresh pages to fault in).

/**
 * Elements past a block's end that kernels may read (two vectors a step); zeroed in the last block, so
 * that reductions see zeros there, not what an earlier call left.
 */
const TAIL = 8;
/** Elements of a kernel's loop step: a call over whole steps touches nothing past its elements. */
const STEP = 8;
/** Elements of one block copied into a resident output and computed there (256 KiB of float32). */
const RESIDENT_BLOCK = 65536;

/**
 * The arena runtime holding most of `arrays` (the first one's on a tie), else the shared one: arrays of
 * two arenas (an allocation that did not fit starts a new one) cannot meet in one kernel call, and the
 * fewer of them go through the slots.
 */
function runtimeFor(rt: WasmRuntime, arrays: readonly FloatArray[]): WasmRuntime {
  let best = rt;
  let most = 0;
  for (const a of arrays) {
    const home = residentHome(a);
    const count = home ? arrays.filter((b) => residentHome(b) === home).length : 0;
    if (count > most) {
      best = home!;
      most = count;
    }
  }
  return best;
}

/** Whether `a` lives in `rt`'s memory, where kernels can take its byte offset as a pointer. */
const inside = (rt: WasmRuntime, a: FloatArray) => residentHome(a) === rt;

/**
 * out = kernel(x): in one pass when x and out share an arena, in place in a resident out, straight
 * from a resident x into the slots, or through the slots; the last `n mod 8` elements always go
 * through the slots, so that kernels never touch memory past the arrays.
 */
export function mapBlocks(rt: WasmRuntime, x: FloatArray, out: FloatArray, bind: Bind<Unary>): void {
  const n = x.length;
  const home = runtimeFor(rt, [out, x]);
  const kernel = bind(home);
  const bytes = x.BYTES_PER_ELEMENT;
  const xIn = inside(home, x);
  const outIn = inside(home, out);
  const whole = xIn || outIn ? n - (n % STEP) : 0;
  if (xIn && outIn) kernel(x.byteOffset, out.byteOffset, whole);
  else if (outIn) {
    for (let i = 0; i < whole; i += RESIDENT_BLOCK) {
      const m = Math.min(RESIDENT_BLOCK, whole - i);
      out.set(x.subarray(i, i + m), i);
      const p = out.byteOffset + i * bytes;
      kernel(p, p, m);
    }
  } else if (xIn) {
    const b = blockLength(x);
    const view = slotView(home, 0, x);
    for (let i = 0; i < whole; i += b) {
      const m = Math.min(b, whole - i);
      kernel(x.byteOffset + i * bytes, home.slots[0]!, m);
      out.set(m === b ? view : view.subarray(0, m), i);
    }
  }
  if (whole < n) throughSlots(home, x.subarray(whole), out.subarray(whole), kernel);
}

/**
 * Staging for calls on plain arrays that threads should share (workers only see shared memory): two
 * arrays of a threaded arena, that arena's posting kernels, and the balance of each op's shares.
 */
export interface Staging {
  /** Float64 capacity of each array (twice as many float32 elements fit). */
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** Calls from this many elements are staged. */
  readonly minElements: number;
  /** The staging arena's runtime whose splittable kernels hand their call to the workers and return. */
  readonly posting: WasmRuntime;
  /**
   * Waits for the posted call; the milliseconds the workers spent on it (0: none posted, or unknown).
   * `onChunk` gets the units [start, end) of each part of the call once its results are in (see
   * KernelPool.join); not called when no call was posted.
   */
  join(onChunk?: (start: number, end: number) => void): number;
  /**
   * Runs `post`, a call of a posting kernel, with its chunks held back from the workers until {@link feed}
   * says their data is staged (see KernelPool.postHeld); false when no call was posted, `post`'s kernel then
   * having run at once.
   */
  postHeld(post: () => void): boolean;
  /** The held call's data is staged up to `units` (elements, or rows for a row kernel; ∞: all of it). */
  feed(units: number): void;
  /** The workers' share of a call's elements, by op, pass and dtype, balanced as calls go. */
  readonly shares: Map<string, number>;
}

function stagingView(staging: Staging, which: 'a' | 'b', like: FloatArray): FloatArray {
  const v = staging[which];
  return like instanceof Float32Array ? new Float32Array(v.buffer, v.byteOffset, v.length * 2) : v;
}

/** Whether a call of n elements on these arrays is worth staging (plain arrays, large enough). */
export function worthStaging(
  staging: Staging | undefined,
  arrays: readonly FloatArray[],
): staging is Staging {
  return !!staging && arrays[0]!.length >= staging.minElements && arrays.every((a) => !residentHome(a));
}

/**
 * Copies `part` into the staging view and hands the kernel over it (in place, `length` elements: part's,
 * or whole steps past it) to the workers.
 */
function postUnary(
  staging: Staging,
  view: FloatArray,
  part: FloatArray,
  bind: Bind<Unary>,
  length = part.length,
): void {
  view.set(part);
  bind(staging.posting)(view.byteOffset, view.byteOffset, length);
}

/**
 * x copied into `view` from its start while the workers already compute the call that `post` posts over
 * it: posted held, then x staged a block at a time, each block's chunks handed over as it lands, so that
 * the workers do not wait for the whole copy. A call that was not posted (its kernel ran at once, on what
 * the view held) runs again once x is staged. `units` counts the call's units in a number of elements.
 */
function stageWhileComputing(
  staging: Staging,
  view: FloatArray,
  x: FloatArray,
  post: () => void,
  units: (elements: number) => number,
): void {
  if (!staging.postHeld(post)) {
    view.set(x);
    post();
    return;
  }
  for (let i = 0; i < x.length; i += RESIDENT_BLOCK) {
    const end = Math.min(x.length, i + RESIDENT_BLOCK);
    view.set(x.subarray(i, end), i);
    staging.feed(units(end));
  }
  staging.feed(Number.POSITIVE_INFINITY);
}

const clock = (globalThis as { performance?: { now(): number } }).performance ?? Date;
/** The workers' share before a key has been measured, and the bounds it is kept in. */
const FIRST_SHARE = 0.5;
const MIN_SHARE = 0.05;
const MAX_SHARE = 0.95;

/**
 * Splits a call on plain arrays between the workers and this thread, in rounds: the workers' share of a
 * round (its last elements) is copied into the staging arena and posted to them; meanwhile this thread
 * computes the rest straight through its own runtime's slots (copies into shared memory are about twice
 * as slow as into unshared, so only the workers' part pays for them); then the workers' results are
 * copied out. The share moves towards the one where both sides take as long, from their measured times.
 */
function splitRounds(
  staging: Staging,
  key: string,
  n: number,
  capacity: number,
  round: {
    /** Copies elements [from, to) in and posts their call (or runs it here when the workers are busy). */
    post(from: number, to: number): void;
    /** Computes elements [from, to) on this thread. */
    here(from: number, to: number): void;
    /** Copies the posted elements' results out, once done. */
    collect(from: number, to: number): void;
  },
): void {
  for (let i = 0; i < n; ) {
    const share = staging.shares.get(key) ?? FIRST_SHARE;
    const length = Math.min(n - i, Math.floor(capacity / share));
    const theirs = Math.min(capacity, Math.floor((length * share) / STEP) * STEP);
    const mid = i + length - theirs;
    const end = i + length;
    round.post(mid, end);
    const t0 = clock.now();
    round.here(i, mid);
    const ours = clock.now() - t0;
    const workers = staging.join();
    round.collect(mid, end);
    if (ours > 0 && workers > 0 && mid > i && theirs > 0) {
      const mine = ours / (mid - i);
      const best = mine / (mine + workers / theirs);
      staging.shares.set(key, Math.min(MAX_SHARE, Math.max(MIN_SHARE, 0.7 * share + 0.3 * best)));
    }
    i = end;
  }
}

/**
 * The staging arena's first array as a {@link FreshArea}, in the arena's runtime whose splittable kernels
 * are shared with the workers (the second array follows it: a last step past the first is harmless).
 */
function stagingArea(staging: Staging): FreshArea {
  const a = staging.a;
  return {
    rt: residentHome(a)!,
    at: a.byteOffset,
    f32: new Float32Array(a.buffer, a.byteOffset, a.length * 2),
    f64: a,
  };
}

/** The area's first n elements copied out as a new array of x's type (not zeroed first). */
function copyOut(view: FloatArray, n: number): FloatArray {
  return view instanceof Float32Array
    ? new Float32Array(view.subarray(0, n))
    : new Float64Array((view as Float64Array).subarray(0, n));
}

/**
 * kernel(x) as a new array, computed in the area in place (see {@link freshArea}) a block at a time, each
 * copied in and computed while in cache, then copied out at once. Null when x does not fit the area.
 */
export function mapFresh(area: FreshArea, x: FloatArray, bind: Bind<Unary>): FloatArray | null {
  const view = x instanceof Float32Array ? area.f32 : area.f64;
  const n = x.length;
  if (n > view.length - STEP) return null;
  const kernel = bind(area.rt);
  const bytes = x.BYTES_PER_ELEMENT;
  for (let i = 0; i < n; i += RESIDENT_BLOCK) {
    const m = Math.min(RESIDENT_BLOCK, n - i);
    view.set(x.subarray(i, i + m), i);
    const p = area.at + i * bytes;
    // whole steps: the last one reads and writes the area past x's elements, which the output leaves out
    kernel(p, p, m + (-m & (STEP - 1)));
  }
  return copyOut(view, n);
}

/**
 * A new array of x's type and length with one element of each 4 KiB page written: the fresh pages an
 * allocator may hand out (a page fault each, ~2 µs on some machines: 1000 for 1e6 float32) are faulted
 * in here, while the workers compute a posted call, rather than by the copy of its results after it.
 */
function faultedIn(x: FloatArray): FloatArray {
  const out = x instanceof Float32Array ? new Float32Array(x.length) : new Float64Array(x.length);
  const page = 4096 / x.BYTES_PER_ELEMENT;
  for (let i = 0; i < out.length; i += page) out[i] = 0;
  return out;
}

/**
 * The results of a call posted to the workers (the first x.length elements of `view`) as a new array,
 * made meanwhile; this thread then takes the call's chunks still left, copying out each chunk's results
 * as they come in. `unit`: elements of one of the call's units (a row's, for a row kernel).
 */
function joinedFresh(staging: Staging, x: FloatArray, view: FloatArray, unit = 1): FloatArray {
  let out: FloatArray;
  try {
    out = faultedIn(x);
  } catch (e) {
    // a held call's workers wait until it is fed whole
    staging.join();
    throw e;
  }
  const n = x.length;
  let copied = false;
  staging.join((start, end) => {
    const from = Math.min(n, start * unit);
    out.set(view.subarray(from, Math.min(n, end * unit)), from);
    copied = true;
  });
  // no call was posted: its kernel ran whole when staged
  if (!copied) out.set(view.subarray(0, n));
  return out;
}

/**
 * kernel(x) as a new array, on the threads: x staged into the workers' shared arena while they start on
 * it (see {@link stageWhileComputing}), its output made while they compute (see {@link faultedIn}). Null
 * when x does not fit the staging arena.
 */
export function mapFreshStaged(staging: Staging, x: FloatArray, bind: Bind<Unary>): FloatArray | null {
  const staged = stagingView(staging, 'a', x);
  const n = x.length;
  if (n > staged.length - STEP) return null;
  // whole steps: the last one reads and writes past x's elements, into staging's second array
  const length = n + (-n & (STEP - 1));
  const at = staged.byteOffset;
  stageWhileComputing(
    staging,
    staged,
    x,
    () => bind(staging.posting)(at, at, length),
    (e) => e,
  );
  return joinedFresh(staging, x, staged);
}

/**
 * kernel(x) of rows of n elements (the last axis) as a new array: x copied into the area, every row
 * computed there in place, the last group of 4 rows padded with whatever the area holds, the runtime's
 * slots as scratch; then copied out at once. Given a staging arena instead of an area, the rows are
 * computed in its first array (see {@link stagingArea}), posted to the workers as they are staged, and
 * the output made meanwhile, as {@link mapFreshStaged} does. Null when x does not fit.
 */
export function mapRowsFresh(
  where: FreshArea | Staging,
  x: FloatArray,
  n: number,
  bind: Bind<RowKernel>,
): FloatArray | null {
  const staging = 'posting' in where ? where : undefined;
  const area = 'posting' in where ? stagingArea(where) : where;
  const rows = x.length / n;
  const padded = rows + (-rows & 3);
  const view = x instanceof Float32Array ? area.f32 : area.f64;
  if (padded * n > view.length - STEP) return null;
  const compute = (rt: WasmRuntime) => () => bind(rt)(area.at, 0, area.at, area.rt.slots[0]!, padded, n);
  if (!staging) {
    view.set(x);
    compute(area.rt)();
    return copyOut(view, x.length);
  }
  stageWhileComputing(staging, view, x, compute(staging.posting), (e) => Math.floor(e / n));
  return joinedFresh(staging, x, view, n);
}

/** out = kernel(x), shared with the workers (see {@link splitRounds}); `key` names the op and pass. */
export function mapStaged(
  rt: WasmRuntime,
  staging: Staging,
  x: FloatArray,
  out: FloatArray,
  bind: Bind<Unary>,
  key: string,
): void {
  const sx = stagingView(staging, 'a', x);
  const bytes = x.BYTES_PER_ELEMENT;
  splitRounds(staging, `${key}:${bytes}`, x.length, sx.length, {
    post: (from, to) => postUnary(staging, sx, x.subarray(from, to), bind),
    here: (from, to) => mapBlocks(rt, x.subarray(from, to), out.subarray(from, to), bind),
    collect: (from, to) => out.set(sx.subarray(0, to - from), from),
  });
}

/** out = kernel(x, g), shared with the workers, the workers' results computed over their staged g. */
export function mapStaged2(
  rt: WasmRuntime,
  staging: Staging,
  x: FloatArray,
  g: FloatArray,
  out: FloatArray,
  bind: Bind<Binary>,
  key: string,
): void {
  const sx = stagingView(staging, 'a', x);
  const sg = stagingView(staging, 'b', x);
  const bytes = x.BYTES_PER_ELEMENT;
  splitRounds(staging, `${key}:${bytes}`, x.length, sx.length, {
    post(from, to) {
      sx.set(x.subarray(from, to));
      sg.set(g.subarray(from, to));
      bind(staging.posting)(sx.byteOffset, sg.byteOffset, sg.byteOffset, to - from);
    },
    here: (from, to) =>
      mapBlocks2(rt, x.subarray(from, to), g.subarray(from, to), out.subarray(from, to), bind),
    collect: (from, to) => out.set(sg.subarray(0, to - from), from),
  });
}

function throughSlots(rt: WasmRuntime, x: FloatArray, out: FloatArray, kernel: Unary): void {
  const n = x.length;
  const b = blockLength(x);
  const view = slotView(rt, 0, x);
  const p = rt.slots[0]!;
  for (let i = 0; i < n; i += b) {
    const m = Math.min(b, n - i);
    view.set(x.subarray(i, i + m));
    kernel(p, p, m);
    out.set(m === b ? view : view.subarray(0, m), i);
  }
}

/**
 * out = kernel(x, g), each array read or written where it lives when it is in the call's runtime (a
 * resident output's arena, else a resident input's) and through slots 0 (x) and 1 (g, then the result)
 * otherwise. `writesOverG`: the kernel can only write over its g (the loss kernels), so g is first copied
 * where the result goes. Returns the runtime it ran in, whose accumulators hold what the kernel summed.
 */
export function mapBlocks2(
  rt: WasmRuntime,
  x: FloatArray,
  g: FloatArray,
  out: FloatArray,
  bind: Bind<Binary>,
  writesOverG = false,
): WasmRuntime {
  const n = x.length;
  const home = runtimeFor(rt, [out, g, x]);
  const kernel = bind(home);
  const bytes = x.BYTES_PER_ELEMENT;
  const xIn = inside(home, x);
  const gIn = inside(home, g) && !writesOverG;
  const outIn = inside(home, out);
  const whole = xIn || gIn || outIn ? n - (n % STEP) : 0;
  if (xIn && gIn && outIn) kernel(x.byteOffset, g.byteOffset, out.byteOffset, whole);
  else if (xIn && outIn && whole > 0) {
    // g first copied whole where the result goes: one call over the arrays, which threads can split
    if (g !== out) out.set(g.subarray(0, whole));
    kernel(x.byteOffset, out.byteOffset, out.byteOffset, whole);
  } else if (whole > 0) {
    const b = blockLength(x);
    const vx = slotView(home, 0, x);
    const vg = slotView(home, 1, x);
    for (let i = 0; i < whole; i += b) {
      const m = Math.min(b, whole - i);
      const at = i * bytes;
      if (!xIn) vx.set(x.subarray(i, i + m));
      const dst = outIn ? out.byteOffset + at : home.slots[1]!;
      let pg = g.byteOffset + at;
      if (!gIn) {
        // g goes where the result is written: the kernel reads each vector before writing it
        if (outIn) out.set(g.subarray(i, i + m), i);
        else vg.set(g.subarray(i, i + m));
        pg = dst;
      }
      kernel(xIn ? x.byteOffset + at : home.slots[0]!, pg, dst, m);
      if (!outIn) out.set(m === b ? vg : vg.subarray(0, m), i);
    }
  }
  if (whole < n) twoThroughSlots(home, x.subarray(whole), g.subarray(whole), out.subarray(whole), kernel);
  return home;
}

function twoThroughSlots(
  rt: WasmRuntime,
  x: FloatArray,
  g: FloatArray,
  out: FloatArray,
  kernel: Binary,
): void {
  const vg = slotView(rt, 1, x);
  forEachBlock2(rt, x, g, (px, pg, start, m) => {
    kernel(px, pg, pg, m);
    out.set(m === vg.length ? vg : vg.subarray(0, m), start);
  });
}

/**
 * A kernel over `rows` rows of `n` elements at `p` (and at `pg` for gradients) into `dst` (which may be
 * `p`, never `pg`), with scratch at `pt`; rows is a multiple of 4.
 */
export type RowKernel = (p: number, pg: number, dst: number, pt: number, rows: number, n: number) => void;

/** Whether two arrays share bytes. */
function overlaps(a: FloatArray, b: FloatArray): boolean {
  return (
    a.buffer === b.buffer &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  );
}

/**
 * Rows of n contiguous elements (the last axis), out = kernel(x[, g]). When x, g and out live in one
 * arena (out not over g), its whole groups of 4 rows are computed where they are, with slot 0 as scratch
 * (slots 1–3 for the workers a threaded arena shares the call with); the rest goes through the slots:
 * whole rows per block, a multiple of 4 of them, the last block's missing rows whatever the slot holds,
 * computed in their own lanes and never copied out.
 */
export function mapRows(
  rt: WasmRuntime,
  x: FloatArray,
  g: FloatArray | null,
  out: FloatArray,
  n: number,
  bind: Bind<RowKernel>,
): void {
  const arrays = g ? [out, g, x] : [out, x];
  const home = runtimeFor(rt, arrays);
  const rows = x.length / n;
  const whole = rows - (rows % 4);
  let done = 0;
  if (home !== rt && whole > 0 && arrays.every((a) => inside(home, a)) && !(g && overlaps(out, g))) {
    bind(home)(x.byteOffset, g ? g.byteOffset : 0, out.byteOffset, home.slots[0]!, whole, n);
    done = whole * n;
  }
  if (done < x.length) {
    rowsThroughSlots(rt, x.subarray(done), g ? g.subarray(done) : null, out.subarray(done), n, bind(rt));
  }
}

function rowsThroughSlots(
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
    kernel(px, pg, px, rt.slots[2]!, rows + (-rows & 3), n);
    out.set(m === vx.length ? vx : vx.subarray(0, m), i);
  }
}

/** Whether rows of n elements fit the row kernels' blocks (four rows at least). */
export function rowsFit(x: FloatArray, n: number): boolean {
  return n > 0 && n * 4 <= blockLength(x);
}

/**
 * Copies a's `m` elements from `i` into a slot's view; a block shorter than the view (the last) gets `pad`
 * up to the next whole vector pair, which kernels read as part of their last step.
 */
function stage(view: FloatArray, a: FloatArray, i: number, m: number, pad: number): void {
  view.set(a.subarray(i, i + m));
  if (m < view.length) view.fill(pad, m, m + TAIL);
}

/**
 * Visits the blocks of a and b (same length) copied into slots 0 and 1, `m` elements each; the last
 * block's tail up to the next whole vector pair holds `pad` (zeros unless given).
 */
export function forEachBlock2(
  rt: WasmRuntime,
  a: FloatArray,
  b: FloatArray,
  visit: (pa: number, pb: number, start: number, m: number) => void,
  pad: readonly [number, number] = [0, 0],
): void {
  const bl = blockLength(b);
  const va = slotView(rt, 0, b);
  const vb = slotView(rt, 1, b);
  for (let i = 0; i < b.length; i += bl) {
    const m = Math.min(bl, b.length - i);
    stage(va, a, i, m, pad[0]);
    stage(vb, b, i, m, pad[1]);
    visit(rt.slots[0]!, rt.slots[1]!, i, m);
  }
}

/**
 * Whether `test` holds for every block of a copied into slot 0 (the last block's tail up to the next whole
 * vector pair zeroed), `m` elements each; stops at the first block it fails on.
 */
export function everyBlock(rt: WasmRuntime, a: FloatArray, test: (p: number, m: number) => boolean): boolean {
  const bl = blockLength(a);
  const va = slotView(rt, 0, a);
  for (let i = 0; i < a.length; i += bl) {
    const m = Math.min(bl, a.length - i);
    stage(va, a, i, m, 0);
    if (!test(rt.slots[0]!, m)) return false;
  }
  return true;
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
