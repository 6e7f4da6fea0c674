import {
  type AnyOpSpec,
  catalog,
  type FloatDType,
  forwardSync,
  gradientSync,
  type InputDecl,
  normalizeAxis,
  type OpId,
  opIds,
  type ParamSchema,
  referenceBackend,
  resolveParams,
  type Shape,
  sizeOf,
  type Tensor,
  tensor,
} from '@rectify/core';
import type { ConformanceCase } from './case-file.js';
import { finiteDifferenceTolerance } from './compare.js';
import { hashString, Rng } from './random.js';

/** Options of {@link generateSuite}. */
export interface GenerateOptions {
  /** Ops to generate cases for (default: the whole catalog). */
  readonly ops?: readonly OpId[];
  /** Dtypes to generate cases in (default: float32 and float64). */
  readonly dtypes?: readonly FloatDType[];
  /** Base seed; each op derives its own from it and its id (default 1). */
  readonly seed?: number;
}

type Params = Readonly<Record<string, unknown>>;
type Inputs = Record<string, Tensor>;

const isAxisOp = (spec: AnyOpSpec) => Object.hasOwn(spec.params, 'axis');
const round = (v: number, dtype: FloatDType) => (dtype === 'float32' ? Math.fround(v) : v);

/** Values at which naive formulas overflow, cancel or lose their sign. */
function specialValues(dtype: FloatDType): number[] {
  const big = dtype === 'float32' ? [1e30, 3e38, 88.7, 89, 104] : [1e300, 709.8, 710, 745, 800];
  const values = [0, -0, 1e-30, -1e-30, 1e-8, -1e-8, 20, -20, 40, -40, 100, -100];
  for (const b of big) values.push(b, -b);
  values.push(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN);
  return values.map((v) => round(v, dtype));
}

/** A param set per variant: the defaults, then one change at a time that the op accepts. */
function paramVariants(spec: AnyOpSpec): Params[] {
  const variants: Params[] = [{}];
  const valid = (p: Params) => {
    try {
      const resolved = resolveParams(spec.id, spec.params, p);
      return spec.checkParams?.(resolved) === undefined;
    } catch {
      return false;
    }
  };
  for (const [name, def] of Object.entries(spec.params as ParamSchema)) {
    if (name === 'axis' || name === 'reduction' || name === 'seed') continue;
    let candidates: unknown[];
    if (def.type === 'enum') candidates = def.values.filter((v) => v !== def.default);
    else if (def.type === 'boolean') candidates = [!def.default];
    else candidates = def.default === 0 ? [0.25] : [def.default * 2.5, def.default * 0.4, -def.default];
    const accepted = candidates.filter((v) => valid({ [name]: v }));
    for (const v of accepted.slice(0, 2)) variants.push({ [name]: v });
  }
  if (spec.params.reduction) variants.push({ reduction: 'sum' }, { reduction: 'none' });
  return variants;
}

/** Draws the values of one input per its sample hint. */
function sampleInput(
  decl: InputDecl,
  shape: Shape,
  axisLength: number,
  rng: Rng,
  dtype: FloatDType,
  axis: number,
): Tensor {
  const n = sizeOf(shape);
  const hint = decl.sample;
  if (hint.kind === 'classIndex') {
    return tensor(
      Array.from({ length: n }, () => rng.int(axisLength)),
      shape,
      'int32',
    );
  }
  const data = new Float64Array(n);
  if (hint.kind === 'uniform') for (let i = 0; i < n; i++) data[i] = rng.uniform(hint.lo, hint.hi);
  else if (hint.kind === 'binary') for (let i = 0; i < n; i++) data[i] = rng.int(2);
  else if (hint.kind === 'sign') for (let i = 0; i < n; i++) data[i] = rng.int(2) * 2 - 1;
  else {
    // a distribution along the axis: positive weights normalized per lane
    const outer = sizeOf(shape.slice(0, axis));
    const inner = sizeOf(shape.slice(axis + 1));
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        let s = 0;
        for (let k = 0; k < axisLength; k++)
          s += data[(o * axisLength + k) * inner + i] = rng.uniform(0.05, 1);
        for (let k = 0; k < axisLength; k++) data[(o * axisLength + k) * inner + i]! /= s;
      }
    }
  }
  return tensor(
    data.map((v) => round(v, dtype)),
    shape,
    dtype,
  );
}

