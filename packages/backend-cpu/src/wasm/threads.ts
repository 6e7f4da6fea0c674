// Both cores for one call: an elementwise kernel over n elements is the same kernel over two halves, so
// a call on arrays in a shared arena runs its first part here and the others on workers that instantiate
// the same module over the same memory. Jobs go through a small shared control block (Atomics.wait and
// notify, no message round trip per call); only a new arena's memory travels as a message, read by the
// worker synchronously when a job names an arena it has not seen. Node only: browsers need
// cross-origin isolation for shared memory and may not block their main thread in Atomics.wait.

/** How an elementwise kernel lays out its arguments: unary (p, dst, n, …), binary (px, pg, dst, n, …). */
export type KernelShape = 'unary' | 'binary';

/** The part of `node:worker_threads` used here, typed locally (the package compiles without Node's types). */
interface WorkerThreadsApi {
  Worker: new (
    code: string,
    options: { eval: true; workerData: unknown },
  ) => {
    postMessage(value: unknown): void;
    unref(): void;
    terminate(): Promise<number>;
    on(event: 'error', listener: (error: unknown) => void): void;
  };
}

interface ProcessLike {
  getBuiltinModule?(id: string): unknown;
}

function workerThreads(): WorkerThreadsApi | null {
  const proc = (globalThis as { process?: ProcessLike }).process;
  return (proc?.getBuiltinModule?.('node:worker_threads') as WorkerThreadsApi | undefined) ?? null;
}

function availableCores(): number {
  const proc = (globalThis as { process?: ProcessLike }).process;
  const os = proc?.getBuiltinModule?.('node:os') as { availableParallelism?(): number } | undefined;
  return os?.availableParallelism?.() ?? 1;
}

// The worker, as CommonJS source (an eval worker): it needs no file of its own, so it runs the same from
// the package's sources under a test runner and from its build.
const workerSource = `
const { workerData, parentPort, receiveMessageOnPort } = require('node:worker_threads');
const { module, control, names } = workerData;
const ctl = new Int32Array(control, 0, 8);
const args = new Float64Array(control, 32, 16);
const arenas = new Map();
function drain() {
  for (let m = receiveMessageOnPort(parentPort); m; m = receiveMessageOnPort(parentPort)) {
    const { id, memory } = m.message;
    if (memory) arenas.set(id, new WebAssembly.Instance(module, { env: { memory } }).exports);
    else arenas.delete(id);
  }
}
Atomics.store(ctl, 2, 1);
Atomics.notify(ctl, 2);
let seen = 0;
for (;;) {
  // calls come in runs: spin a moment for the next job, then sleep (waking each second to recheck)
  for (let spin = 0; spin < 100000 && Atomics.load(ctl, 0) === seen; spin++);
  while (Atomics.load(ctl, 0) === seen) Atomics.wait(ctl, 0, seen, 1000);
  seen = Atomics.load(ctl, 0);
  if (seen < 0) break;
  let failed = 0;
  try {
    drain();
    let kernels = arenas.get(ctl[3]);
    // the arena's message was posted just before the job: it is in the port's queue within microseconds
    for (let tries = 0; !kernels && tries < 5000; tries++) {
      Atomics.wait(ctl, 7, 0, 1);
      drain();
      kernels = arenas.get(ctl[3]);
    }
    kernels[names[ctl[4]]](...args.subarray(0, ctl[5]));
  } catch {
    failed = 1;
  }
  ctl[6] = failed;
  Atomics.store(ctl, 1, seen);
  Atomics.notify(ctl, 1);
}
`;

/** What a pool needs to know of an arena: an id and its shared memory. */
export interface SharedArena {
  readonly id: number;
  readonly memory: object;
}

interface Helper {
  readonly worker: InstanceType<WorkerThreadsApi['Worker']>;
  readonly ctl: Int32Array;
  readonly args: Float64Array;
  readonly arenas: Set<number>;
}

/** A worker did not answer, or its kernel threw: the call's result would be incomplete. */
export class KernelThreadError extends Error {
  override readonly name = 'KernelThreadError';
}

/** Checks of a worker's done flag before the caller sleeps (some hundreds of µs). */
const SPINS = 200_000;
/** How long a call waits for a worker's part before it gives up (a part takes milliseconds). */
const WAIT_MS = 30_000;

/**
 * Workers that run parts of elementwise kernel calls on shared arenas. `threads` counts the calling
 * thread too: 2 means one worker.
 */
export class KernelPool {
  readonly threads: number;
  readonly #helpers: Helper[] = [];
  readonly #names: readonly string[];
  readonly #index: ReadonlyMap<string, number>;
  readonly #minElements: number;
  #broken = false;
  readonly #released: FinalizationRegistry<number>;

  readonly #module: object;

