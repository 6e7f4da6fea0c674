import {
  type Backend,
  type FloatDType,
  type GradCall,
  type GradTensors,
  getSpec,
  type OpCall,
  type OpId,
  resolveParams,
  Tensor,
} from '@rectify/core';
import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-common';
import { buildGraph, type GraphKey, graphKeyString, outputName, type Pass } from './build.js';
import { type OnnxKernel, type OnnxKernelTable, runsInFloat64 } from './kernel.js';
import { onnxKernels } from './kernels/index.js';

/** The default params of an op, for `supports()` asked without params. */
function getSpecDefaults(op: OpId): Readonly<Record<string, unknown>> {
  return resolveParams(op, getSpec(op).params, {});
}

/** The parts of `onnxruntime-node` or `onnxruntime-web` the backend uses: pass the module itself. */
export interface OnnxRuntime {
  readonly InferenceSession: {
    create(buffer: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession>;
  };
  readonly Tensor: new (
    type: 'float32' | 'float64' | 'int32',
    data: Float32Array | Float64Array | Int32Array,
    dims: readonly number[],
  ) => OrtTensor;
}

/** Options of {@link createOnnxBackend}. */
export interface OnnxBackendOptions {
  /** The runtime: `await import('onnxruntime-node')` in Node, `onnxruntime-web` in browsers. */
  readonly ort: OnnxRuntime;
  /** The backend's name in results and reports (default `onnx`). */
  readonly name?: string;
  /**
   * Options for every session (threads, execution providers). Default: one intra-op and one inter-op
   * thread — these graphs are tiny, and sessions with thread pools take ~30 ms each to release.
   */
  readonly sessionOptions?: InferenceSession.SessionOptions;
  /** Kernels to use instead of the built-in ones, by op id. */
  readonly kernels?: Partial<OnnxKernelTable>;
  /**
   * How many graphs (with their sessions) to keep; the least recently used one is released beyond
   * that (default 256). Every distinct param value is a graph, so a slider dragged over a param would
   * otherwise grow the cache without end.
   */
  readonly maxCachedGraphs?: number;
}

/** A Rectify backend on ONNX Runtime; `dispose()` releases every cached session. */
export interface OnnxBackend extends Backend {
  /** How many graphs (and sessions) are cached. */
  readonly cachedGraphs: () => number;
  dispose(): Promise<void>;
}

interface CachedSession {
  readonly session: Promise<InferenceSession>;
}

/**
 * A Rectify backend that runs every op, and its gradient, as a small ONNX graph on ONNX Runtime.
 * Graphs are built once per (op, params, dtype, ranks) and cached with their sessions. float64 runs
 * for the ops whose operators ONNX Runtime's CPU kernels take in double; others are `unsupported`.
 *
 * @example
 * ```ts
 * import * as ort from 'onnxruntime-node';
 * import { gelu } from '@rectify/core';
 * const backend = createOnnxBackend({ ort });
 * const y = await gelu([-1, 0, 1], { approximate: 'tanh' }, { backend });
 * await backend.dispose();
 * ```
 */
export function createOnnxBackend(options: OnnxBackendOptions): OnnxBackend {
  const { ort } = options;
  const kernels: OnnxKernelTable = Object.freeze({ ...onnxKernels, ...options.kernels });
  const kernelFor = (op: OpId) => kernels[op] as unknown as OnnxKernel<OpId>;
  const cache = new Map<string, CachedSession>();
  const sessionOptions = options.sessionOptions ?? { intraOpNumThreads: 1, interOpNumThreads: 1 };
  const maxCachedGraphs = options.maxCachedGraphs ?? 256;
  if (!(Number.isInteger(maxCachedGraphs) && maxCachedGraphs >= 1)) {
    throw new RangeError(`createOnnxBackend: maxCachedGraphs must be an integer ≥ 1, got ${maxCachedGraphs}`);
  }
  let disposed = false;

  // Runs are chained, one at a time for the whole backend: onnxruntime-web refuses a run of a session
  // while another is in flight, and its wasm `run` keeps tensor pointers on the wasm stack across an
  // await, so runs of two different sessions in flight together can read each other's outputs.
  let queue: Promise<unknown> = Promise.resolve();

  /** Releases a session once the runs already queued have finished. */
  const release = (cached: CachedSession) =>
    queue
      .then(() => cached.session)
      .then((s) => s.release())
      .catch(() => undefined);

  function sessionFor(key: GraphKey): CachedSession {
    const id = graphKeyString(key);
    let cached = cache.get(id);
    if (cached) {
      // re-inserted so that Map order is least recently used first
      cache.delete(id);
      cache.set(id, cached);
    } else {
      const bytes = buildGraph(kernels, key).toBytes();
      const session = ort.InferenceSession.create(bytes, sessionOptions);
      cached = { session };
      cache.set(id, cached);
      // a graph ONNX Runtime refused is not kept: the next call builds it again and reports the error again
      const entry = cached;
      session.catch(() => cache.get(id) === entry && cache.delete(id));
      for (const [oldId, old] of cache) {
        if (cache.size <= maxCachedGraphs) break;
        cache.delete(oldId);
        void release(old);
      }
    }
    return cached;
  }

  const ortTensor = (t: Tensor) => new ort.Tensor(t.dtype, t.data, [...t.shape]);

  async function run<Id extends OpId>(
    call: OpCall<Id>,
    pass: Pass,
    extra: Readonly<Record<string, Tensor>>,
  ): Promise<Record<string, OrtTensor>> {
    if (disposed) throw new Error('this ONNX backend was disposed');
    const inputs = call.inputs as Readonly<Record<string, Tensor>>;
    const ranks: Record<string, number> = {};
    const labels = Object.entries(inputs).find(([, t]) => t.dtype === 'int32');
    for (const [name, t] of Object.entries(inputs)) ranks[name] = t.rank;
    const cached = sessionFor({
      op: call.op,
      params: call.params as Readonly<Record<string, unknown>>,
      dtype: call.dtype,
      ranks,
      labelType: labels ? 'int32' : 'T',
      pass,
    });
    const feeds: Record<string, OrtTensor> = {};
    const kernel = kernelFor(call.op);
    const all = { ...inputs, ...kernel.feeds?.(inputs, call.params as never), ...extra };
    for (const [name, t] of Object.entries(all)) feeds[name] = ortTensor(t);
    const result = queue.then(async () => (await cached.session).run(feeds));
    queue = result.catch(() => undefined);
    return (await result) as Record<string, OrtTensor>;
  }

  // A CPU output's data is a fresh array of its own (onnxruntime-node and -web copy results out of the
  // runtime's memory), so it becomes the result without another copy
  const toTensor = (t: OrtTensor, dtype: FloatDType, shape: readonly number[]): Tensor => {
    const data = t.data;
    const own = dtype === 'float64' ? data instanceof Float64Array : data instanceof Float32Array;
    const result = own
      ? (data as Float32Array | Float64Array)
      : dtype === 'float64'
        ? Float64Array.from(data as Float32Array)
        : Float32Array.from(data as Float64Array);
    return new Tensor(dtype, shape, result);
  };

  return {
    name: options.name ?? 'onnx',
    dtypes: ['float32', 'float64'] as const,
    supports: (op: OpId, dtype: FloatDType, params?: Readonly<Record<string, unknown>>) =>
      Object.hasOwn(kernels, op) &&
      (dtype === 'float32' || runsInFloat64(kernelFor(op), (params ?? getSpecDefaults(op)) as never)),
    async forward<Id extends OpId>(call: OpCall<Id>): Promise<Tensor> {
      const out = await run(call, 'forward', {});
      return toTensor(out[outputName('forward')]!, call.dtype, call.outputShape);
    },
    async backward<Id extends OpId>(call: GradCall<Id>): Promise<GradTensors<Id>> {
      const out = await run(call, 'backward', { upstream: call.upstream });
      const grads: Record<string, Tensor> = {};
      for (const name of call.spec.gradWrt as readonly string[]) {
        const shape = (call.inputs as Readonly<Record<string, Tensor>>)[name]!.shape;
        grads[name] = toTensor(out[outputName('backward', name)]!, call.dtype, shape);
      }
      return grads as GradTensors<Id>;
    },
    cachedGraphs: () => cache.size,
    async dispose() {
      disposed = true;
      const all = [...cache.values()];
      cache.clear();
      await Promise.all(all.map(release));
    },
  };
}