/** Inputs of an op for a given shape of its main input (x or yPred). */
function sampleInputs(spec: AnyOpSpec, shape: Shape, params: Params, rng: Rng, dtype: FloatDType): Inputs {
  const axisParam = (params.axis as number | undefined) ?? -1;
  const axis = isAxisOp(spec) && shape.length > 0 ? normalizeAxis(spec.id, axisParam, shape.length) : -1;
  const axisLength = axis >= 0 ? shape[axis]! : 1;
  const inputs: Inputs = {};
  for (const decl of spec.inputs) {
    let s: Shape = shape;
    if (decl.role === 'label') s = shape.filter((_, i) => i !== axis);
    if (spec.id === 'prelu' && decl.name === 'alpha') s = preluAlphaShape(shape, rng);
    inputs[decl.name] = sampleInput(decl, s, axisLength, rng, dtype, axis);
  }
  return inputs;
}

/** A slope shape that broadcasts to x: scalar, per last axis, or per channel [C, 1, 1]. */
function preluAlphaShape(x: Shape, rng: Rng): number[] {
  const options: number[][] = [[]];
  if (x.length >= 1) options.push([1], [x[x.length - 1]!]);
  if (x.length >= 3) options.push([x[x.length - 3]!, 1, 1]);
  return options[rng.int(options.length)]!;
}

function asFloat64(inputs: Inputs): Inputs {
  return Object.fromEntries(
    Object.entries(inputs).map(([k, t]) => [k, t.dtype === 'int32' ? t : t.cast('float64')]),
  );
}

function referenceForward(spec: AnyOpSpec, inputs: Inputs, params: Params): Tensor {
  return forwardSync(spec.id, asFloat64(inputs), params, { backend: referenceBackend });
}

function referenceGradient(spec: AnyOpSpec, inputs: Inputs, params: Params, upstream: Tensor) {
  return gradientSync(spec.id, asFloat64(inputs), params, {
    backend: referenceBackend,
    upstream: upstream.cast('float64'),
  });
}

function randomUpstream(shape: Shape, rng: Rng, dtype: FloatDType): Tensor {
  return tensor(
    Array.from({ length: sizeOf(shape) }, () => round(rng.uniform(-2, 2), dtype)),
    shape,
    dtype,
  );
}

/** A value case: expected output and gradients from the float64 reference. */
function valueCase(
  id: string,
  spec: AnyOpSpec,
  inputs: Inputs,
  params: Params,
  rng: Rng,
  dtype: FloatDType,
): ConformanceCase {
  const expected = referenceForward(spec, inputs, params);
  const upstream = randomUpstream(expected.shape, rng, dtype);
  const wrt = referenceGradient(spec, inputs, params, upstream);
  return { id, op: spec.id, params, inputs, expected, grad: { upstream, wrt }, source: 'generated' };
}

