// Both cores for one call: an elementwise kernel over n elements is the same kernel over any split of
// them (a row kernel over any split into groups of rows; a reduction over its own parts, each summed on
// its own), so a call on arrays in a shared arena is cut into chunks that this thread and workers (the
// same module instantiated over the same memory) take from a shared counter until none is left. Taking
// chunks rather than fixed halves matters on a busy machine: a worker the OS has not scheduled yet takes
// none, and the caller does its share. Jobs go through a shared control block (Atomics, no message per call);
// only a new arena's memory travels as a message, read by the worker synchronously when a job names an
// arena it has not seen. Node only: browsers need cross-origin isolation for shared memory.

/**
 * How a splittable kernel lays out its arguments, for cutting a call into parts: the parts of a call
 * over n units (elements, or rows of elements) are the same kernel over units [start, start + m).
 */
export interface KernelShape {
  /** Leading arguments that point at the arrays, moved to each part's first unit. */
  readonly pointers: number;
  /** The argument counting the call's units. */
  readonly count: number;
  /** Kernels over rows, four at a time: the argument holding a row's elements. */
  readonly rowLength?: number;
  /**
   * Reductions: the argument pointing at their per-part results, 32 bytes each, and the one holding a
   * part's elements. Parts are cut there whatever the threads, so results do not depend on them.
   */
  readonly partials?: number;
  readonly partLength?: number;
  /**
   * An argument pointing at scratch each thread needs its own of: `scratchAreas` areas `scratchBytes`
   * apart, so a call is split across that many threads at most.
   */
  readonly scratch?: number;
  readonly scratchBytes?: number;
  readonly scratchAreas?: number;
}

/** Elementwise kernels: (p, dst, n, …). */
export const UNARY: KernelShape = { pointers: 2, count: 2 };
/** Elementwise kernels of two inputs: (px, pg, dst, n, …). */
export const BINARY: KernelShape = { pointers: 3, count: 3 };

/**
 * The arguments of part `i` (units [i·chunk, …)) of a call of kernel `name` (float64 lanes when it ends in
 * F64), run by thread `thread` (0: the caller). Kept free of outer names: the workers get its source.
 */
function partArgs(
  args: readonly number[],
  shape: KernelShape,
  name: string,
  i: number,
  chunk: number,
  thread: number,
): number[] {
  const part = args.slice();
  const start = i * chunk;
  const elementBytes = name.endsWith('F64') ? 8 : 4;
  const unit = elementBytes * (shape.rowLength === undefined ? 1 : args[shape.rowLength]!);
  for (let k = 0; k < shape.pointers; k++) part[k]! += start * unit;
  part[shape.count] = Math.min(chunk, args[shape.count]! - start);
  if (shape.partials !== undefined) part[shape.partials]! += (start / args[shape.partLength!]!) * 32;
  if (shape.scratch !== undefined) part[shape.scratch]! += thread * shape.scratchBytes!;
  return part;
}

/** Arguments a worker warms a kernel of this shape up with, in an 8-page memory: small parts of everything. */
function warmArgs(shape: KernelShape): number[] {
  const last = Math.max(
    shape.count,
    shape.rowLength ?? 0,
    shape.partials ?? 0,
    shape.partLength ?? 0,
    shape.scratch ?? 0,
  );
  // after the layout's arguments, 0.5, 0.5, 0 fits every kernel's params (slopes, bounds, a mode)
  const params = [0.5, 0.5, 0];
  const args = Array.from({ length: last + params.length + 1 }, (_, k) =>
    k > shape.count ? params[(k - shape.count - 1) % params.length]! : 0,
  );
  for (let k = 0; k < shape.pointers; k++) args[k] = 65536 + k * 65536;
  args[shape.count] = shape.rowLength === undefined ? 8192 : 64;
  if (shape.rowLength !== undefined) args[shape.rowLength] = 16;
  if (shape.partials !== undefined) args[shape.partials] = 458752;
  if (shape.partLength !== undefined) args[shape.partLength] = 4096;
  if (shape.scratch !== undefined) args[shape.scratch] = 393216;
  return args;
}

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

