import type { FloatArray } from '@rectify/core';
import { kernelsWasmBase64 } from './kernels.generated.js';
import { withSharedMemory } from './shared-module.js';
import { BINARY, type KernelPool, type KernelShape, type SharedArena, UNARY } from './threads.js';

type Ptr = number;

/** The kernels of `assembly/` as the module exports them (pointers are byte offsets into its memory). */
export interface KernelExports {
  heapBase(): Ptr;
  reluF32(p: Ptr, dst: Ptr, n: number): void;
  reluF64(p: Ptr, dst: Ptr, n: number): void;
  passBandGradF32(px: Ptr, pg: Ptr, dst: Ptr, n: number, lo: number, hi: number): void;
  passBandGradF64(px: Ptr, pg: Ptr, dst: Ptr, n: number, lo: number, hi: number): void;
  clampF32(p: Ptr, dst: Ptr, n: number, lo: number, hi: number, mode: number): void;
  clampF64(p: Ptr, dst: Ptr, n: number, lo: number, hi: number, mode: number): void;
  leakyReluF32(p: Ptr, dst: Ptr, n: number, alpha: number, mode: number): void;
  leakyReluF64(p: Ptr, dst: Ptr, n: number, alpha: number, mode: number): void;
  leakyReluGradF32(px: Ptr, pg: Ptr, dst: Ptr, n: number, alpha: number): void;
  leakyReluGradF64(px: Ptr, pg: Ptr, dst: Ptr, n: number, alpha: number): void;
  thresholdedReluF32(p: Ptr, dst: Ptr, n: number, t: number): void;
  thresholdedReluF64(p: Ptr, dst: Ptr, n: number, alpha: number): void;
  hardSigmoidF32(p: Ptr, dst: Ptr, n: number, alpha: number, c: number, mode: number): void;
  hardSigmoidF64(p: Ptr, dst: Ptr, n: number, alpha: number, c: number, mode: number): void;
  constantF32(p: Ptr, dst: Ptr, n: number, c: number): void;
  constantF64(p: Ptr, dst: Ptr, n: number, c: number): void;
  bandGradF32(px: Ptr, pg: Ptr, dst: Ptr, n: number, lo: number, hi: number, s: number): void;
  hardSigmoidGradF64(px: Ptr, pg: Ptr, dst: Ptr, n: number, alpha: number, c: number, mode: number): void;
  hardSwishF32(p: Ptr, dst: Ptr, n: number): void;
  hardSwishF64(p: Ptr, dst: Ptr, n: number): void;
  hardSwishGradF32(px: Ptr, pg: Ptr, dst: Ptr, n: number): void;
  hardSwishGradF64(px: Ptr, pg: Ptr, dst: Ptr, n: number): void;
  preluF32(p: Ptr, pa: Ptr, n: number): void;
  preluF64(p: Ptr, pa: Ptr, n: number): void;
  preluGradScalarF32(px: Ptr, pg: Ptr, dst: Ptr, n: number, alpha: number, partials: Ptr, part: number): void;
  preluGradScalarF64(px: Ptr, pg: Ptr, dst: Ptr, n: number, alpha: number, partials: Ptr, part: number): void;
  sigmoidF32(p: Ptr, dst: Ptr, n: number): void;
  sigmoidGradF32(px: Ptr, pg: Ptr, dst: Ptr, n: number): void;
  tanhF32(p: Ptr, dst: Ptr, n: number): void;
  tanhGradF32(px: Ptr, pg: Ptr, dst: Ptr, n: number): void;
  siluF32(p: Ptr, dst: Ptr, n: number): void;
  siluGradF32(px: Ptr, pg: Ptr, dst: Ptr, n: number): void;
  geluTanhF32(p: Ptr, dst: Ptr, n: number): void;
  geluTanhGradF32(px: Ptr, pg: Ptr, dst: Ptr, n: number): void;
  geluF32(p: Ptr, dst: Ptr, n: number): void;
  geluGradF32(px: Ptr, pg: Ptr, dst: Ptr, n: number): void;
  eluF32(p: Ptr, dst: Ptr, n: number, k: number, s: number): void;
  eluGradF32(px: Ptr, pg: Ptr, dst: Ptr, n: number, k: number, s: number): void;
  celuF32(p: Ptr, dst: Ptr, n: number, alpha: number): void;
  celuGradF32(px: Ptr, pg: Ptr, dst: Ptr, n: number, alpha: number): void;
  softplusF32(p: Ptr, dst: Ptr, n: number, beta: number): void;
  softplusGradF32(px: Ptr, pg: Ptr, dst: Ptr, n: number, beta: number): void;
  logSigmoidF32(p: Ptr, dst: Ptr, n: number): void;
  logSigmoidGradF32(px: Ptr, pg: Ptr, dst: Ptr, n: number): void;
  mishF32(p: Ptr, dst: Ptr, n: number): void;
  mishGradF32(px: Ptr, pg: Ptr, dst: Ptr, n: number): void;
  softsignF32(p: Ptr, dst: Ptr, n: number): void;
  softsignGradF32(px: Ptr, pg: Ptr, dst: Ptr, n: number): void;
  perSampleLossF32(
    pt: Ptr,
    py: Ptr,
    dst: Ptr,
    ps: Ptr,
    rows: number,
    n: number,
    kind: number,
    labelSmoothing: number,
  ): void;
  perSampleLossGradF32(
    pt: Ptr,
    py: Ptr,
    pg: Ptr,
    ps: Ptr,
    rows: number,
    n: number,
    kind: number,
    labelSmoothing: number,
    g: number,
    perRow: number,
  ): void;
  /** `kind` of the per-sample loss kernels (assembly/per-sample-losses.ts), exported as globals. */
  readonly CROSSENTROPY: { readonly value: number };
  readonly CROSSENTROPY_LOGITS: { readonly value: number };
  readonly KL_DIVERGENCE: { readonly value: number };
  readonly COSINE: { readonly value: number };
  readonly SPARSE: { readonly value: number };
  softmaxRowsF32(p: Ptr, dst: Ptr, pt: Ptr, rows: number, n: number): void;
  softmaxGradRowsF32(px: Ptr, pg: Ptr, dst: Ptr, pt: Ptr, rows: number, n: number): void;
  logSoftmaxRowsF32(p: Ptr, dst: Ptr, pt: Ptr, rows: number, n: number): void;
  logSoftmaxGradRowsF32(px: Ptr, pg: Ptr, dst: Ptr, pt: Ptr, rows: number, n: number): void;
  squaredErrorF32(pt: Ptr, py: Ptr, n: number, sum: number, acc: Ptr): void;
  squaredErrorGradF32(pt: Ptr, py: Ptr, pg: Ptr, n: number, g: number, perElement: number): void;
  absoluteErrorF32(pt: Ptr, py: Ptr, n: number, sum: number, acc: Ptr): void;
  absoluteErrorGradF32(pt: Ptr, py: Ptr, pg: Ptr, n: number, g: number, perElement: number): void;
  huberF32(pt: Ptr, py: Ptr, n: number, sum: number, acc: Ptr, delta: number): void;
  huberGradF32(pt: Ptr, py: Ptr, pg: Ptr, n: number, g: number, perElement: number, delta: number): void;
  binaryCrossentropyF32(
    pt: Ptr,
    py: Ptr,
    n: number,
    sum: number,
    acc: Ptr,
    logits: number,
    labelSmoothing: number,
  ): void;
  binaryCrossentropyGradF32(
    pt: Ptr,
    py: Ptr,
    pg: Ptr,
    n: number,
    g: number,
    perElement: number,
    logits: number,
    labelSmoothing: number,
  ): void;
  pointwiseLossF32(pt: Ptr, py: Ptr, n: number, sum: number, acc: Ptr, kind: number, flags: number): void;
  pointwiseLossGradF32(
    pt: Ptr,
    py: Ptr,
    pg: Ptr,
    n: number,
    g: number,
    perElement: number,
    kind: number,
    flags: number,
  ): void;
  logCoshGradF32(pt: Ptr, py: Ptr, pg: Ptr, n: number, g: number, perElement: number): void;
  binaryLabelsF32(p: Ptr, n: number): number;
}

