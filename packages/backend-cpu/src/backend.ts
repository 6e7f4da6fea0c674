import {
  allocate,
  type Backend,
  computeBackward,
  computeForward,
  type FloatArray,
  type FloatDType,
  type GradCall,
  type GradTensors,
  type OpCall,
  type OpId,
  Tensor,
} from '@rectify/core';
import { kernelContext } from './context.js';
import type { CpuKernel, KernelTable } from './kernel.js';
import { kernelsFor } from './kernels/index.js';
import type { Staging } from './wasm/blocks.js';
import {
  postingRuntime,
  type ResidentAllocator,
  residentAllocator,
  residentHome,
  sharedKernelsModule,
  splittableKernels,
  type WasmRuntime,
} from './wasm/runtime.js';
import { KernelPool, type KernelShape } from './wasm/threads.js';

/** Elements from which a call is split across threads by default. */
const THREAD_MIN_ELEMENTS = 2 ** 17;

/** Options of {@link createCpuBackend}. */
export interface CpuBackendOptions {
  /** Kernels to use instead of the built-in ones, by op id (for experiments and tests). */
  readonly kernels?: Partial<KernelTable>;
  /**
   * `'auto'` (default): WebAssembly SIMD kernels where the engine supports them, plain TypeScript loops
   * elsewhere. `false`: the plain loops only. `true`: SIMD or an `UnsupportedError` now. Both paths give
   * the same results (see docs/backends.md for the few ops whose SIMD results differ in the last bits).
   */
  readonly simd?: boolean | 'auto';
  /**
   * Calls with fewer elements run the plain loops. By default each op uses its measured break-even
   * (256 elements for compare-and-select ops and the simple losses, 32 where exponentials are
   * computed); 0 sends every call to the SIMD kernels (tests do that).
   */
  readonly simdMinElements?: number;
  /**
   * Threads a large call is split across, the calling one included (on arrays from `allocate`: every
   * elementwise kernel, softmax rows and prelu's slope gradient; on plain arrays: the kernels with
   * exponentials, hardSwish, hardSigmoid, fresh softmax rows and the costlier loss gradients): `'auto'`
   * (default) for the machine's cores up to 4, a count, or 1 for none. Node only
   * (workers and shared memory; browsers run on one thread); results are the same bit for bit. The
   * workers start on the first call large enough to split (or at once when `threads` is given) and warm up
   * in the background; calls before they are ready run on the calling thread. They do not keep the process
   * alive; `dispose()` stops them. On a machine whose cores are busy with other work a split call can be
   * slower than one thread: pass 1 there.
   */
  readonly threads?: number | 'auto';
  /** Elements from which such a call is split (default 2¹⁷: below, waking a worker costs more than it saves). */
  readonly threadMinElements?: number;
}

/**
 * Float32 elements of each staging array (half as many float64): 4 MiB, so that the workers' share of a
 * 1e6-element call is staged in one round.
 */
const STAGING_ELEMENTS = 2 ** 20;

/** Staging arrays from the backend's (threaded) allocator, made on the first staged call. */
function lazyStaging(resident: ResidentAllocator, pool: KernelPool, minElements: number): Staging {
  let made: { a: Float64Array; b: Float64Array; posting: WasmRuntime } | undefined;
  const get = () => {
    if (!made) {
      // one array cut in two: both halves in one arena, whose kernels take both pointers
      const both = resident('float64', STAGING_ELEMENTS) as Float64Array;
      const home = residentHome(both);
      if (!home) throw new Error('internal: staging outside an arena');
      made = {
        a: both.subarray(0, STAGING_ELEMENTS / 2),
        b: both.subarray(STAGING_ELEMENTS / 2),
        // an unshared arena (no shared memory after all) runs the workers' share here
        posting: postingRuntime(home) ?? home,
      };
    }
    return made;
  };
  return {
    get a() {
      return get().a;
    },
    get b() {
      return get().b;
    },
    get posting() {
      return get().posting;
    },
    join: (onChunk) => (pool.join(onChunk) ? pool.workerMs() : 0),
    postHeld: (post) => pool.postHeld(post),
    feed: (units) => pool.feed(units),
    shares: new Map(),
    minElements,
  };
}

/** The cpu backend: a {@link Backend} with its kernels, `allocate`, and its threads. */
export interface CpuBackend extends Backend {
  readonly kernels: KernelTable;
  allocate(dtype: FloatDType, length: number): FloatArray;
  /** Threads large calls are split across (1: none). */
  readonly threads: number;
  /**
   * Starts the worker threads if they are not running yet and resolves once they are warm (calls before
   * then run on one thread): for benchmarks, and for programs that want their first large call split.
   */
  whenThreadsReady(): Promise<void>;
  /** Stops the worker threads. */
  dispose(): void;
}

