import { CROSSOVER_CHEAP } from '../context.js';
import type { KernelFactory } from '../kernel.js';
import { specKernel } from '../kernel.js';
import { elementwise } from './elementwise.js';
import { leakyBackward, leakyForward, leakySimdBackward, leakySimdForward } from './leaky.js';

const slope = (p: { lower: number; upper: number }) => (p.lower + p.upper) / 2;

const evaluation = elementwise<'rrelu'>({
  crossover: CROSSOVER_CHEAP,
  simdForward: (rt, x, p) => leakySimdForward(rt, x, slope(p)),
  simdBackward: (rt, x, p) => leakySimdBackward(rt, x, slope(p)),
  forward: (x, out, p) => leakyForward(x, out, slope(p)),
  backward: (x, g, out, p) => leakyBackward(x, g, out, slope(p)),
});

const training = specKernel<'rrelu'>();

/** rrelu is leakyRelu with slope (lower + upper)/2 outside training; training slopes come from the spec. */
export const rrelu: KernelFactory<'rrelu'> = (ctx) => {
  const fixed = evaluation(ctx);
  return {
    forward: (call, out) => (call.params.training ? training : fixed).forward(call, out),
    // a fresh output computed in the kernels' own memory and copied out, as leakyRelu's
    forwardFresh: (call) => (call.params.training ? null : (fixed.forwardFresh?.(call) ?? null)),
    backward: (call, out) => (call.params.training ? training : fixed).backward(call, out),
  };
};
