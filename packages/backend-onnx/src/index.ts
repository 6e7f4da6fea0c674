/**
 * `@rectify/backend-onnx`: every catalog op and its gradient as small ONNX graphs, run by ONNX Runtime
 * (`onnxruntime-node` in Node, `onnxruntime-web` in browsers), and exportable as `.onnx` files.
 *
 * @example
 * ```ts
 * import * as ort from 'onnxruntime-node';
 * import { softmax } from '@rectify/core';
 * import { createOnnxBackend, exportOnnx } from '@rectify/backend-onnx';
 * const backend = createOnnxBackend({ ort });
 * await softmax([[1, 2, 3]], { axis: -1 }, { backend });
 * const bytes = exportOnnx('softmax', { axis: -1 }, { gradient: true });
 * ```
 */
export { createOnnxBackend, type OnnxBackend, type OnnxBackendOptions, type OnnxRuntime } from './backend.js';
export { type ExportOptions, exportOnnx } from './build.js';
export { type Attr, type ElemType, GraphBuilder, OPSET, type Value } from './graph.js';
export { type GraphContext, type OnnxKernel, type OnnxKernelTable, unaryKernel } from './kernel.js';
export { onnxKernels } from './kernels/index.js';
export { lossUpstream, reduceLoss } from './losses.js';
