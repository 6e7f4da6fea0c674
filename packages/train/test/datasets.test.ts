import { describe, expect, it } from 'vitest';
import {
  type BuiltinDatasetConfig,
  builtinDatasets,
  generatePoints,
  makeDataset,
  resolveConfig,
} from '../src/index.js';

const configOf = (input: Parameters<typeof resolveConfig>[0]) =>
  resolveConfig(input).dataset as BuiltinDatasetConfig;

describe('generated datasets', () => {
  it.each(builtinDatasets)('%s: 2 features, split as asked, the same for the same seed', (name) => {
    const data = makeDataset(configOf({ dataset: { name, samples: 100, testFraction: 0.25 } }));
    expect(data.features).toBe(2);
    expect([data.train.size, data.test.size]).toEqual([75, 25]);
    expect(data.train.x).toHaveLength(150);
    expect(data.normalization).toBeNull();
    for (const [lo, hi] of data.bounds) {
      expect(lo).toBeGreaterThan(-2);
      expect(hi).toBeLessThan(2);
      expect(lo).toBeLessThan(hi);
    }
    const again = makeDataset(configOf({ dataset: { name, samples: 100, testFraction: 0.25 } }));
    expect(again.train.x).toEqual(data.train.x);
    expect(again.test.y).toEqual(data.test.y);
    const other = makeDataset(configOf({ dataset: { name, samples: 100, testFraction: 0.25, seed: 2 } }));
    expect(other.train.x).not.toEqual(data.train.x);
    if (name === 'plane' || name === 'sine') {
      expect(data.task).toBe('regression');
      expect(data.classes).toBe(0);
    } else {
      expect(data.task).toBe('binary');
      const all = [...data.train.y, ...data.test.y];
      // classes are drawn in turn: balanced
      expect(all.filter((y) => y === 1)).toHaveLength(50);
    }
  });

  it('noise 0 keeps the classes apart: XOR labels follow the quadrants, circle labels the radius', () => {
    const xor = generatePoints(configOf({ dataset: { name: 'xor', noise: 0 } }));
    for (let i = 0; i < xor.size; i++) {
      const [a, b] = [xor.x[2 * i]!, xor.x[2 * i + 1]!];
      expect(Math.min(Math.abs(a), Math.abs(b))).toBeGreaterThanOrEqual(0.1);
      expect(xor.y[i]).toBe(a * b < 0 ? 1 : 0);
    }
    const circle = generatePoints(configOf({ dataset: { name: 'circle', noise: 0 } }));
    for (let i = 0; i < circle.size; i++) {
      const r = Math.hypot(circle.x[2 * i]!, circle.x[2 * i + 1]!);
      expect(circle.y[i] === 1 ? r <= 0.5 : r >= 0.7).toBe(true);
    }
  });

  it('noise moves the points: more noise, more XOR points on the wrong side', () => {
    const wrong = (noise: number) => {
      const p = generatePoints(configOf({ dataset: { name: 'xor', noise, samples: 1000 } }));
      let n = 0;
      for (let i = 0; i < p.size; i++) if ((p.x[2 * i]! * p.x[2 * i + 1]! < 0 ? 1 : 0) !== p.y[i]) n++;
      return n;
    };
    expect(wrong(0)).toBe(0);
    expect(wrong(0.1)).toBeGreaterThan(0);
    expect(wrong(0.5)).toBeGreaterThan(wrong(0.1));
  });

  it('spiral and gauss take up to 10 classes', () => {
    const spiral = makeDataset(configOf({ dataset: { name: 'spiral', classes: 5, samples: 100 } }));
    expect(spiral).toMatchObject({ task: 'multiclass', classes: 5, classNames: ['0', '1', '2', '3', '4'] });
    expect(new Set([...spiral.train.y, ...spiral.test.y]).size).toBe(5);
  });

  it('the test split can be empty', () => {
    const data = makeDataset(configOf({ dataset: { name: 'moons', testFraction: 0 } }));
    expect([data.train.size, data.test.size]).toEqual([200, 0]);
  });
});
