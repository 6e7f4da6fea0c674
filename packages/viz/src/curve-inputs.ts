/**
 * How an op becomes a curve y = f(x) with its derivative — the one mapping every plot, the sampler and
 * the playground share.
 *
 * - **Elementwise activations** (relu, gelu, rrelu, …): `x` is the grid (shape `[n]`), f the forward
 *   pass, f′ the gradient with upstream ones.
 * - **prelu**: core takes its slope as an input tensor; here it is the number `params.alpha` (default
 *   0.25), fed as `alpha = [a]`, which broadcasts to the grid from the trailing axis.
 * - **softmax, logSoftmax**: each grid value becomes a row `[x, 0]` (shape `[n, 2]`, axis −1); f is
 *   column 0 (for softmax, σ(x)) and f′ = ∂y₀/∂x₀, the gradient with upstream rows `[1, 0]`, column 0.
 * - **Losses** (reduction `'none'`): x is yPred — the logit for `fromLogits` — and the target is
 *   `options.target ?? spec.viz.target ?? 1`.
 *   Pointwise losses: yTrue is the target repeated, yPred the grid, f′ = ∂L/∂yPred.
 *   Per-sample losses (categoricalCrossentropy, kullbackLeiblerDivergence, cosineSimilarity): two
 *   classes, yTrue = `[t, 1 − t]`, yPred = `[p, 1 − p]` (logits `[z, 0]`); sparseCategoricalCrossentropy
 *   takes the label round(t) (0 or 1). f is the per-sample loss, f′ = ∂L/∂yPred₀ (column 0).
 * - **Domain**: `spec.viz.domain` unless given; logit inputs take [−6, 6]; probability inputs are
 *   pulled in to [1e-7, 1 − 1e-7], the clip range of the probabilistic losses, so that the curve ends
 *   where the clipped loss does instead of dropping to a zero gradient at exactly 0 or 1.
 *
 * Every value fed to the op is first rounded to the input dtype, so that a float32 backend and the
 * float64 reference can be given identical inputs (see `plotError`).
 */
import {
  type AnyOpSpec,
  type FloatDType,
  getSpec,
  InvalidParamError,
  type NumberParam,
  numberParam,
  type ParamSchema,
  resolveParams,
  type Tensor,
  tensor,
} from '@rectify/core';

/** The clip range of probability inputs (binaryCrossentropy, categoricalCrossentropy, …). */
const PROB_EPS = 1e-7;
/** The default x range of losses fed logits. */
const LOGIT_DOMAIN: readonly [number, number] = [-6, 6];
/** The slope prelu's curve uses when none is given (PyTorch's initial value). */
const PRELU_ALPHA = 0.25;
const preluAlpha = numberParam(
  PRELU_ALPHA,
  "prelu's slope for x ≤ 0, fed as the alpha input tensor [alpha].",
);