/**
 * Bytes of one block. Large calls stream through blocks of this size (copy in, compute, copy out), so
 * the kernels work in L2 cache and the module's memory stays small and fixed: 64 KiB measured as fast
 * as 256 KiB and faster than 16 KiB (per-block call overhead) at 1e6 elements.
 */
export const BLOCK_BYTES = 64 * 1024;
/** Slots of one block each: inputs (x, upstream, targets) and outputs live in them. */
export const SLOT_COUNT = 4;
/** Kernels step two vectors at a time and may touch this many bytes past a block's elements. */
const SLOT_PAD = 64;
/** The row kernels' scratch: the slots, free when the arrays are resident, one per thread. */
const ROWS_SCRATCH = { scratchBytes: BLOCK_BYTES + SLOT_PAD, scratchAreas: SLOT_COUNT } as const;
/** The row kernels (p, dst, t, rows, n) and their gradients (px, pg, dst, t, rows, n). */
const ROWS: KernelShape = { pointers: 2, scratch: 2, count: 3, rowLength: 4, ...ROWS_SCRATCH };
const ROWS_GRAD: KernelShape = { pointers: 3, scratch: 3, count: 4, rowLength: 5, ...ROWS_SCRATCH };

/**
 * The kernels a call of which may be split across threads, with their argument layout: elementwise, so a
 * call over n elements is the same call over any split of them. On arrays in a shared arena every one of
 * them pays for waking a worker at 2¹⁷ elements and up, the memory-bound ones too (their data is in cache,
 * and one core's 128-bit lanes, not memory, set their pace: relu's gradient 0.24 → 0.13–0.19 ms at 1e6).
 * prelu's slope gradient is split at its own parts, the softmax rows at groups of 4 rows with scratch of
 * their own per thread (the slots, free when the arrays are resident); of the losses, only the gradients
 * are split (a sum would need parts of its own, as prelu's).
 */
