export * from './chart.js';
export * from './curve-inputs.js';
export * from './frame.js';
export * from './plot-op.js';
export * from './sample.js';
export * from './svg.js';