// The control block: Int32 slots, then the job's float64 arguments.
const SEQ = 0; // job number, bumped to post a job
const NEXT = 1; // next chunk to take
const DONE = 2; // chunks finished
const ARENA = 3;
const NAME = 4;
const ARGC = 5;
const FAILED = 6;
const CHUNKS = 7;
const CHUNK = 8; // units (elements or rows) of a chunk
const FED = 9; // chunks the caller has staged so far (a held call's): a worker waits for its chunk's turn
const DONE_BITS = 10; // chunks finished, a bit each (calls of up to 32 chunks), set before DONE counts them
const FINISHED = 16; // + worker index: the last job the worker finished
const READY = 32; // + worker index
const ELAPSED = 40; // + worker index: µs the worker spent on the last job's chunks
const INTS = 48;
const ARGS_AT = INTS * 4;
const MAX_ARGS = 16;

// The worker, as CommonJS source (an eval worker): it needs no file of its own, so it runs the same from
// the package's sources under a test runner and from its build. It takes chunks as join() below does,
// with the same partArgs (its source is spliced in).
const workerSource = `
const { workerData, parentPort, receiveMessageOnPort } = require('node:worker_threads');
const { module, control, names, shapes, warmups, index } = workerData;
const partArgs = ${partArgs.toString()};
const ctl = new Int32Array(control, 0, ${INTS});
const args = new Float64Array(control, ${ARGS_AT}, ${MAX_ARGS});
const arenas = new Map();
function drain() {
  for (let m = receiveMessageOnPort(parentPort); m; m = receiveMessageOnPort(parentPort)) {
    const { id, memory } = m.message;
    if (memory) arenas.set(id, new WebAssembly.Instance(module, { env: { memory } }).exports);
    else arenas.delete(id);
  }
}
// run every kernel hot before saying ready: a fresh isolate starts on baseline code, several times
// slower, and would hold the caller back until its own tier-up
{
  const memory = new WebAssembly.Memory({ initial: 8, maximum: 8, shared: true });
  const warm = new WebAssembly.Instance(module, { env: { memory } }).exports;
  for (const name of names) {
    for (let i = 0; i < 200; i++) warm[name](...warmups[name]);
  }
}
Atomics.store(ctl, ${READY} + index, 1);
let seen = 0;
for (;;) {
  // calls come in runs: spin a moment for the next job, then sleep (waking each second to recheck)
  for (let spin = 0; spin < 100000 && Atomics.load(ctl, ${SEQ}) === seen; spin++);
  while (Atomics.load(ctl, ${SEQ}) === seen) Atomics.wait(ctl, ${SEQ}, seen, 1000);
  seen = Atomics.load(ctl, ${SEQ});
  if (seen < 0) break;
  const argv = Array.from(args.subarray(0, ctl[${ARGC}]));
  const name = names[ctl[${NAME}]];
  const chunk = ctl[${CHUNK}];
  const chunks = ctl[${CHUNKS}];
  let kernel;
  const t0 = performance.now();
  for (let i = Atomics.add(ctl, ${NEXT}, 1); i < chunks; i = Atomics.add(ctl, ${NEXT}, 1)) {
    // a held call's chunks are staged while the workers start: a chunk not staged yet is a moment away
    while (Atomics.load(ctl, ${FED}) <= i);
    try {
      if (!kernel) {
        drain();
        let kernels = arenas.get(ctl[${ARENA}]);
        // the arena's message was posted just before the job: it is in the port's queue within microseconds
        for (let tries = 0; !kernels && tries < 5000; tries++) {
          Atomics.wait(ctl, ${INTS} - 1, 0, 1);
          drain();
          kernels = arenas.get(ctl[${ARENA}]);
        }
        kernel = kernels[name];
      }
      kernel(...partArgs(argv, shapes[name], name, i, chunk, index + 1));
    } catch {
      ctl[${FAILED}] = 1;
    }
    Atomics.or(ctl, ${DONE_BITS}, 1 << (i & 31));
    Atomics.add(ctl, ${DONE}, 1);
  }
  ctl[${ELAPSED} + index] = Math.round((performance.now() - t0) * 1000);
  Atomics.store(ctl, ${FINISHED} + index, seen);
}
`;

