import { describe, expect, it } from 'vitest';
import { accuracy, createOptimizer, deadUnitFraction, l2Norm } from '../src/index.js';

describe('optimizers', () => {
  it('SGD: p −= lr·g, and with momentum v = μv + g', () => {
    const p = new Float64Array([1, 2]);
    const plain = createOptimizer({ kind: 'sgd', learningRate: 0.1 }, [2]);
    plain.update([p], [new Float64Array([1, -1])]);
    expect(Array.from(p)).toEqual([0.9, 2.1]);
    const q = new Float64Array([0]);
    const heavy = createOptimizer({ kind: 'sgd', learningRate: 1, momentum: 0.5 }, [1]);
    heavy.update([q], [new Float64Array([1])]); // v = 1
    heavy.update([q], [new Float64Array([1])]); // v = 1.5
    expect(q[0]).toBe(-2.5);
  });

  it('Adam: the first step moves each parameter by lr against the sign of its gradient', () => {
    const p = new Float64Array([1, -1, 3]);
    const adam = createOptimizer({ kind: 'adam', learningRate: 0.01 }, [3]);
    adam.update([p], [new Float64Array([0.5, -20, 0])]);
    expect(p[0]).toBeCloseTo(0.99, 6);
    expect(p[1]).toBeCloseTo(-0.99, 6);
    expect(p[2]).toBe(3);
  });

  it('Adam minimizes a quadratic', () => {
    const p = new Float64Array([3, -2]);
    const adam = createOptimizer({ kind: 'adam', learningRate: 0.1 }, [2]);
    for (let i = 0; i < 500; i++) adam.update([p], [Float64Array.from(p, (v) => 2 * v)]);
    expect(Math.abs(p[0]!)).toBeLessThan(1e-3);
    expect(Math.abs(p[1]!)).toBeLessThan(1e-3);
  });

  it('state() and restore() resume the same trajectory', () => {
    const a = new Float64Array([1, 2]);
    const b = new Float64Array([1, 2]);
    const one = createOptimizer({ kind: 'adam', learningRate: 0.05 }, [2]);
    const g = () => new Float64Array([0.3, -0.7]);
    one.update([a], [g()]);
    b.set(a);
    const two = createOptimizer({ kind: 'adam', learningRate: 0.05 }, [2]);
    two.restore(JSON.parse(JSON.stringify(one.state())));
    one.update([a], [g()]);
    two.update([b], [g()]);
    expect(b).toEqual(a);
    expect(two.steps).toBe(2);
    expect(() => createOptimizer({ kind: 'sgd', learningRate: 0.1 }, [2]).restore(one.state())).toThrow(
      /state is of adam/,
    );
  });

  it('refuses a learning rate ≤ 0 and arrays of other sizes', () => {
    expect(() => createOptimizer({ kind: 'sgd', learningRate: 0 }, [1])).toThrow(
      expect.objectContaining({ name: 'InvalidParamError' }),
    );
    const opt = createOptimizer({ kind: 'sgd', learningRate: 0.1 }, [2]);
    expect(() => opt.update([new Float64Array(3)], [new Float64Array(3)])).toThrow(
      /sizes \[3\], expected \[2\]/,
    );
  });
});

describe('metrics', () => {
  it('accuracy: threshold 0.5 for one output, argmax for several, null for regression', () => {
    expect(accuracy('binary', [0.9, 0.2, 0.6], [1, 0, 0], 1)).toBeCloseTo(2 / 3, 12);
    expect(accuracy('multiclass', [0.1, 0.7, 0.2, 0.5, 0.3, 0.2], [1, 2], 3)).toBe(0.5);
    expect(accuracy('binary', [0.3, 0.7], [1], 2)).toBe(1); // a softmax head on two classes
    expect(accuracy('regression', [1], [1], 1)).toBeNull();
  });

  it('a dead unit is exactly 0 on every row', () => {
    // unit 0: 0 and −0; unit 1: 1e-30 on one row (alive); unit 2: 0 then NaN (not 0)
    const out = new Float32Array([0, 0, 0, -0, 1e-30, Number.NaN]);
    expect(deadUnitFraction(out, 2, 3)).toBeCloseTo(1 / 3, 12);
    expect(l2Norm([new Float64Array([3]), null, [4]])).toBe(5);
  });
});