export const splittableKernels: Readonly<Partial<Record<keyof KernelExports, KernelShape>>> = {
  hardSigmoidF32: UNARY,
  reluF32: UNARY,
  clampF32: UNARY,
  thresholdedReluF32: UNARY,
  hardSwishF32: UNARY,
  passBandGradF32: BINARY,
  hardSwishGradF32: BINARY,
  sigmoidF32: UNARY,
  tanhF32: UNARY,
  siluF32: UNARY,
  geluTanhF32: UNARY,
  geluF32: UNARY,
  eluF32: UNARY,
  celuF32: UNARY,
  softplusF32: UNARY,
  logSigmoidF32: UNARY,
  mishF32: UNARY,
  softsignF32: UNARY,
  hardSigmoidGradF64: BINARY,
  bandGradF32: BINARY,
  leakyReluGradF32: BINARY,
  leakyReluF32: UNARY,
  sigmoidGradF32: BINARY,
  tanhGradF32: BINARY,
  siluGradF32: BINARY,
  geluTanhGradF32: BINARY,
  geluGradF32: BINARY,
  eluGradF32: BINARY,
  celuGradF32: BINARY,
  softplusGradF32: BINARY,
  logSigmoidGradF32: BINARY,
  mishGradF32: BINARY,
  softsignGradF32: BINARY,
  // the losses' gradients (pt, py, pg, n, …): targets, predictions (written over) and upstream
  squaredErrorGradF32: BINARY,
  absoluteErrorGradF32: BINARY,
  huberGradF32: BINARY,
  binaryCrossentropyGradF32: BINARY,
  pointwiseLossGradF32: BINARY,
  logCoshGradF32: BINARY,
  preluGradScalarF32: { pointers: 3, count: 3, partials: 5, partLength: 6 },
  softmaxRowsF32: ROWS,
  logSoftmaxRowsF32: ROWS,
  softmaxGradRowsF32: ROWS_GRAD,
  logSoftmaxGradRowsF32: ROWS_GRAD,
};

/** Bytes of float64 accumulators the reductions keep between blocks. */
const ACC_BYTES = 256;
const PAGE = 64 * 1024;

/**
 * The instantiated kernels with their memory laid out in slots. The memory is created here at its final
 * size and never grows, so the views below stay attached for the life of the runtime.
 */
export interface WasmRuntime {
  readonly exports: KernelExports;
  /** Byte offset of each slot. */
  readonly slots: readonly Ptr[];
  /** Byte offset of the accumulators. */
  readonly acc: Ptr;
  /** Float32 view of each slot, one block long. */
  readonly f32: readonly Float32Array[];
  /** Float64 view of each slot, one block long. */
  readonly f64: readonly Float64Array[];
  /** Float64 view of the accumulators. */
  readonly accF64: Float64Array;
}

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** The part of the WebAssembly JS API used here, typed locally: the package compiles without the DOM lib. */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
  Memory: new (descriptor: {
    initial: number;
    maximum: number;
    shared?: boolean;
  }) => { readonly buffer: ArrayBuffer };
}

interface Compiled {
  readonly wasm: WebAssemblyApi;
  readonly module: object;
  /** The same kernels importing a shared memory, for threads; null where that cannot be had. */
  readonly shared: () => object | null;
}

let compiled: Compiled | null | undefined;

/** The kernels' module, compiled once per process; null where the engine lacks WebAssembly SIMD. */
function kernelsModule(): Compiled | null {
  if (compiled === undefined) {
    const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
    const bytes = wasm && decodeBase64(kernelsWasmBase64);
    // validating the kernels themselves checks every feature they use (SIMD above all) at once
    if (wasm && bytes && wasm.validate(bytes)) {
      let shared: object | null | undefined;
      const sharedModule = () => {
        if (shared === undefined) {
          const patched = withSharedMemory(bytes);
          shared = patched && wasm.validate(patched) ? new wasm.Module(patched) : null;
        }
        return shared;
      };
      compiled = { wasm, module: new wasm.Module(bytes), shared: sharedModule };
    } else compiled = null;
  }
  return compiled;
}

