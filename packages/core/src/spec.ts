import type { ParamSchema, ParamValues } from './params.js';
import type { FloatArray, NestedNumbers, Shape, Tensor } from './tensor.js';

/** Whether an op is an activation (`x` → `y`) or a loss (`yTrue`, `yPred` → loss). */
export type OpKind = 'activation' | 'loss';

/** How ops are grouped in docs and the playground. */
export type OpGroup =
  | 'piecewise-linear'
  | 'exponential'
  | 'smooth-gated'
  | 'saturating'
  | 'normalizing'
  | 'regression-loss'
  | 'probabilistic-loss'
  | 'margin-loss';

/**
 * How a test generator draws valid values for an input.
 * `uniform`: in [lo, hi]; `binary`: 0 or 1; `sign`: −1 or 1; `distribution`: positive, summing to 1 along
 * the op's axis; `classIndex`: an integer class index in [0, C).
 */
export type SampleHint =
  | { readonly kind: 'uniform'; readonly lo: number; readonly hi: number }
  | { readonly kind: 'binary' }
  | { readonly kind: 'sign' }
  | { readonly kind: 'distribution' }
  | { readonly kind: 'classIndex' };

/** A tensor input of an op. */
export interface InputDecl<N extends string = string> {
  readonly name: N;
  readonly doc: string;
  /** `float`: float32 or float64 data; `label`: integer class indices (int32, or floats holding integers). */
  readonly role: 'float' | 'label';
  readonly sample: SampleHint;
}

/** A worked example of the docs; its numbers are checked by core's tests against the reference. */
export interface OpExample {
  readonly params?: Readonly<Record<string, number | boolean | string>>;
  readonly inputs: Readonly<Record<string, NestedNumbers>>;
  /** The expected output, to at least 7 significant digits. */
  readonly output: NestedNumbers;
}

/**
 * The properties people compare activations by (the ReLU / Leaky ReLU / PReLU table), shown on the
 * playground's comparison page.
 */
export interface ActivationProperties {
  /** The output range for real x, e.g. `[0, ∞)` or `(−1, 1)`. */
  readonly range: string;
  /** Whether outputs centre on zero for zero-mean inputs: `yes`, `roughly` (negative outputs, mean near 0) or `no`. */
  readonly zeroCentred: 'yes' | 'roughly' | 'no';
  /** Where the gradient goes to 0: `none`, `left` (x → −∞), `right` (x → +∞) or `both`. */
  readonly saturates: 'none' | 'left' | 'right' | 'both';
  /** How likely units get stuck with zero output and zero gradient in training. */
  readonly dyingUnits: 'none' | 'low' | 'high';
  /** Trainable parameters, e.g. `none` or `α per channel`. */
  readonly trainableParams: string;
  /** Relative compute cost per element: `lowest` (compare/select), `low` (one multiply), `medium` (one exp or similar), `high` (several transcendental functions). */
  readonly cost: 'lowest' | 'low' | 'medium' | 'high';
}

/** The documentation of an op, shown in the README, the CLI and the playground. */
export interface OpDocs {
  /** One sentence: what the op does. */
  readonly summary: string;
  /** The formula, in LaTeX. */
  readonly formula: string;
  /** The derivative (or, for losses, the gradient with respect to `yPred`), in LaTeX. */
  readonly derivative: string;
  /** What the gradient is at kinks and clipping boundaries, in words. */
  readonly kinks: string;
  /** Where TensorFlow.js, Keras, PyTorch or ONNX differ in defaults or conventions. */
  readonly others?: string;
  readonly paper?: { readonly title: string; readonly url: string };
  readonly seeAlso?: readonly string[];
  readonly example: OpExample;
  /** Activations only: the properties of the comparison table. */
  readonly properties?: ActivationProperties;
}

/** Hints for plotting an op: where to look at it and where its kinks are. */
export interface VizHints<P> {
  /** A sensible x range (for losses: the range of `yPred`). */
  readonly domain: readonly [number, number];
  /** Points where the derivative jumps, for the given params. */
  kinks(params: P): readonly number[];
  /** Horizontal asymptotes of f, for the given params (activations). */
  asymptotes?(params: P): readonly number[];
  /** For losses: the fixed target that plots of the loss against `yPred` use. */
  readonly target?: number;
}

/** The inputs of an op, by name, after validation. */
export type OpInputs<In extends string> = { readonly [K in In]: Tensor };
/** Gradient buffers to fill, one per differentiable input, each the size of that input. */
export type GradBuffers<G extends string> = { readonly [K in G]: FloatArray };

/**
 * Everything about one op: its contract (inputs, params, shapes), its float64 reference forward and
 * vector-Jacobian product, its docs and viz hints. One frozen object per op, in `src/ops/<kebab-id>.ts`.
 *
 * `forward` and `backward` compute in float64 and round once into `out`, whatever its type: with a
 * Float64Array they are the reference; with a Float32Array they give the correctly rounded float32 result.
 * They are only called with inputs that passed validation.
 */
export interface OpSpec<
  Id extends string = string,
  In extends string = string,
  G extends In = In,
  S extends ParamSchema = ParamSchema,
> {
  readonly id: Id;
  readonly kind: OpKind;
  readonly group: OpGroup;
  readonly inputs: readonly InputDecl<In>[];
  /** The inputs the gradient is taken with respect to. */
  readonly gradWrt: readonly G[];
  readonly params: S;
  /** Rules across params (e.g. min ≤ max); returns the message of the broken rule. */
  checkParams?(params: ParamValues<S>): string | undefined;
  /** Shape and value rules of the inputs; throws ShapeError, InvalidParamError or InvalidInputError. */
  checkInputs(inputs: OpInputs<In>, params: ParamValues<S>): void;
  outputShape(inputs: OpInputs<In>, params: ParamValues<S>): Shape;
  forward(inputs: OpInputs<In>, params: ParamValues<S>, out: FloatArray): void;
  /** Writes `upstream · ∂y/∂input` into `out[input]` for every input in {@link gradWrt}. */
  backward(inputs: OpInputs<In>, params: ParamValues<S>, upstream: Tensor, out: GradBuffers<G>): void;
  /** Set for elementwise activations: the scalar function and its derivative. */
  readonly elementwise?: ScalarFunctions<ParamValues<S>>;
  readonly docs: OpDocs;
  readonly viz: VizHints<ParamValues<S>>;
}

/** An elementwise activation as a scalar function and its derivative, for any param values. */
export interface ScalarFunctions<P> {
  f(x: number, params: P): number;
  df(x: number, params: P): number;
}

/** Any op spec. Methods are bivariant, so every concrete spec is assignable to it. */
export type AnyOpSpec = OpSpec<string, string, string, ParamSchema>;
/** The params an op spec takes, all resolved. */
export type SpecParams<T> = T extends { readonly params: infer S extends ParamSchema }
  ? ParamValues<S>
  : never;
/** The input names of an op spec. */
export type SpecInputName<T> = T extends { readonly inputs: readonly InputDecl<infer In>[] } ? In : never;
/** The names of the inputs an op spec differentiates. */
export type SpecGradName<T> = T extends { readonly gradWrt: readonly (infer G extends string)[] } ? G : never;
