import { type Backend, BackendRegistry } from '@rectify/core';
import tfjsWasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import tfjsWasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import tfjsWasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { type BackendName, backendNames } from './state.js';

/** What the backend switch says about each backend. */
export const backendLabels: Readonly<Record<BackendName, string>> = {
  cpu: 'CPU (typed arrays)',
  'tfjs-webgl': 'TensorFlow.js WebGL',
  'tfjs-wasm': 'TensorFlow.js WASM',
  'tfjs-cpu': 'TensorFlow.js CPU',
  onnx: 'ONNX Runtime Web',
};

// Backends initialize one after the other: the tfjs backends share tfjs's global engine, and an
// initialization that selects its tfjs backend must not interleave with another one's.
let initQueue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(make: () => Promise<T>): Promise<T> {
  const next = initQueue.then(make, make);
  initQueue = next.catch(() => undefined);
  return next;
}

async function makeTfjs(which: 'webgl' | 'wasm' | 'cpu'): Promise<Backend> {
  const { createTfjsBackend } = await import('@rectify/backend-tfjs');
  return createTfjsBackend({
    backend: which,
    async prepare(_tf, backend) {
      if (backend !== 'wasm') return;
      // the .wasm files are bundled assets: no CDN, works offline
      const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
      setWasmPaths({
        'tfjs-backend-wasm.wasm': tfjsWasmPlain,
        'tfjs-backend-wasm-simd.wasm': tfjsWasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': tfjsWasmThreaded,
      });
    },
  });
}

type Ort = typeof import('onnxruntime-web/wasm');
let ortModule: Promise<Ort> | undefined;

/**
 * onnxruntime-web (its wasm build), loaded on first use and set up once: the onnx backend runs on it,
 * and the training lab checks its exported models with it.
 */
export function loadOrt(): Promise<Ort> {
  ortModule ??= import('onnxruntime-web/wasm').then((ort) => {
    ort.env.wasm.wasmPaths = { wasm: ortWasm };
    // one thread: threads need a cross-origin isolated page (COOP/COEP headers)
    ort.env.wasm.numThreads = 1;
    return ort;
  });
  // a failed load (a network hiccup) is tried again next time
  ortModule.catch(() => {
    ortModule = undefined;
  });
  return ortModule;
}

async function makeOnnx(): Promise<Backend> {
  const [ort, { createOnnxBackend }] = await Promise.all([loadOrt(), import('@rectify/backend-onnx')]);
  // backend-onnx runs one call at a time, which onnxruntime-web's wasm needs
  return createOnnxBackend({ ort, name: 'onnx' });
}

/**
 * A registry of every backend the playground offers, each made on first use (its runtime is a separate
 * chunk, loaded then). One per app, or per test.
 */
export function createBrowserRegistry(): BackendRegistry {
  const registry = new BackendRegistry().register(
    'cpu',
    async () => {
      const { createCpuBackend } = await import('@rectify/backend-cpu');
      return createCpuBackend();
    },
    { priority: 10 },
  );
  registry.register('tfjs-webgl', () => oneAtATime(() => makeTfjs('webgl')), { priority: 8 });
  registry.register('tfjs-wasm', () => oneAtATime(() => makeTfjs('wasm')), { priority: 7 });
  registry.register('tfjs-cpu', () => oneAtATime(() => makeTfjs('cpu')), { priority: 6 });
  registry.register('onnx', () => oneAtATime(makeOnnx), { priority: 5 });
  return registry;
}

export type BackendStatus =
  | { readonly state: 'idle' }
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly backend: Backend }
  | { readonly state: 'error'; readonly message: string };

/**
 * The app's backends: the registry plus the status of each (for loading states and inline errors).
 * Views ask it for a backend by name; listeners hear about every status change.
 */
export class Backends {
  readonly registry: BackendRegistry;
  readonly #status = new Map<string, BackendStatus>();
  readonly #listeners = new Set<(name: string, status: BackendStatus) => void>();

  constructor(registry: BackendRegistry = createBrowserRegistry()) {
    this.registry = registry;
  }

  status(name: string): BackendStatus {
    return this.#status.get(name) ?? { state: 'idle' };
  }

  /** The backend of that name, made on first use; a failed initialization may be retried. */
  async get(name: string): Promise<Backend> {
    const current = this.status(name);
    if (current.state === 'ready') return current.backend;
    if (current.state !== 'loading') this.#set(name, { state: 'loading' });
    try {
      const backend = await this.registry.get(name);
      if (this.status(name).state !== 'ready') this.#set(name, { state: 'ready', backend });
      return backend;
    } catch (err) {
      this.#set(name, { state: 'error', message: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  }

  /** Listens to status changes; returns the function that stops listening. */
  subscribe(listener: (name: string, status: BackendStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  names(): readonly BackendName[] {
    return backendNames;
  }

  #set(name: string, status: BackendStatus): void {
    this.#status.set(name, status);
    for (const listener of this.#listeners) listener(name, status);
  }

  async dispose(): Promise<void> {
    this.#status.clear();
    await this.registry.dispose();
  }
}
