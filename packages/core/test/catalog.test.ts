import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import {
  type AnyOpSpec,
  catalog,
  forwardSync,
  getSpec,
  gradientSync,
  type InputDecl,
  opIds,
  referenceBackend,
  resolveParams,
  type Shape,
  type Tensor,
  tensor,
} from '../src/index.js';

// The ids of shared/spec/catalog.md, the contract every package implements.
const CATALOG_IDS = [
  'relu',
  'relu6',
  'leakyRelu',
  'prelu',
  'rrelu',
  'elu',
  'selu',
  'celu',
  'gelu',
  'silu',
  'mish',
  'softplus',
  'softsign',
  'sigmoid',
  'logSigmoid',
  'hardSigmoid',
  'hardSwish',
  'tanh',
  'hardTanh',
  'thresholdedRelu',
  'softmax',
  'logSoftmax',
  'meanSquaredError',
  'meanAbsoluteError',
  'huber',
  'logCosh',
  'meanSquaredLogarithmicError',
  'meanAbsolutePercentageError',
  'binaryCrossentropy',
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'kullbackLeiblerDivergence',
  'hinge',
  'squaredHinge',
  'poisson',
  'cosineSimilarity',
];

const specs = Object.values(catalog) as AnyOpSpec[];

/** A seeded stream in [0, 1) so failures reproduce. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 4294967296;
  };
}

function sample(decl: InputDecl, shape: Shape, classes: number, next: () => number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const h = decl.sample;
  const draw = (): number => {
    switch (h.kind) {
      case 'uniform':
        return h.lo + (h.hi - h.lo) * next();
      case 'binary':
        return next() < 0.5 ? 0 : 1;
      case 'sign':
        return next() < 0.5 ? -1 : 1;
      case 'classIndex':
        return Math.floor(next() * classes);
      default:
        return 0.05 + next();
    }
  };
  const values = Array.from({ length: n }, draw);
  return tensor(values, shape, decl.role === 'label' ? 'int32' : 'float64');
}

function inputsFor(spec: AnyOpSpec, next: () => number): Record<string, Tensor> {
  const shape = [3, 4];
  const out: Record<string, Tensor> = {};
  for (const decl of spec.inputs) {
    const s = decl.role === 'label' ? [3] : spec.id === 'prelu' && decl.name === 'alpha' ? [4] : shape;
    out[decl.name] = sample(decl, s, 4, next);
  }
  return out;
}

describe('the catalog', () => {
  it('has exactly the ops of the catalog, in order', () => {
    expect(opIds).toEqual(CATALOG_IDS);
  });

  it.each(CATALOG_IDS)('%s has a complete spec, a public function and a gradient function', (id) => {
    const spec = getSpec(id);
    expect(spec.id).toBe(id);
    expect(['activation', 'loss']).toContain(spec.kind);
    expect(spec.inputs.length).toBeGreaterThan(0);
    expect(spec.gradWrt.length).toBeGreaterThan(0);
    for (const name of spec.gradWrt) expect(spec.inputs.map((d) => d.name)).toContain(name);
    expect(typeof spec.forward).toBe('function');
    expect(typeof spec.backward).toBe('function');
    for (const field of ['summary', 'formula', 'derivative', 'kinks'] as const) {
      expect(spec.docs[field].length, `docs.${field}`).toBeGreaterThan(3);
    }
    expect(spec.docs.example).toBeDefined();
    expect(spec.viz.domain[0]).toBeLessThan(spec.viz.domain[1]);
    for (const [name, def] of Object.entries(spec.params))
      expect(def.doc.length, `param ${name} doc`).toBeGreaterThan(3);
    expect(typeof (api as Record<string, unknown>)[id]).toBe('function');
    expect(typeof (api as Record<string, unknown>)[`${id}Grad`]).toBe('function');
    expect(Object.isFrozen(spec)).toBe(true);
  });

  it('resolves the swish alias to silu and refuses unknown ids', () => {
    expect(getSpec('swish')).toBe(catalog.silu);
    expect(() => getSpec('notAnOp')).toThrow(expect.objectContaining({ name: 'UnknownOpError' }));
  });
});

describe('docs examples', () => {
  it.each(specs.map((s) => [s.id, s] as const))('%s: the example matches the reference', (_id, spec) => {
    const { params = {}, inputs, output } = spec.docs.example;
    const decoded = Object.fromEntries(
      spec.inputs.map((d) => [
        d.name,
        tensor(inputs[d.name]!, undefined, d.role === 'label' ? 'int32' : 'float64'),
      ]),
    );
    const y = forwardSync(spec.id, decoded, params, { backend: referenceBackend });
    const want = tensor(output, undefined, 'float64');
    expect(y.shape).toEqual(want.shape);
    want.data.forEach((w, i) => {
      const got = y.data[i]!;
      if (Number.isNaN(w)) expect(got).toBeNaN();
      else expect(Math.abs(got - w)).toBeLessThanOrEqual(1e-6 * Math.abs(w) + 1e-9);
    });
  });
});

describe('float64 reference gradients agree with finite differences', () => {
  it.each(specs.map((s) => [s.id, s] as const))('%s', (_id, spec) => {
    const next = rng(7);
    const paramSets: Record<string, unknown>[] = [{}];
    if (spec.params.reduction) paramSets.push({ reduction: 'sum' }, { reduction: 'none' });
    for (const params of paramSets) {
      const inputs = inputsFor(spec, next);
      const y = forwardSync(spec.id, inputs, params, { backend: referenceBackend });
      const g = tensor(
        Array.from({ length: y.size }, () => next() * 2 - 1),
        y.shape,
        'float64',
      );
      const grads = gradientSync(spec.id, inputs, params, { backend: referenceBackend, upstream: g });
      for (const name of spec.gradWrt) {
        const x = inputs[name]!;
        for (let i = 0; i < x.size; i++) {
          const h = 1e-6 * Math.max(1, Math.abs(x.data[i]!));
          const shifted = (delta: number) => {
            const data = Float64Array.from(x.data);
            data[i]! += delta;
            const out = forwardSync(spec.id, { ...inputs, [name]: tensor(data, x.shape) }, params, {
              backend: referenceBackend,
            });
            let s = 0;
            out.data.forEach((v, k) => {
              s += v * g.data[k]!;
            });
            return s;
          };
          const fd = (shifted(h) - shifted(-h)) / (2 * h);
          const analytic = grads[name]!.data[i]!;
          expect(
            Math.abs(analytic - fd),
            `${spec.id} d/d${name}[${i}] ${JSON.stringify(params)}`,
          ).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(fd)));
        }
      }
    }
  });
});

describe('edge shapes and IEEE values', () => {
  const elementwise = specs.filter((s) => s.elementwise);

  it.each(elementwise.map((s) => [s.id, s] as const))(
    '%s: NaN in gives NaN out, ±∞ give limits, not NaN',
    (_id, spec) => {
      const x = tensor([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0], [4], 'float64');
      const y = forwardSync(spec.id, { x }, {}, { backend: referenceBackend });
      expect(y.data[0]).toBeNaN();
      expect(y.data[1]).not.toBeNaN();
      expect(y.data[2]).not.toBeNaN();
      const dx = gradientSync(spec.id, { x }, {}, { backend: referenceBackend }).x!;
      expect(dx.data[0]).toBeNaN();
      expect(dx.data[1]).not.toBeNaN();
      expect(dx.data[2]).not.toBeNaN();
    },
  );

  it.each(specs.map((s) => [s.id, s] as const))(
    '%s: empty tensors give empty outputs and gradients',
    (_id, spec) => {
      const inputs: Record<string, Tensor> = {};
      for (const d of spec.inputs) {
        const shape = d.role === 'label' ? [0] : spec.id === 'prelu' && d.name === 'alpha' ? [] : [0, 3];
        inputs[d.name] =
          d.role === 'label'
            ? tensor([], shape, 'int32')
            : spec.id === 'prelu' && d.name === 'alpha'
              ? tensor(0.25, [], 'float64')
              : tensor([], shape, 'float64');
      }
      const params = spec.params.reduction ? { reduction: 'none' } : {};
      const y = forwardSync(spec.id, inputs, params, { backend: referenceBackend });
      expect(y.size).toBe(0);
      const grads = gradientSync(spec.id, inputs, params, { backend: referenceBackend });
      for (const name of spec.gradWrt) expect(grads[name]!.shape).toEqual(inputs[name]!.shape);
      if (spec.kind === 'loss') {
        expect(forwardSync(spec.id, inputs, {}, { backend: referenceBackend }).data[0]).toBeNaN();
        expect(
          forwardSync(spec.id, inputs, { reduction: 'sum' }, { backend: referenceBackend }).data[0],
        ).toBe(0);
      }
    },
  );

  it.each(specs.filter((s) => s.kind === 'activation' && !s.params.axis).map((s) => [s.id, s] as const))(
    '%s: a scalar gives a scalar',
    (_id, spec) => {
      const inputs: Record<string, Tensor> = { x: tensor(-0.5, [], 'float64') };
      if (spec.id === 'prelu') inputs.alpha = tensor(0.25, [], 'float64');
      const y = forwardSync(spec.id, inputs, {}, { backend: referenceBackend });
      expect(y.shape).toEqual([]);
      expect(y.size).toBe(1);
    },
  );

  it('params resolve to their defaults', () => {
    expect(resolveParams('leakyRelu', catalog.leakyRelu.params, {})).toEqual({ alpha: 0.01 });
  });
});

describe('activation properties', () => {
  /** f′ at x for the default params: elementwise ops by their scalar derivative, the rest through the reference. */
  function slopeAt(id: string, x: number): number {
    const spec = getSpec(id);
    if (spec.elementwise) return spec.elementwise.df(x, resolveParams(id, spec.params, {}));
    const at = (inputs: Record<string, Tensor>) =>
      gradientSync(id, inputs, {}, { backend: referenceBackend }).x!.data[0]!;
    if (id === 'prelu') return at({ x: tensor([x], [1], 'float64'), alpha: tensor([0.25], [1], 'float64') });
    // softmax and logSoftmax: the first output against the first logit, the other logit at 0
    return gradientSync(
      id,
      { x: tensor([[x, 0]], [1, 2], 'float64') },
      {},
      { backend: referenceBackend, upstream: tensor([[1, 0]], [1, 2], 'float64') },
    ).x!.data[0]!;
  }

  const activations = CATALOG_IDS.filter((id) => getSpec(id).kind === 'activation');
  it.each(activations)('%s states its properties, and saturates where its gradient vanishes', (id) => {
    const props = getSpec(id).docs.properties;
    expect(props, 'docs.properties').toBeDefined();
    const flat = (x: number) => Math.abs(slopeAt(id, x)) < 1e-6;
    const side = flat(-1e4) ? (flat(1e4) ? 'both' : 'left') : flat(1e4) ? 'right' : 'none';
    expect(props!.saturates).toBe(side);
  });

  it('is stated for activations only', () => {
    for (const id of CATALOG_IDS.filter((i) => getSpec(i).kind === 'loss'))
      expect(getSpec(id).docs.properties).toBeUndefined();
  });
});