/** The shared-memory variant of the kernels' module (for a pool's workers); null where unavailable. */
export function sharedKernelsModule(): object | null {
  return kernelsModule()?.shared() ?? null;
}

/** Byte offset of the slots: the module's static data sits below heapBase, and one page covers it. */
const SLOTS_AT = PAGE;
/** Byte offset of the end of the accumulators: where a resident array's elements may start. */
const FIXED_END = SLOTS_AT + SLOT_COUNT * (BLOCK_BYTES + SLOT_PAD) + ACC_BYTES;

/**
 * An instance of the kernels with a memory of its own: static data, the slots, the accumulators and
 * then `dataBytes` more (plus the kernels' padding) for a resident array. The memory never grows, so the
 * views stay attached for the life of the instance.
 */
function makeRuntime(
  dataBytes: number,
  shared = false,
): { rt: WasmRuntime; buffer: ArrayBuffer; memory: object } | null {
  const kernels = kernelsModule();
  const module = shared ? kernels?.shared() : kernels?.module;
  if (!kernels || !module) return null;
  const slotBytes = BLOCK_BYTES + SLOT_PAD;
  const acc = SLOTS_AT + SLOT_COUNT * slotBytes;
  const pages = Math.ceil((FIXED_END + (dataBytes > 0 ? dataBytes + SLOT_PAD : 0)) / PAGE);
  const memory = new kernels.wasm.Memory({ initial: pages, maximum: pages, ...(shared ? { shared } : {}) });
  const instance = new kernels.wasm.Instance(module, { env: { memory, abort: () => {} } });
  const exports = instance.exports as unknown as KernelExports;
  if (exports.heapBase() > SLOTS_AT) throw new Error('internal: kernels static data overlaps the slots');
  const slots = Array.from({ length: SLOT_COUNT }, (_, i) => SLOTS_AT + i * slotBytes);
  const rt = Object.freeze({
    exports,
    slots,
    acc,
    f32: slots.map((p) => new Float32Array(memory.buffer, p, BLOCK_BYTES / 4)),
    f64: slots.map((p) => new Float64Array(memory.buffer, p, BLOCK_BYTES / 8)),
    accF64: new Float64Array(memory.buffer, acc, ACC_BYTES / 8),
  });
  return { rt, buffer: memory.buffer, memory };
}

function instantiate(): WasmRuntime | null {
  return makeRuntime(0)?.rt ?? null;
}

/** The instance each arena's memory belongs to, by that memory's buffer. */
const arenaRuntimes = new WeakMap<ArrayBufferLike, WasmRuntime>();

/** Bytes of one arena's data region: arrays are carved from it until one does not fit. */
const ARENA_BYTES = 64 * 2 ** 20;
/** Arrays start on a cache line. */
const ALIGN = 64;

/** What an allocator hands out: an array in an arena (or a plain one where there is no SIMD). */
export type ResidentAllocator = (dtype: 'float32' | 'float64', length: number) => FloatArray;

/**
 * An allocator of resident arrays: zeroed float arrays carved from arenas, memories of a kernels
 * instance of their own, so that kernels read and write them in place. Carving only moves forward (no
 * block is ever handed out twice, so no view can see another array's data); an arena's memory is freed
 * by the garbage collector once no array of it is reachable. Where WebAssembly SIMD is unavailable it
 * hands out plain typed arrays.
 */
export function residentAllocator(pool: KernelPool | null = null): ResidentAllocator {
  let current: { buffer: ArrayBuffer; top: number; end: number } | undefined;
  return (dtype, length) => {
    const Ctor = dtype === 'float64' ? Float64Array : Float32Array;
    const bytes = length * Ctor.BYTES_PER_ELEMENT;
    if (!wasmRuntime()) return new Ctor(length);
    if (!current || current.top + bytes > current.end) {
      // a big array gets an arena of its own and leaves the current one open for the small ones
      const size = Math.max(ARENA_BYTES, bytes);
      const made = (pool && makeRuntime(size, true)) || makeRuntime(size);
      if (!made) return new Ctor(length);
      arenaRuntimes.set(made.buffer, pool ? threaded(made, pool) : made.rt);
      const arena = { buffer: made.buffer, top: FIXED_END, end: FIXED_END + size };
      if (bytes * 4 <= ARENA_BYTES || !current) current = arena;
      else return new Ctor(arena.buffer, arena.top, length);
    }
    const array = new Ctor(current.buffer, current.top, length);
    current.top = Math.ceil((current.top + bytes) / ALIGN) * ALIGN;
    return array;
  };
}

