/**
 * `@rectify/train`: a small, headless trainer of multilayer perceptrons whose activations and losses run
 * on a Rectify backend — the engine of the playground's training lab and of `rectify train`.
 *
 * @example
 * ```ts
 * import { createCpuBackend } from '@rectify/backend-cpu';
 * import { Trainer, encodeConfig } from '@rectify/train';
 *
 * const trainer = await Trainer.create(
 *   { dataset: 'circle', layers: [8, 8], activation: 'prelu', optimizer: 'adam', learningRate: 0.03, epochs: 60 },
 *   { backend: createCpuBackend() },
 * );
 * const { final } = await trainer.train();
 * console.log(final.testAccuracy, final.preluSlopes);
 * const link = `?config=${encodeConfig(trainer.config)}`;
 * ```
 */
export * from './config.js';
export * from './csv.js';
export * from './datasets.js';
export * from './metrics.js';
export * from './network.js';
export * from './onnx-export.js';
export * from './optimizers.js';
export { deriveSeed, Random } from './random.js';
export * from './share.js';
export * from './trainer.js';