function linspace(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** x values over the op's plotting domain, plus each kink and points just beside it. */
function gridValues(spec: AnyOpSpec, params: Params): number[] {
  const [lo, hi] = spec.viz.domain;
  const resolved = resolveParams(spec.id, spec.params, params);
  const kinks = spec.viz.kinks(resolved).filter(Number.isFinite);
  return [...linspace(lo, hi, 61), ...kinks.flatMap((k) => [k, k - 1e-3, k + 1e-3])];
}

const RANDOM_SHAPES: readonly Shape[] = [[], [0], [1], [7], [3, 4], [2, 3, 4], [2, 0, 3], [64]];

function activationCases(spec: AnyOpSpec, dtype: FloatDType, rng: Rng): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const axisOp = isAxisOp(spec);
  const prefix = `${spec.id}/${dtype}`;
  for (const [v, params] of paramVariants(spec).entries()) {
    const xs = gridValues(spec, params).map((x) => round(x, dtype));
    const shape = [xs.length];
    const inputs = sampleInputs(spec, shape, params, rng, dtype);
    inputs.x = tensor(xs, shape, dtype);
    cases.push(valueCase(`${prefix}/grid/p${v}`, spec, inputs, params, rng, dtype));
  }
  for (const shape of RANDOM_SHAPES) {
    if (axisOp && shape.length === 0) continue;
    const axes = axisOp ? [...new Set([-1, 0, shape.length - 1])] : [undefined];
    for (const axis of axes) {
      const params = axis === undefined ? {} : { axis };
      const inputs = sampleInputs(spec, shape, params, rng, dtype);
      const tag = axis === undefined ? '' : `/axis${axis}`;
      cases.push(valueCase(`${prefix}/random/[${shape.join(',')}]${tag}`, spec, inputs, params, rng, dtype));
    }
  }
  const specials = specialValues(dtype);
  const shape = [specials.length];
  const inputs = sampleInputs(spec, shape, {}, rng, dtype);
  inputs.x = tensor(specials, shape, dtype);
  cases.push(valueCase(`${prefix}/special`, spec, inputs, {}, rng, dtype));
  if (axisOp) {
    const lanes = [0, 1, Number.NEGATIVE_INFINITY, 1e30, 0, -1e30, Number.NaN, 1, 2, 5, 5, 5].map((v) =>
      round(v, dtype),
    );
    cases.push(
      valueCase(`${prefix}/special-lanes`, spec, { x: tensor(lanes, [4, 3], dtype) }, {}, rng, dtype),
    );
  }
  return cases;
}

/** Sparse labels need at least one class wherever there is a sample to label. */
function labelsDrawable(spec: AnyOpSpec, shape: Shape, axis: number | undefined): boolean {
  if (spec.inputs[0]!.role !== 'label' || axis === undefined) return true;
  const a = normalizeAxis(spec.id, axis, shape.length);
  return shape[a] !== 0 || (sizeOf(shape) === 0 && shape.some((d, i) => i !== a && d === 0));
}

function lossCases(spec: AnyOpSpec, dtype: FloatDType, rng: Rng): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const axisOp = isAxisOp(spec);
  const prefix = `${spec.id}/${dtype}`;
  for (const [v, params] of paramVariants(spec).entries()) {
    cases.push(
      valueCase(
        `${prefix}/grid/p${v}`,
        spec,
        sampleInputs(spec, [6, 5], params, rng, dtype),
        params,
        rng,
        dtype,
      ),
    );
  }
  for (const shape of RANDOM_SHAPES) {
    if (axisOp && shape.length === 0) continue;
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      const axes = axisOp ? [...new Set([-1, 0])] : [undefined];
      for (const axis of axes) {
        const params = axis === undefined ? { reduction } : { reduction, axis };
        if (!labelsDrawable(spec, shape, axis)) continue;
        const inputs = sampleInputs(spec, shape, params, rng, dtype);
        const tag = axis === undefined ? '' : `/axis${axis}`;
        cases.push(
          valueCase(
            `${prefix}/random/[${shape.join(',')}]/${reduction}${tag}`,
            spec,
            inputs,
            params,
            rng,
            dtype,
          ),
        );
      }
    }
  }
  // predictions at the extremes, targets as sampled
  const specials = specialValues(dtype);
  const params = { reduction: 'none' };
  const inputs = sampleInputs(spec, [specials.length, 1], params, rng, dtype);
  inputs.yPred = tensor(specials, [specials.length, 1], dtype);
  cases.push(valueCase(`${prefix}/special`, spec, inputs, params, rng, dtype));
  // many terms: a float32 sum that adds one term after the other drifts past the tolerance here
  // (tfjs-wasm's and ONNX Runtime's did, at 1.7e-5 and 2.6e-5 relative), a blocked or double one does not
  const many = { reduction: 'mean' };
  const manyInputs = sampleInputs(spec, MANY_TERMS_SHAPE, many, rng, dtype);
  cases.push(valueCase(`${prefix}/many-terms/mean`, spec, manyInputs, many, rng, dtype));
  return cases;
}

/** 2¹⁸ elements: 4096 samples of 64 classes for the per-sample losses. */
const MANY_TERMS_SHAPE: Shape = [4096, 64];

