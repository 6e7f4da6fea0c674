import { referenceBackend, tensor } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import {
  CaseFormatError,
  compare,
  formatMatrix,
  generateSuite,
  parseCaseFile,
  runCases,
  summarize,
  toJsonReport,
  ulpOf,
} from '../src/index.js';
import { loadBuiltInCaseFiles } from '../src/node.js';

describe('compare', () => {
  it('applies |got − expected| ≤ atol + rtol·|expected|, NaN only to NaN, ∞ only to the same ∞', () => {
    const tol = { rtol: 1e-3, atol: 1e-6 };
    expect(compare([1.0009], [1], tol, 'float64').failures).toBe(0);
    expect(compare([1.0011], [1], tol, 'float64').failures).toBe(1);
    expect(compare([Number.NaN], [Number.NaN], tol, 'float64').failures).toBe(0);
    expect(compare([0], [Number.NaN], tol, 'float64').failures).toBe(1);
    expect(compare([Number.NaN], [0], tol, 'float64').failures).toBe(1);
    expect(compare([Number.POSITIVE_INFINITY], [Number.POSITIVE_INFINITY], tol, 'float64').failures).toBe(0);
    expect(compare([Number.NEGATIVE_INFINITY], [Number.POSITIVE_INFINITY], tol, 'float64').failures).toBe(1);
    expect(compare([1e308], [Number.POSITIVE_INFINITY], tol, 'float64').failures).toBe(1);
  });

  it('measures ULPs of the dtype', () => {
    expect(ulpOf(1, 'float32')).toBe(2 ** -23);
    expect(ulpOf(1, 'float64')).toBe(2 ** -52);
    expect(compare([1 + 2 ** -22], [1], { rtol: 0, atol: 1 }, 'float32').maxUlp).toBe(2);
  });
});

describe('case files', () => {
  const file = {
    format: 'rectify-cases/1',
    source: 'test',
    cases: [
      {
        id: 'lr',
        op: 'leakyRelu',
        params: { alpha: 0.1 },
        inputs: { x: { dtype: 'float32', shape: [2, 3], data: [-2, -1, 0, 1, 2, 'NaN'] } },
        expected: { dtype: 'float64', shape: [2, 3], data: [-0.2, -0.1, 0, 1, 2, 'NaN'] },
        grad: {
          upstream: { dtype: 'float32', shape: [2, 3], data: [1, 1, 1, 1, 1, 1] },
          wrt: { x: { dtype: 'float64', shape: [2, 3], data: [0.1, 0.1, 0.1, 1, 1, 'NaN'] } },
        },
        tolerance: { rtol: 1e-5, atol: 1e-7 },
      },
      {
        id: 'bad',
        op: 'hardTanh',
        params: { min: 1, max: -1 },
        inputs: { x: { dtype: 'float32', shape: [1], data: [0] } },
        expectError: 'InvalidParamError',
      },
    ],
  };

  it('parses the documented example and runs it', async () => {
    const cases = parseCaseFile(file, 'example.json');
    expect(cases[0]!.inputs.x!.data[5]).toBeNaN();
    const results = await runCases([referenceBackend], cases);
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass']);
  });

  it('fails a case whose values are off, and an expectError case that computes', async () => {
    const broken = structuredClone(file);
    broken.cases[0]!.expected!.data[0] = -0.3;
    broken.cases[1]!.params = { min: -1, max: 1 };
    const results = await runCases([referenceBackend], parseCaseFile(broken, 'broken.json'));
    expect(results.map((r) => r.status)).toEqual(['fail', 'fail']);
    expect(results[0]!.error).toMatch(/forward: 1 element/);
    expect(summarize(results).ok).toBe(false);
  });

  it('reports malformed files with the file, case and field', () => {
    const bad = structuredClone(file);
    (bad.cases[0]!.inputs.x as { data: unknown[] }).data[1] = 'inf';
    expect(() => parseCaseFile(bad, 'f.json')).toThrow(CaseFormatError);
    expect(() => parseCaseFile(bad, 'f.json')).toThrow(/f\.json: cases\[0\] \(lr\)\.inputs\.x\.data\[1\]/);
    expect(() => parseCaseFile({ format: 'other' }, 'f.json')).toThrow(/rectify-cases\/1/);
  });

  it('marks dtypes a backend does not declare as unsupported, never as passed', async () => {
    const f32only = { ...referenceBackend, name: 'f32', dtypes: ['float32'] as const };
    const cases = generateSuite({ ops: ['relu'], dtypes: ['float64'] }).filter((c) => !c.expectError);
    const results = await runCases([f32only], cases);
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['unsupported']));
  });

  it('the vendored ONNX node cases load and pass on the reference', async () => {
    const { cases } = loadBuiltInCaseFiles();
    expect(cases.length).toBeGreaterThanOrEqual(56);
    const results = await runCases([referenceBackend], cases);
    expect(results.filter((r) => r.status !== 'pass').map((r) => `${r.case}: ${r.error}`)).toEqual([]);
  });
});

