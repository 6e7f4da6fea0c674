import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  type BenchReport,
  defaultSizes,
  formatFindings,
  formatMarkdown,
  formatMemory,
  formatSize,
  formatTables,
  type Pass,
  type PeerName,
  peerNames,
  runBenchmark,
} from '@rectify/bench';
import { type Backend, isOpId, type OpId, opIds } from '@rectify/core';
import { backendNamesFor, createBackendRegistry, UsageError } from '../backends.js';
import { numberFrom } from '../params.js';
import { createProgress } from '../progress.js';

export const benchUsage = `rectify bench [--ops a,b] [--sizes 1e3,1e4,1e5,1e6] [--backend cpu|tfjs|tfjs-cpu|tfjs-wasm|onnx|all] [--peers tfjs-cpu,tfjs-wasm,ort|none] [--pass forward|gradient|both] [--json OUT] [--markdown OUT] [--memory] [--min-time MS] [--seed N] [--concurrent-gc]

Times every op, forward and gradient, in float32 on Rectify's backends (through forward()/gradient()),
next to the runtimes they wrap called directly (peer:tfjs-cpu, peer:tfjs-wasm, peer:ort) and a memory
floor (floor:copy = Float32Array#set of the same size, floor:alloc = new Float32Array(n)). Prints one
table per size and pass: the median ms of each cell and its ratio to the fastest peer (×1.00 = as fast
as the best runtime called directly), then the cells where cpu loses to a peer and where a tfjs or onnx
backend costs more than ×1.2 its own runtime called directly.

  --ops a,b      only these ops (default: the whole catalog)
  --sizes a,b    elements of each op's main input, positive multiples of 10 up to 1e8
                 (default: ${defaultSizes.map(formatSize).join(',')}; add 1e7 for the large size)
  --backend B    cpu, tfjs (= tfjs-cpu and tfjs-wasm), tfjs-cpu, tfjs-wasm, onnx, a comma list, or all
                 (default: all)
  --peers P      runtimes to call directly: a comma list of ${peerNames.join(', ')}, all, or none (default: all)
  --pass P       forward, gradient or both (default: both)
  --json OUT     also write every row and the machine as JSON (schema rectify-bench/1) to OUT
  --markdown OUT also write the tables as Markdown to OUT
  --memory       also measure the ArrayBuffer memory of a 1e7 forward call of each op on cpu
                 (always on when --sizes reaches 1e7)
  --min-time MS  time each cell for at least MS ms and 5 runs (default: 50)
  --seed N       seed of the inputs (default: 1)
  --concurrent-gc  run with V8's default garbage collector, whose helper threads collect one cell's
                 garbage while the next cells run (default: the run starts Node again with
                 --single-threaded-gc, so that a collection runs in the time of the cell that asks for it)`;

const MAX_SIZE = 1e8;

function parseList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseOps(value: string | undefined): OpId[] | undefined {
  if (value === undefined) return undefined;
  const ops = parseList(value);
  if (ops.length === 0) throw new UsageError('--ops names no op');
  for (const op of ops) {
    if (!isOpId(op)) throw new UsageError(`unknown op "${op}"; ops: ${opIds.join(', ')}`);
  }
  return [...new Set(ops)] as OpId[];
}

/** Sizes as numbers: `1e6` and `1000000` alike; multiples of 10 because ops along an axis take [n/10, 10]. */
export function parseSizes(value: string | undefined): number[] {
  if (value === undefined) return [...defaultSizes];
  const sizes = parseList(value).map((s) => {
    const n = numberFrom(s);
    if (!(Number.isInteger(n) && n >= 10 && n <= MAX_SIZE && n % 10 === 0)) {
      throw new UsageError(
        `bad size "${s}"; sizes are positive multiples of 10 up to 1e8, such as 1e3 or 250000`,
      );
    }
    return n;
  });
  if (sizes.length === 0) throw new UsageError('--sizes names no size');
  return [...new Set(sizes)];
}

function parsePeers(value: string): PeerName[] {
  if (value === 'all') return [...peerNames];
  if (value === 'none') return [];
  const peers = parseList(value);
  for (const p of peers) {
    if (!(peerNames as readonly string[]).includes(p)) {
      throw new UsageError(`unknown peer "${p}"; peers: ${peerNames.join(', ')}, all, none`);
    }
  }
  return [...new Set(peers)] as PeerName[];
}

function parsePasses(value: string): Pass[] {
  if (value === 'both') return ['forward', 'gradient'];
  if (value === 'forward' || value === 'gradient') return [value];
  throw new UsageError(`--pass must be forward, gradient or both, got "${value}"`);
}

/** `rectify bench`: returns the exit code (0, or 2 for a usage error). */
export async function benchCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ops: { type: 'string' },
      sizes: { type: 'string' },
      backend: { type: 'string', default: 'all' },
      peers: { type: 'string', default: 'all' },
      pass: { type: 'string', default: 'both' },
      json: { type: 'string' },
      markdown: { type: 'string' },
      memory: { type: 'boolean', default: false },
      'min-time': { type: 'string', default: '50' },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h' },
      // read by bin.js, which otherwise runs the bench in a Node started with --single-threaded-gc
      'concurrent-gc': { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    out(benchUsage);
    return 0;
  }
  const ops = parseOps(values.ops);
  const sizes = parseSizes(values.sizes);
  const names = backendNamesFor(values.backend);
  const peers = parsePeers(values.peers);
  const passes = parsePasses(values.pass);
  const seed = numberFrom(values.seed);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got ${values.seed}`);
  const minTimeMs = numberFrom(values['min-time']);
  if (!(Number.isFinite(minTimeMs) && minTimeMs >= 0)) {
    throw new UsageError(`--min-time must be a number of ms ≥ 0, got ${values['min-time']}`);
  }
  const memory = values.memory || sizes.some((n) => n >= 1e7);

  const registry = createBackendRegistry();
  try {
    // one after the other: tfjs backends share tfjs's global engine while they initialize
    const backends: Backend[] = [];
    for (const n of names) backends.push(await registry.get(n));
    out(
      `bench: ${(ops ?? opIds).length} op(s) × ${passes.join('+')} × sizes ${sizes.map(formatSize).join(', ')} on ${names.join(', ')}; peers: ${peers.join(', ') || 'none'}; node flags: ${process.execArgv.join(' ') || 'none'}`,
    );
    const progress = createProgress('bench');
    const report: BenchReport = await runBenchmark({
      backends,
      ...(ops ? { ops } : {}),
      sizes,
      peers,
      passes,
      seed,
      measure: { minTimeMs },
      ...(memory ? { memoryBackend: await registry.get('cpu') } : {}),
      onProgress: progress.update,
    });
    out('');
    out(formatTables(report));
    out('');
    out(formatFindings(report));
    if (report.memory.length) {
      out('');
      out('memory (ArrayBuffers allocated by one forward call, a lower bound of the peak):');
      out(formatMemory(report));
    }
    out('');
    out(`took ${report.durationS.toFixed(1)} s`);
    if (values.markdown) {
      writeFileSync(values.markdown, formatMarkdown(report));
      out(`wrote ${values.markdown}`);
    }
    if (values.json) {
      writeFileSync(values.json, `${JSON.stringify(report, null, 1)}\n`);
      out(`wrote ${values.json}`);
    }
    return 0;
  } finally {
    await registry.dispose();
  }
}
