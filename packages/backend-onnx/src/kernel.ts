import type { GradNameOf, InputNameOf, OpId, ParamsOf, Tensor } from '@rectify/core';
import type { GraphBuilder, Value } from './graph.js';

/** What a kernel knows about the call it builds a graph for, besides params. */
export interface GraphContext {
  /** The rank of each input (undefined when exporting a graph for any rank). */
  readonly ranks: Readonly<Record<string, number | undefined>>;
}

/**
 * An ONNX kernel describes an op's forward pass and its vector-Jacobian product as graphs of standard
 * ONNX operators (ONNX Runtime has no autodiff). The same description builds the float32 and the
 * float64 graph; `float64` says whether ONNX Runtime's CPU kernels take every operator it uses in double.
 */
export interface OnnxKernel<Id extends OpId = OpId> {
  /**
   * Whether the graph runs in float64: ONNX Runtime's CPU kernels lack double for several operators
   * (LeakyRelu, Elu, Softplus, Erf, …), so kernels compose those from primitives when `b.dtype` is
   * float64, or say here (per params, if it depends on them) that they cannot.
   */
  readonly float64: boolean | ((params: ParamsOf<Id>) => boolean);
  forward(
    b: GraphBuilder,
    inputs: { readonly [K in InputNameOf<Id>]: Value },
    params: ParamsOf<Id>,
    ctx: GraphContext,
  ): Value;
  backward(
    b: GraphBuilder,
    inputs: { readonly [K in InputNameOf<Id>]: Value },
    params: ParamsOf<Id>,
    upstream: Value,
    ctx: GraphContext,
  ): { readonly [K in GradNameOf<Id>]: Value };
  /** Extra graph inputs computed on the host for a call (e.g. rrelu's training slopes), by input name. */
  feeds?(inputs: Readonly<Record<string, Tensor>>, params: ParamsOf<Id>): Readonly<Record<string, Tensor>>;
}

/** One kernel for every op of the catalog; a missing op is a compile error. */
export type OnnxKernelTable = { readonly [Id in OpId]: OnnxKernel<Id> };

/**
 * A kernel for an elementwise activation from graph builders of `f(x)` and `f'(x)`. The gradient is
 * `g·f'(x)` where f'(x) ≠ 0, 0 where it is, and NaN where x is NaN — core's select.
 */
export function unaryKernel<Id extends OpId>(
  float64: OnnxKernel<Id>['float64'],
  f: (b: GraphBuilder, x: Value, params: ParamsOf<Id>) => Value,
  df: (b: GraphBuilder, x: Value, params: ParamsOf<Id>) => Value,
): OnnxKernel<Id> {
  return {
    float64,
    forward: (b, inputs, params) => f(b, (inputs as unknown as { x: Value }).x, params),
    backward(b, inputs, params, g) {
      const x = (inputs as unknown as { x: Value }).x;
      const d = df(b, x, params);
      const masked = b.where(b.equal(d, b.scalar(0)), b.fill(d, 0), b.mul(g, d));
      return { x: b.keepNaN(x, masked) } as unknown as { readonly [K in GradNameOf<Id>]: Value };
    },
  };
}

/** Whether a kernel's graph runs in float64 for these params. */
export function runsInFloat64<Id extends OpId>(kernel: OnnxKernel<Id>, params: ParamsOf<Id>): boolean {
  return typeof kernel.float64 === 'function' ? kernel.float64(params) : kernel.float64;
}
