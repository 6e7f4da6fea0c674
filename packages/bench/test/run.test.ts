import { cpuKernels, createCpuBackend } from '@rectify/backend-cpu';
import { describe, expect, it, vi } from 'vitest';
import { measure, measureGroup } from '../src/measure.js';
import { formatFindings, formatMarkdown, formatTables } from '../src/report.js';
import { runBenchmark } from '../src/run.js';

const quick = { minSamples: 2, minTimeMs: 0, warmupMs: 0, warmupCalls: 1, sampleTargetMs: 0.05 };

describe('measure', () => {
  it('takes at least the samples asked for and orders min ≤ median ≤ max', async () => {
    let calls = 0;
    const m = await measure(() => calls++, { ...quick, minSamples: 5 });
    expect(m.samples).toBeGreaterThanOrEqual(5);
    expect(calls).toBeGreaterThanOrEqual(m.samples * m.callsPerSample);
    expect(m.minMs).toBeLessThanOrEqual(m.medianMs);
    expect(m.medianMs).toBeLessThanOrEqual(m.maxMs);
  });

  it('awaits an async call', async () => {
    let done = 0;
    const m = await measure(async () => {
      await Promise.resolve();
      done++;
    }, quick);
    expect(done).toBeGreaterThanOrEqual(m.samples);
  });

  it('takes at least one sample, even when asked for none', async () => {
    const m = await measure(() => 0, { ...quick, minSamples: 0, maxSamples: 0 });
    expect(m.samples).toBeGreaterThanOrEqual(1);
    expect(m.medianMs).toBeGreaterThanOrEqual(0);
  });

  it('stops at maxSamples', async () => {
    const m = await measure(() => 0, { ...quick, minSamples: 1, minTimeMs: 1e9, maxSamples: 7 });
    expect(m.samples).toBe(7);
  });
});

describe('runBenchmark', () => {
  it('has a row per (op, pass, backend, size), with the floors and peers, and the report formats', async () => {
    const progress: number[] = [];
    const report = await runBenchmark({
      backends: [createCpuBackend()],
      ops: ['relu', 'softmax', 'meanSquaredError'],
      sizes: [100, 1000],
      peers: ['tfjs-cpu'],
      measure: quick,
      onProgress: (done, total) => progress.push(done / total),
    });
    expect(report.schema).toBe('rectify-bench/1');
    expect(report.rows).toHaveLength(3 * 2 * 2 * 5);
    expect(report.options.backends).toEqual(['cpu', 'cpu+resident']);
    expect(progress.at(-1)).toBe(1);
    for (const r of report.rows) {
      expect(['cpu', 'cpu+resident', 'peer:tfjs-cpu', 'floor:copy', 'floor:alloc']).toContain(r.backend);
      expect(r.bytes).toBeGreaterThan(0);
      if (r.backend !== 'peer:tfjs-cpu') expect(r.medianMs).not.toBeNull();
    }
    const get = (op: string, pass: string, backend: string, size: number) =>
      report.rows.find((r) => r.op === op && r.pass === pass && r.backend === backend && r.size === size)!;
    // relu: x in, y out; its gradient reads x and upstream and writes dx
    expect(get('relu', 'forward', 'cpu', 1000).bytes).toBe(8000);
    expect(get('relu', 'gradient', 'cpu', 1000).bytes).toBe(12000);
    // a mean loss reads both inputs and writes one value
    expect(get('meanSquaredError', 'forward', 'cpu', 1000).bytes).toBe(8004);
    const fwd = get('relu', 'forward', 'cpu', 1000);
    const peer = get('relu', 'forward', 'peer:tfjs-cpu', 1000);
    expect(fwd.ratioToBestPeer).toBeCloseTo(fwd.medianMs! / peer.medianMs!, 12);
    expect(fwd.gbps).toBeCloseTo(8000 / (fwd.medianMs! * 1e6), 12);
    // tfjs's gradients are registered (by the union package), so the gradient has a peer too
    const grad = get('relu', 'gradient', 'cpu', 1000);
    const gradPeer = get('relu', 'gradient', 'peer:tfjs-cpu', 1000);
    expect(gradPeer.medianMs).toBeGreaterThan(0);
    expect(grad.ratioToBestPeer).not.toBeNull();
    expect(formatTables(report)).toContain('size 1e3 · gradient · median ms');
    expect(formatFindings(report)).toContain('size 1e3:');
    expect(formatFindings(report)).toMatch(
      /piecewise-linear ops on cpu\+resident over ×2\.5 the copy floor in \d+ cell/,
    );
    expect(get('relu', 'gradient', 'cpu+resident', 1000).ratioToFloor).toBeGreaterThan(0);
    expect(formatMarkdown(report)).toContain('| relu |');
    // the Node flags the run had are part of the machine it ran on
    expect(report.machine.nodeFlags).toEqual(process.execArgv);
    const flagged = { ...report, machine: { ...report.machine, nodeFlags: ['--single-threaded-gc'] } };
    expect(formatMarkdown(flagged)).toContain(
      `${process.platform}-${process.arch} with --single-threaded-gc; float32`,
    );
  });

  it("measures the run's first group once before the measurement that counts", async () => {
    // a backend whose first 30 calls are slow (2 ms), as calls in a process's first second: the cpu
    // and cpu+resident cells take 4 calls a round, so 7 of a measurement's 11 samples meet them
    const slowAtFirst = () => {
      let calls = 0;
      return createCpuBackend({
        kernels: {
          relu: {
            backward: cpuKernels.relu.backward,
            forward(call, out) {
              if (calls++ < 30) for (const until = performance.now() + 2; performance.now() < until; );
              cpuKernels.relu.forward(call, out);
            },
          },
        },
      });
    };
    const run = (warmFirstGroup: boolean) =>
      runBenchmark({
        backends: [slowAtFirst()],
        ops: ['relu'],
        sizes: [1000],
        peers: [],
        passes: ['forward'],
        measure: { ...quick, minSamples: 11, maxSamples: 11 },
        warmFirstGroup,
      });
    const median = (r: Awaited<ReturnType<typeof run>>) =>
      r.rows.find((row) => row.backend === 'cpu')!.medianMs!;
    expect(median(await run(true))).toBeLessThan(1);
    expect(median(await run(false))).toBeGreaterThan(1);
  });
});

