import {
  type Backend,
  type FloatDType,
  forward,
  getSpec,
  gradient,
  isOpId,
  isRectifyError,
  resolveParams,
  type Tensor,
} from '@rectify/core';
import { type ConformanceCase, caseDtype, type Tolerance } from './case-file.js';
import { type Agreement, compare, defaultTolerance } from './compare.js';

/** The outcome of one case on one backend. */
export type CaseStatus = 'pass' | 'fail' | 'error' | 'unsupported';

/** One case on one backend, as `--json` writes it. */
export interface CaseResult {
  readonly case: string;
  readonly op: string;
  readonly backend: string;
  readonly dtype: FloatDType;
  readonly status: CaseStatus;
  /** Set when the expected values were approximations (see {@link ConformanceCase.approximate}). */
  readonly approximate?: boolean;
  /** Why it failed, errored or is unsupported. */
  readonly error?: string;
  readonly forward?: Agreement;
  readonly grad?: Readonly<Record<string, Agreement>>;
}

/** Options of {@link runCases}. */
export interface RunOptions {
  /** Called after each case with the number done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** The tolerance for cases that state none (default: {@link defaultTolerance} for the case's dtype). */
  readonly tolerance?: (c: ConformanceCase, dtype: FloatDType) => Tolerance;
}

const message = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

function describeMismatch(what: string, a: Agreement): string {
  const f = a.firstFailure!;
  return `${what}: ${a.failures} element(s) outside tolerance, first at [${f.index}]: got ${f.got}, expected ${f.expected}`;
}

function agree(
  what: string,
  got: Tensor,
  expected: Tensor,
  tol: Tolerance,
  dtype: FloatDType,
): { agreement: Agreement; problem?: string } {
  if (got.shape.join() !== expected.shape.join()) {
    const inf = Number.POSITIVE_INFINITY;
    return {
      agreement: { maxAbsErr: inf, maxRelErr: inf, maxUlp: inf, failures: expected.size },
      problem: `${what}: shape [${got.shape.join(', ')}], expected [${expected.shape.join(', ')}]`,
    };
  }
  // the best a float32 result can be is the exact value rounded to float32 (which may overflow to ±∞)
  const want = dtype === 'float32' ? Float64Array.from(expected.data, Math.fround) : expected.data;
  const agreement = compare(got.data, want, tol, dtype);
  return agreement.failures ? { agreement, problem: describeMismatch(what, agreement) } : { agreement };
}

/** Whether the backend declares it cannot run this case (an unknown op is not that: it must be refused). */
/** Whether a case feeds NaN or ±Infinity (in its inputs or its upstream gradient). */
function hasNonFinite(c: ConformanceCase): boolean {
  const tensors = [...Object.values(c.inputs), ...(c.grad ? [c.grad.upstream] : [])];
  return tensors.some((t) => t.data.some((v) => !Number.isFinite(v)));
}

/**
 * Whether the backend declares, before running anything, that it cannot run this case: a dtype it does
 * not list, or `supports()` false for the op, dtype and params.
 */
export function declaredUnsupported(
  backend: Backend,
  c: ConformanceCase,
  dtype: FloatDType = caseDtype(c),
): boolean {
  if (!backend.dtypes.includes(dtype)) return true;
  if (backend.nonFinite === false && hasNonFinite(c)) return true;
  if (!isOpId(c.op) || !backend.supports) return false;
  let params: Readonly<Record<string, unknown>>;
  try {
    params = resolveParams(c.op, getSpec(c.op).params, c.params);
  } catch {
    return false; // bad params: the call itself must be refused, which the run checks
  }
  return !backend.supports(c.op, dtype, params);
}

/** Runs one case on one backend. Never throws: failures and errors are results. */
export async function runCase(
  backend: Backend,
  c: ConformanceCase,
  options: RunOptions = {},
): Promise<CaseResult> {
  const dtype = caseDtype(c);
  const base = {
    case: c.id,
    op: c.op,
    backend: backend.name,
    dtype,
    ...(c.approximate ? { approximate: true } : {}),
  };
  if (c.expectError) {
    try {
      if (c.inputRefusal) throw c.inputRefusal;
      await forward(c.op, c.inputs, c.params, { backend });
      return { ...base, status: 'fail', error: `expected ${c.expectError}, but the call succeeded` };
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      if (name === c.expectError) return { ...base, status: 'pass' };
      return { ...base, status: 'fail', error: `expected ${c.expectError}, got ${message(err)}` };
    }
  }
  if (declaredUnsupported(backend, c, dtype)) {
    return {
      ...base,
      status: 'unsupported',
      error: `backend "${backend.name}" does not run ${c.op} in ${dtype}`,
    };
  }
  const tol = c.tolerance ?? options.tolerance?.(c, dtype) ?? defaultTolerance[dtype];
  try {
    const problems: string[] = [];
    const y = await forward(c.op, c.inputs, c.params, { backend });
    const fwd = agree('forward', y, c.expected!, tol, dtype);
    if (fwd.problem) problems.push(fwd.problem);
    let grad: Record<string, Agreement> | undefined;
    if (c.grad) {
      grad = {};
      const grads: Readonly<Record<string, Tensor>> = await gradient(c.op, c.inputs, c.params, {
        backend,
        upstream: c.grad.upstream,
      });
      for (const [name, expected] of Object.entries(c.grad.wrt)) {
        const got = grads[name];
        if (!got) {
          problems.push(`grad: no gradient for "${name}"`);
          continue;
        }
        const g = agree(`grad ${name}`, got, expected, tol, dtype);
        grad[name] = g.agreement;
        if (g.problem) problems.push(g.problem);
      }
    }
    return {
      ...base,
      status: problems.length ? 'fail' : 'pass',
      ...(problems.length ? { error: problems.join('; ') } : {}),
      forward: fwd.agreement,
      ...(grad ? { grad } : {}),
    };
  } catch (err) {
    if (isRectifyError(err) && err.name === 'UnsupportedError')
      return { ...base, status: 'unsupported', error: message(err) };
    return { ...base, status: 'error', error: message(err) };
  }
}

/**
 * Runs every case on every backend, one backend after the other.
 *
 * @example
 * ```ts
 * const results = await runCases([createCpuBackend()], generateSuite({ ops: ['relu'] }));
 * const failed = results.filter((r) => r.status === 'fail' || r.status === 'error');
 * ```
 */
export async function runCases(
  backends: readonly Backend[],
  cases: readonly ConformanceCase[],
  options: RunOptions = {},
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  const total = backends.length * cases.length;
  for (const backend of backends) {
    for (const c of cases) {
      results.push(await runCase(backend, c, options));
      options.onProgress?.(results.length, total);
    }
  }
  return results;
}
