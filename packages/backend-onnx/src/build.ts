import {
  type AnyOpSpec,
  type FloatDType,
  getSpec,
  InvalidParamError,
  type OpId,
  resolveParams,
  UnsupportedError,
} from '@rectify/core';
import { type ElemType, GraphBuilder } from './graph.js';
import { type OnnxKernel, type OnnxKernelTable, runsInFloat64 } from './kernel.js';
import { onnxKernels } from './kernels/index.js';

/** Which graph of an op: its forward pass, or its vector-Jacobian product. */
export type Pass = 'forward' | 'backward';

/** Everything a graph depends on: calls that agree on these share one graph and one session. */
export interface GraphKey {
  readonly op: OpId;
  readonly params: Readonly<Record<string, unknown>>;
  readonly dtype: FloatDType;
  /** Rank of each input; undefined entries build a graph for any rank. */
  readonly ranks: Readonly<Record<string, number | undefined>>;
  /** Element type of sparse labels (int32, or the float type). */
  readonly labelType: ElemType;
  readonly pass: Pass;
}

/**
 * The cache key of a graph. JSON alone would write ±Infinity and NaN all as `null` and −0 as 0, so
 * hardTanh's {min: −∞, max: ∞} and {min: ∞, max: ∞} would share a session: those numbers get names.
 */
export function graphKeyString(k: GraphKey): string {
  return JSON.stringify([k.pass, k.op, k.dtype, k.params, k.ranks, k.labelType], (_key, v: unknown) =>
    typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))
      ? `#${Object.is(v, -0) ? '-0' : v}`
      : v,
  );
}

/** Graph input and output names: the op's input names, `upstream`, and `y` / `grad_<input>`. */
export const outputName = (pass: Pass, input?: string) => (pass === 'forward' ? 'y' : `grad_${input}`);

/** Builds the graph of one op pass with a kernel. Params must already be resolved. */
export function buildGraph(kernels: OnnxKernelTable, key: GraphKey): GraphBuilder {
  const spec = getSpec(key.op) as AnyOpSpec;
  const kernel = kernels[key.op] as unknown as OnnxKernel<OpId>;
  if (key.dtype === 'float64' && !runsInFloat64(kernel, key.params as never)) {
    throw new UnsupportedError(`ONNX Runtime's CPU kernels do not run ${key.op} in float64`, { op: key.op });
  }
  const b = new GraphBuilder(key.dtype);
  const inputs: Record<string, ReturnType<GraphBuilder['input']>> = {};
  for (const d of spec.inputs)
    inputs[d.name] = b.input(d.name, d.role === 'label' ? key.labelType : 'T', key.ranks[d.name]);
  const ctx = { ranks: key.ranks };
  const params = key.params as never;
  if (key.pass === 'forward') {
    b.output(kernel.forward(b, inputs as never, params, ctx), outputName('forward'), 'T', undefined);
  } else {
    const upstream = b.input('upstream', 'T', undefined);
    const grads = kernel.backward(b, inputs as never, params, upstream, ctx) as Record<
      string,
      ReturnType<GraphBuilder['input']>
    >;
    for (const name of spec.gradWrt) b.output(grads[name]!, outputName('backward', name), 'T', undefined);
  }
  return b;
}

/** Options of {@link exportOnnx}. */
export interface ExportOptions {
  /** Export the vector-Jacobian product (inputs plus `upstream`, outputs `grad_<input>`) instead of the op. */
  readonly gradient?: boolean;
  /** float32 (default) or float64 (for ops whose operators ONNX Runtime's CPU runs in double). */
  readonly dtype?: FloatDType;
  /**
   * Fixed ranks for inputs, by name. Without them every input accepts any shape; prelu's gradient needs
   * the ranks of `x` and `alpha` to know which axes to reduce.
   */
  readonly ranks?: Readonly<Record<string, number>>;
  /** Element type of sparse labels in the model: int32 (default) or the float type. */
  readonly labelType?: 'int32' | 'float';
}

/**
 * A standalone `.onnx` model (opset 20) of a catalog op or of its gradient, with named, typed inputs
 * (`x`, `alpha`, `yTrue`, `yPred`, `upstream`) and outputs (`y`, `grad_x`, …) and dynamic shapes.
 * Throws `UnknownOpError` and `InvalidParamError` like the ops do.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('leaky-relu.onnx', exportOnnx('leakyRelu', { alpha: 0.1 }));
 * writeFileSync('leaky-relu-grad.onnx', exportOnnx('leakyRelu', { alpha: 0.1 }, { gradient: true }));
 * ```
 */
export function exportOnnx(op: OpId | string, params: object = {}, options: ExportOptions = {}): Uint8Array {
  const spec = getSpec(op) as AnyOpSpec;
  const resolved = resolveParams(spec.id, spec.params, params);
  const broken = spec.checkParams?.(resolved);
  if (broken) throw new InvalidParamError(broken, { op: spec.id });
  const ranks: Record<string, number | undefined> = {};
  for (const d of spec.inputs) ranks[d.name] = options.ranks?.[d.name];
  return buildGraph(onnxKernels, {
    op: spec.id as OpId,
    params: resolved,
    dtype: options.dtype ?? 'float32',
    ranks,
    labelType: options.labelType === 'float' ? 'T' : 'int32',
    pass: options.gradient ? 'backward' : 'forward',
  }).toBytes();
}
