import { cpus, totalmem } from 'node:os';
import { residentCopy } from '@rectify/conformance';
import {
  type AnyOpSpec,
  type Backend,
  catalog,
  type FloatArray,
  forward,
  gradient,
  type OpId,
  opIds,
  sizeOf,
  type Tensor,
} from '@rectify/core';
import { benchInputs, benchOutputShape, benchUpstream } from './inputs.js';
import { type Measurement, type MeasureOptions, measureGroup } from './measure.js';
import { type MemoryRow, measurePeakMemory } from './memory.js';
import { createPeers, type Pass, type Peer, type PeerName, peerNames } from './peers.js';
import { gbps, minOrNull, ratio } from './stats.js';

/** The default sizes (1e7 is opt-in: it takes minutes and ~1 GB). */
export const defaultSizes: readonly number[] = [1e3, 1e4, 1e5, 1e6];

/** Options of {@link runBenchmark}. */
export interface BenchOptions {
  /** Rectify backends to measure through the public API (`forward`, `gradient` with `{ backend }`). */
  readonly backends: readonly Backend[];
  /** Ops (default: the whole catalog). */
  readonly ops?: readonly OpId[];
  /** Elements of each op's main input (default {@link defaultSizes}). */
  readonly sizes?: readonly number[];
  /** Runtimes called directly (default: all of {@link peerNames}). */
  readonly peers?: readonly PeerName[];
  /** Passes (default: forward and gradient). */
  readonly passes?: readonly Pass[];
  /** Seed of the inputs (default 1). */
  readonly seed?: number;
  /** How long each cell is timed. */
  readonly measure?: MeasureOptions;
  /** Also measure the peak memory of a 1e7 forward call on this backend (default: none). */
  readonly memoryBackend?: Backend;
  /** Elements of the memory measurement (default 1e7). */
  readonly memorySize?: number;
  /** Called after every cell, with the number done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Measure the run's first group once more before the measurement that counts (default true): the
   * first second or so of a process runs some calls slower than the rest of the run (see
   * docs/benchmark.md, Timing), and without it the first op's cells alone would pay for that.
   */
  readonly warmFirstGroup?: boolean;
}

/**
 * One timed cell. Rectify backends appear by name (`cpu`, `tfjs-cpu`, …), runtimes called directly as
 * `peer:tfjs-cpu`, `peer:tfjs-wasm`, `peer:ort`, and the floors as `floor:copy` (`Float32Array#set` of
 * `size` elements) and `floor:alloc` (`new Float32Array(size)`). Figures are null where nothing ran.
 */
export interface BenchRow {
  readonly op: OpId;
  readonly pass: Pass;
  readonly backend: string;
  /** Elements of the op's main input (`x` or `yPred`). */
  readonly size: number;
  readonly medianMs: number | null;
  readonly minMs: number | null;
  readonly maxMs: number | null;
  /** Timed samples (each of `callsPerSample` calls). */
  readonly samples: number;
  readonly callsPerSample: number;
  /** float32/int32 bytes read and written: every input (and upstream), every output. */
  readonly bytes: number;
  /** `bytes / median`, in 10⁹ bytes per second. */
  readonly gbps: number | null;
  /** median / the `floor:copy` median of the same (op, pass, size). */
  readonly ratioToFloor: number | null;
  /** median / the fastest peer's median of the same (op, pass, size); null without a peer. */
  readonly ratioToBestPeer: number | null;
  /** For tfjs-cpu, tfjs-wasm and onnx: median / the median of their own runtime called directly. */
  readonly overheadVsRuntime: number | null;
  /** Why a row has no figures (no equivalent in that runtime, an error). */
  readonly note?: string;
}

/** Where and when a report was measured. */
export interface MachineInfo {
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGB: number;
  /**
   * The flags Node and V8 ran the benchmark with (`process.execArgv`): `rectify bench` runs under
   * `--single-threaded-gc` (see docs/benchmark.md, Timing).
   */
  readonly nodeFlags: readonly string[];
}

/** The result of {@link runBenchmark}, as `--json` writes it. */
export interface BenchReport {
  readonly schema: 'rectify-bench/1';
  readonly date: string;
  readonly machine: MachineInfo;
  readonly options: {
    readonly ops: readonly OpId[];
    readonly sizes: readonly number[];
    readonly backends: readonly string[];
    readonly peers: readonly PeerName[];
    readonly passes: readonly Pass[];
    readonly seed: number;
    readonly dtype: 'float32';
  };
  readonly rows: readonly BenchRow[];
  readonly memory: readonly MemoryRow[];
  /** Wall time of the whole run, in s. */
  readonly durationS: number;
}

/**
 * Suffix of the cells of a backend with `allocate` measured on arrays from it (`cpu+resident`): inputs
 * and upstream copied into them once, outside the timed calls, and results written into one kept
 * across calls, as in a chain of calls; the cost of the op without copies in, a fresh output's
 * allocation or its first-touch page faults. Peers are timed the same way: their inputs are already in
 * their runtimes' tensors.
 */
