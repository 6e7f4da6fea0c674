import { fetchCaseFile } from '@rectify/conformance';
import onnxCasesUrl from '@rectify/conformance/cases/onnx-node-cases.json?url';
import { describeConformance } from '@rectify/conformance/vitest';
import type { OpId } from '@rectify/core';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { createTfjsBackend, type TfjsBackendName } from '../src/index.js';

// A subset that exercises each kind of kernel: piecewise, transcendental, axis, losses with labels.
const ops: OpId[] = [
  'relu',
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

async function make(which: TfjsBackendName) {
  return createTfjsBackend({
    backend: which,
    async prepare(_tf, backend) {
      if (backend !== 'wasm') return;
      const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
      setWasmPaths({
        'tfjs-backend-wasm.wasm': wasmPlain,
        'tfjs-backend-wasm-simd.wasm': wasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
      });
    },
  });
}

for (const which of ['webgl', 'wasm'] as const) {
  describeConformance(`tfjs-${which} in Chromium`, () => make(which), {
    ops,
    dtypes: ['float32'],
    caseFiles: () => fetchCaseFile(onnxCasesUrl),
  });
}
