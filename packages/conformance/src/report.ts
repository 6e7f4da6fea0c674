import { aliases, type FloatDType, isOpId } from '@rectify/core';
import { encodeNumber } from './case-file.js';
import type { Agreement } from './compare.js';
import type { CaseResult, CaseStatus } from './run.js';

/** Counts and worst figures of one op on one backend in one dtype (or of a whole run). */
export interface Tally {
  readonly total: number;
  readonly pass: number;
  readonly fail: number;
  readonly error: number;
  readonly unsupported: number;
  /** Worst ULP over forward and gradient results against exact expectations (not finite differences). */
  readonly worstUlp: number;
}

type MutableTally = { -readonly [K in keyof Tally]: Tally[K] };
const emptyTally = (): MutableTally => ({
  total: 0,
  pass: 0,
  fail: 0,
  error: 0,
  unsupported: 0,
  worstUlp: 0,
});

function worstOf(r: CaseResult): number {
  if (r.approximate) return 0;
  const all: Agreement[] = [...(r.forward ? [r.forward] : []), ...Object.values(r.grad ?? {})];
  return all.reduce((m, a) => Math.max(m, a.maxUlp), 0);
}

function add(t: MutableTally, r: CaseResult): void {
  t.total++;
  t[r.status satisfies CaseStatus]++;
  t.worstUlp = Math.max(t.worstUlp, worstOf(r));
}

/** The summary of a run: totals, and per op × column (`backend dtype`). */
export interface Summary {
  readonly total: Tally;
  readonly columns: readonly string[];
  readonly ops: readonly string[];
  readonly cells: Readonly<Record<string, Readonly<Record<string, Tally>>>>;
  readonly ok: boolean;
}

const columnOf = (r: { backend: string; dtype: FloatDType }) =>
  `${r.backend} ${r.dtype === 'float32' ? 'f32' : 'f64'}`;

/** Tallies results per op and per backend and dtype. `ok` is false when anything failed or errored. */
export function summarize(results: readonly CaseResult[]): Summary {
  const total = emptyTally();
  const cells: Record<string, Record<string, MutableTally>> = {};
  const columns = new Set<string>();
  for (const r of results) {
    add(total, r);
    const col = columnOf(r);
    columns.add(col);
    // cases about ids outside the catalog (they must be refused) share one row
    const op = isOpId(r.op) || Object.hasOwn(aliases, r.op) ? r.op : '(unknown op id)';
    cells[op] ??= {};
    const row = cells[op]!;
    row[col] ??= emptyTally();
    add(row[col]!, r);
  }
  return {
    total,
    columns: [...columns].sort(),
    ops: Object.keys(cells),
    cells,
    ok: total.fail === 0 && total.error === 0,
  };
}

function formatUlp(u: number): string {
  if (!Number.isFinite(u)) return '∞';
  if (u === 0) return '0';
  return u < 10 ? u.toFixed(1) : u < 1e6 ? Math.round(u).toString() : u.toExponential(0);
}

function formatCell(t: Tally | undefined): string {
  if (!t) return '—';
  if (t.unsupported === t.total) return 'unsupported';
  const ran = t.total - t.unsupported;
  const mark = t.fail + t.error > 0 ? ' ✗' : '';
  return `${t.pass}/${ran} ${formatUlp(t.worstUlp)}ulp${mark}`;
}

function matrixRows(summary: Summary): string[][] {
  return summary.ops.map((op) => [op, ...summary.columns.map((c) => formatCell(summary.cells[op]?.[c]))]);
}

function totalsLine(t: Tally): string {
  return `${t.pass} passed, ${t.fail} failed, ${t.error} errored, ${t.unsupported} unsupported (of ${t.total} case runs)`;
}

/**
 * The op × backend matrix as text: pass counts over the cases that ran, and the worst ULP.
 * Columns are `backend dtype`; `unsupported` marks a dtype a backend does not run.
 */
export function formatMatrix(summary: Summary): string {
  const header = ['op', ...summary.columns];
  const rows = matrixRows(summary);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    totalsLine(summary.total),
  ].join('\n');
}

/** The same matrix as a Markdown table, for docs. */
export function formatMatrixMarkdown(summary: Summary): string {
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    row(['op', ...summary.columns]),
    row(['---', ...summary.columns.map(() => '---')]),
    ...matrixRows(summary).map(row),
    '',
    totalsLine(summary.total),
  ].join('\n');
}

/** A figure as JSON: non-finite numbers as strings, like the case format. */
const jsonFigure = (a: Agreement) => ({
  maxAbsErr: encodeNumber(a.maxAbsErr),
  maxRelErr: encodeNumber(a.maxRelErr),
  maxUlp: encodeNumber(a.maxUlp),
});

/** The `--json` document: one row per (case, backend) and the summary. */
export function toJsonReport(results: readonly CaseResult[]): {
  results: unknown[];
  summary: { total: Tally; ok: boolean; byOp: Record<string, Record<string, Tally>> };
} {
  const summary = summarize(results);
  return {
    results: results.map((r) => ({
      case: r.case,
      op: r.op,
      backend: r.backend,
      dtype: r.dtype,
      status: r.status,
      ...(r.approximate ? { approximate: true } : {}),
      ...(r.error ? { error: r.error } : {}),
      ...(r.forward ? { forward: jsonFigure(r.forward) } : {}),
      ...(r.grad
        ? { grad: Object.fromEntries(Object.entries(r.grad).map(([k, a]) => [k, jsonFigure(a)])) }
        : {}),
    })),
    summary: {
      total: summary.total,
      ok: summary.ok,
      byOp: Object.fromEntries(Object.entries(summary.cells).map(([op, row]) => [op, { ...row }])),
    },
  };
}