export const RESIDENT_SUFFIX = '+resident';

/** Waits for a backend's worker threads when it has them (the cpu backend's `whenThreadsReady`). */
async function threadsReady(backend: Backend): Promise<void> {
  const ready = (backend as { whenThreadsReady?: () => Promise<void> }).whenThreadsReady;
  if (typeof ready === 'function') await ready.call(backend);
}

/** Each backend's name, followed by its `+resident` cells when it can allocate. */
function backendColumns(backends: readonly Backend[]): string[] {
  return backends.flatMap((b) => (b.allocate ? [b.name, `${b.name}${RESIDENT_SUFFIX}`] : [b.name]));
}

/** The runtime each Rectify backend runs on, for `overheadVsRuntime`. */
const runtimeOf: Readonly<Record<string, PeerName>> = {
  'tfjs-cpu': 'tfjs-cpu',
  'tfjs-wasm': 'tfjs-wasm',
  onnx: 'ort',
};

/** Node version, CPU model and cores, platform. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    nodeFlags: [...process.execArgv],
  };
}

const bytesOf = (t: Tensor) => t.data.byteLength;

type Cell = Omit<BenchRow, 'ratioToFloor' | 'ratioToBestPeer' | 'overheadVsRuntime'>;

function cell(
  op: OpId,
  pass: Pass,
  backend: string,
  size: number,
  bytes: number,
  m: Measurement | string,
): Cell {
  if (typeof m === 'string') {
    return {
      op,
      pass,
      backend,
      size,
      medianMs: null,
      minMs: null,
      maxMs: null,
      samples: 0,
      callsPerSample: 0,
      bytes,
      gbps: null,
      note: m,
    };
  }
  return {
    op,
    pass,
    backend,
    size,
    medianMs: m.medianMs,
    minMs: m.minMs,
    maxMs: m.maxMs,
    samples: m.samples,
    callsPerSample: m.callsPerSample,
    bytes,
    gbps: gbps(bytes, m.medianMs),
  };
}

/** Adds the ratios of one (op, pass, size) group, whose rows were measured together. */
export function withRatios(group: readonly Cell[]): BenchRow[] {
  const median = (backend: string) => group.find((r) => r.backend === backend)?.medianMs ?? null;
  const floor = median('floor:copy');
  const best = minOrNull(
    group.filter((r) => r.backend.startsWith('peer:') && r.medianMs !== null).map((r) => r.medianMs!),
  );
  return group.map((r) => {
    const runtime = runtimeOf[r.backend];
    const m = r.medianMs;
    return {
      ...r,
      ratioToFloor: m === null ? null : ratio(m, floor),
      ratioToBestPeer: m === null ? null : ratio(m, best),
      overheadVsRuntime: m === null || !runtime ? null : ratio(m, median(`peer:${runtime}`)),
    };
  });
}

const message = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/**
 * A cell's inputs, upstream and `out` copied into arrays from the backend's `allocate`, all in one of its
 * arenas: an array that does not fit the current arena starts a new one, and a call mixing arrays of two
 * arenas goes through the kernels' slots as plain arrays do (docs/backends.md). A group that straddles
 * two arenas is made again, in the new one, as a user keeping a chain's arrays together would.
 */
function residentGroup(
  backend: Pick<Backend, 'allocate'>,
  inputs: Readonly<Record<string, Tensor>>,
  upstream: Tensor,
  length: number,
): { held: Record<string, Tensor>; heldUpstream: Tensor; out: FloatArray } {
  for (let attempt = 0; ; attempt++) {
    const held = Object.fromEntries(
      Object.entries(inputs).map(([name, t]) => [name, residentCopy(backend, t)]),
    );
    const heldUpstream = residentCopy(backend, upstream);
    const out = backend.allocate!('float32', length);
    const buffers = new Set(
      [...Object.values(held), heldUpstream].filter((t) => t.dtype !== 'int32').map((t) => t.data.buffer),
    );
    buffers.add(out.buffer);
    if (buffers.size === 1 || attempt > 0) return { held, heldUpstream, out };
  }
}

/**
 * Times every (op, pass, backend, size) cell. The cells of one (op, pass, size) — the floors, each peer,
 * each Rectify backend — are measured as a group, taking samples in turn, so that ratios within a group
 * are not skewed by a machine that speeds up or slows down during the run. Inputs are made once per
 * (op, size), outside the timed region.
 *
 * @example
 * ```ts
 * import { createCpuBackend } from '@rectify/backend-cpu';
 * const report = await runBenchmark({ backends: [createCpuBackend()], ops: ['sigmoid'], sizes: [1e6] });
 * console.log(formatTables(report));
 * ```
 */