/**
 * Gradient checks against central differences of the float64 reference forward, at seeded points.
 * A point whose difference quotient changes with the step (a kink within reach) is drawn again.
 */
function finiteDifferenceCases(spec: AnyOpSpec, dtype: FloatDType, rng: Rng): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const shapes: Shape[] = spec.kind === 'loss' || isAxisOp(spec) ? [[3, 4]] : [[12], [2, 3, 4]];
  for (const shape of shapes) {
    for (const params of paramVariants(spec)) {
      for (let attempt = 0; attempt < 20; attempt++) {
        const inputs = sampleInputs(spec, shape, params, rng, dtype);
        const resolved = resolveParams(spec.id, spec.params, params);
        const kinks = spec.kind === 'activation' ? spec.viz.kinks(resolved) : [];
        const x = inputs.x;
        if (x && kinks.some((k) => x.toArray().some((v) => Math.abs(v - k) < 1e-3))) continue;
        const expected = referenceForward(spec, inputs, params);
        const upstream = randomUpstream(expected.shape, rng, dtype);
        const wrt = finiteDifferences(spec, inputs, params, upstream);
        if (!wrt) continue;
        const tag =
          Object.entries(params)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(',') || 'defaults';
        cases.push({
          id: `${spec.id}/${dtype}/finite-difference/[${shape.join(',')}]/${tag}`,
          op: spec.id,
          params,
          inputs,
          expected,
          grad: { upstream, wrt },
          tolerance: finiteDifferenceTolerance[dtype],
          approximate: true,
          source: 'generated',
        });
        break;
      }
    }
  }
  return cases;
}

/** d/dv Σ upstream·f at each element of each differentiable input, or undefined near a kink. */
function finiteDifferences(
  spec: AnyOpSpec,
  inputs: Inputs,
  params: Params,
  upstream: Tensor,
): Record<string, Tensor> | undefined {
  const base = asFloat64(inputs);
  const g = upstream.cast('float64').data;
  const objective = (name: string, data: Float64Array) => {
    const y = forwardSync(spec.id, { ...base, [name]: tensor(data, base[name]!.shape, 'float64') }, params, {
      backend: referenceBackend,
    }).data;
    let s = 0;
    for (let i = 0; i < y.length; i++) s += g[i]! * y[i]!;
    return s;
  };
  const out: Record<string, Tensor> = {};
  for (const name of spec.gradWrt) {
    const x = base[name]!.data as Float64Array;
    const d = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const quotient = (h: number) => {
        const plus = Float64Array.from(x);
        const minus = Float64Array.from(x);
        plus[i]! += h;
        minus[i]! -= h;
        return (objective(name, plus) - objective(name, minus)) / (2 * h);
      };
      const h = 1e-5 * Math.max(1, Math.abs(x[i]!));
      const coarse = quotient(h);
      const fine = quotient(h / 4);
      if (!(Math.abs(coarse - fine) <= 1e-6 * Math.max(1, Math.abs(fine)))) return undefined;
      d[i] = fine + (fine - coarse) / 15; // Richardson: cancels the h² error term
    }
    out[name] = tensor(d, base[name]!.shape, 'float64');
  }
  return out;
}

