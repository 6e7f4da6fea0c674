import { describeConformance } from '@rectify/conformance/vitest';
import { createTfjsBackend } from '../src/index.js';

describeConformance('tfjs-cpu', () => createTfjsBackend({ backend: 'cpu' }));
describeConformance('tfjs-wasm', () => createTfjsBackend({ backend: 'wasm' }));
