import {
  type Backend,
  type FloatArray,
  type FloatDType,
  forward,
  getSpec,
  gradient,
  InvalidParamError,
  isRectifyError,
  type OpId,
  resolveParams,
  ShapeError,
  Tensor,
  UnsupportedError,
} from '@rectify/core';
import type { InitName, LayerConfig, LossName, OpParams } from './config.js';
import type { Dataset, Normalization } from './datasets.js';
import type { Random } from './random.js';

/** What the last layer applies to its sums: nothing, or the activation op of the head. */
export type OutputActivation = 'linear' | 'sigmoid' | 'softmax';

/**
 * The network's output and loss: which loss, with which params, on what (logits or probabilities), and
 * what turns the last layer's output into predictions.
 */
export interface Head {
  readonly loss: LossName;
  /** The params of every loss call (the reduction is the mean over the batch). */
  readonly lossParams: OpParams;
  readonly outputs: number;
  /** The last layer's own activation, inside the loss: `linear` when the loss takes logits. */
  readonly activation: OutputActivation;
  /** The activation applied after the loss's input to make predictions (`sigmoid`/`softmax` for logits). */
  readonly link: OutputActivation;
  /** Class indices as int32 labels (sparseCategoricalCrossentropy) instead of one-hot rows. */
  readonly sparseLabels: boolean;
}

/** A dense layer: `activation(x · weights + bias)`, weights row-major [inputs, units]. */
export interface Layer {
  readonly inputs: number;
  readonly units: number;
  readonly activation: OpId | 'linear';
  /** The params of every call of the op (none for prelu, whose slopes are `alpha`). */
  readonly params: OpParams;
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  /** The learned PReLU slopes, one per unit; null for other ops. */
  readonly alpha: Float64Array | null;
}

/** Gradients of the loss with respect to one layer's parameters, shaped like them. */
export interface LayerGradients {
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  readonly alpha: Float64Array | null;
}

/** The intermediate values of a forward pass over `size` points. */
export interface ForwardPass {
  readonly size: number;
  /** The inputs after normalization, [size, features]. */
  readonly input: Float64Array;
  /** Each layer's sums `x · W + b`, as the tensor its activation ran on. */
  readonly pre: readonly Tensor[];
  /** Each layer's output, [size, units] row-major. */
  readonly post: readonly FloatArray[];
}

/** The loss of a batch and the gradients of every layer. */
export interface Gradients {
  /** The mean data loss over the batch. */
  readonly loss: number;
  /** The L1/L2 penalty on the weights, added to the loss the gradients are of. */
  readonly penalty: number;
  readonly layers: readonly LayerGradients[];
  readonly pass: ForwardPass;
}

/** L1 and L2 weights of the penalty on the weights. */
export interface Regularization {
  readonly l1: number;
  readonly l2: number;
}

const activationParams: Readonly<Record<OutputActivation, OpParams>> = {
  linear: {},
  sigmoid: {},
  softmax: { axis: -1 },
};

function configError(message: string, cause?: unknown): InvalidParamError {
  return new InvalidParamError(`training config: ${message}`, cause === undefined ? {} : { cause });
}

/**
 * The head for a loss on a dataset: checks that they fit (a classification loss on classes, a
 * regression loss on values, or squared error on the probability of two classes) and takes
 * cross-entropies from logits unless `fromLogits: false` is given.
 */
export function resolveHead(loss: LossName | 'auto', lossParams: OpParams, dataset: Dataset): Head {
  const task = dataset.task;
  const chosen: LossName =
    loss !== 'auto'
      ? loss
      : task === 'binary'
        ? 'binaryCrossentropy'
        : task === 'multiclass'
          ? 'categoricalCrossentropy'
          : 'meanSquaredError';
  const what =
    task === 'regression'
      ? `${dataset.name} is a regression dataset (use meanSquaredError, huber, meanAbsoluteError or logCosh)`
      : `${dataset.name} has ${dataset.classes} classes`;
  const crossentropy = chosen === 'categoricalCrossentropy' || chosen === 'sparseCategoricalCrossentropy';
  // squared error after a sigmoid: the setup binary cross-entropy replaced, kept trainable so the
  // difference can be watched (its gradient vanishes where the sigmoid saturates on a wrong answer)
  const sigmoidMse = chosen === 'meanSquaredError' && task === 'binary';
  if (chosen === 'binaryCrossentropy' && task !== 'binary') {
    throw configError(
      `loss binaryCrossentropy needs two classes, but ${what}${task === 'multiclass' ? ' (use categoricalCrossentropy)' : ''}`,
    );
  }
  if (crossentropy && task === 'regression') throw configError(`loss ${chosen} needs classes, but ${what}`);
  if (!crossentropy && chosen !== 'binaryCrossentropy' && task !== 'regression' && !sigmoidMse) {
    throw configError(
      `loss ${chosen} is for regression, but ${what} (use ${task === 'binary' ? 'binaryCrossentropy, or meanSquaredError after a sigmoid' : 'categoricalCrossentropy'})`,
    );
  }
  const spec = getSpec(chosen);
  const fromLogits =
    chosen === 'binaryCrossentropy' || crossentropy ? lossParams.fromLogits !== false : false;
  const params: OpParams =
    task === 'regression' || sigmoidMse
      ? { ...lossParams, reduction: 'mean' }
      : { ...lossParams, fromLogits, reduction: 'mean' };
  try {
    resolveParams(chosen, spec.params, params);
  } catch (err) {
    if (isRectifyError(err) && err.name === 'InvalidParamError')
      throw configError(`lossParams: ${err.message}`, err);
    throw err;
  }
  const probability: OutputActivation =
    chosen === 'binaryCrossentropy' || sigmoidMse ? 'sigmoid' : crossentropy ? 'softmax' : 'linear';
  return Object.freeze({
    loss: chosen,
    lossParams: Object.freeze(params),
    outputs: crossentropy ? dataset.classes : 1,
    activation: fromLogits ? 'linear' : probability,
    link: fromLogits ? probability : 'linear',
    sparseLabels: chosen === 'sparseCategoricalCrossentropy',
  });
}