/** Calls every backend must refuse with the named error, before doing any work. */
function errorCases(spec: AnyOpSpec, rng: Rng): ConformanceCase[] {
  const dtype = 'float32';
  const shape = spec.kind === 'loss' || isAxisOp(spec) ? [2, 3] : [4];
  const ok = sampleInputs(spec, shape, {}, rng, dtype);
  const prefix = `${spec.id}/errors`;
  const cases: ConformanceCase[] = [
    {
      id: `${prefix}/unknown-param`,
      op: spec.id,
      params: { notAParam: 1 },
      inputs: ok,
      expectError: 'InvalidParamError',
      source: 'generated',
    },
  ];
  for (const [name, def] of Object.entries(spec.params as ParamSchema)) {
    const bad = def.type === 'number' ? Number.NaN : def.type === 'boolean' ? 'yes' : 'no-such-value';
    cases.push({
      id: `${prefix}/param-${name}-invalid`,
      op: spec.id,
      params: { [name]: bad },
      inputs: ok,
      expectError: 'InvalidParamError',
      source: 'generated',
    });
  }
  if (isAxisOp(spec)) {
    cases.push({
      id: `${prefix}/axis-out-of-range`,
      op: spec.id,
      params: { axis: shape.length },
      inputs: ok,
      expectError: 'InvalidParamError',
      source: 'generated',
    });
  }
  const main = spec.kind === 'loss' ? 'yPred' : 'x';
  const asInt = tensor(
    Array.from({ length: sizeOf(ok[main]!.shape) }, (_, i) => i),
    ok[main]!.shape,
    'int32',
  );
  cases.push({
    id: `${prefix}/int32-input`,
    op: spec.id,
    inputs: { ...ok, [main]: asInt },
    expectError: 'DTypeError',
    source: 'generated',
  });
  if (spec.kind === 'loss') {
    const other =
      spec.inputs[0]!.role === 'label'
        ? tensor([0, 0, 0], [3], 'int32')
        : tensor([0.5, 0.5, 0.5], [3], dtype);
    cases.push({
      id: `${prefix}/shape-mismatch`,
      op: spec.id,
      inputs: { ...ok, yTrue: other },
      expectError: 'ShapeError',
      source: 'generated',
    });
  }
  if (spec.inputs[0]!.role === 'label') {
    cases.push({
      id: `${prefix}/label-out-of-range`,
      op: spec.id,
      inputs: { ...ok, yTrue: tensor([0, 3], [2], 'int32') },
      expectError: 'InvalidInputError',
      source: 'generated',
    });
  }
  if (spec.id === 'prelu') {
    cases.push({
      id: `${prefix}/alpha-does-not-broadcast`,
      op: spec.id,
      inputs: { x: ok.x!, alpha: tensor([1, 2, 3], [3], dtype) },
      expectError: 'ShapeError',
      source: 'generated',
    });
  }
  return cases;
}

/**
 * The built-in suite, generated from the core specs: reference grids with every kink, each param
 * variant, seeded random shapes (scalars and empty tensors included), IEEE specials and huge
 * magnitudes, finite-difference gradient checks, and the error every bad call must raise.
 * Expected values come from the float64 reference on the exact (dtype-rounded) inputs.
 *
 * @example
 * ```ts
 * const cases = generateSuite({ ops: ['leakyRelu'], dtypes: ['float32'] });
 * ```
 */
export function generateSuite(options: GenerateOptions = {}): ConformanceCase[] {
  const ops = options.ops ?? opIds;
  const dtypes = options.dtypes ?? (['float32', 'float64'] as const);
  const cases: ConformanceCase[] = [];
  for (const op of ops) {
    const spec = catalog[op] as AnyOpSpec;
    const rng = new Rng(hashString(op) ^ (options.seed ?? 1));
    for (const dtype of dtypes) {
      cases.push(...(spec.kind === 'loss' ? lossCases(spec, dtype, rng) : activationCases(spec, dtype, rng)));
      cases.push(...finiteDifferenceCases(spec, dtype, rng));
    }
    cases.push(...errorCases(spec, rng));
  }
  cases.push({
    id: 'catalog/errors/unknown-op',
    op: 'notAnOp',
    inputs: { x: tensor([1]) },
    expectError: 'UnknownOpError',
    source: 'generated',
  });
  return cases;
}

/**
 * A small valid set of inputs for any op, the same on every call: `x` (or `yTrue`/`yPred`) of shape
 * [3, 4] drawn per the op's sample hints, a prelu slope that broadcasts to it, sparse labels of shape [3].
 * For tests that need some realistic call of every op (leaks, immutability, export round trips).
 *
 * @example
 * ```ts
 * for (const op of opIds) await forward(op, smallInputs(op), {}, { backend });
 * ```
 */
export function smallInputs(op: OpId, dtype: FloatDType = 'float32'): Record<string, Tensor> {
  const spec = catalog[op] as AnyOpSpec;
  return sampleInputs(spec, [3, 4], {}, new Rng(hashString(op)), dtype);
}
