import { type AnyOpSpec, catalog, forwardSync, gradientSync, opIds, referenceBackend } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { benchInputs, benchOutputShape, benchShape, benchUpstream, CLASSES } from '../src/inputs.js';

describe('benchInputs', () => {
  it.each(opIds)('%s: the reference accepts them, forward and gradient', (op) => {
    const inputs = benchInputs(op, 100, 3);
    const y = forwardSync(op, inputs, {}, { backend: referenceBackend });
    expect(y.shape).toEqual(benchOutputShape(op, inputs));
    const upstream = benchUpstream(y.shape, 3);
    const grads = gradientSync(op, inputs, {}, { backend: referenceBackend, upstream });
    for (const name of (catalog[op] as AnyOpSpec).gradWrt)
      expect(grads[name]!.shape).toEqual(inputs[name]!.shape);
    for (const v of y.data) expect(Number.isFinite(v)).toBe(true);
  });

  it('gives the main input n elements', () => {
    for (const op of opIds) {
      const inputs = benchInputs(op, 1000);
      const main = inputs.x ?? inputs.yPred!;
      expect(main.size).toBe(1000);
      expect(main.dtype).toBe('float32');
    }
  });

  it('puts ops along an axis on rows of C classes', () => {
    expect(benchShape('softmax', 1000)).toEqual([100, CLASSES]);
    expect(benchShape('categoricalCrossentropy', 1000)).toEqual([100, CLASSES]);
    expect(benchShape('meanSquaredError', 1000)).toEqual([1000]);
    expect(() => benchShape('softmax', 1005)).toThrow(RangeError);
  });

  it('draws per the sample hints', () => {
    const { alpha } = benchInputs('prelu', 1000);
    expect(alpha!.shape).toEqual([1]);
    const sparse = benchInputs('sparseCategoricalCrossentropy', 1000);
    expect(sparse.yTrue!.dtype).toBe('int32');
    expect(sparse.yTrue!.shape).toEqual([100]);
    for (const c of sparse.yTrue!.data) expect(c >= 0 && c < CLASSES && Number.isInteger(c)).toBe(true);
    const { yTrue } = benchInputs('kullbackLeiblerDivergence', 1000);
    for (let row = 0; row < 100; row++) {
      let s = 0;
      for (let k = 0; k < CLASSES; k++) s += yTrue!.data[row * CLASSES + k]!;
      expect(s).toBeCloseTo(1, 5);
    }
    for (const t of benchInputs('hinge', 1000).yTrue!.data) expect(Math.abs(t)).toBe(1);
    const { x } = benchInputs('sigmoid', 1000);
    const [lo, hi] = [Math.min(...x!.data), Math.max(...x!.data)];
    expect(lo).toBeLessThan(0);
    expect(hi).toBeGreaterThan(0);
  });

  it('is the same for the same seed and differs for another', () => {
    expect(benchInputs('gelu', 50, 7).x!.data).toEqual(benchInputs('gelu', 50, 7).x!.data);
    expect(benchInputs('gelu', 50, 7).x!.data).not.toEqual(benchInputs('gelu', 50, 8).x!.data);
  });
});
