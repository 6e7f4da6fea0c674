import {
  type Backend,
  type GradCall,
  type GradTensors,
  type OpCall,
  type OpId,
  Tensor,
  UnsupportedError,
} from '@rectify/core';
import type { Tf, TfjsGradContext, TfjsKernel, TfjsKernelTable, TfTensor } from './kernel.js';
import { tfjsKernels } from './kernels/index.js';

/** The tfjs backends Rectify can run on. */
export type TfjsBackendName = 'cpu' | 'wasm' | 'webgl';

/** Options of {@link createTfjsBackend}. */
export interface TfjsBackendOptions {
  /** The backend inside tfjs: `cpu` and `wasm` in Node, also `webgl` in browsers (default `cpu`). */
  readonly backend?: TfjsBackendName;
  /** Kernels to use instead of the built-in ones, by op id. */
  readonly kernels?: Partial<TfjsKernelTable>;
  /**
   * Prepares a tfjs backend before it is selected (e.g. `setWasmPaths` for wasm in a browser).
   * Called once, after the backend's package is loaded.
   */
  readonly prepare?: (tf: Tf, backend: TfjsBackendName) => void | Promise<void>;
}

/** A Rectify backend running on TensorFlow.js, with the tfjs namespace it uses. */
export interface TfjsBackend extends Backend {
  readonly tf: Tf;
  readonly tfjsBackend: TfjsBackendName;
}