/** He for rectifier-like ops (unbounded above), Glorot for saturating and normalizing ones. */
function initFor(init: InitName, activation: OpId | 'linear'): 'he' | 'glorot' {
  if (init !== 'auto') return init;
  if (activation === 'linear') return 'glorot';
  const group = getSpec(activation).group;
  return group === 'saturating' || group === 'normalizing' ? 'glorot' : 'he';
}

/** Options of {@link initLayers}. */
export interface InitOptions {
  readonly init: InitName;
  readonly biasInit: number;
}

/**
 * Fresh layers for hidden layer configs and a head: He-normal or Glorot-uniform weights drawn from
 * `rng`, hidden biases at `biasInit`, output biases 0, PReLU slopes at their `alpha` (default 0.25).
 */
export function initLayers(
  features: number,
  hidden: readonly LayerConfig[],
  head: Head,
  options: InitOptions,
  rng: Random,
): Layer[] {
  const layers: Layer[] = [];
  let inputs = features;
  const specs = [
    ...hidden.map((l) => ({ units: l.units, activation: l.activation as OpId | 'linear', params: l.params })),
    { units: head.outputs, activation: head.activation, params: activationParams[head.activation] },
  ];
  specs.forEach((s, index) => {
    const isOutput = index === specs.length - 1;
    const weights = new Float64Array(inputs * s.units);
    const kind = initFor(options.init, s.activation);
    if (kind === 'he') {
      const sd = Math.sqrt(2 / inputs);
      for (let i = 0; i < weights.length; i++) weights[i] = sd * rng.normal();
    } else {
      const limit = Math.sqrt(6 / (inputs + s.units));
      for (let i = 0; i < weights.length; i++) weights[i] = rng.uniform(-limit, limit);
    }
    const bias = new Float64Array(s.units).fill(isOutput ? 0 : options.biasInit);
    const prelu = s.activation === 'prelu';
    const slope = typeof s.params.alpha === 'number' ? s.params.alpha : 0.25;
    layers.push({
      inputs,
      units: s.units,
      activation: s.activation,
      params: prelu ? {} : s.params,
      weights,
      bias,
      alpha: prelu ? new Float64Array(s.units).fill(slope) : null,
    });
    inputs = s.units;
  });
  return layers;
}

/** A layer's op params for predictions: rrelu's training slopes are a training-time regularizer only. */
export function evalParams(layer: Pick<Layer, 'activation' | 'params'>): OpParams {
  return layer.activation === 'rrelu' && layer.params.training === true
    ? { ...layer.params, training: false }
    : layer.params;
}

function toDtype(dtype: FloatDType, data: ArrayLike<number>): FloatArray {
  if (dtype === 'float64') return data instanceof Float64Array ? data : Float64Array.from(data);
  return data instanceof Float32Array ? data : Float32Array.from(data);
}

/** A tensor of the run's dtype (values rounded once when it is float32). */
function tensorOf(dtype: FloatDType, shape: readonly number[], data: ArrayLike<number>): Tensor {
  return new Tensor(dtype, shape, toDtype(dtype, data));
}

/**
 * A multilayer perceptron whose activations and loss run on a Rectify backend: the sums, their
 * gradients and the penalty are float64 loops here, every activation op (forward and gradient, PReLU's
 * slope gradient included) and the loss go through `@rectify/core`'s `forward`/`gradient` on `backend`.
 *
 * @example
 * ```ts
 * const net = new Network(layers, head, null, createCpuBackend(), 'float64');
 * const { loss, layers: grads } = await net.gradients(x, y, n, { l1: 0, l2: 1e-4 });
 * const p = await net.predict(x, n); // P(class 1) per point for a binary head
 * ```
 */
