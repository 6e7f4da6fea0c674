import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  type ConformanceCase,
  formatMatrix,
  formatMatrixMarkdown,
  generateSuite,
  runCases,
  summarize,
  toJsonReport,
} from '@rectify/conformance';
import { loadBuiltInCaseFiles, loadCaseFile } from '@rectify/conformance/node';
import { type Backend, isOpId, type OpId, opIds } from '@rectify/core';
import { backendNamesFor, createBackendRegistry, UsageError } from '../backends.js';
import { numberFrom } from '../params.js';
import { createProgress } from '../progress.js';

export const conformanceUsage = `rectify conformance [--cases FILE]... [--backend cpu|tfjs|tfjs-cpu|tfjs-wasm|onnx|all] [--ops a,b] [--json OUT] [--markdown OUT] [--generated-only] [--seed N]

Runs the conformance suite on one or more backends and prints an op × backend matrix
(passed cases / cases run, worst error in ULPs). Without --cases it runs the built-in suite
generated from the catalog plus the case files (ONNX node tests, ../shared/conformance/*.json).
Exits 1 when any case fails or errors.

  --cases FILE   run the cases of FILE (rectify-cases/1); repeatable
  --backend B    cpu, tfjs (= tfjs-cpu and tfjs-wasm), tfjs-cpu, tfjs-wasm, onnx, a comma list, or all
                 (default: all)
  --ops a,b      only these ops (catalog ids)
  --json OUT     also write every result and the summary as JSON to OUT
  --markdown OUT also write the matrix as a Markdown table to OUT
  --generated-only  leave the case files out (worst ULPs then measure the backend against the
                 float64 reference only, not against other frameworks' float32 numbers)
  --seed N       seed of the generated cases (default: 1)`;

function parseOps(value: string | undefined): OpId[] | undefined {
  if (value === undefined) return undefined;
  const ops = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const op of ops) {
    if (!isOpId(op)) throw new UsageError(`unknown op "${op}"; ops: ${opIds.join(', ')}`);
  }
  return ops as OpId[];
}

/** `rectify conformance`: returns the exit code. */
export async function conformanceCommand(
  argv: readonly string[],
  out: (line: string) => void,
): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      cases: { type: 'string', multiple: true },
      backend: { type: 'string', default: 'all' },
      ops: { type: 'string' },
      json: { type: 'string' },
      markdown: { type: 'string' },
      'generated-only': { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    out(conformanceUsage);
    return 0;
  }
  const seed = numberFrom(values.seed);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got ${values.seed}`);
  const ops = parseOps(values.ops);
  const names = backendNamesFor(values.backend);

  let cases: ConformanceCase[];
  if (values.cases?.length) {
    cases = values.cases.flatMap((file) => loadCaseFile(file));
    out(`cases: ${cases.length} from ${values.cases.join(', ')}`);
  } else {
    const files = values['generated-only'] ? { cases: [], files: [] } : loadBuiltInCaseFiles();
    const generated = generateSuite({ ...(ops ? { ops } : {}), seed });
    cases = [...generated, ...files.cases];
    out(
      `cases: ${generated.length} generated (seed ${seed}) + ${files.cases.length} from ${files.files.length} case file(s)`,
    );
  }
  if (ops) cases = cases.filter((c) => (ops as readonly string[]).includes(c.op));
  if (cases.length === 0) throw new UsageError('no cases to run (check --ops and --cases)');

  const registry = createBackendRegistry();
  try {
    // one after the other: tfjs backends share tfjs's global engine while they initialize
    const backends: Backend[] = [];
    for (const n of names) backends.push(await registry.get(n));
    out(`backends: ${backends.map((b) => `${b.name} (${b.dtypes.join(', ')})`).join(', ')}`);
    const progress = createProgress('conformance');
    const results = await runCases(backends, cases, { onProgress: progress.update });
    const summary = summarize(results);
    out('');
    out(formatMatrix(summary));
    const bad = results.filter((r) => r.status === 'fail' || r.status === 'error');
    if (bad.length) {
      out('');
      out(`failures (${bad.length}${bad.length > 30 ? ', first 30 shown' : ''}):`);
      for (const r of bad.slice(0, 30)) out(`  ${r.case} [${r.backend}] ${r.status}: ${r.error ?? ''}`);
    }
    if (values.markdown) {
      writeFileSync(values.markdown, `${formatMatrixMarkdown(summary)}\n`);
      out(`wrote ${values.markdown}`);
    }
    if (values.json) {
      writeFileSync(values.json, `${JSON.stringify(toJsonReport(results), null, 1)}\n`);
      out(`wrote ${values.json}`);
    }
    return summary.ok ? 0 : 1;
  } finally {
    await registry.dispose();
  }
}
