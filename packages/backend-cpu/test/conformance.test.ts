import { describeConformance } from '@rectify/conformance/vitest';
import { createCpuBackend } from '../src/index.js';

describeConformance('cpu', () => createCpuBackend());
