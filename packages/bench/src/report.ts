import type { OpId } from '@rectify/core';
import type { Pass } from './peers.js';
import { type BenchReport, type BenchRow, RESIDENT_SUFFIX } from './run.js';

/** `1000` → `1e3`, `2500000` → `2.5e6`; other numbers as they are. */
export function formatSize(n: number): string {
  if (n < 1000) return String(n);
  const k = Math.floor(Math.log10(n));
  const m = n / 10 ** k;
  return Number.isInteger(m * 10) ? `${m}e${k}` : String(n);
}

/** Milliseconds to about three significant digits. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toPrecision(3);
}

/** A ratio as `×1.23`, or `—` when there is none. */
export function formatRatio(r: number | null): string {
  if (r === null) return '—';
  return `×${r >= 10 ? r.toFixed(1) : r.toFixed(2)}`;
}

/** The columns of a table: Rectify backends, then peers, then the copy floor. */
function columnsOf(report: BenchReport): string[] {
  return [...report.options.backends, ...report.options.peers.map((p) => `peer:${p}`), 'floor:copy'];
}

function lookup(
  report: BenchReport,
): (op: string, pass: Pass, backend: string, size: number) => BenchRow | undefined {
  const index = new Map<string, BenchRow>();
  for (const r of report.rows) index.set(`${r.op}|${r.pass}|${r.backend}|${r.size}`, r);
  return (op, pass, backend, size) => index.get(`${op}|${pass}|${backend}|${size}`);
}

function cellText(row: BenchRow | undefined): string {
  if (!row || row.medianMs === null) return '—';
  if (row.backend === 'floor:copy') return formatMs(row.medianMs);
  return row.ratioToBestPeer === null
    ? formatMs(row.medianMs)
    : `${formatMs(row.medianMs)} ${formatRatio(row.ratioToBestPeer)}`;
}

function grid(report: BenchReport, size: number, pass: Pass): string[][] {
  const get = lookup(report);
  const columns = columnsOf(report);
  return report.options.ops.map((op) => [op, ...columns.map((c) => cellText(get(op, pass, c, size)))]);
}

/**
 * The console tables: one per (size, pass), ops × backends, each cell the median in ms and its ratio to
 * the fastest peer (`×1.00` is as fast as the best runtime called directly; `—`: no such peer or cell).
 *
 * @example
 * ```ts
 * console.log(formatTables(await runBenchmark({ backends: [cpu], sizes: [1e6] })));
 * ```
 */
export function formatTables(report: BenchReport): string {
  const columns = columnsOf(report);
  const blocks: string[] = [];
  for (const size of report.options.sizes) {
    for (const pass of report.options.passes) {
      const body = grid(report, size, pass);
      const header = ['op', ...columns];
      const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
      const line = (cells: readonly string[]) =>
        cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
      blocks.push(
        [
          `size ${formatSize(size)} · ${pass} · median ms (× fastest peer)`,
          line(header),
          ...body.map(line),
        ].join('\n'),
      );
    }
  }
  return blocks.join('\n\n');
}

/** The piecewise-linear ops, which are memory-bound: their target is a small multiple of the copy floor. */
export const piecewiseLinearOps: readonly OpId[] = [
  'relu',
  'relu6',
  'leakyRelu',
  'prelu',
  'hardTanh',
  'hardSigmoid',
  'thresholdedRelu',
];

/** How far the piecewise-linear ops may be from the copy floor, on arrays from `allocate` (`cpu+resident`). */
export const FLOOR_LIMIT = 2.5;

/**
 * Rows worth a look at one size: cpu slower than the fastest peer, tfjs/onnx over `limit` × their
 * runtime, and piecewise-linear ops on `cpu+resident` over {@link FLOOR_LIMIT} × the copy floor.
 */
export function findings(report: BenchReport, size: number, limit = 1.2) {
  const at = report.rows.filter((r) => r.size === size);
  return {
    cpuSlowerThanPeer: at.filter(
      (r) =>
        (r.backend === 'cpu' || r.backend === `cpu${RESIDENT_SUFFIX}`) &&
        r.ratioToBestPeer !== null &&
        r.ratioToBestPeer > 1,
    ),
    overheadOverLimit: at.filter((r) => r.overheadVsRuntime !== null && r.overheadVsRuntime > limit),
    piecewiseOverFloor: at.filter(
      (r) =>
        r.backend === `cpu${RESIDENT_SUFFIX}` &&
        piecewiseLinearOps.includes(r.op) &&
        r.ratioToFloor !== null &&
        r.ratioToFloor > FLOOR_LIMIT,
    ),
  };
}

const describe = (r: BenchRow, value: number | null) =>
  `${r.op} ${r.pass} ${r.backend} ${formatRatio(value)} (${formatMs(r.medianMs)} ms)`;

