import type { GradNameOf, InputNameOf, OpId, ParamsOf } from '@rectify/core';
import type * as tfc from '@tensorflow/tfjs-core';

/** The tfjs-core namespace the kernels compose ops from. */
export type Tf = typeof tfc;
/** A tfjs tensor. */
export type TfTensor = tfc.Tensor;

/**
 * A tfjs kernel builds an op's forward pass and its vector-Jacobian product from tfjs ops. It runs
 * inside `tf.tidy`, so it may create as many intermediate tensors as it likes; it returns the result.
 * Params arrive resolved (every one present): kernels pass them explicitly, never relying on a tfjs default.
 */
export interface TfjsKernel<Id extends OpId = OpId> {
  forward(tf: Tf, inputs: { readonly [K in InputNameOf<Id>]: TfTensor }, params: ParamsOf<Id>): TfTensor;
  backward(
    tf: Tf,
    inputs: { readonly [K in InputNameOf<Id>]: TfTensor },
    params: ParamsOf<Id>,
    upstream: TfTensor,
  ): { readonly [K in GradNameOf<Id>]: TfTensor };
}

/** One kernel for every op of the catalog; a missing op is a compile error. */
export type TfjsKernelTable = { readonly [Id in OpId]: TfjsKernel<Id> };

/**
 * A kernel for an elementwise activation from `f(x)` and `f'(x)` written with tfjs ops. The gradient
 * is `g·f'(x)` where f'(x) ≠ 0 and 0 where it is (so a masked element stays 0 for an infinite upstream),
 * and NaN where x is NaN — the same select as core's reference.
 */
export function unaryKernel<Id extends OpId>(
  f: (tf: Tf, x: TfTensor, params: ParamsOf<Id>) => TfTensor,
  df: (tf: Tf, x: TfTensor, params: ParamsOf<Id>) => TfTensor,
): TfjsKernel<Id> {
  // computed on a 1-D view: tfjs-wasm's binary ops return garbage at rank 7 and above
  const flat = (tf: Tf, t: TfTensor) => tf.reshape(t, [t.size]);
  return {
    forward(tf, inputs, params) {
      const x = (inputs as unknown as { x: TfTensor }).x;
      return tf.reshape(f(tf, flat(tf, x), params), x.shape);
    },
    backward(tf, inputs, params, upstream) {
      const x = flat(tf, (inputs as unknown as { x: TfTensor }).x);
      const d = df(tf, x, params);
      const masked = tf.where(tf.equal(d, 0), tf.zerosLike(d), tf.mul(flat(tf, upstream), d));
      const dx = tf.reshape(tf.where(tf.isNaN(x), x, masked), upstream.shape);
      return { x: dx } as unknown as { readonly [K in GradNameOf<Id>]: TfTensor };
    },
  };
}
