import { CROSSOVER_CHEAP } from '../context.js';
import { elementwise } from './elementwise.js';
import { leakyBackward, leakyForward, leakySimdBackward, leakySimdForward } from './leaky.js';

export const leakyRelu = elementwise<'leakyRelu'>({
  crossover: CROSSOVER_CHEAP,
  simdForward: (rt, x, { alpha }) => leakySimdForward(rt, x, alpha),
  simdBackward: (rt, x, { alpha }) => leakySimdBackward(rt, x, alpha),
  forward: (x, out, { alpha }) => leakyForward(x, out, alpha),
  backward: (x, g, out, { alpha }) => leakyBackward(x, g, out, alpha),
});
