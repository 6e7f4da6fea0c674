import { describeConformance } from '@rectify/conformance/vitest';
import { createCpuBackend } from '../src/index.js';

// every call on the SIMD kernels, however small, and every call on the plain loops
describeConformance('cpu (wasm simd)', () => createCpuBackend({ simd: true, simdMinElements: 0 }));
describeConformance('cpu (plain js)', () => createCpuBackend({ simd: false }));
