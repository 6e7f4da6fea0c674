import type { Backend, FloatDType, OpId } from '@rectify/core';
import { opIds } from '@rectify/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceCase } from './case-file.js';
import { generateSuite } from './generate.js';
import { outArrayProblems } from './out-arrays.js';
import { type CaseResult, declaredUnsupported, runCases } from './run.js';

/** Options of {@link describeConformance}. */
export interface ConformanceSuiteOptions {
  /** Ops to test (default: the whole catalog). */
  readonly ops?: readonly OpId[];
  /** Seed of the generated cases (default 1). */
  readonly seed?: number;
  /** Dtypes to generate cases in (default: float32 and float64). */
  readonly dtypes?: readonly FloatDType[];
  /**
   * The case files' cases. Default: the vendored and shared case files read from disk (Node); in a
   * browser pass them in (e.g. parsed from a JSON import), or `false` to leave case files out.
   */
  readonly caseFiles?: (() => Promise<readonly ConformanceCase[]>) | false;
}

async function builtInCaseFiles(): Promise<readonly ConformanceCase[]> {
  // loaded lazily: it reads files with node:fs, which a browser run must never import
  const { loadBuiltInCaseFiles } = await import('./node.js');
  return loadBuiltInCaseFiles().cases;
}

function size(c: ConformanceCase): number {
  return Object.values(c.inputs).reduce((n, t) => n + t.size, 0);
}

function explain(results: readonly CaseResult[]): string[] {
  return results.map((r) => `${r.case} [${r.backend}]: ${r.status}${r.error ? ` — ${r.error}` : ''}`);
}

/**
 * The one conformance suite, as Vitest tests, for any backend: every op's generated cases (one test
 * per op and dtype), the case files, and a check that only dtypes the backend does not declare are
 * `unsupported`. Each backend package's test calls it with its own factory.
 *
 * @example
 * ```ts
 * import { describeConformance } from '@rectify/conformance/vitest';
 * describeConformance('cpu', () => createCpuBackend());
 * ```
 */
export function describeConformance(
  name: string,
  makeBackend: () => Backend | Promise<Backend>,
  options: ConformanceSuiteOptions = {},
): void {
  describe(`conformance: ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await makeBackend();
    });
    afterAll(async () => {
      await backend?.dispose?.();
    });

    const check = async (cases: readonly ConformanceCase[]) => {
      const results = await runCases([backend], cases);
      const bad = results.filter((r) => r.status === 'fail' || r.status === 'error');
      expect(explain(bad)).toEqual([]);
      // unsupported only where the backend says so up front (dtype list or supports()), never by surprise
      const declared = new Set(cases.filter((c) => declaredUnsupported(backend, c)).map((c) => c.id));
      const wrongly = results.filter((r) => r.status === 'unsupported' && !declared.has(r.case));
      expect(explain(wrongly)).toEqual([]);
      return results;
    };

    for (const op of options.ops ?? opIds) {
      for (const dtype of options.dtypes ?? (['float32', 'float64'] as const)) {
        it(`${op} ${dtype}`, async () => {
          const cases = generateSuite({ ops: [op], dtypes: [dtype], seed: options.seed ?? 1 }).filter(
            (c) => !c.id.includes('/errors/'),
          );
          const results = await check(cases);
          expect(results.length).toBeGreaterThan(0);
        });
      }
      it(`${op} writes into out arrays and in place, bit for bit as into fresh ones`, async () => {
        const cases = generateSuite({ ops: [op], seed: options.seed ?? 1 }).filter(
          (c) => c.expected && !c.expectError && !declaredUnsupported(backend, c),
        );
        // the largest cases take the SIMD paths, the smallest the plain loops
        const sized = [...cases].sort((a, b) => size(b) - size(a));
        const picked = [...sized.slice(0, 3), ...sized.slice(-3)];
        expect(picked.length).toBeGreaterThan(0);
        const problems: string[] = [];
        for (const c of picked)
          for (const p of await outArrayProblems(backend, c)) problems.push(`${c.id}: ${p}`);
        expect(problems).toEqual([]);
      });
      it(`${op} refuses bad input with the catalog's error names`, async () => {
        const cases = generateSuite({ ops: [op], dtypes: [], seed: options.seed ?? 1 }).filter((c) =>
          c.id.startsWith(`${op}/errors/`),
        );
        expect(cases.length).toBeGreaterThan(0);
        await check(cases);
      });
    }

    const caseFiles = options.caseFiles ?? builtInCaseFiles;
    if (caseFiles === false) return;
    it('passes the case files (ONNX node tests and shared/conformance)', async () => {
      const cases = await caseFiles();
      const wanted = options.ops;
      const selected = wanted ? cases.filter((c) => (wanted as readonly string[]).includes(c.op)) : cases;
      expect(selected.length).toBeGreaterThan(0);
      await check(selected);
    });
  });
}
