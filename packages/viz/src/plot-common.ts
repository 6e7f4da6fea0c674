import { type AnyOpSpec, type Backend, type BackendRegistry, InvalidParamError } from '@rectify/core';
import type { Rule } from './chart.js';
import type { CurvePlan } from './curve-inputs.js';
import type { Show } from './sample.js';

/** A short text of params for titles and labels: `alpha = 0.1, beta = 2`. */
export function describeParams(params: Readonly<Record<string, unknown>> | undefined): string {
  return Object.entries(params ?? {})
    .map(([k, v]) => `${k} = ${typeof v === 'number' ? formatNumber(v) : String(v)}`)
    .join(', ');
}

/** A param value for people: at most 6 significant digits (1/3 → 0.333333), no trailing zeros. */
export function formatNumber(v: number): string {
  return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** `leakyRelu (alpha = 0.1)`, or just the op without params. */
export function describeOp(op: string, params: Readonly<Record<string, unknown>> | undefined): string {
  const p = describeParams(params);
  return p ? `${op} (${p})` : op;
}

/** Checks a `show` option: a non-empty list of the allowed names, no repeats. */
export function checkShow<S extends string>(who: string, show: unknown, allowed: readonly S[]): readonly S[] {
  if (
    !Array.isArray(show) ||
    show.length === 0 ||
    !show.every((s) => (allowed as readonly unknown[]).includes(s)) ||
    new Set(show).size !== show.length
  ) {
    throw new InvalidParamError(
      `${who}: show must list one or more of ${allowed.map((s) => `"${s}"`).join(', ')}, got ${JSON.stringify(show)}`,
    );
  }
  return show as readonly S[];
}

/** Checks that a list option is a non-empty array. */
export function checkNonEmpty(who: string, name: string, value: unknown): void {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidParamError(`${who}: ${name} must be a non-empty array, got ${JSON.stringify(value)}`);
  }
}

/**
 * Backends given as values or names; names are looked up in `registry` (an `InvalidParamError` when
 * a name is given without one, or the registry does not know it).
 */
export function checkBackendNames(
  who: string,
  backends: readonly (Backend | string)[],
  registry: BackendRegistry | undefined,
): void {
  for (const b of backends) {
    if (typeof b === 'string') {
      if (!registry) {
        throw new InvalidParamError(
          `${who}: backend "${b}" is given by name, so pass a registry to look it up in`,
        );
      }
      if (!registry.has(b)) {
        throw new InvalidParamError(
          `${who}: no backend named "${b}"; registered: ${registry.names().join(', ') || 'none'}`,
        );
      }
    } else if (b === null || typeof b !== 'object' || typeof b.forward !== 'function') {
      throw new InvalidParamError(`${who}: backends must be Backend objects or names`);
    }
  }
}

/** Resolves checked backends (see {@link checkBackendNames}). */
export async function resolveBackends(
  backends: readonly (Backend | string)[],
  registry: BackendRegistry | undefined,
): Promise<Backend[]> {
  const out: Backend[] = [];
  for (const b of backends) out.push(typeof b === 'string' ? await registry!.get(b) : b);
  return out;
}

/**
 * Kinks (vertical) and asymptotes (horizontal, only with f shown) of a planned curve, inside the
 * domain. A loss's kinks are given for its own viz target and probability inputs: they are left out
 * for logits and for other targets, where they would mark the wrong places.
 */
export function rulesOf(
  plan: CurvePlan,
  show: readonly Show[],
  domain: readonly [number, number],
  target: number | undefined,
): Rule[] {
  const spec: AnyOpSpec = plan.spec;
  const rules: Rule[] = [];
  const [lo, hi] = domain;
  const edge = (hi - lo) * 0.005;
  const lossKinksApply =
    spec.kind !== 'loss' ||
    (plan.resolved.fromLogits !== true && (target === undefined || target === (spec.viz.target ?? 1)));
  if (lossKinksApply) {
    for (const k of spec.viz.kinks(plan.resolved as never)) {
      if (k > lo + edge && k < hi - edge) rules.push({ axis: 'x', at: k, kind: 'kink' });
    }
  }
  if (show.includes('f')) {
    for (const a of spec.viz.asymptotes?.(plan.resolved as never) ?? []) {
      rules.push({ axis: 'y', at: a, kind: 'asymptote' });
    }
  }
  return dedupe(rules);
}

/** Rules without repeats (several curves of a sweep share kinks). */
export function dedupe(rules: readonly Rule[]): Rule[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = `${r.axis}:${r.at}:${r.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Axis labels of an op's curve: `x` / `f(x)`, `f′(x)` for activations; `ŷ` or `z` / `L`, `∂L/∂ŷ` for losses. */
export function labelsOf(spec: AnyOpSpec, logits: boolean) {
  if (spec.kind === 'loss') {
    const x = logits ? 'z (logit)' : 'ŷ (yPred)';
    const v = logits ? 'z' : 'ŷ';
    return { x, f: `L(${v})`, df: `∂L/∂${v}` };
  }
  return { x: 'x', f: 'f(x)', df: 'f′(x)' };
}

/** The y-axis label for the shown curves. */
export function yLabelOf(labels: { f: string; df: string }, show: readonly Show[]): string {
  return show.map((s) => labels[s]).join(', ');
}
