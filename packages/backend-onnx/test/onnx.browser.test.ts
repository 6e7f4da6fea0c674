import { fetchCaseFile } from '@rectify/conformance';
import onnxCasesUrl from '@rectify/conformance/cases/onnx-node-cases.json?url';
import { describeConformance } from '@rectify/conformance/vitest';
import { type Backend, forward, getSpec, gradient, type OpId, referenceBackend, tensor } from '@rectify/core';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import * as ort from 'onnxruntime-web/wasm';
import { describe, expect, it } from 'vitest';
import { createOnnxBackend } from '../src/index.js';

// The wasm binary is served by Vite (no CDN); one thread, since the test page is not cross-origin isolated.
ort.env.wasm.wasmPaths = { wasm: wasmUrl };
ort.env.wasm.numThreads = 1;

// A subset covering native operators, compositions, axis ops and losses with labels.
const ops: OpId[] = [
  'relu',
  // native operators whose NaN handling the kernels rely on (Relu, Clip, HardSigmoid and Celu keep NaN)
  'relu6',
  'hardTanh',
  'hardSigmoid',
  'celu',
  'leakyRelu',
  'prelu',
  'gelu',
  'sigmoid',
  'softplus',
  'softmax',
  'logSoftmax',
  'binaryCrossentropy',
  'sparseCategoricalCrossentropy',
  'huber',
];

describeConformance(
  'onnx (onnxruntime-web) in Chromium',
  () => createOnnxBackend({ ort, name: 'onnx-web' }),
  {
    ops,
    caseFiles: () => fetchCaseFile(onnxCasesUrl),
  },
);

describe('onnxruntime-web with calls in flight together', () => {
  it('gives each call its own result when runs of different sessions overlap', async () => {
    // ort-web's wasm run keeps pointers on the wasm stack across an await: overlapping runs of two
    // sessions used to read each other's outputs unless the backend queued them
    const backend = createOnnxBackend({ ort, name: 'onnx-web' });
    const x = tensor(Array.from({ length: 33 }, (_, i) => (i - 16) / 4));
    const calls = ops.slice(0, 6).flatMap((op) => {
      const inputs = op === 'prelu' ? { x, alpha: tensor([0.25]) } : { x };
      return getSpec(op).kind === 'activation'
        ? [
            { op, run: (b: Backend) => forward(op, inputs, {}, { backend: b }) },
            { op, run: async (b: Backend) => (await gradient(op, inputs, {}, { backend: b })).x! },
          ]
        : [];
    });
    const results = await Promise.all(calls.map((c) => c.run(backend)));
    for (const [i, c] of calls.entries()) {
      const expected = await c.run(referenceBackend);
      expected.data.forEach((e, j) => {
        expect(Math.abs(results[i]!.data[j]! - e), `${c.op} [${j}]`).toBeLessThanOrEqual(
          1e-6 + 1e-5 * Math.abs(e),
        );
      });
    }
    await backend.dispose();
  });
});