export async function runBenchmark(options: BenchOptions): Promise<BenchReport> {
  const started = Date.now();
  const ops = options.ops ?? opIds;
  const sizes = options.sizes ?? defaultSizes;
  const passes = options.passes ?? ['forward', 'gradient'];
  const peerList = options.peers ?? peerNames;
  const seed = options.seed ?? 1;
  const peers: Peer[] = await createPeers(peerList);
  // a backend with worker threads (cpu) warms them up first: their warm-up would hold a core during the
  // first cells
  for (const backend of options.backends) await threadsReady(backend);
  const columns = backendColumns(options.backends);
  const perGroup = 2 + peers.length + columns.length;
  const total = sizes.length * ops.length * passes.length * perGroup;
  let done = 0;
  const tick = () => options.onProgress?.(++done, total);
  const rows: BenchRow[] = [];
  let warm = options.warmFirstGroup === false;

  for (const size of sizes) {
    const source = new Float32Array(size).map((_, i) => i);
    const target = new Float32Array(size);
    // the allocations must stay observable, or the JIT may drop them
    let sink: Float32Array | undefined;
    for (const op of ops) {
      const spec = catalog[op] as AnyOpSpec;
      const inputs = benchInputs(op, size, seed);
      const outShape = benchOutputShape(op, inputs);
      const upstream = benchUpstream(outShape, seed);
      const inBytes = Object.values(inputs).reduce((s, t) => s + bytesOf(t), 0);
      for (const pass of passes) {
        const bytes =
          pass === 'forward'
            ? inBytes + sizeOf(outShape) * 4
            : inBytes + bytesOf(upstream) + spec.gradWrt.reduce((s, k) => s + bytesOf(inputs[k]!), 0);
        // every cell of the group: its name, bytes, and what to time or why there is nothing
        const entries: { backend: string; bytes: number; run: (() => unknown) | string }[] = [
          { backend: 'floor:copy', bytes: 8 * size, run: () => target.set(source) },
          {
            backend: 'floor:alloc',
            bytes: 4 * size,
            run: () => {
              sink = new Float32Array(size);
            },
          },
        ];
        const releases: (() => Promise<void>)[] = [];
        for (const peer of peers) {
          let run: (() => unknown) | string;
          try {
            const call = await peer.prepare(op, pass, inputs, upstream);
            if (call.release) releases.push(call.release);
            run = 'run' in call ? call.run : call.none;
          } catch (e) {
            run = message(e);
          }
          entries.push({ backend: `peer:${peer.name}`, bytes, run });
        }
        for (const backend of options.backends) {
          const unsupported = backend.supports?.(op, 'float32') === false;
          const run = unsupported
            ? 'unsupported'
            : pass === 'forward'
              ? () => forward(op, inputs, {}, { backend })
              : () => gradient(op, inputs, {}, { backend, upstream });
          entries.push({ backend: backend.name, bytes, run });
          if (!backend.allocate) continue;
          // the same calls on arrays from the backend's own allocate, as in a chain of calls: inputs and
          // upstream copied there once, results written into one array kept across calls
          const length = pass === 'forward' ? sizeOf(outShape) : inputs[spec.gradWrt[0]!]!.size;
          const { held, heldUpstream, out } = residentGroup(backend, inputs, upstream, length);
          const runHeld = unsupported
            ? 'unsupported'
            : pass === 'forward'
              ? () => forward(op, held, {}, { backend, out })
              : () => gradient(op, held, {}, { backend, upstream: heldUpstream, out });
          entries.push({ backend: `${backend.name}${RESIDENT_SUFFIX}`, bytes, run: runHeld });
        }
        const timed = entries.filter((e) => typeof e.run !== 'string');
        let measured: (Measurement | string)[];
        const fns = timed.map((e) => e.run as () => unknown);
        try {
          if (!warm) await measureGroup(fns, options.measure);
          warm = true;
          measured = await measureGroup(fns, options.measure);
        } finally {
          for (const release of releases) await release();
        }
        const group: Cell[] = entries.map((e) => {
          const m = typeof e.run === 'string' ? e.run : measured[timed.indexOf(e)]!;
          return cell(op, pass, e.backend, size, e.bytes, m);
        });
        for (let i = 0; i < group.length; i++) tick();
        rows.push(...withRatios(group));
      }
    }
    if (sink && sink.length !== size) throw new Error('internal: allocation floor');
  }

  const memory: MemoryRow[] = [];
  if (options.memoryBackend) {
    for (const op of ops)
      memory.push(await measurePeakMemory(op, options.memorySize ?? 1e7, options.memoryBackend, seed));
  }
  return {
    schema: 'rectify-bench/1',
    date: new Date(started).toISOString(),
    machine: machineInfo(),
    options: {
      ops: [...ops],
      sizes: [...sizes],
      backends: columns,
      peers: [...peerList],
      passes: [...passes],
      seed,
      dtype: 'float32',
    },
    rows,
    memory,
    durationS: (Date.now() - started) / 1000,
  };
}
