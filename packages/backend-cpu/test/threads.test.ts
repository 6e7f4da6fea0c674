import { availableParallelism } from 'node:os';
import { firstBitDifference } from '@rectify/conformance';
import { forward, gradient, Tensor } from '@rectify/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createCpuBackend } from '../src/index.js';
import { kernelsWasmBase64 } from '../src/wasm/kernels.generated.js';
import { splittableKernels } from '../src/wasm/runtime.js';
import { withSharedMemory } from '../src/wasm/shared-module.js';
import { BINARY, UNARY } from '../src/wasm/threads.js';

/** The WebAssembly API as these tests use it (the package compiles without the DOM lib). */
interface Wasm {
  validate(bytes: Uint8Array): boolean;
  Module: { new (bytes: Uint8Array): object } & {
    imports(m: object): object[];
    exports(m: object): { name: string }[];
  };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => object;
  Instance: new (m: object, imports: object) => object;
}
const WebAssembly = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

const one = createCpuBackend({ simd: true, threads: 1 });
const two = createCpuBackend({ simd: true, threads: 2, threadMinElements: 0 });
afterAll(() => two.dispose());

function heldCopy(backend: typeof two, data: Float32Array): Tensor {
  const a = backend.allocate('float32', data.length);
  a.set(data);
  return new Tensor('float32', [data.length], a as Float32Array);
}

