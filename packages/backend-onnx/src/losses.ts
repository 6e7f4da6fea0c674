import type { Reduction } from '@rectify/core';
import type { GraphBuilder, Value } from './graph.js';

/** Reduces per-element (or per-sample) losses: as they are, their sum, or their mean (NaN when empty). */
export function reduceLoss(b: GraphBuilder, losses: Value, reduction: Reduction): Value {
  if (reduction === 'none') return losses;
  const sum = b.reduceSum(losses, undefined, false);
  return reduction === 'sum' ? sum : b.div(sum, b.sizeOf(losses));
}

/**
 * The upstream gradient each per-element (or per-sample) loss shaped like `like` receives: `g` for
 * 'none', `g` broadcast for 'sum', `g / n` broadcast for 'mean'.
 */
export function lossUpstream(b: GraphBuilder, upstream: Value, reduction: Reduction, like: Value): Value {
  if (reduction === 'none') return upstream;
  const g = reduction === 'sum' ? upstream : b.div(upstream, b.sizeOf(like));
  return b.op('Expand', [g, b.op('Shape', [like])]);
}