describe('the generated suite', () => {
  const cases = generateSuite({
    ops: ['leakyRelu', 'softmax', 'binaryCrossentropy', 'sparseCategoricalCrossentropy'],
  });

  it('covers scalars, empty tensors, specials, finite differences and errors', () => {
    const ids = cases.map((c) => c.id);
    expect(ids).toContain('leakyRelu/float32/random/[]');
    expect(ids).toContain('leakyRelu/float64/random/[2,0,3]');
    expect(ids).toContain('leakyRelu/float32/special');
    expect(ids.some((id) => id.startsWith('leakyRelu/float64/finite-difference/'))).toBe(true);
    expect(ids.some((id) => id.startsWith('softmax/float32/random/[2,3,4]/axis0'))).toBe(true);
    expect(ids).toContain('sparseCategoricalCrossentropy/errors/label-out-of-range');
    const special = cases.find((c) => c.id === 'leakyRelu/float32/special')!;
    expect(Array.from(special.inputs.x!.data).some((v) => v === Number.POSITIVE_INFINITY)).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const again = generateSuite({ ops: ['leakyRelu'], seed: 1 }).filter((c) => c.op === 'leakyRelu');
    const first = cases.filter((c) => c.op === 'leakyRelu');
    expect(again.map((c) => Array.from(c.inputs.x!.data))).toEqual(
      first.map((c) => Array.from(c.inputs.x!.data)),
    );
  });

  it('passes on the reference, and the report has the documented shape', async () => {
    const results = await runCases([referenceBackend], cases);
    expect(results.filter((r) => r.status !== 'pass').map((r) => `${r.case}: ${r.error}`)).toEqual([]);
    const json = toJsonReport(results);
    const row = json.results[0] as Record<string, unknown>;
    expect(Object.keys(row)).toEqual(expect.arrayContaining(['case', 'op', 'backend', 'status', 'forward']));
    expect(formatMatrix(summarize(results))).toMatch(/leakyRelu\s+\d+\/\d+/);
  });

  it('catches a backend that is off by a little', async () => {
    const sloppy = {
      ...referenceBackend,
      name: 'sloppy',
      async forward(call: Parameters<typeof referenceBackend.forward>[0]) {
        const y = await referenceBackend.forward(call);
        const data = y.data.map((v) => v * (1 + 1e-4));
        return tensor(data, y.shape, y.dtype);
      },
    };
    const results = await runCases(
      [sloppy],
      cases.filter((c) => c.op === 'softmax' && !c.expectError),
    );
    expect(results.some((r) => r.status === 'fail')).toBe(true);
  });
});

describe('expectError cases with invalid tensors', () => {
  it('pass when core refuses the tensor with the expected error name', async () => {
    const cases = parseCaseFile(
      {
        format: 'rectify-cases/1',
        cases: [
          {
            id: 'len',
            op: 'relu',
            inputs: { x: { dtype: 'float32', shape: [2, 2], data: [1, 2, 3] } },
            expectError: 'ShapeError',
          },
          {
            id: 'dtype',
            op: 'relu',
            inputs: { x: { dtype: 'int64', shape: [1], data: [1] } },
            expectError: 'DTypeError',
          },
          {
            id: 'wrong-name',
            op: 'relu',
            inputs: { x: { dtype: 'float32', shape: [2], data: [1] } },
            expectError: 'DTypeError',
          },
        ],
      },
      'bad.json',
    );
    const results = await runCases([referenceBackend], cases);
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass', 'fail']);
  });
});
