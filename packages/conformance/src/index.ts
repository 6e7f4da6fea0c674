/**
 * `@rectify/conformance`: case files, the generated suite, the runner and its reports. Browser-safe;
 * file loading is in `@rectify/conformance/node` and the Vitest suite in `@rectify/conformance/vitest`.
 *
 * @example
 * ```ts
 * import { generateSuite, runCases, summarize, formatMatrix } from '@rectify/conformance';
 * import { createCpuBackend } from '@rectify/backend-cpu';
 * const results = await runCases([createCpuBackend()], generateSuite({ ops: ['leakyRelu'] }));
 * console.log(formatMatrix(summarize(results)));
 * ```
 */
export * from './case-file.js';
export * from './compare.js';
export * from './generate.js';
export * from './out-arrays.js';
export * from './random.js';
export * from './report.js';
export * from './run.js';