export class Network {
  readonly layers: readonly Layer[];
  readonly head: Head;
  readonly normalization: Normalization | null;
  readonly backend: Backend;
  readonly dtype: FloatDType;

  constructor(
    layers: readonly Layer[],
    head: Head,
    normalization: Normalization | null,
    backend: Backend,
    dtype: FloatDType,
  ) {
    this.layers = layers;
    this.head = head;
    this.normalization = normalization;
    this.backend = backend;
    this.dtype = dtype;
    this.checkSupport();
  }

  get features(): number {
    return this.layers[0]!.inputs;
  }

  /** Every op this network calls, refused now (not mid-training) when the backend cannot run it. */
  private checkSupport(): void {
    const { backend, dtype } = this;
    const calls: [string, OpParams][] = this.layers
      .filter((l) => l.activation !== 'linear')
      .map((l) => [l.activation, l.params]);
    if (this.head.link !== 'linear') calls.push([this.head.link, activationParams[this.head.link]]);
    calls.push([this.head.loss, this.head.lossParams]);
    if (!backend.dtypes.includes(dtype)) {
      throw new UnsupportedError(
        `backend "${backend.name}" does not compute in ${dtype} (it takes ${backend.dtypes.join(', ')})`,
      );
    }
    for (const [op, params] of calls) {
      const spec = getSpec(op);
      if (backend.supports?.(spec.id as OpId, dtype, resolveParams(spec.id, spec.params, params)) === false) {
        throw new UnsupportedError(`backend "${backend.name}" cannot run ${op} in ${dtype}`, { op });
      }
    }
  }

