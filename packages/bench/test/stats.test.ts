import { describe, expect, it } from 'vitest';
import { formatMs, formatRatio, formatSize } from '../src/report.js';
import { withRatios } from '../src/run.js';
import { gbps, minOrNull, ratio, summarize } from '../src/stats.js';

describe('summarize', () => {
  it('takes the middle sample of an odd count', () => {
    expect(summarize([5, 1, 3])).toEqual({ medianMs: 3, minMs: 1, maxMs: 5 });
  });
  it('averages the middle two of an even count, whatever the order', () => {
    expect(summarize([10, 2, 1, 3])).toEqual({ medianMs: 2.5, minMs: 1, maxMs: 10 });
  });
  it('is the sample itself for one sample', () => {
    expect(summarize([0.25])).toEqual({ medianMs: 0.25, minMs: 0.25, maxMs: 0.25 });
  });
  it('does not reorder its argument', () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });
  it('refuses an empty set', () => {
    expect(() => summarize([])).toThrow(RangeError);
  });
});

describe('gbps and ratios', () => {
  it('divides bytes by time: 8 MB in 2 ms is 4 GB/s', () => {
    expect(gbps(8_000_000, 2)).toBe(4);
    expect(gbps(4e9, 1000)).toBe(4);
  });
  it('gives a ratio only against a positive reference', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, null)).toBeNull();
    expect(ratio(3, undefined)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
  });
  it('finds the smallest value or none', () => {
    expect(minOrNull([3, 1.5, 2])).toBe(1.5);
    expect(minOrNull([])).toBeNull();
  });
});

describe('withRatios', () => {
  const row = (backend: string, medianMs: number | null) => ({
    op: 'sigmoid' as const,
    pass: 'forward' as const,
    backend,
    size: 1000,
    medianMs,
    minMs: medianMs,
    maxMs: medianMs,
    samples: medianMs === null ? 0 : 5,
    callsPerSample: 1,
    bytes: 8000,
    gbps: null,
  });
  const rows = withRatios([
    row('floor:copy', 0.5),
    row('floor:alloc', 0.25),
    row('peer:tfjs-cpu', 4),
    row('peer:tfjs-wasm', 2),
    row('peer:ort', null),
    row('cpu', 3),
    row('tfjs-cpu', 6),
    row('tfjs-wasm', 2.2),
    row('onnx', 1),
  ]);
  const get = (b: string) => rows.find((r) => r.backend === b)!;

  it('divides by the copy floor of the group', () => {
    expect(get('cpu').ratioToFloor).toBe(6);
    expect(get('floor:copy').ratioToFloor).toBe(1);
    expect(get('floor:alloc').ratioToFloor).toBe(0.5);
  });
  it('divides by the fastest peer that ran', () => {
    expect(get('cpu').ratioToBestPeer).toBe(1.5);
    expect(get('peer:tfjs-wasm').ratioToBestPeer).toBe(1);
    expect(get('peer:tfjs-cpu').ratioToBestPeer).toBe(2);
    expect(get('peer:ort').ratioToBestPeer).toBeNull();
  });
  it('compares tfjs and onnx backends with their own runtime, when it ran', () => {
    expect(get('tfjs-cpu').overheadVsRuntime).toBe(1.5);
    expect(get('tfjs-wasm').overheadVsRuntime).toBeCloseTo(1.1, 12);
    expect(get('onnx').overheadVsRuntime).toBeNull();
    expect(get('cpu').overheadVsRuntime).toBeNull();
    expect(get('peer:tfjs-cpu').overheadVsRuntime).toBeNull();
  });
  it('has no peer ratio when no peer ran', () => {
    const alone = withRatios([row('floor:copy', 1), row('cpu', 2), row('peer:ort', null)]);
    expect(alone.map((r) => r.ratioToBestPeer)).toEqual([null, null, null]);
  });
});

describe('formatting', () => {
  it('writes sizes as powers of ten', () => {
    expect([1000, 1e6, 2.5e6, 1e7, 12345, 500].map(formatSize)).toEqual([
      '1e3',
      '1e6',
      '2.5e6',
      '1e7',
      '12345',
      '500',
    ]);
  });
  it('keeps about three significant digits', () => {
    expect([123.4, 12.34, 1.234, 0.01234, null].map(formatMs)).toEqual([
      '123',
      '12.3',
      '1.23',
      '0.0123',
      '—',
    ]);
    expect([1.234, 12.34, null].map(formatRatio)).toEqual(['×1.23', '×12.3', '—']);
  });
});
