import type { GradNameOf, InputNameOf, OpId, ParamsOf } from '@rectify/core';
import type * as tfc from '@tensorflow/tfjs-core';

/** The tfjs-core namespace the kernels compose ops from. */
export type Tf = typeof tfc;
/** A tfjs tensor. */
export type TfTensor = tfc.Tensor;

/** What a gradient kernel may ask about its call besides the tensors. */
export interface TfjsGradContext {
  /**
   * Whether every upstream value is finite (the host array is scanned on first use). With a finite
   * upstream, g·f'(x) is already 0 where f'(x) is 0, so the select that keeps those elements at 0 for an
   * infinite or NaN upstream can be skipped.
   */
  readonly finiteUpstream: boolean;
}

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
    ctx?: TfjsGradContext,
  ): { readonly [K in GradNameOf<Id>]: TfTensor };
}

/** One kernel for every op of the catalog; a missing op is a compile error. */
export type TfjsKernelTable = { readonly [Id in OpId]: TfjsKernel<Id> };

/** Which tfjs backend is computing: some kernels differ where a tfjs op behaves differently on one. */
export const onWasm = (tf: Tf): boolean => tf.getBackend() === 'wasm';

/**
 * g·d as core's activations define it: 0 where d is 0 (even for an infinite or NaN upstream), NaN
 * where d is NaN, g·d elsewhere. `d` must be NaN wherever x is. One product when the upstream is finite.
 */
export function timesDerivative(
  tf: Tf,
  g: TfTensor,
  d: TfTensor,
  ctx: TfjsGradContext | undefined,
): TfTensor {
  if (ctx?.finiteUpstream) return tf.mul(g, d);
  return tf.where(tf.equal(d, 0), d, tf.mul(g, d));
}

/**
 * 1 where x is a number and NaN where it is NaN (tf.step with both slopes 1): multiplying by it puts
 * back the NaN a tfjs op dropped, for two cheap passes where an isNaN select costs two slow ones on wasm.
 */
export function nanMask(tf: Tf, x: TfTensor): TfTensor {
  return tf.step(x, 1);
}

/** Options of {@link unaryKernel}. */
export interface UnaryKernelOptions<Id extends OpId> {
  /** `df` is NaN wherever x is NaN, so the gradient needs no select of its own for NaN inputs. */
  readonly derivativeKeepsNaN?: boolean;
  /**
   * The whole vector-Jacobian product on the 1-D views of x and g, for kernels with a cheaper one than
   * g·f'(x) (a tfjs gradient kernel); `df` then serves nothing but documentation and tests.
   */
  readonly vjp?: (
    tf: Tf,
    x: TfTensor,
    params: ParamsOf<Id>,
    g: TfTensor,
    ctx: TfjsGradContext | undefined,
  ) => TfTensor;
}

/**
 * A kernel for an elementwise activation from `f(x)` and `f'(x)` written with tfjs ops. The gradient
 * is `g·f'(x)` where f'(x) ≠ 0 and 0 where it is (so a masked element stays 0 for an infinite upstream),
 * and NaN where x is NaN — the same select as core's reference.
 */
export function unaryKernel<Id extends OpId>(
  f: (tf: Tf, x: TfTensor, params: ParamsOf<Id>) => TfTensor,
  df: (tf: Tf, x: TfTensor, params: ParamsOf<Id>) => TfTensor,
  options: UnaryKernelOptions<Id> = {},
): TfjsKernel<Id> {
  // computed on a 1-D view: tfjs-wasm's binary ops return garbage at rank 7 and above
  const flat = (tf: Tf, t: TfTensor) => tf.reshape(t, [t.size]);
  return {
    forward(tf, inputs, params) {
      const x = (inputs as unknown as { x: TfTensor }).x;
      return tf.reshape(f(tf, flat(tf, x), params), x.shape);
    },
    backward(tf, inputs, params, upstream, ctx) {
      const x = flat(tf, (inputs as unknown as { x: TfTensor }).x);
      const g = flat(tf, upstream);
      let flatDx: TfTensor;
      if (options.vjp) flatDx = options.vjp(tf, x, params, g, ctx);
      else {
        const raw = df(tf, x, params);
        const d = options.derivativeKeepsNaN ? raw : tf.mul(raw, nanMask(tf, x));
        flatDx = timesDerivative(tf, g, d, ctx);
      }
      const dx = tf.reshape(flatDx, upstream.shape);
      return { x: dx } as unknown as { readonly [K in GradNameOf<Id>]: TfTensor };
    },
  };
}
