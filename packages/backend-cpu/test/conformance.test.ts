import { describeConformance } from '@rectify/conformance/vitest';
import { createCpuBackend } from '../src/index.js';

// every call on the SIMD kernels, however small, and every call on the plain loops
describeConformance('cpu (wasm simd)', () => createCpuBackend({ simd: true, simdMinElements: 0 }));
describeConformance('cpu (plain js)', () => createCpuBackend({ simd: false }));

// calls on arrays from allocate split across two threads (the out-array checks run them)
describeConformance(
  'cpu (wasm simd, 2 threads)',
  async () => {
    const backend = createCpuBackend({ simd: true, simdMinElements: 0, threads: 2, threadMinElements: 0 });
    await backend.whenThreadsReady();
    return backend;
  },
  {
    ops: [
      'sigmoid',
      'tanh',
      'silu',
      'gelu',
      'elu',
      'selu',
      'celu',
      'softplus',
      'logSigmoid',
      'mish',
      'softsign',
      'hardSigmoid',
    ],
    caseFiles: false,
  },
);
