import { fetchCaseFile } from '@rectify/conformance';
import onnxCasesUrl from '@rectify/conformance/cases/onnx-node-cases.json?url';
import { describeConformance } from '@rectify/conformance/vitest';
import type { OpId } from '@rectify/core';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import * as ort from 'onnxruntime-web/wasm';
import { createOnnxBackend } from '../src/index.js';

// The wasm binary is served by Vite (no CDN); one thread, since the test page is not cross-origin isolated.
ort.env.wasm.wasmPaths = { wasm: wasmUrl };
ort.env.wasm.numThreads = 1;

// A subset covering native operators, compositions, axis ops and losses with labels.
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

describeConformance(
  'onnx (onnxruntime-web) in Chromium',
  () => createOnnxBackend({ ort, name: 'onnx-web' }),
  {
    ops,
    caseFiles: () => fetchCaseFile(onnxCasesUrl),
  },
);