  private constructor(module: object, names: readonly string[], threads: number, minElements: number) {
    this.threads = threads;
    this.#module = module;
    this.#names = names;
    this.#index = new Map(names.map((n, i) => [n, i]));
    this.#minElements = minElements;
    // a collected arena's instance is dropped by the workers too, so its memory can go
    this.#released = new FinalizationRegistry((id: number) => {
      for (const h of this.#helpers) {
        if (h.arenas.delete(id)) h.worker.postMessage({ id });
      }
    });
  }

  /** Starts the workers on first use, so a backend that never makes a large call never starts one. */
  #start(): void {
    if (this.#helpers.length || this.#broken) return;
    const api = workerThreads()!;
    const module = this.#module;
    const names = this.#names;
    for (let k = 1; k < this.threads; k++) {
      const control = new SharedArrayBuffer(32 + 16 * 8);
      const worker = new api.Worker(workerSource, { eval: true, workerData: { module, control, names } });
      // an idle pool must not keep the process alive
      worker.unref();
      worker.on('error', () => {
        this.#broken = true;
      });
      this.#helpers.push({
        worker,
        ctl: new Int32Array(control, 0, 8),
        args: new Float64Array(control, 32, 16),
        arenas: new Set(),
      });
    }
  }

  /**
   * A pool of `threads` threads (the caller's included) where workers and shared memory exist (Node),
   * else null. `'auto'`: the machine's cores, up to 4.
   */
  static create(
    module: object | null,
    names: readonly string[],
    threads: number | 'auto',
    minElements: number,
  ): KernelPool | null {
    const count = threads === 'auto' ? Math.min(4, availableCores()) : Math.floor(threads);
    if (!module || count < 2 || !workerThreads() || typeof SharedArrayBuffer === 'undefined') return null;
    return new KernelPool(module, names, count, minElements);
  }

  /** Registers an arena so that workers can be sent its memory and dropped when it is collected. */
  track(owner: object, arena: SharedArena): void {
    this.#released.register(owner, arena.id);
  }

  /**
   * Runs kernel `name` with `args` split into one part per thread when the call is large enough and the
   * workers are up; false (nothing run) otherwise, and the caller runs it whole.
   */
  run(
    arena: SharedArena,
    kernel: (...args: number[]) => void,
    name: string,
    shape: KernelShape,
    args: readonly number[],
  ): boolean {
    const at = shape === 'unary' ? 2 : 3;
    const n = args[at]!;
    const index = this.#index.get(name);
    if (n < this.#minElements || index === undefined || this.#broken || !this.#ready()) return false;
    const bytes = name.endsWith('F64') ? 8 : 4;
    // parts of whole steps (8 elements), so only the last part can end on a ragged tail
    const part = Math.ceil(n / this.threads / 8) * 8;
    const started: Helper[] = [];
    for (let k = 0; k < this.#helpers.length; k++) {
      const start = (k + 1) * part;
      if (start >= n) break;
      const h = this.#helpers[k]!;
      if (!h.arenas.has(arena.id)) {
        h.worker.postMessage({ id: arena.id, memory: arena.memory });
        h.arenas.add(arena.id);
      }
      for (let i = 0; i < args.length; i++) h.args[i] = i < at ? args[i]! + start * bytes : args[i]!;
      h.args[at] = Math.min(part, n - start);
      h.ctl[3] = arena.id;
      h.ctl[4] = index;
      h.ctl[5] = args.length;
      Atomics.add(h.ctl, 0, 1);
      Atomics.notify(h.ctl, 0);
      started.push(h);
    }
    const own = [...args];
    own[at] = Math.min(part, n);
    kernel(...own);
    for (const h of started) {
      const job = Atomics.load(h.ctl, 0);
      const until = Date.now() + WAIT_MS;
      // the worker's part takes about as long as ours: spin a moment, then sleep in short waits that
      // recheck (a notify can be missed while this thread is not yet waiting on a loaded machine)
      for (let spin = 0; spin < SPINS && Atomics.load(h.ctl, 1) !== job; spin++);
      while (Atomics.load(h.ctl, 1) !== job) {
        Atomics.wait(h.ctl, 1, Atomics.load(h.ctl, 1), 1);
        if (Date.now() > until) {
          this.#broken = true;
          throw new KernelThreadError(`a kernel worker did not finish ${name} within ${WAIT_MS} ms`);
        }
      }
      if (h.ctl[6]) {
        this.#broken = true;
        throw new KernelThreadError(`a kernel worker failed running ${name}`);
      }
    }
    return true;
  }

  #ready(): boolean {
    this.#start();
    return this.#helpers.length > 0 && this.#helpers.every((h) => Atomics.load(h.ctl, 2) === 1);
  }

  /** Starts the workers and resolves once they are up (calls before then run on one thread). */
  async whenReady(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this.#ready()) {
      if (Date.now() > until) throw new KernelThreadError('kernel workers did not start');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Stops the workers. */
  dispose(): void {
    for (const h of this.#helpers) {
      Atomics.store(h.ctl, 0, -1);
      Atomics.notify(h.ctl, 0);
      void h.worker.terminate();
    }
    this.#helpers.length = 0;
    this.#broken = true;
  }
}