/** What a pool needs to know of an arena: an id and its shared memory. */
export interface SharedArena {
  readonly id: number;
  readonly memory: object;
}

interface Helper {
  readonly worker: InstanceType<WorkerThreadsApi['Worker']>;
  readonly arenas: Set<number>;
}

/**
 * Units of a part: a reduction's own part length; else about `CHUNKS_PER_THREAD` parts per thread of at
 * least `CHUNK_MIN` elements, whole steps (8 elements) or whole groups of 4 rows.
 */
function chunkOf(shape: KernelShape, args: readonly number[], threads: number): number {
  if (shape.partLength !== undefined) return args[shape.partLength]!;
  const n = args[shape.count]!;
  const row = shape.rowLength === undefined ? 1 : args[shape.rowLength]!;
  const step = shape.rowLength === undefined ? 8 : 4;
  const units = Math.max(Math.ceil(CHUNK_MIN / row), Math.ceil(n / (threads * CHUNKS_PER_THREAD)));
  return Math.ceil(units / step) * step;
}

/** A worker did not answer, or its kernel threw: the call's result would be incomplete. */
export class KernelThreadError extends Error {
  override readonly name = 'KernelThreadError';
}

/** Chunks per thread a call is cut into, and the fewest elements of a chunk. */
const CHUNKS_PER_THREAD = 8;
const CHUNK_MIN = 8192;
/** How long a call waits for a worker's part before it gives up (a part takes milliseconds). */
const WAIT_MS = 30_000;

/**
 * Workers that run parts of elementwise kernel calls on shared arenas. `threads` counts the calling
 * thread too: 2 means one worker.
 */