async function loadTfjsBackend(name: TfjsBackendName): Promise<void> {
  // each import registers its backend with tfjs-core, so only the chosen one is loaded
  if (name === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  else if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  else await import('@tensorflow/tfjs-backend-webgl');
}

function toTf(tf: Tf, inputs: Readonly<Record<string, Tensor>>): Record<string, TfTensor> {
  const out: Record<string, TfTensor> = {};
  for (const [name, t] of Object.entries(inputs)) {
    out[name] = tf.tensor(t.data, [...t.shape], t.dtype === 'int32' ? 'int32' : 'float32');
  }
  return out;
}

/**
 * True when no value is ±Infinity or NaN: x·0 is 0 for every finite x and NaN otherwise, and a NaN or
 * infinite sum stays so. Two running sums halve the loop-carried additions (~0.6 ms per 10⁶ values).
 */
function allFinite(data: ArrayLike<number>): boolean {
  let even = 0;
  let odd = 0;
  const n = data.length;
  for (let i = 0; i + 1 < n; i += 2) {
    even += data[i]! * 0;
    odd += data[i + 1]! * 0;
  }
  if (n % 2 === 1) even += data[n - 1]! * 0;
  return even + odd === 0;
}

/** The gradient context of one call; the upstream is scanned only if a kernel asks. */
function gradContext(upstream: ArrayLike<number>): TfjsGradContext {
  let finite: boolean | undefined;
  return {
    get finiteUpstream() {
      finite ??= allFinite(upstream);
      return finite;
    },
  };
}

/**
 * A Rectify backend on TensorFlow.js (tfjs-core 4.22) and one of its backends: `cpu` or `wasm` in Node,
 * `webgl`, `wasm` or `cpu` in browsers. float32 only (tfjs has no float64): float64 calls are
 * refused with an `UnsupportedError` and reported as `unsupported` by the conformance runner.
 * Every call releases the tfjs tensors it made, also when it throws.
 *
 * tfjs keeps its active backend in a global engine; each call selects this backend's before it
 * computes, so several Rectify tfjs backends can be used side by side.
 *
 * @example
 * ```ts
 * import { leakyRelu } from '@rectify/core';
 * import { createTfjsBackend } from '@rectify/backend-tfjs';
 * const backend = await createTfjsBackend({ backend: 'wasm' });
 * const y = await leakyRelu([-1, 2], { alpha: 0.1 }, { backend }); // [-0.1, 2]
 * ```
 */
export async function createTfjsBackend(options: TfjsBackendOptions = {}): Promise<TfjsBackend> {
  const which = options.backend ?? 'cpu';
  if (!['cpu', 'wasm', 'webgl'].includes(which)) {
    throw new UnsupportedError(`unknown tfjs backend "${which}"; expected cpu, wasm or webgl`);
  }
  const tf: Tf = await import('@tensorflow/tfjs-core');
  await loadTfjsBackend(which);
  await options.prepare?.(tf, which);
  if (!(await tf.setBackend(which))) {
    throw new UnsupportedError(`tfjs backend "${which}" could not be initialized here`);
  }
  await tf.ready();
  const kernels: TfjsKernelTable = Object.freeze({ ...tfjsKernels, ...options.kernels });
  const kernelFor = <Id extends OpId>(op: Id) => kernels[op] as unknown as TfjsKernel<OpId>;
  // tfjs's engine is global: every call makes this backend's tfjs backend the active one first, and
  // computes without awaiting in between, so calls of several Rectify tfjs backends can interleave
  const activate = async () => {
    if (tf.getBackend() !== which) await tf.setBackend(which);
  };
  const activateSync = () => {
    if (tf.getBackend() !== which) void tf.setBackend(which);
    if (tf.getBackend() !== which) {
      throw new UnsupportedError(`tfjs backend "${which}" is still initializing; use the async call`);
    }
  };

  const forwardTf = <Id extends OpId>(call: OpCall<Id>): TfTensor => {
    activateSync();
    return tf.tidy(() =>
      kernelFor(call.op).forward(tf, toTf(tf, call.inputs) as never, call.params as never),
    );
  };
  const backwardTf = <Id extends OpId>(call: GradCall<Id>): Record<string, TfTensor> => {
    activateSync();
    const ctx = gradContext(call.upstream.data);
    return tf.tidy(() => {
      const grads = kernelFor(call.op).backward(
        tf,
        toTf(tf, call.inputs) as never,
        call.params as never,
        tf.tensor(call.upstream.data, [...call.upstream.shape], 'float32'),
        ctx,
      ) as Record<string, TfTensor>;
      return { ...grads };
    });
  };

  // What the caller's arrays are backed by: a result read back on tfjs-cpu (or webgl before upload) can be
  // an input's own array, which tf.tensor stores without copying, when a kernel returns an input or a view
  const buffersOf = (tensors: Iterable<Tensor>) =>
    new Set<ArrayBufferLike>([...tensors].map((t) => t.data.buffer));
  const toTensor = (
    t: TfTensor,
    shape: readonly number[],
    data: ArrayLike<number>,
    taken: Set<ArrayBufferLike>,
  ): Tensor => {
    if (t.size !== data.length) throw new Error(`internal: ${t.size} values for shape [${shape.join(', ')}]`);
    // The array read back becomes the result as it is when nothing else can see it: tfjs-wasm and webgl
    // read into a fresh array, and tfjs-cpu hands out its tensor's own storage, which nothing references
    // once the tensor is disposed. An input's array, a view into a larger buffer (a slice on tfjs-cpu) or
    // an array already handed out for another gradient is copied, with a block copy (Float32Array.from
    // iterates element by element, several ms at 1e6).
    const whole =
      data instanceof Float32Array &&
      data.byteOffset === 0 &&
      data.byteLength === data.buffer.byteLength &&
      !taken.has(data.buffer);
    const own = whole ? data : data instanceof Float32Array ? data.slice() : Float32Array.from(data);
    taken.add(own.buffer);
    return new Tensor('float32', shape, own);
  };
  const inputsOf = (call: { readonly inputs: unknown }) =>
    Object.values(call.inputs as Readonly<Record<string, Tensor>>);
  const gradShape = (call: GradCall, name: string) =>
    (call.inputs as Readonly<Record<string, Tensor>>)[name]!.shape;

  const forwardSync = <Id extends OpId>(call: OpCall<Id>): Tensor => {
    const y = forwardTf(call);
    try {
      return toTensor(y, call.outputShape, y.dataSync(), buffersOf(inputsOf(call)));
    } finally {
      y.dispose();
    }
  };
  const backwardSync = <Id extends OpId>(call: GradCall<Id>): GradTensors<Id> => {
    const grads = backwardTf(call);
    try {
      const taken = buffersOf([...inputsOf(call), call.upstream]);
      const out: Record<string, Tensor> = {};
      for (const [name, t] of Object.entries(grads))
        out[name] = toTensor(t, gradShape(call, name), t.dataSync(), taken);
      return out as GradTensors<Id>;
    } finally {
      tf.dispose(Object.values(grads));
    }
  };

  // cpu and wasm compute synchronously: their async calls read results with dataSync, as awaiting
  // data() adds a round through the event loop (~0.5 ms a call on wasm); webgl downloads asynchronously
  const sync = which !== 'webgl';

  async function forward<Id extends OpId>(call: OpCall<Id>): Promise<Tensor> {
    await activate();
    if (sync) return forwardSync(call);
    const y = forwardTf(call);
    try {
      return toTensor(y, call.outputShape, await y.data(), buffersOf(inputsOf(call)));
    } finally {
      y.dispose();
    }
  }

  async function backward<Id extends OpId>(call: GradCall<Id>): Promise<GradTensors<Id>> {
    await activate();
    if (sync) return backwardSync(call);
    const grads = backwardTf(call);
    try {
      const taken = buffersOf([...inputsOf(call), call.upstream]);
      const out: Record<string, Tensor> = {};
      for (const [name, t] of Object.entries(grads))
        out[name] = toTensor(t, gradShape(call, name), await t.data(), taken);
      return out as GradTensors<Id>;
    } finally {
      tf.dispose(Object.values(grads));
    }
  }

  return Object.freeze({
    name: `tfjs-${which}`,
    dtypes: ['float32'] as const,
    // WebGL shaders do not keep IEEE semantics for NaN and ±Infinity (seen: relu(−∞) = NaN)
    nonFinite: which !== 'webgl',
    tf,
    tfjsBackend: which,
    supports: (op: OpId, dtype: string) => dtype === 'float32' && Object.hasOwn(kernels, op),
    forward,
    backward,
    ...(sync ? { forwardSync, backwardSync } : {}),
  });
}
