import { describeConformance } from '@rectify/conformance/vitest';
import * as ort from 'onnxruntime-node';
import { createOnnxBackend } from '../src/index.js';

describeConformance('onnx (onnxruntime-node)', () => createOnnxBackend({ ort }));