/** The findings of {@link findings} at each size, as console lines. */
export function formatFindings(report: BenchReport, limit = 1.2): string {
  const out: string[] = [];
  for (const size of report.options.sizes) {
    const f = findings(report, size, limit);
    out.push(
      `size ${formatSize(size)}: cpu slower than the fastest peer in ${f.cpuSlowerThanPeer.length} cell(s)`,
    );
    for (const r of f.cpuSlowerThanPeer) out.push(`  ${describe(r, r.ratioToBestPeer)}`);
    out.push(
      `size ${formatSize(size)}: overhead over its runtime > ×${limit} in ${f.overheadOverLimit.length} cell(s)`,
    );
    for (const r of f.overheadOverLimit) out.push(`  ${describe(r, r.overheadVsRuntime)}`);
    if (report.options.backends.includes(`cpu${RESIDENT_SUFFIX}`)) {
      out.push(
        `size ${formatSize(size)}: piecewise-linear ops on cpu${RESIDENT_SUFFIX} over ×${FLOOR_LIMIT} the copy floor in ${f.piecewiseOverFloor.length} cell(s)`,
      );
      for (const r of f.piecewiseOverFloor) out.push(`  ${describe(r, r.ratioToFloor)}`);
    }
  }
  return out.join('\n');
}

function markdownTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [row(header), row(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...body.map(row)].join('\n');
}

/** ` with --flag …` for the flags Node ran with, if any. */
function flagsOf(m: BenchReport['machine']): string {
  return m.nodeFlags.length ? ` with ${m.nodeFlags.join(' ')}` : '';
}

/**
 * The report as Markdown: the machine, then per (size, pass) the op × backend table of medians and
 * ratios to the fastest peer, each Rectify backend's overhead over its own runtime, and the memory rows.
 *
 * @example
 * ```ts
 * writeFileSync('bench.md', formatMarkdown(report));
 * ```
 */
export function formatMarkdown(report: BenchReport): string {
  const m = report.machine;
  const o = report.options;
  const get = lookup(report);
  const parts: string[] = [
    `Measured ${report.date.slice(0, 10)} on ${m.cpu} (${m.cores} cores, ${m.memoryGB} GB), Node ${m.node} ${m.platform}-${m.arch}${flagsOf(m)}; float32, seed ${o.seed}, ${report.durationS.toFixed(0)} s in all.`,
  ];
  const columns = columnsOf(report);
  for (const size of o.sizes) {
    for (const pass of o.passes) {
      parts.push(
        `### ${pass}, ${formatSize(size)} elements: median ms (× fastest peer)`,
        markdownTable(['op', ...columns.map((c) => `\`${c}\``)], grid(report, size, pass)),
      );
    }
    const rt = o.backends.filter((b) => ['tfjs-cpu', 'tfjs-wasm', 'onnx'].includes(b));
    if (rt.length) {
      const compared = (op: OpId, pass: Pass) =>
        rt.some((b) => get(op, pass, b, size)?.overheadVsRuntime != null);
      const body = o.ops.flatMap((op) =>
        o.passes
          .filter((pass) => compared(op, pass))
          .map((pass) => [
            `${op} ${pass}`,
            ...rt.map((b) => {
              const r = get(op, pass, b, size);
              const v = r?.overheadVsRuntime ?? null;
              return v !== null && v > 1.2 ? `**${formatRatio(v)}**` : formatRatio(v);
            }),
          ]),
      );
      parts.push(
        `### Overhead over the runtime called directly, ${formatSize(size)} elements (median / runtime's median; over ×1.2 in bold; cells with a runtime to compare)`,
        markdownTable(['op', ...rt.map((b) => `\`${b}\``)], body),
      );
    }
  }
  for (const size of o.sizes) {
    const f = findings(report, size);
    const list = (rows: readonly BenchRow[], value: (r: BenchRow) => number | null) =>
      rows.length
        ? rows.map((r) => `- ${r.op} ${r.pass} \`${r.backend}\`: ${formatRatio(value(r))}`).join('\n')
        : '- none';
    parts.push(
      `### Where cpu is slower than the fastest peer, ${formatSize(size)} elements (× fastest peer)`,
      list(f.cpuSlowerThanPeer, (r) => r.ratioToBestPeer),
      `### Where a tfjs or onnx backend costs more than ×1.2 its runtime called directly, ${formatSize(size)} elements`,
      list(f.overheadOverLimit, (r) => r.overheadVsRuntime),
      `### Piecewise-linear ops on \`cpu${RESIDENT_SUFFIX}\` over ×${FLOOR_LIMIT} the copy floor, ${formatSize(size)} elements (× floor)`,
      list(f.piecewiseOverFloor, (r) => r.ratioToFloor),
    );
  }
  if (report.memory.length) {
    parts.push(
      `### Memory of one forward call, ${formatSize(report.memory[0]!.size)} elements, \`${report.memory[0]!.backend}\``,
      markdownTable(
        ['op', 'input MB', 'output MB', 'allocated MB', '× input'],
        report.memory.map((r) => [
          r.op,
          (r.inputBytes / 1e6).toFixed(0),
          (r.outputBytes / 1e6).toFixed(r.outputBytes < 1e6 ? 6 : 0),
          (r.peakBytes / 1e6).toFixed(0),
          r.ratioToInput.toFixed(2),
        ]),
      ),
    );
  }
  return `${parts.join('\n\n')}\n`;
}

/** The memory rows as console lines. */
export function formatMemory(report: BenchReport): string {
  return report.memory
    .map(
      (r) =>
        `${r.op.padEnd(30)} ${r.backend} ${formatSize(r.size)}: ${(r.peakBytes / 1e6).toFixed(0)} MB allocated, ×${r.ratioToInput.toFixed(2)} the input (${(r.inputBytes / 1e6).toFixed(0)} MB)`,
    )
    .join('\n');
}