let arenaIds = 0;

/** The arena's runtime with its elementwise kernels split across the pool's threads when shared. */
function threaded(
  made: { rt: WasmRuntime; memory: object; buffer: ArrayBufferLike },
  pool: KernelPool,
): WasmRuntime {
  if (typeof SharedArrayBuffer === 'undefined' || !(made.buffer instanceof SharedArrayBuffer)) return made.rt;
  const arena: SharedArena = { id: ++arenaIds, memory: made.memory };
  const raw = made.rt.exports as unknown as Record<string, (...args: number[]) => void>;
  const wrap = (how: 'run' | 'post') => {
    const exports: Record<string, unknown> = { ...raw };
    for (const [name, shape] of Object.entries(splittableKernels) as [string, KernelShape][]) {
      const kernel = raw[name]!;
      exports[name] = (...args: number[]) => {
        if (!pool[how](arena, kernel, name, shape, args)) kernel(...args);
      };
    }
    return Object.freeze({ ...made.rt, exports: exports as unknown as KernelExports });
  };
  const rt = wrap('run');
  postingRuntimes.set(rt, wrap('post'));
  pool.track(rt, arena);
  return rt;
}

/** A threaded arena's runtime whose splittable kernels post their call to the workers and return. */
const postingRuntimes = new WeakMap<WasmRuntime, WasmRuntime>();

/**
 * The variant of a threaded arena's runtime whose splittable kernels hand the call to the pool's
 * workers and return at once (`KernelPool.post`; the pool's `join` waits for it); undefined for other
 * runtimes.
 */
export function postingRuntime(rt: WasmRuntime): WasmRuntime | undefined {
  return postingRuntimes.get(rt);
}

/**
 * The kernels instance whose memory holds `a`, when `a` is (a view of) an arena array; its byte offset
 * is then its address for the kernels.
 */
export function residentHome(a: FloatArray): WasmRuntime | undefined {
  return a.byteOffset >= FIXED_END ? arenaRuntimes.get(a.buffer) : undefined;
}

let shared: WasmRuntime | null | undefined;
let failure: unknown;

/**
 * The kernels' runtime, instantiated on first use and shared by every backend of the process (calls are
 * synchronous, so they never interleave in it); null where WebAssembly SIMD is unavailable (old
 * engines, a Content-Security-Policy without `wasm-unsafe-eval`).
 */
export function wasmRuntime(): WasmRuntime | null {
  if (shared === undefined) {
    try {
      shared = instantiate();
    } catch (e) {
      failure = e;
      shared = null;
    }
  }
  return shared;
}

/** Bytes of the fresh-output area: a 1e6-element float32 call fits (2²⁰ elements). */
const FRESH_BYTES = 4 * 2 ** 20;

/** A runtime with an area of its own where whole calls are computed before their fresh output is made. */
export interface FreshArea {
  readonly rt: WasmRuntime;
  /** Byte offset of the area and its views (FRESH_BYTES, plus the kernels' padding). */
  readonly at: number;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
}

let fresh: FreshArea | null | undefined;

/**
 * The process's fresh-output area (unshared, made on first use; null without SIMD). A call whose output is
 * new is computed here in place, block by block, and its output made as a copy of the area: a typed
 * array constructed from another is allocated without being zeroed first, and fresh pages are touched
 * once, by that copy.
 */
export function freshArea(): FreshArea | null {
  if (fresh === undefined) {
    const made = wasmRuntime() ? makeRuntime(FRESH_BYTES) : null;
    fresh = made && {
      rt: made.rt,
      at: FIXED_END,
      f32: new Float32Array(made.buffer, FIXED_END, FRESH_BYTES / 4),
      f64: new Float64Array(made.buffer, FIXED_END, FRESH_BYTES / 8),
    };
  }
  return fresh;
}

/** Why {@link wasmRuntime} is null, when instantiation threw. */
export function wasmFailure(): unknown {
  return failure;
}

/** Elements of one block for a dtype. */
export function blockLength(data: FloatArray): number {
  return data instanceof Float32Array ? BLOCK_BYTES / 4 : BLOCK_BYTES / 8;
}

/** The view of slot `i` for the dtype of `data`. */
export function slotView(rt: WasmRuntime, i: number, data: FloatArray): FloatArray {
  return data instanceof Float32Array ? rt.f32[i]! : rt.f64[i]!;
}
