/**
 * `@rectify/bench`: times every catalog op, forward and gradient, on Rectify's backends next to the
 * runtimes they wrap called directly (tfjs on cpu and wasm, onnxruntime-node) and a memory-copy floor,
 * and reports medians, GB/s and ratios. The `rectify bench` command runs it.
 *
 * @example
 * ```ts
 * import { createCpuBackend } from '@rectify/backend-cpu';
 * import { formatTables, runBenchmark } from '@rectify/bench';
 * const report = await runBenchmark({ backends: [createCpuBackend()], ops: ['relu'], sizes: [1e6] });
 * console.log(formatTables(report));
 * ```
 */
export { benchInputs, benchOutputShape, benchShape, benchUpstream, CLASSES } from './inputs.js';
export { type Measurement, type MeasureOptions, measure, measureGroup } from './measure.js';
export { type MemoryRow, measurePeakMemory } from './memory.js';
export {
  createPeers,
  type Pass,
  type Peer,
  type PeerCall,
  type PeerName,
  peerHas,
  peerNames,
} from './peers.js';
export {
  FLOOR_LIMIT,
  findings,
  formatFindings,
  formatMarkdown,
  formatMemory,
  formatMs,
  formatRatio,
  formatSize,
  formatTables,
  piecewiseLinearOps,
} from './report.js';
export {
  type BenchOptions,
  type BenchReport,
  type BenchRow,
  defaultSizes,
  type MachineInfo,
  machineInfo,
  RESIDENT_SUFFIX,
  runBenchmark,
  withRatios,
} from './run.js';
export { gbps, minOrNull, ratio, type Summary, summarize } from './stats.js';
