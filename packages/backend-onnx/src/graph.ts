import type { FloatDType } from '@rectify/core';
import { onnx } from './proto.js';

/** The default-domain opset the graphs use: 20 has Gelu; ReduceMax takes its axes as an input from 18. */
export const OPSET = 20;
/** IR version 8 is read by every ONNX Runtime 1.14+. */
const IR_VERSION = 8;

/** A value in a graph under construction (an input, an initializer or a node output). */
export interface Value {
  readonly name: string;
}

/** Element types a graph value can have: `T` is the graph's float type. */
export type ElemType = 'T' | 'int32' | 'int64' | 'bool';

/** An attribute of a node, typed as ONNX needs it. */
export type Attr =
  | { readonly float: number }
  | { readonly int: number }
  | { readonly string: string }
  | { readonly ints: readonly number[] };

const DataType = onnx.TensorProto.DataType;
const AttrType = onnx.AttributeProto.AttributeType;

/** Input and output declarations of a graph: a name, an element type and a rank (undefined: any rank). */
interface IoDecl {
  readonly name: string;
  readonly type: ElemType;
  readonly rank: number | undefined;
}

/**
 * Builds one small ONNX graph from standard operators for one float type (float32 or float64).
 * Kernels describe an op once, with the helpers here, and the same description yields both graphs.
 *
 * @example
 * ```ts
 * const b = new GraphBuilder('float32');
 * const x = b.input('x', 'T', 1);
 * b.output(b.op('LeakyRelu', [x], { alpha: { float: 0.1 } }), 'y', 'T', 1);
 * const bytes = b.toBytes();
 * ```
 */
export class GraphBuilder {
  readonly dtype: FloatDType;
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private readonly inputs: IoDecl[] = [];
  private readonly outputs: IoDecl[] = [];
  private readonly constants = new Map<string, Value>();
  private counter = 0;

  constructor(dtype: FloatDType) {
    this.dtype = dtype;
  }

  private fresh(hint: string): string {
    return `${hint}_${this.counter++}`;
  }

  private elemType(type: ElemType): number {
    if (type === 'T') return this.dtype === 'float64' ? DataType.DOUBLE : DataType.FLOAT;
    return { int32: DataType.INT32, int64: DataType.INT64, bool: DataType.BOOL }[type];
  }

  /** Declares a graph input; its dimensions are symbolic, so any shape of that rank runs. */
  input(name: string, type: ElemType, rank: number | undefined): Value {
    this.inputs.push({ name, type, rank });
    return { name };
  }

  /** Declares `value` as the graph output `name` (through an Identity when it must be renamed). */
  output(value: Value, name: string, type: ElemType, rank: number | undefined): void {
    const named = value.name === name ? value : this.nodeTo('Identity', [value], {}, name);
    this.outputs.push({ name: named.name, type, rank });
  }

  /** A scalar constant of the graph's float type (shared when used twice). */
  scalar(v: number): Value {
    return this.constant('T', [v], []);
  }

  /** A 1-D int64 constant, for axes and shapes. */
  int64s(values: readonly number[]): Value {
    return this.constant('int64', values, [values.length]);
  }

  /** A constant of any element type and shape. */
  constant(type: ElemType, values: readonly number[], dims: readonly number[]): Value {
    const key = `${type}|${dims.join(',')}|${values.map((v) => (Object.is(v, -0) ? '-0' : String(v))).join(',')}`;
    const known = this.constants.get(key);
    if (known) return known;
    const name = this.fresh('const');
    const t = onnx.TensorProto.create({ name, dataType: this.elemType(type), dims: [...dims] });
    if (type === 'T' && this.dtype === 'float64') t.doubleData = [...values];
    else if (type === 'T') t.floatData = [...values];
    else if (type === 'int64') t.int64Data = [...values];
    else t.int32Data = values.map((v) => (type === 'bool' ? Number(Boolean(v)) : v));
    this.initializers.push(t);
    const value = { name };
    this.constants.set(key, value);
    return value;
  }

  private nodeTo(
    opType: string,
    inputs: readonly Value[],
    attrs: Readonly<Record<string, Attr>>,
    out: string,
  ): Value {
    const attribute = Object.entries(attrs).map(([name, a]) => {
      if ('float' in a) return onnx.AttributeProto.create({ name, type: AttrType.FLOAT, f: a.float });
      if ('int' in a) return onnx.AttributeProto.create({ name, type: AttrType.INT, i: a.int });
      if ('string' in a) {
        return onnx.AttributeProto.create({
          name,
          type: AttrType.STRING,
          s: new TextEncoder().encode(a.string),
        });
      }
      return onnx.AttributeProto.create({ name, type: AttrType.INTS, ints: [...a.ints] });
    });
    this.nodes.push(
      onnx.NodeProto.create({
        opType,
        input: inputs.map((v) => v.name),
        output: [out],
        attribute,
        name: out,
      }),
    );
    return { name: out };
  }

  /** Adds a node of a standard operator and returns its (single) output. */
  op(opType: string, inputs: readonly Value[], attrs: Readonly<Record<string, Attr>> = {}): Value {
    return this.nodeTo(opType, inputs, attrs, this.fresh(opType.toLowerCase()));
  }

