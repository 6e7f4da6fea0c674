import { CROSSOVER_CHEAP } from '../context.js';
import { isF32 } from '../grid.js';
import { elementwise } from './elementwise.js';
import { leakySimdBackward } from './leaky.js';

export const relu = elementwise<'relu'>({
  crossover: CROSSOVER_CHEAP,
  simdForward: (rt, x) => (isF32(x) ? rt.exports.reluF32 : rt.exports.reluF64),
  // the leaky gradient with slope 0: one comparison a vector where a band (0, ∞) takes two
  simdBackward: (rt, x) => leakySimdBackward(rt, x, 0),
  forward(x, out) {
    if (isF32(x)) {
      // on the bits, without branches: clear negatives (−0 included) but keep NaNs of either sign
      const xi = new Int32Array(x.buffer, x.byteOffset, x.length);
      const oi = new Int32Array(out.buffer, out.byteOffset, out.length);
      for (let i = 0; i < xi.length; i++) {
        const b = xi[i]!;
        const nan = (0x7f800000 - (b & 0x7fffffff)) >> 31;
        oi[i] = b & ~((b >> 31) & ~nan);
      }
    } else {
      for (let i = 0; i < x.length; i++) out[i] = Math.max(x[i]!, 0);
    }
  },
  backward(x, g, out) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      out[i] = v > 0 ? g[i]! : Number.isNaN(v) ? v : 0;
    }
  },
});
