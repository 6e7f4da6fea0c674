import {
  type Backend,
  type GradCall,
  type GradTensors,
  type OpCall,
  type OpId,
  Tensor,
  UnsupportedError,
} from '@rectify/core';
import type { Tf, TfjsKernel, TfjsKernelTable, TfTensor } from './kernel.js';
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
    return tf.tidy(() => {
      const grads = kernelFor(call.op).backward(
        tf,
        toTf(tf, call.inputs) as never,
        call.params as never,
        tf.tensor(call.upstream.data, [...call.upstream.shape], 'float32'),
      ) as Record<string, TfTensor>;
      return { ...grads };
    });
  };

  const toTensor = (t: TfTensor, shape: readonly number[], data: ArrayLike<number>): Tensor => {
    if (t.size !== data.length) throw new Error(`internal: ${t.size} values for shape [${shape.join(', ')}]`);
    // a copy of our own (tfjs-cpu hands out its tensor's storage), made with a block copy:
    // Float32Array.from iterates element by element (several ms at 1e6)
    return new Tensor(
      'float32',
      shape,
      data instanceof Float32Array ? data.slice() : Float32Array.from(data),
    );
  };
  const gradShape = (call: GradCall, name: string) =>
    (call.inputs as Readonly<Record<string, Tensor>>)[name]!.shape;

  async function forward<Id extends OpId>(call: OpCall<Id>): Promise<Tensor> {
    await activate();
    const y = forwardTf(call);
    try {
      return toTensor(y, call.outputShape, await y.data());
    } finally {
      y.dispose();
    }
  }

  async function backward<Id extends OpId>(call: GradCall<Id>): Promise<GradTensors<Id>> {
    await activate();
    const grads = backwardTf(call);
    try {
      const out: Record<string, Tensor> = {};
      for (const [name, t] of Object.entries(grads))
        out[name] = toTensor(t, gradShape(call, name), await t.data());
      return out as GradTensors<Id>;
    } finally {
      tf.dispose(Object.values(grads));
    }
  }

  const sync = which !== 'webgl';
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
    ...(sync
      ? {
          forwardSync<Id extends OpId>(call: OpCall<Id>): Tensor {
            const y = forwardTf(call);
            try {
              return toTensor(y, call.outputShape, y.dataSync());
            } finally {
              y.dispose();
            }
          },
          backwardSync<Id extends OpId>(call: GradCall<Id>): GradTensors<Id> {
            const grads = backwardTf(call);
            try {
              const out: Record<string, Tensor> = {};
              for (const [name, t] of Object.entries(grads))
                out[name] = toTensor(t, gradShape(call, name), t.dataSync());
              return out as GradTensors<Id>;
            } finally {
              tf.dispose(Object.values(grads));
            }
          },
        }
      : {}),
  });
}