  private normalize(x: Float64Array, size: number): Float64Array {
    const norm = this.normalization;
    if (!norm) return x;
    const f = this.features;
    const out = new Float64Array(size * f);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < f; j++) out[i * f + j] = (x[i * f + j]! - norm.mean[j]!) / norm.scale[j]!;
    }
    return out;
  }

  /**
   * Runs the layers on `size` points (`x` row-major [size, features], raw: normalization is applied here).
   * `mode` matters for rrelu only: random slopes in training when its params ask for them, their mean
   * in evaluation (as the ONNX export computes).
   */
  async forward(x: Float64Array, size: number, mode: 'train' | 'eval' = 'eval'): Promise<ForwardPass> {
    if (x.length !== size * this.features) {
      throw new ShapeError(
        `network: ${x.length} input values are not ${size} points of ${this.features} features`,
      );
    }
    const input = this.normalize(x, size);
    const pre: Tensor[] = [];
    const post: FloatArray[] = [];
    let a: ArrayLike<number> = input;
    for (const layer of this.layers) {
      const { inputs, units, weights, bias } = layer;
      const z = new Float64Array(size * units);
      for (let i = 0; i < size; i++) {
        const row = i * units;
        for (let j = 0; j < units; j++) z[row + j] = bias[j]!;
        for (let k = 0; k < inputs; k++) {
          const v = a[i * inputs + k]!;
          if (v === 0) continue;
          const w = k * units;
          for (let j = 0; j < units; j++) z[row + j]! += v * weights[w + j]!;
        }
      }
      const zt = tensorOf(this.dtype, [size, units], z);
      pre.push(zt);
      const out = await this.activate(layer, zt, mode);
      post.push(out);
      a = out;
    }
    return { size, input, pre, post };
  }

  private async activate(layer: Layer, z: Tensor, mode: 'train' | 'eval'): Promise<FloatArray> {
    if (layer.activation === 'linear') return z.data as FloatArray;
    const { backend } = this;
    const inputs = layer.alpha ? { x: z, alpha: tensorOf(this.dtype, [layer.units], layer.alpha) } : { x: z };
    const params = layer.alpha ? undefined : mode === 'eval' ? evalParams(layer) : layer.params;
    const y = await forward(layer.activation, inputs, params, { backend });
    return y.data as FloatArray;
  }

  /** The targets tensor of the loss for `size` labels (class indices or values). */
  private targets(y: Float64Array, size: number): Tensor {
    const { head, dtype } = this;
    if (head.sparseLabels) return new Tensor('int32', [size], Int32Array.from(y));
    if (head.loss === 'categoricalCrossentropy') {
      const c = head.outputs;
      const onehot = new Float64Array(size * c);
      for (let i = 0; i < size; i++) onehot[i * c + y[i]!] = 1;
      return tensorOf(dtype, [size, c], onehot);
    }
    return tensorOf(dtype, [size, 1], y);
  }

  private lossInput(pass: ForwardPass): Tensor {
    const last = pass.pre.length - 1;
    const z = pass.pre[last]!;
    return this.head.activation === 'linear' ? z : new Tensor(this.dtype, z.shape, pass.post[last]!);
  }

  /** The mean data loss of a forward pass against its targets. */
  async loss(pass: ForwardPass, y: Float64Array): Promise<number> {
    const t = await forward(
      this.head.loss,
      { yTrue: this.targets(y, pass.size), yPred: this.lossInput(pass) },
      this.head.lossParams,
      { backend: this.backend },
    );
    return t.data[0]!;
  }

  /** `l1·Σ|w| + l2·Σw²` over every layer's weights. */
  penalty(reg: Regularization): number {
    if (reg.l1 === 0 && reg.l2 === 0) return 0;
    let abs = 0;
    let sq = 0;
    for (const layer of this.layers) {
      for (const w of layer.weights) {
        abs += Math.abs(w);
        sq += w * w;
      }
    }
    return reg.l1 * abs + reg.l2 * sq;
  }

  /**
   * The loss of a batch and its gradients with respect to every weight, bias and PReLU slope: the
   * loss's and each activation's vector-Jacobian products come from the backend, the sums' from here.
   */
  async gradients(x: Float64Array, y: Float64Array, size: number, reg: Regularization): Promise<Gradients> {
    const { backend, dtype, head } = this;
    const pass = await this.forward(x, size, 'train');
    const yTrue = this.targets(y, size);
    const yPred = this.lossInput(pass);
    const loss = (await forward(head.loss, { yTrue, yPred }, head.lossParams, { backend })).data[0]!;
    let g: FloatArray = (await gradient(head.loss, { yTrue, yPred }, head.lossParams, { backend })).yPred!
      .data as FloatArray;
    const grads: LayerGradients[] = new Array(this.layers.length);
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const layer = this.layers[l]!;
      const { inputs, units, weights } = layer;
      // g is ∂loss/∂(this layer's output); through the activation it becomes ∂loss/∂(its sums)
      let dz: FloatArray = g;
      let dalpha: Float64Array | null = null;
      if (layer.activation !== 'linear') {
        const upstream = tensorOf(dtype, [size, units], g);
        const z = pass.pre[l]!;
        if (layer.alpha) {
          const alpha = tensorOf(dtype, [units], layer.alpha);
          const d = await gradient('prelu', { x: z, alpha }, undefined, { backend, upstream });
          dz = d.x.data as FloatArray;
          dalpha = Float64Array.from(d.alpha.data);
        } else {
          dz = (await gradient(layer.activation, { x: z }, layer.params, { backend, upstream })).x!
            .data as FloatArray;
        }
      }
      const a: ArrayLike<number> = l === 0 ? pass.input : pass.post[l - 1]!;
      const dw = new Float64Array(inputs * units);
      const db = new Float64Array(units);
      for (let i = 0; i < size; i++) {
        const row = i * units;
        for (let j = 0; j < units; j++) db[j]! += dz[row + j]!;
        for (let k = 0; k < inputs; k++) {
          const v = a[i * inputs + k]!;
          if (v === 0) continue;
          const w = k * units;
          for (let j = 0; j < units; j++) dw[w + j]! += v * dz[row + j]!;
        }
      }
      if (reg.l1 !== 0 || reg.l2 !== 0) {
        for (let i = 0; i < dw.length; i++) {
          const w = weights[i]!;
          dw[i]! += reg.l1 * Math.sign(w) + 2 * reg.l2 * w;
        }
      }
      grads[l] = { weights: dw, bias: db, alpha: dalpha };
      if (l > 0) {
        const da = new Float64Array(size * inputs);
        for (let i = 0; i < size; i++) {
          for (let k = 0; k < inputs; k++) {
            let s = 0;
            const w = k * units;
            for (let j = 0; j < units; j++) s += dz[i * units + j]! * weights[w + j]!;
            da[i * inputs + k] = s;
          }
        }
        g = da;
      }
    }
    return { loss, penalty: this.penalty(reg), layers: grads, pass };
  }

  /** Applies the head's link (sigmoid or softmax) to the last layer's output, on the backend. */
  async link(pass: ForwardPass): Promise<FloatArray> {
    const last = pass.post[pass.post.length - 1]!;
    const { link } = this.head;
    if (link === 'linear') return last;
    const x = new Tensor(this.dtype, [pass.size, this.head.outputs], last);
    return (await forward(link, { x }, activationParams[link], { backend: this.backend })).data as FloatArray;
  }

  /**
   * Predictions for `size` raw points: P(class 1) per point for a binary head, the class probabilities
   * row-major [size, classes] for several classes, the value per point for regression.
   */
  async predict(x: Float64Array, size: number): Promise<Float64Array> {
    return Float64Array.from(await this.link(await this.forward(x, size)));
  }
}