describe('threads', () => {
  it('declares a shared memory in the patched module, and nothing else changes', () => {
    const bytes = Uint8Array.from(atob(kernelsWasmBase64), (c) => c.charCodeAt(0));
    const patched = withSharedMemory(bytes)!;
    expect(WebAssembly.validate(patched)).toBe(true);
    const module = new WebAssembly.Module(patched);
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    const exportsOf = (m: object) => WebAssembly.Module.exports(m).map((e) => e.name);
    expect(exportsOf(module)).toEqual(exportsOf(new WebAssembly.Module(bytes)));
    const memory = new WebAssembly.Memory({ initial: 8, maximum: 8, shared: true });
    expect(() => new WebAssembly.Instance(module, { env: { memory } })).not.toThrow();
    // the unpatched module refuses a shared memory: the patch is what makes threads possible
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } })).toThrow();
  });

  it('splits calls across two threads with the same results bit for bit, forward and gradient', async () => {
    expect(two.threads).toBe(2);
    await two.whenThreadsReady();
    const n = 200_003; // parts of whole steps, and a ragged last one
    const x = new Float32Array(n).map((_, i) => Math.sin(i * 0.37) * 12);
    const g = new Float32Array(n).map((_, i) => Math.cos(i * 0.11));
    const xs = heldCopy(two, x);
    const gs = heldCopy(two, g);
    // the exponentials, the float64 lanes, and the memory-bound piecewise kernels
    const ops = [
      'sigmoid',
      'tanh',
      'gelu',
      'elu',
      'softplus',
      'mish',
      'hardSigmoid',
      'hardSwish',
      'relu',
      'relu6',
      'hardTanh',
      'thresholdedRelu',
      'leakyRelu',
    ] as const;
    for (const op of ops) {
      const want = await forward(op, { x }, {}, { backend: one });
      const out = two.allocate('float32', n).fill(Number.NaN);
      await forward(op, { x: xs }, {}, { backend: two, out });
      expect(firstBitDifference(out, want.data), op).toBe(-1);
      const wantGrad = await gradient(op, { x }, {}, { backend: one, upstream: g });
      const dx = two.allocate('float32', n).fill(Number.NaN);
      await gradient(op, { x: xs }, {}, { backend: two, upstream: gs, out: dx });
      expect(firstBitDifference(dx, wantGrad.x!.data), `${op} gradient`).toBe(-1);
    }
  });

  it('stages large calls on plain arrays chunk by chunk, with the same results', async () => {
    await two.whenThreadsReady();
    const n = 600_011; // three chunks of staging, the last one ragged
    const x = new Float32Array(n).map((_, i) => Math.sin(i * 0.013) * 9);
    const g = new Float32Array(n).map((_, i) => Math.cos(i * 0.07));
    // the exponentials, and the piecewise kernels worth threads
    for (const op of ['sigmoid', 'gelu', 'softsign', 'hardSwish', 'hardSigmoid'] as const) {
      // threads first: one thread's call leaves its results in the fresh-output area both backends use
      const got = await forward(op, { x }, {}, { backend: two });
      const want = await forward(op, { x }, {}, { backend: one });
      expect(firstBitDifference(got.data, want.data), op).toBe(-1);
      const wantGrad = await gradient(op, { x }, {}, { backend: one, upstream: g });
      const gotGrad = await gradient(op, { x }, {}, { backend: two, upstream: g });
      expect(firstBitDifference(gotGrad.x!.data, wantGrad.x!.data), `${op} gradient`).toBe(-1);
    }
    // float64: above the fresh-output area's 2^19 elements, and within it
    for (const x64 of [Float64Array.from(x), Float64Array.from(x.subarray(0, 300_007))]) {
      const y64 = await forward('sigmoid', { x: x64 }, {}, { backend: two });
      const want = await forward('sigmoid', { x: x64 }, {}, { backend: one });
      expect(firstBitDifference(y64.data, want.data)).toBe(-1);
    }
  });

  it('runs a staged call whole when no worker can take it yet, after its data is staged', async () => {
    // workers not started: the call is posted held, no worker takes it, and join runs it once x is in
    const cold = createCpuBackend({ simd: true, threads: 2, threadMinElements: 0 });
    try {
      const n = 300_007;
      for (const op of ['sigmoid', 'softmax'] as const) {
        const x = new Float32Array(n - (op === 'softmax' ? 7 : 0)).map((_, i) => Math.sin(i * 0.029) * 7);
        const shape = op === 'softmax' ? [x.length / 10, 10] : [x.length];
        const got = await forward(op, { x: new Tensor('float32', shape, x) }, {}, { backend: cold });
        const want = await forward(op, { x: new Tensor('float32', shape, x) }, {}, { backend: one });
        expect(firstBitDifference(got.data, want.data), op).toBe(-1);
      }
    } finally {
      cold.dispose();
    }
  });

  it('shares plain calls in rounds while balancing the workers share, with the same results', async () => {
    await two.whenThreadsReady();
    // staging holds 2^20 float32 elements, the workers' first share is half a round: two rounds at least
    const n = 2_500_003;
    const x = new Float32Array(n).map((_, i) => Math.sin(i * 0.001) * 30);
    const g = new Float32Array(n).map((_, i) => Math.cos(i * 0.003));
    for (let call = 0; call < 3; call++) {
      const got = await gradient('elu', { x }, {}, { backend: two, upstream: g });
      const want = await gradient('elu', { x }, {}, { backend: one, upstream: g });
      expect(firstBitDifference(got.x!.data, want.x!.data)).toBe(-1);
    }
    const y = await forward('tanh', { x }, {}, { backend: two });
    expect(firstBitDifference(y.data, (await forward('tanh', { x }, {}, { backend: one })).data)).toBe(-1);
  });

  it('splits the losses gradients, staged or resident, with the same results', async () => {
    await two.whenThreadsReady();
    const n = 1_500_007;
    const t = new Float32Array(n).map((_, i) => 2 + Math.sin(i * 0.001) * 2);
    const y = new Float32Array(n).map((_, i) => 2 + Math.cos(i * 0.0007) * 2);
    for (const op of ['logCosh', 'meanSquaredLogarithmicError', 'hinge', 'meanSquaredError'] as const) {
      const want = await gradient(op, { yTrue: t, yPred: y }, {}, { backend: one });
      const staged = await gradient(op, { yTrue: t, yPred: y }, {}, { backend: two });
      expect(firstBitDifference(staged.yPred!.data, want.yPred!.data), op).toBe(-1);
      const yPred = heldCopy(two, y);
      const out = two.allocate('float32', n).fill(Number.NaN);
      await gradient(op, { yTrue: heldCopy(two, t), yPred }, {}, { backend: two, out });
      expect(firstBitDifference(out, want.yPred!.data), `${op} resident`).toBe(-1);
      expect(firstBitDifference(yPred.data, y), `${op} keeps yPred`).toBe(-1);
    }
  });

  it('splits elementwise kernels anywhere, reductions at their own parts, rows with scratch of their own', () => {
    for (const [name, shape] of Object.entries(splittableKernels)) {
      // a loss's sum would depend on the split; its gradient (…GradF32) is elementwise
      expect(name).not.toMatch(/(Error|entropy|Loss)F32$/);
      if (/prelu/i.test(name)) expect(shape.partials, name).toBeDefined();
      else if (/softmax/i.test(name)) expect(shape.scratch, name).toBeDefined();
      else expect([UNARY, BINARY], name).toContain(shape);
    }
    expect(Object.keys(splittableKernels).length).toBeGreaterThan(10);
  });

  it('splits softmax rows with the same results, in place, out of place, and into fresh outputs', async () => {
    await two.whenThreadsReady();
    const rows = 30_001; // groups of 4 rows, and a ragged last row group through the slots
    const shape = [rows, 10];
    const n = rows * 10;
    const x = new Float32Array(n).map((_, i) => Math.sin(i * 0.37) * 12);
    const g = new Float32Array(n).map((_, i) => Math.cos(i * 0.11));
    const xs = new Tensor('float32', shape, heldCopy(two, x).data as Float32Array);
    const gs = new Tensor('float32', shape, heldCopy(two, g).data as Float32Array);
    const xt = new Tensor('float32', shape, x);
    const gt = new Tensor('float32', shape, g);
    for (const op of ['softmax', 'logSoftmax'] as const) {
      // a fresh output from plain arrays: staged, posted, and made while the workers compute
      const fresh = await forward(op, { x: xt }, {}, { backend: two });
      const want = await forward(op, { x: xt }, {}, { backend: one });
      expect(firstBitDifference(fresh.data, want.data), `${op} fresh`).toBe(-1);
      const out = two.allocate('float32', n).fill(Number.NaN);
      await forward(op, { x: xs }, {}, { backend: two, out });
      expect(firstBitDifference(out, want.data), op).toBe(-1);
      const wantGrad = await gradient(op, { x: xt }, {}, { backend: one, upstream: gt });
      const dx = two.allocate('float32', n).fill(Number.NaN);
      await gradient(op, { x: xs }, {}, { backend: two, upstream: gs, out: dx });
      expect(firstBitDifference(dx, wantGrad.x!.data), `${op} gradient`).toBe(-1);
      // out over the upstream: computed through the slots, upstream read before it is written
      const over = new Tensor('float32', shape, heldCopy(two, g).data as Float32Array);
      await gradient(op, { x: xs }, {}, { backend: two, upstream: over, out: over.data as Float32Array });
      expect(firstBitDifference(over.data, wantGrad.x!.data), `${op} gradient over g`).toBe(-1);
    }
    expect(firstBitDifference(xs.data, x)).toBe(-1);
    expect(firstBitDifference(gs.data, g)).toBe(-1);
  });

  it("sums prelu's slope gradient the same on one thread, two threads and plain arrays", async () => {
    await two.whenThreadsReady();
    const n = 600_011; // parts of 16384 elements and a ragged tail
    const x = new Float32Array(n).map((_, i) => Math.sin(i * 0.37) * 12);
    const g = new Float32Array(n).map((_, i) => Math.cos(i * 0.11) * 3);
    const alpha = new Float32Array([0.25]);
    const want = await gradient('prelu', { x, alpha }, {}, { backend: one, upstream: g });
    const got = await gradient(
      'prelu',
      { x: heldCopy(two, x), alpha: heldCopy(two, alpha) },
      {},
      { backend: two, upstream: heldCopy(two, g), out: two.allocate('float32', n) },
    );
    expect(firstBitDifference(got.x!.data, want.x!.data)).toBe(-1);
    expect(got.alpha!.data[0]).toBe(want.alpha!.data[0]);
    const plain64 = await gradient(
      'prelu',
      { x: Float64Array.from(x), alpha: Float64Array.from(alpha) },
      {},
      { backend: two, upstream: Float64Array.from(g) },
    );
    // and it is the float64 sum, rounded once
    expect(Math.fround(plain64.alpha!.data[0]!)).toBe(want.alpha!.data[0]);
  });

  it('has no threads where asked for one, or with SIMD off', () => {
    expect(one.threads).toBe(1);
    expect(createCpuBackend({ simd: false, threads: 4 }).threads).toBe(1);
  });

  it("uses the machine's cores (up to 4) by default, split calls agreeing with one thread", async () => {
    const cores = Math.min(4, availableParallelism());
    const auto = createCpuBackend({ simd: true });
    try {
      expect(auto.threads).toBe(cores >= 2 ? cores : 1);
      await auto.whenThreadsReady();
      const x = new Float32Array(1 << 18).map((_, i) => Math.sin(i * 0.05) * 20);
      const split = await forward('sigmoid', { x }, {}, { backend: auto });
      const whole = await forward('sigmoid', { x }, {}, { backend: one });
      expect(firstBitDifference(split.data, whole.data)).toBe(-1);
    } finally {
      auto.dispose();
    }
  });
});