/** A slider of the playground: a numeric param of an op with finite bounds and a step. */
export interface CurveParam {
  readonly name: string;
  readonly doc: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/** Hand-picked ranges where the schema is open-ended or a nicer range exists. */
const sliderRanges: Readonly<Record<string, readonly [number, number, number]>> = {
  'leakyRelu.alpha': [0, 1, 0.01],
  'prelu.alpha': [0, 1, 0.01],
  'elu.alpha': [0, 3, 0.05],
  'celu.alpha': [0.1, 3, 0.05],
  'softplus.beta': [0.1, 10, 0.1],
  'thresholdedRelu.alpha': [-1, 3, 0.05],
  'hardTanh.min': [-3, 0, 0.05],
  'hardTanh.max': [0, 3, 0.05],
  'hardSigmoid.alpha': [0, 1, 0.01],
  'hardSigmoid.beta': [0, 1, 0.01],
  'rrelu.lower': [0, 0.5, 0.01],
  'rrelu.upper': [0, 0.5, 0.01],
  'huber.delta': [0.1, 3, 0.05],
};

/** The schema the curve of an op takes: the op's own, plus prelu's `alpha`. */
function curveSchema(spec: AnyOpSpec): ParamSchema {
  return spec.id === 'prelu' ? { ...spec.params, alpha: preluAlpha } : spec.params;
}

/** A step of 1, 2 or 5 times a power of ten, about a hundredth of the range. */
function niceStep(span: number): number {
  const raw = span / 100;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

function sliderOf(op: string, name: string, def: NumberParam): CurveParam {
  const fixed = sliderRanges[`${op}.${name}`];
  if (fixed) {
    const [min, max, step] = fixed;
    return { name, doc: def.doc, default: def.default, min, max, step };
  }
  const d = def.default;
  const reach = Math.max(1, Math.abs(d) * 2);
  let min = def.min !== undefined && Number.isFinite(def.min) ? def.min : d >= 0 ? 0 : d - reach;
  let max = def.max !== undefined && Number.isFinite(def.max) ? def.max : d + reach;
  if (min > d) min = d;
  if (max < d) max = d;
  let step = niceStep(max - min);
  if (def.exclusiveMin) min += step;
  if (def.exclusiveMax) max -= step;
  step = niceStep(max - min);
  return { name, doc: def.doc, default: d, min, max, step };
}

/**
 * The numeric params of an op that make sense as sliders: every non-integer number param of its
 * schema (so not `axis` or `seed`), and prelu's `alpha`, with finite bounds taken from the schema's
 * range (or a hand-picked range where the schema is open) and a round step.
 *
 * @example
 * ```ts
 * curveParams('leakyRelu'); // [{ name: 'alpha', default: 0.01, min: 0, max: 1, step: 0.01, doc: '…' }]
 * curveParams('prelu');     // [{ name: 'alpha', default: 0.25, min: 0, max: 1, step: 0.01, doc: '…' }]
 * ```
 */
export function curveParams(op: string): readonly CurveParam[] {
  const spec = getSpec(op);
  const out: CurveParam[] = [];
  for (const [name, def] of Object.entries(curveSchema(spec))) {
    if (def.type !== 'number' || def.integer) continue;
    out.push(sliderOf(spec.id, name, def));
  }
  return out;
}

/** What a curve is fed and how its f and f′ are read back. */
export interface CurvePlan {
  readonly spec: AnyOpSpec;
  /** The x values fed, after rounding to the input dtype. */
  readonly x: Float64Array;
  readonly inputs: Readonly<Record<string, Tensor>>;
  /** The params passed to core (prelu's alpha removed, reduction 'none' for losses). */
  readonly opParams: Readonly<Record<string, unknown>>;
  /** All params of the curve with defaults filled in (for kinks and asymptotes). */
  readonly resolved: Readonly<Record<string, unknown>>;
  readonly upstream: Tensor | undefined;
  /** The input the gradient is read from. */
  readonly gradInput: 'x' | 'yPred';
  /** Stride of the forward output and of the gradient (2 for two-column layouts), column 0 read. */
  readonly fStride: 1 | 2;
  readonly dfStride: 1 | 2;
  /**
   * For rows `[p, 1 − p]` the derivative along the curve is ∂L/∂y₀ − ∂L/∂y₁: plots that chain the
   * curve's slope (`plotLoss` through a sigmoid) need that, not column 0 alone.
   */
  readonly pathMinusColumn1: boolean;
}

/** What a curve plan needs besides the op and params. */
export interface PlanOptions {
  readonly domain?: readonly [number, number] | undefined;
  readonly points?: number | undefined;
  readonly target?: number | undefined;
  /** The dtype the op computes in. */
  readonly dtype: FloatDType;
  /** The dtype the fed values are rounded to first (default: `dtype`). */
  readonly inputDtype?: FloatDType | undefined;
  /** Feed exactly these x values instead of a grid over the domain. */
  readonly grid?: ArrayLike<number> | undefined;
}

function isPerSample(spec: AnyOpSpec): boolean {
  return spec.kind === 'loss' && Object.hasOwn(spec.params, 'axis');
}

function isAxisActivation(spec: AnyOpSpec): boolean {
  return spec.kind === 'activation' && Object.hasOwn(spec.params, 'axis');
}

/** Validates the params of a curve of `spec` and splits them into what core gets and what the plot uses. */
export function resolveCurveParams(
  spec: AnyOpSpec,
  params: Readonly<Record<string, unknown>> | undefined,
): { opParams: Record<string, unknown>; resolved: Readonly<Record<string, unknown>> } {
  const resolved = resolveParams(spec.id, curveSchema(spec), params) as Readonly<Record<string, unknown>>;
  const broken = spec.checkParams?.(resolved as never);
  if (broken) throw new InvalidParamError(broken, { op: spec.id });
  const opParams: Record<string, unknown> = { ...params };
  if (spec.id === 'prelu') delete opParams.alpha;
  if (isAxisActivation(spec) && resolved.axis !== -1 && resolved.axis !== 1) {
    throw new InvalidParamError(
      `the curve of ${spec.id} runs along the last axis (axis -1), got axis ${String(resolved.axis)}`,
      {
        op: spec.id,
      },
    );
  }
  if (isPerSample(spec) && resolved.axis !== -1 && resolved.axis !== 1) {
    throw new InvalidParamError(
      `the curve of ${spec.id} puts the classes on the last axis (axis -1), got axis ${String(resolved.axis)}`,
      {
        op: spec.id,
      },
    );
  }
  // a curve shows one loss per x: the reduction is always 'none'
  if (spec.kind === 'loss') opParams.reduction = 'none';
  return { opParams, resolved };
}

/** Whether a loss's yPred is a probability on this curve (not a logit). */
function takesProbabilities(spec: AnyOpSpec, resolved: Readonly<Record<string, unknown>>): boolean {
  const [lo, hi] = spec.viz.domain;
  return (
    spec.kind === 'loss' &&
    spec.group === 'probabilistic-loss' &&
    resolved.fromLogits !== true &&
    lo >= 0 &&
    hi <= 1
  );
}

/**
 * The default x range of an op's curve: `spec.viz.domain`, [−6, 6] for logits, and probability
 * ranges pulled in to [1e-7, 1 − 1e-7].
 *
 * @example
 * ```ts
 * curveDomain('relu');                                      // [-4, 4]
 * curveDomain('binaryCrossentropy');                        // [1e-7, 0.9999999]
 * curveDomain('binaryCrossentropy', { fromLogits: true });  // [-6, 6]
 * ```
 */
export function curveDomain(
  op: string,
  params?: Readonly<Record<string, unknown>>,
): readonly [number, number] {
  const spec = getSpec(op);
  return domainOf(spec, resolveCurveParams(spec, params).resolved);
}

function domainOf(spec: AnyOpSpec, resolved: Readonly<Record<string, unknown>>): readonly [number, number] {
  if (spec.kind === 'loss' && resolved.fromLogits === true) return LOGIT_DOMAIN;
  const [lo, hi] = spec.viz.domain;
  if (takesProbabilities(spec, resolved)) return [Math.max(lo, PROB_EPS), Math.min(hi, 1 - PROB_EPS)];
  return [lo, hi];
}

/** Checks a domain option; `who` names the caller in the message. */
export function checkDomain(who: string, domain: unknown): readonly [number, number] {
  if (
    !Array.isArray(domain) ||
    domain.length !== 2 ||
    !domain.every((v) => typeof v === 'number' && Number.isFinite(v)) ||
    !(domain[0] < domain[1])
  ) {
    throw new InvalidParamError(
      `${who}: domain must be two finite numbers [lo, hi] with lo < hi, got ${JSON.stringify(domain)}`,
    );
  }
  return domain as unknown as readonly [number, number];
}

function checkPoints(who: string, points: unknown): number {
  if (!(typeof points === 'number' && Number.isInteger(points) && points >= 2 && points <= 100_000)) {
    throw new InvalidParamError(`${who}: points must be an integer in [2, 100000], got ${String(points)}`);
  }
  return points;
}

function checkTarget(spec: AnyOpSpec, target: unknown): number {
  if (typeof target !== 'number' || !Number.isFinite(target)) {
    throw new InvalidParamError(`target must be a finite number, got ${String(target)}`, { op: spec.id });
  }
  return target;
}

/**
 * Plans the curve of an op: validates params and options (typed errors, before any work) and builds
 * the input tensors. See the module comment for the mapping.
 */
export function planCurve(
  op: string,
  params: Readonly<Record<string, unknown>> | undefined,
  options: PlanOptions,
): CurvePlan {
  const spec = getSpec(op);
  const { opParams, resolved } = resolveCurveParams(spec, params);
  const round = (options.inputDtype ?? options.dtype) === 'float32' ? Math.fround : (v: number) => v;
  let x: Float64Array;
  if (options.grid) {
    x = Float64Array.from(options.grid, round);
  } else {
    const [lo, hi] = options.domain ? checkDomain(spec.id, options.domain) : domainOf(spec, resolved);
    const n = checkPoints(spec.id, options.points ?? 241);
    x = new Float64Array(n);
    // lo + (hi − lo)·i/(n − 1) hits 0 exactly on symmetric domains with an odd n: the kink is sampled
    for (let i = 0; i < n; i++) x[i] = round(lo + ((hi - lo) * i) / (n - 1));
  }
  const n = x.length;
  const { dtype } = options;
  const make = (values: Float64Array, shape: readonly number[]) => tensor(values.map(round), shape, dtype);
  const rows = (second: (v: number) => number) => {
    const r = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      r[2 * i] = x[i]!;
      r[2 * i + 1] = second(x[i]!);
    }
    return r;
  };
  const base = { spec, x, opParams, resolved };

  if (spec.kind === 'activation') {
    if (isAxisActivation(spec)) {
      const upstream = make(
        rows(() => 0).map((_, i) => (i % 2 === 0 ? 1 : 0)),
        [n, 2],
      );
      return {
        ...base,
        inputs: {
          x: make(
            rows(() => 0),
            [n, 2],
          ),
        },
        upstream,
        gradInput: 'x',
        fStride: 2,
        dfStride: 2,
        pathMinusColumn1: false,
      };
    }
    const inputs: Record<string, Tensor> = { x: make(x, [n]) };
    if (spec.id === 'prelu') inputs.alpha = make(Float64Array.of(resolved.alpha as number), [1]);
    return {
      ...base,
      inputs,
      upstream: undefined,
      gradInput: 'x',
      fStride: 1,
      dfStride: 1,
      pathMinusColumn1: false,
    };
  }

  const target = checkTarget(spec, options.target ?? spec.viz.target ?? 1);
  const logits = resolved.fromLogits === true;
  if (!isPerSample(spec)) {
    return {
      ...base,
      inputs: { yTrue: make(new Float64Array(n).fill(target), [n]), yPred: make(x, [n]) },
      upstream: undefined,
      gradInput: 'yPred',
      fStride: 1,
      dfStride: 1,
      pathMinusColumn1: false,
    };
  }
  const yPred = make(rows(logits ? () => 0 : (p) => 1 - p), [n, 2]);
  let yTrue: Tensor;
  if (spec.inputs[0]!.role === 'label') {
    const label = Math.round(target);
    if (label !== 0 && label !== 1) {
      throw new InvalidParamError(`the two-class curve takes target 0 or 1 (a class index), got ${target}`, {
        op: spec.id,
      });
    }
    yTrue = tensor(new Int32Array(n).fill(label), [n], 'int32');
  } else {
    const t = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      t[2 * i] = target;
      t[2 * i + 1] = 1 - target;
    }
    yTrue = make(t, [n, 2]);
  }
  return {
    ...base,
    inputs: { yTrue, yPred },
    upstream: undefined,
    gradInput: 'yPred',
    fStride: 1,
    dfStride: 2,
    pathMinusColumn1: !logits,
  };
}

/** f, f′ and the derivative along the curve, read back from the forward output and the gradients. */
export function readCurve(
  plan: CurvePlan,
  y: Tensor,
  grads: Readonly<Record<string, Tensor>>,
): { x: Float64Array; f: Float64Array; df: Float64Array; dpath: Float64Array } {
  const n = plan.x.length;
  const g = grads[plan.gradInput]!.data;
  const f = new Float64Array(n);
  const df = new Float64Array(n);
  const dpath = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    f[i] = y.data[i * plan.fStride]!;
    df[i] = g[i * plan.dfStride]!;
    dpath[i] = plan.pathMinusColumn1 ? df[i]! - g[i * 2 + 1]! : df[i]!;
  }
  return { x: plan.x, f, df, dpath };
}