describe('measureGroup', () => {
  it('samples every call of the group and reports a throwing one by its message', async () => {
    const counts = [0, 0];
    const results = await measureGroup(
      [
        () => counts[0]!++,
        async () => {
          counts[1]!++;
        },
        () => {
          throw new RangeError('no such kernel');
        },
      ],
      { ...quick, minSamples: 4 },
    );
    expect(typeof results[0]).toBe('object');
    expect(typeof results[1]).toBe('object');
    expect((results[0] as { samples: number }).samples).toBeGreaterThanOrEqual(4);
    expect((results[1] as { samples: number }).samples).toBeGreaterThanOrEqual(4);
    expect(results[2]).toBe('RangeError: no such kernel');
  });

  it('times each cell warm: the first call after another cell is not timed', async () => {
    // b's first call after a's is slow, as a call whose arrays a's evicted from cache
    let cold = false;
    const spin = (ms: number) => {
      for (const until = performance.now() + ms; performance.now() < until; );
    };
    const a = () => {
      cold = true;
    };
    const b = () => {
      spin(cold ? 5 : 0.2);
      cold = false;
    };
    // the priming threshold set either way, so that a loaded machine's slow warm-up cannot decide it
    const options = { ...quick, minSamples: 6, sampleTargetMs: 0.5 };
    const [, warm] = await measureGroup([a, b], { ...options, primeBelowMs: Number.POSITIVE_INFINITY });
    expect((warm as { medianMs: number }).medianMs).toBeLessThan(1);
    // without the untimed call each sample carries the slow one
    const [, unprimed] = await measureGroup([a, b], { ...options, primeBelowMs: 0 });
    expect((unprimed as { medianMs: number }).medianMs).toBeGreaterThan(1);
  });

  it('primes each sample with as many calls as it times: a cell warms up over several calls', async () => {
    // b's first three calls after a's take 3 ms, then 0.2 ms, on a clock that only b's calls move (a
    // loaded machine cannot stretch them): one untimed call would leave two slow calls among a sample's
    // ten or so, ~0.7 ms a call
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      let cold = 0;
      const a = () => {
        cold = 3;
      };
      const b = () => {
        now += cold > 0 ? 3 : 0.2;
        cold--;
      };
      const options = {
        ...quick,
        minSamples: 9,
        warmupCalls: 5,
        sampleTargetMs: 2,
        primeBelowMs: Number.POSITIVE_INFINITY,
      };
      const [, warm] = await measureGroup([a, b], options);
      expect((warm as { medianMs: number }).medianMs).toBeCloseTo(0.2, 9);
    } finally {
      clock.mockRestore();
    }
  });
});