export class KernelPool {
  readonly threads: number;
  readonly #helpers: Helper[] = [];
  readonly #module: object;
  readonly #shapes: Readonly<Record<string, KernelShape>>;
  readonly #names: readonly string[];
  readonly #index: ReadonlyMap<string, number>;
  readonly #minElements: number;
  readonly #ctl = new Int32Array(new SharedArrayBuffer(ARGS_AT + MAX_ARGS * 8), 0, INTS);
  readonly #args = new Float64Array(this.#ctl.buffer, ARGS_AT, MAX_ARGS);
  readonly #released: FinalizationRegistry<number>;
  #seq = 0;
  #broken = false;
  #hold = false;
  #pending: {
    readonly kernel: (...args: number[]) => void;
    readonly name: string;
    readonly args: readonly number[];
    readonly shape: KernelShape;
    readonly chunk: number;
    readonly chunks: number;
    /** A held call no worker could take: {@link join} runs it whole. */
    readonly local?: boolean;
  } | null = null;

  private constructor(
    module: object,
    shapes: Readonly<Record<string, KernelShape>>,
    threads: number,
    minElements: number,
  ) {
    this.threads = threads;
    this.#module = module;
    this.#shapes = shapes;
    this.#names = Object.keys(shapes);
    this.#index = new Map(this.#names.map((n, i) => [n, i]));
    this.#minElements = minElements;
    // a collected arena's instance is dropped by the workers too, so its memory can go
    this.#released = new FinalizationRegistry((id: number) => {
      for (const h of this.#helpers) {
        if (h.arenas.delete(id)) h.worker.postMessage({ id });
      }
    });
  }

  /**
   * A pool of `threads` threads (the caller's included) where workers and shared memory exist (Node),
   * else null. `'auto'`: the machine's cores, up to 4.
   */
  static create(
    module: object | null,
    shapes: Readonly<Record<string, KernelShape>>,
    threads: number | 'auto',
    minElements: number,
  ): KernelPool | null {
    const count = threads === 'auto' ? Math.min(4, availableCores()) : Math.floor(threads);
    if (!module || count < 2 || !workerThreads() || typeof SharedArrayBuffer === 'undefined') return null;
    return new KernelPool(module, shapes, count, minElements);
  }

  /** Starts the workers (they warm up, then wait for jobs); calls start them too when needed. */
  start(): void {
    this.#start();
  }

  #start(): void {
    if (this.#helpers.length || this.#broken) return;
    const api = workerThreads()!;
    for (let index = 0; index < this.threads - 1; index++) {
      const worker = new api.Worker(workerSource, {
        eval: true,
        workerData: {
          module: this.#module,
          control: this.#ctl.buffer,
          names: this.#names,
          shapes: this.#shapes,
          warmups: Object.fromEntries(this.#names.map((n) => [n, warmArgs(this.#shapes[n]!)])),
          index,
        },
      });
      // an idle pool must not keep the process alive
      worker.unref();
      worker.on('error', () => {
        this.#broken = true;
      });
      this.#helpers.push({ worker, arenas: new Set() });
    }
  }

  /** Registers an arena so that workers can be sent its memory and dropped when it is collected. */
  track(owner: object, arena: SharedArena): void {
    this.#released.register(owner, arena.id);
  }

  /**
   * Runs kernel `name` with `args` in chunks shared with the workers when the call is large enough and
   * every worker is up and done with the previous call; false (nothing run) otherwise, and the caller
   * runs it whole.
   */
  run(
    arena: SharedArena,
    kernel: (...args: number[]) => void,
    name: string,
    shape: KernelShape,
    args: readonly number[],
  ): boolean {
    if (!this.post(arena, kernel, name, shape, args)) return false;
    this.join();
    return true;
  }

  /**
   * Hands kernel `name` with `args` to the workers and returns at once, so that the caller can do other
   * work meanwhile; {@link join} then waits for it (taking any chunks no worker has started). Same
   * conditions as {@link run}: false, and nothing posted, when the call is small or a worker is busy.
   */
  post(
    arena: SharedArena,
    kernel: (...args: number[]) => void,
    name: string,
    shape: KernelShape,
    args: readonly number[],
  ): boolean {
    const n = args[shape.count]!;
    const index = this.#index.get(name);
    if (this.#pending) this.join();
    const held = this.#hold;
    this.#hold = false;
    const scratchFits = shape.scratch === undefined || this.threads <= shape.scratchAreas!;
    const elements = n * (shape.rowLength === undefined ? 1 : args[shape.rowLength]!);
    const splits = elements >= this.#minElements && index !== undefined && scratchFits;
    if (!splits || this.#broken || !this.#idle()) {
      // a held call's data is not staged yet: it runs once it is, in join
      if (held) this.#pending = { kernel, name, args, shape, chunk: n, chunks: 1, local: true };
      return held;
    }
    const ctl = this.#ctl;
    for (const h of this.#helpers) {
      if (!h.arenas.has(arena.id)) {
        h.worker.postMessage({ id: arena.id, memory: arena.memory });
        h.arenas.add(arena.id);
      }
    }
    const chunk = chunkOf(shape, args, this.threads);
    const chunks = Math.ceil(n / chunk);
    for (let i = 0; i < args.length; i++) this.#args[i] = args[i]!;
    ctl[ARENA] = arena.id;
    ctl[NAME] = index;
    ctl[ARGC] = args.length;
    ctl[CHUNK] = chunk;
    ctl[CHUNKS] = chunks;
    ctl[FAILED] = 0;
    Atomics.store(ctl, FED, held ? 0 : chunks);
    Atomics.store(ctl, DONE_BITS, 0);
    Atomics.store(ctl, NEXT, 0);
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, SEQ, ++this.#seq);
    Atomics.notify(ctl, SEQ);
    this.#pending = { kernel, name, args, shape, chunk, chunks };
    return true;
  }

  /**
   * Runs `post`, a call of a posting kernel, with the call's chunks held back from the workers until
   * {@link feed} says their data is staged, so that a caller can post before staging and the workers
   * start on the first chunks while it stages the rest. A held post is always taken: when no worker can
   * take it (small, busy), `join` runs it whole. False when `post` posted nothing (its kernel is not a
   * splittable one, and ran at once).
   */
  postHeld(post: () => void): boolean {
    this.#hold = true;
    try {
      post();
      // a post takes the hold: one still set means no post happened
      return !this.#hold;
    } finally {
      this.#hold = false;
    }
  }

  /** The held call's data is staged up to `units` (elements, or rows): the chunks within are the workers'. */
  feed(units: number): void {
    const job = this.#pending;
    if (!job || job.local) return;
    const n = job.args[job.shape.count]!;
    Atomics.store(this.#ctl, FED, units >= n ? job.chunks : Math.floor(units / job.chunk));
  }

  /**
   * Finishes the posted call, if any: feeds it whole, takes the chunks left, then waits for the workers'
   * ones. `onChunk` gets each chunk's units [start, end) once its results are in — the workers' ones as
   * they come in while this thread computes its own, so that their results can be copied out meanwhile
   * (calls of more than 32 chunks report the whole call at the end). True when workers took part (a held
   * call none could take runs here whole: false).
   */
  join(onChunk?: (start: number, end: number) => void): boolean {
    const job = this.#pending;
    if (!job) return false;
    this.#pending = null;
    const { kernel, name, args, shape, chunk, chunks } = job;
    const n = args[shape.count]!;
    if (job.local) {
      kernel(...args);
      onChunk?.(0, n);
      return false;
    }
    const ctl = this.#ctl;
    let reported = 0;
    // the chunks done since the last report, by their bits (calls of up to 32 chunks)
    const report =
      onChunk && chunks <= 32
        ? () => {
            const done = Atomics.load(ctl, DONE_BITS) & ~reported;
            reported |= done;
            for (let bits = done; bits !== 0; bits &= bits - 1) {
              const i = 31 - Math.clz32(bits & -bits);
              onChunk(i * chunk, Math.min(n, (i + 1) * chunk));
            }
          }
        : undefined;
    Atomics.store(ctl, FED, chunks);
    for (let i = Atomics.add(ctl, NEXT, 1); i < chunks; i = Atomics.add(ctl, NEXT, 1)) {
      kernel(...partArgs(args, shape, name, i, chunk, 0));
      Atomics.or(ctl, DONE_BITS, 1 << (i & 31));
      Atomics.add(ctl, DONE, 1);
      report?.();
    }
    // only chunks a worker has taken and is computing remain: each a fraction of the call
    const until = Date.now() + WAIT_MS;
    while (Atomics.load(ctl, DONE) < chunks) {
      report?.();
      if (Date.now() > until) {
        this.#broken = true;
        throw new KernelThreadError(
          `a kernel worker did not finish its part of ${name} within ${WAIT_MS} ms`,
        );
      }
    }
    if (ctl[FAILED]) {
      this.#broken = true;
      throw new KernelThreadError(`a kernel worker failed running ${name}`);
    }
    if (report) report();
    else onChunk?.(0, n);
    return true;
  }

  /**
   * Milliseconds the slowest worker spent on the last call's chunks, for callers that balance their own
   * share against the workers'; 0 when unknown (a worker has not signed off yet).
   */
  workerMs(): number {
    const ctl = this.#ctl;
    let most = 0;
    for (let k = 0; k < this.#helpers.length; k++) {
      // a worker signs off just after its last chunk: a few microseconds at most
      for (let spin = 0; spin < 10_000 && Atomics.load(ctl, FINISHED + k) !== this.#seq; spin++);
      if (Atomics.load(ctl, FINISHED + k) !== this.#seq) return 0;
      most = Math.max(most, ctl[ELAPSED + k]! / 1000);
    }
    return most;
  }

  /** Every worker has started and finished the previous job (a late one may still be about to look at it). */
  #idle(): boolean {
    this.#start();
    const ctl = this.#ctl;
    return (
      this.#helpers.length > 0 &&
      this.#helpers.every(
        (_, k) => Atomics.load(ctl, READY + k) === 1 && Atomics.load(ctl, FINISHED + k) === this.#seq,
      )
    );
  }

  /** Starts the workers and resolves once they are up (calls before then run on one thread). */
  async whenReady(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this.#idle()) {
      if (Date.now() > until) throw new KernelThreadError('kernel workers did not start');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Stops the workers. */
  dispose(): void {
    this.#pending = null;
    Atomics.store(this.#ctl, SEQ, -1);
    Atomics.notify(this.#ctl, SEQ);
    for (const h of this.#helpers) void h.worker.terminate();
    this.#helpers.length = 0;
    this.#broken = true;
  }
}