/**
 * The built-in kernel of every op, choosing SIMD as `createCpuBackend()` does by default.
 *
 * @example
 * ```ts
 * import { cpuKernels, createCpuBackend } from '@rectify/backend-cpu';
 * const relu = cpuKernels.relu; // forward(call, out) and backward(call, out)
 * const backend = createCpuBackend({ kernels: { relu } });
 * ```
 */
export const cpuKernels: KernelTable = kernelsFor(kernelContext({ simd: 'auto' }));

function kernelFor<Id extends OpId>(table: KernelTable, op: Id): CpuKernel<Id> {
  return table[op] as CpuKernel<Id>;
}

/**
 * The CPU backend: typed-array kernels in float32 and float64, synchronous underneath. Large calls run
 * WebAssembly SIMD kernels (where the engine has them) that stream the data through a small fixed
 * scratch memory; small calls and engines without SIMD run plain TypeScript loops.
 * Inputs are never written; each call returns fresh output tensors, or writes into the caller's `out`.
 * `allocate` makes arrays that live in the kernels' own memory: the SIMD kernels read and write them
 * where they are, so a chain of calls on such arrays (inputs, upstream gradients and `out`) makes no
 * copies, and a resident `out` is written with no fresh pages to fault in.
 *
 * @example
 * ```ts
 * import { leakyRelu, softmax } from '@rectify/core';
 * import { createCpuBackend } from '@rectify/backend-cpu';
 * const backend = createCpuBackend();
 * const y = await leakyRelu([-2, 3], { alpha: 0.1 }, { backend }); // [-0.2, 3]
 * const p = await softmax([[1, 2, 3]], { axis: -1 }, { backend });
 * const plain = createCpuBackend({ simd: false }); // no WebAssembly
 * const x = backend.allocate('float32', 1e6); // fill it with data, then:
 * const out = backend.allocate('float32', 1e6);
 * await leakyRelu(x, { alpha: 0.1 }, { backend, out }); // read and written where they are
 * ```
 */
export function createCpuBackend(options: CpuBackendOptions = {}): CpuBackend {
  const simd = options.simd ?? 'auto';
  const minElements = options.simdMinElements;
  const threadMin = options.threadMinElements ?? THREAD_MIN_ELEMENTS;
  const pool =
    simd === false
      ? null
      : KernelPool.create(
          sharedKernelsModule(),
          splittableKernels as Readonly<Record<string, KernelShape>>,
          options.threads ?? 'auto',
          threadMin,
        );
  // threads were asked for: start the workers now, so that their warm-up is over by the first large call
  // (by default they start on the first call large enough to split, so small programs never pay for them)
  if (options.threads !== undefined) pool?.start();
  const resident = residentAllocator(pool);
  const staging = pool ? lazyStaging(resident, pool, threadMin) : undefined;
  const builtIn =
    simd === 'auto' && minElements === undefined && !staging
      ? cpuKernels
      : kernelsFor(kernelContext({ simd, minElements, staging }));
  const kernels: KernelTable = Object.freeze({ ...builtIn, ...options.kernels });
  const forwardSync = <Id extends OpId>(call: OpCall<Id>): Tensor => {
    const kernel = kernelFor(kernels, call.op);
    const made = call.out ? null : (kernel.forwardFresh?.(call) ?? null);
    if (made) return new Tensor(call.dtype, call.outputShape, made);
    return computeForward(call, (out) => kernel.forward(call, out));
  };
  const backwardSync = <Id extends OpId>(call: GradCall<Id>): GradTensors<Id> =>
    computeBackward(call, (out) => kernelFor(kernels, call.op).backward(call, out));

  return Object.freeze({
    name: 'cpu',
    dtypes: ['float32', 'float64'] as const,
    kernels,
    supports: (op: OpId) => Object.hasOwn(kernels, op),
    forward: async <Id extends OpId>(call: OpCall<Id>) => forwardSync(call),
    backward: async <Id extends OpId>(call: GradCall<Id>) => backwardSync(call),
    forwardSync,
    backwardSync,
    allocate: (dtype: FloatDType, length: number) =>
      simd === false ? allocate(dtype, length) : resident(dtype, length),
    threads: pool?.threads ?? 1,
    whenThreadsReady: () => pool?.whenReady() ?? Promise.resolve(),
    dispose: () => pool?.dispose(),
  });
}
