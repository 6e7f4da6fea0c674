import type { Catalog, OpId } from './catalog.js';
import { InvalidParamError, UnsupportedError } from './errors.js';
import type { GradBuffers, OpInputs, SpecGradName, SpecInputName, SpecParams } from './spec.js';
import type { FloatArray, FloatDType, Shape, Tensor } from './tensor.js';

/** The resolved params of a catalog op. */
export type ParamsOf<Id extends OpId> = SpecParams<Catalog[Id]>;
/** The input names of a catalog op (`x`, `alpha`, `yTrue`, `yPred`). */
export type InputNameOf<Id extends OpId> = SpecInputName<Catalog[Id]>;
/** The names of the inputs a catalog op's gradient is taken with respect to. */
export type GradNameOf<Id extends OpId> = SpecGradName<Catalog[Id]>;
/** The gradient tensors of a catalog op, by input name. */
export type GradTensors<Id extends OpId> = { readonly [K in GradNameOf<Id>]: Tensor };
/** Float buffers for a catalog op's gradients. */
export type GradBuffersOf<Id extends OpId> = GradBuffers<GradNameOf<Id>>;

/** A validated forward call, as a backend receives it. */
export interface OpCall<Id extends OpId = OpId> {
  readonly op: Id;
  readonly spec: Catalog[Id];
  readonly inputs: OpInputs<InputNameOf<Id>>;
  readonly params: ParamsOf<Id>;
  /** The float dtype of the call (of `x`, or of `yPred`); the output has it too. */
  readonly dtype: FloatDType;
  readonly outputShape: Shape;
  /**
   * The caller's array for the result (in a gradient call, for the gradient of the first input it is
   * taken with respect to), checked to have the call's dtype and the result's length and to share no
   * memory with an input. A backend may compute straight into it; otherwise the runner copies into it.
   */
  readonly out?: FloatArray | undefined;
}

/** A validated gradient call: the forward call plus the upstream gradient (shape of the output, same dtype). */
export interface GradCall<Id extends OpId = OpId> extends OpCall<Id> {
  readonly upstream: Tensor;
}

/**
 * What a backend implements. Calls reach it validated (params resolved, shapes and dtypes checked),
 * so a backend does no input checking of its own. It is async because ONNX Runtime is; a backend
 * that can compute synchronously also offers `forwardSync`/`backwardSync`.
 *
 * @example
 * ```ts
 * import { leakyRelu } from '@rectify/core';
 * import { createCpuBackend } from '@rectify/backend-cpu';
 * const backend = createCpuBackend();
 * const y = await leakyRelu([-1, 2], { alpha: 0.1 }, { backend });
 * ```
 */
export interface Backend {
  /** A name for reports: `cpu`, `tfjs-wasm`, `onnx`, … */
  readonly name: string;
  /** The float dtypes it computes in. */
  readonly dtypes: readonly FloatDType[];
  /**
   * False when the backend cannot be relied on for NaN and ±Infinity inputs (GPU shaders may flush or
   * reorder them); conformance then reports cases with such values as unsupported on it. Default true.
   */
  readonly nonFinite?: boolean;
  /**
   * False for an (op, dtype, params) it cannot run; absent means every op of the catalog in every listed
   * dtype. `params` are the call's resolved params, for backends whose support depends on them.
   */
  supports?(op: OpId, dtype: FloatDType, params?: Readonly<Record<string, unknown>>): boolean;
  forward<Id extends OpId>(call: OpCall<Id>): Promise<Tensor>;
  backward<Id extends OpId>(call: GradCall<Id>): Promise<GradTensors<Id>>;
  forwardSync?<Id extends OpId>(call: OpCall<Id>): Tensor;
  backwardSync?<Id extends OpId>(call: GradCall<Id>): GradTensors<Id>;
  /**
   * A zeroed array the backend writes results into fastest, to pass as `out` call after call (the cpu
   * backend's SIMD kernels compute in place in it, with no copy out). Absent: any typed array will do.
   */
  allocate?(dtype: FloatDType, length: number): FloatArray;
  /** Releases what the backend holds (sessions, tensors, memory). */
  dispose?(): void | Promise<void>;
}

/** Makes a backend, possibly loading a runtime first. */
export type BackendFactory = () => Backend | Promise<Backend>;

interface Entry {
  readonly factory: BackendFactory;
  readonly priority: number;
  instance?: Promise<Backend> | undefined;
}

/**
 * Backends by name, made lazily on first use. An instance, not a global: make one per app (or per test).
 *
 * @example
 * ```ts
 * const registry = new BackendRegistry()
 *   .register('cpu', () => createCpuBackend(), { priority: 10 })
 *   .register('onnx', async () => createOnnxBackend(await import('onnxruntime-node')));
 * const backend = await registry.resolve(['onnx', 'cpu']); // the first that initializes
 * ```
 */
export class BackendRegistry {
  readonly #entries = new Map<string, Entry>();

  /** Adds (or replaces) a backend factory under a name; higher priority is tried first by {@link resolve}. */
  register(name: string, factory: BackendFactory, options: { priority?: number } = {}): this {
    this.#entries.set(name, { factory, priority: options.priority ?? 0 });
    return this;
  }

  has(name: string): boolean {
    return this.#entries.has(name);
  }

  /** Registered names, highest priority first. */
  names(): string[] {
    return [...this.#entries.entries()].sort((a, b) => b[1].priority - a[1].priority).map(([name]) => name);
  }

  /** The backend of that name, made on first use. Throws {@link InvalidParamError} for an unknown name. */
  get(name: string): Promise<Backend> {
    const entry = this.#entries.get(name);
    if (!entry) {
      return Promise.reject(
        new InvalidParamError(`no backend named "${name}"; registered: ${this.names().join(', ') || 'none'}`),
      );
    }
    if (!entry.instance) {
      entry.instance = Promise.resolve().then(entry.factory);
      // a failed initialization may be retried later
      entry.instance.catch(() => {
        entry.instance = undefined;
      });
    }
    return entry.instance;
  }

  /**
   * The first backend among `hints` (default: every registered one, by priority) that initializes.
   * Throws {@link UnsupportedError} listing every failure when none does.
   */
  async resolve(hints: readonly string[] = this.names()): Promise<Backend> {
    const failures: string[] = [];
    for (const name of hints) {
      try {
        return await this.get(name);
      } catch (err) {
        failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    throw new UnsupportedError(
      `no backend could be initialized (${failures.join('; ') || 'none registered'})`,
    );
  }

  /** Disposes every backend made so far. */
  async dispose(): Promise<void> {
    const made = [...this.#entries.values()].map((e) => e.instance).filter((p) => p !== undefined);
    for (const entry of this.#entries.values()) entry.instance = undefined;
    for (const result of await Promise.allSettled(made)) {
      if (result.status === 'fulfilled') await result.value.dispose?.();
    }
  }
}