  // Elementwise arithmetic (NumPy broadcasting, as ONNX does).
  add = (a: Value, b: Value) => this.op('Add', [a, b]);
  sub = (a: Value, b: Value) => this.op('Sub', [a, b]);
  mul = (a: Value, b: Value) => this.op('Mul', [a, b]);
  div = (a: Value, b: Value) => this.op('Div', [a, b]);
  neg = (a: Value) => this.op('Neg', [a]);
  abs = (a: Value) => this.op('Abs', [a]);
  exp = (a: Value) => this.op('Exp', [a]);
  log = (a: Value) => this.op('Log', [a]);
  sqrt = (a: Value) => this.op('Sqrt', [a]);
  tanh = (a: Value) => this.op('Tanh', [a]);
  sigmoid = (a: Value) => this.op('Sigmoid', [a]);
  max = (a: Value, b: Value) => this.op('Max', [a, b]);
  min = (a: Value, b: Value) => this.op('Min', [a, b]);
  // Comparisons and selection.
  greater = (a: Value, b: Value) => this.op('Greater', [a, b]);
  less = (a: Value, b: Value) => this.op('Less', [a, b]);
  greaterOrEqual = (a: Value, b: Value) => this.op('GreaterOrEqual', [a, b]);
  lessOrEqual = (a: Value, b: Value) => this.op('LessOrEqual', [a, b]);
  equal = (a: Value, b: Value) => this.op('Equal', [a, b]);
  and = (a: Value, b: Value) => this.op('And', [a, b]);
  or = (a: Value, b: Value) => this.op('Or', [a, b]);
  not = (a: Value) => this.op('Not', [a]);
  isNaN = (a: Value) => this.op('IsNaN', [a]);
  where = (cond: Value, a: Value, b: Value) => this.op('Where', [cond, a, b]);

  /**
   * Sum over `axes` (all axes when undefined). float32 graphs sum in double and round once: ONNX
   * Runtime's float32 ReduceSum drifts with the number of terms (2.6e-5 relative for the mean of 1e6
   * squared errors, past the 1e-5 tolerance).
   */
  reduceSum(x: Value, axes: readonly number[] | undefined, keepdims: boolean): Value {
    const wide = this.dtype === 'float32';
    const terms = wide ? this.op('Cast', [x], { to: { int: DataType.DOUBLE } }) : x;
    const inputs = axes ? [terms, this.int64s(axes)] : [terms];
    const sum = this.op('ReduceSum', inputs, { keepdims: { int: keepdims ? 1 : 0 } });
    return wide ? this.op('Cast', [sum], { to: { int: DataType.FLOAT } }) : sum;
  }

  /** Maximum over `axes` (all axes when undefined). */
  reduceMax(x: Value, axes: readonly number[] | undefined, keepdims: boolean): Value {
    const inputs = axes ? [x, this.int64s(axes)] : [x];
    return this.op('ReduceMax', inputs, { keepdims: { int: keepdims ? 1 : 0 } });
  }

  /** A tensor shaped like `like` filled with `v`. */
  fill(like: Value, v: number): Value {
    return this.op('Expand', [this.scalar(v), this.op('Shape', [like])]);
  }

  /** The number of elements of `x`, as a scalar of the graph's float type. */
  sizeOf(x: Value): Value {
    return this.op('Cast', [this.op('Size', [x])], { to: { int: this.elemType('T') } });
  }

  /** Selects `x` where `x` is NaN and `y` elsewhere: restores NaN where a formula's select dropped it. */
  keepNaN(x: Value, y: Value): Value {
    return this.where(this.isNaN(x), x, y);
  }

  /** The model, validated for the basics ONNX Runtime would reject later with a less clear message. */
  toModel(): InstanceType<typeof onnx.ModelProto> {
    if (this.outputs.length === 0) throw new Error('internal: a graph needs at least one output');
    const info = (d: IoDecl) =>
      onnx.ValueInfoProto.create({
        name: d.name,
        type: {
          tensorType: {
            elemType: this.elemType(d.type),
            // no shape at all means any rank; otherwise one symbolic dimension per axis
            ...(d.rank === undefined
              ? {}
              : {
                  shape: { dim: Array.from({ length: d.rank }, (_, i) => ({ dimParam: `${d.name}_${i}` })) },
                }),
          },
        },
      });
    const graph = onnx.GraphProto.create({
      name: 'rectify',
      node: this.nodes,
      initializer: this.initializers,
      input: this.inputs.map(info),
      output: this.outputs.map(info),
    });
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: 'rectify',
      opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: OPSET })],
      graph,
    });
    const problem = onnx.ModelProto.verify(model);
    if (problem) throw new Error(`internal: invalid ONNX model: ${problem}`);
    return model;
  }

  /** The serialized model, ready for `InferenceSession.create` or a `.onnx` file. */
  toBytes(): Uint8Array {
    return onnx.ModelProto.encode(this.toModel()).finish();
  }
}
