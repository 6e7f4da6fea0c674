import { logistic } from '@rectify/core';
import { unaryKernel } from '../kernel.js';

export const sigmoid = unaryKernel<'sigmoid'>(() => ({
  f: logistic,
  // y(1 − y) as σ(x)·σ(−x): no cancellation where y is close to 1
  df: (x) => logistic(x) * logistic(-x),
}));
