import { GraphBuilder } from '@rectify/backend-onnx';
import { type AnyOpSpec, catalog, type OpId, type Tensor } from '@rectify/core';
import type * as Ort from 'onnxruntime-node';

/** A runtime called directly, without Rectify: the reference every Rectify figure is compared with. */
export type PeerName = 'tfjs-cpu' | 'tfjs-wasm' | 'ort';
/** Every peer, in report order. */
export const peerNames: readonly PeerName[] = ['tfjs-cpu', 'tfjs-wasm', 'ort'];
/** Forward or gradient (vector-Jacobian product). */
export type Pass = 'forward' | 'gradient';

/** What a peer timed for one cell: a call, or why there is none. */
export type PeerCall = { readonly run: () => unknown } | { readonly none: string };

/** A peer runtime, loaded once; `prepare` builds what a cell needs outside the timed region. */
export interface Peer {
  readonly name: PeerName;
  prepare(
    op: OpId,
    pass: Pass,
    inputs: Readonly<Record<string, Tensor>>,
    upstream: Tensor,
  ): Promise<PeerCall & { release?: () => Promise<void> }>;
}

/** rrelu's slope outside training at its default bounds 1/8 and 1/3. */
const RRELU_SLOPE = (1 / 8 + 1 / 3) / 2;

type Tf = typeof import('@tensorflow/tfjs-core');
type TfTensor = import('@tensorflow/tfjs-core').Tensor;
type TfInputs = Readonly<Record<string, TfTensor>>;

/**
 * tfjs ops that compute a catalog op at its default params, given the op's inputs by name. Only ops with a
 * one-call equivalent are here; composing several tfjs ops would benchmark our own kernel, not tfjs.
 */
const tfjsOps: Partial<Record<OpId, (tf: Tf, i: TfInputs) => TfTensor>> = {
  relu: (tf, i) => tf.relu(i.x!),
  relu6: (tf, i) => tf.relu6(i.x!),
  leakyRelu: (tf, i) => tf.leakyRelu(i.x!, 0.01),
  prelu: (tf, i) => tf.prelu(i.x!, i.alpha!),
  // rrelu's default is eval mode: the fixed slope (lower + upper)/2
  rrelu: (tf, i) => tf.leakyRelu(i.x!, RRELU_SLOPE),
  elu: (tf, i) => tf.elu(i.x!),
  // celu's default alpha is 1, where it is elu
  celu: (tf, i) => tf.elu(i.x!),
  selu: (tf, i) => tf.selu(i.x!),
  softplus: (tf, i) => tf.softplus(i.x!),
  sigmoid: (tf, i) => tf.sigmoid(i.x!),
  logSigmoid: (tf, i) => tf.logSigmoid(i.x!),
  tanh: (tf, i) => tf.tanh(i.x!),
  hardTanh: (tf, i) => tf.clipByValue(i.x!, -1, 1),
  softmax: (tf, i) => tf.softmax(i.x!),
  logSoftmax: (tf, i) => tf.logSoftmax(i.x!),
  meanSquaredError: (tf, i) => tf.losses.meanSquaredError(i.yTrue!, i.yPred!),
  meanAbsoluteError: (tf, i) => tf.losses.absoluteDifference(i.yTrue!, i.yPred!),
  huber: (tf, i) => tf.losses.huberLoss(i.yTrue!, i.yPred!, undefined, 1),
  // tf.losses.logLoss adds eps inside the logs where Rectify clips; the same loss on these inputs
  binaryCrossentropy: (tf, i) => tf.losses.logLoss(i.yTrue!, i.yPred!, undefined, 1e-7),
};

/** One ONNX node per op (opset 20), with the attributes and constant inputs of the catalog's defaults. */
interface OrtNode {
  readonly type: string;
  readonly attrs?: Readonly<Record<string, { float: number } | { int: number } | { string: string }>>;
  /** Constant inputs after the op's own (Clip's bounds). */
  readonly consts?: readonly number[];
}
const ortNodes: Partial<Record<OpId, OrtNode>> = {
  relu: { type: 'Relu' },
  relu6: { type: 'Clip', consts: [0, 6] },
  leakyRelu: { type: 'LeakyRelu', attrs: { alpha: { float: 0.01 } } },
  prelu: { type: 'PRelu' },
  rrelu: { type: 'LeakyRelu', attrs: { alpha: { float: RRELU_SLOPE } } },
  elu: { type: 'Elu', attrs: { alpha: { float: 1 } } },
  selu: { type: 'Selu' },
  celu: { type: 'Celu', attrs: { alpha: { float: 1 } } },
  gelu: { type: 'Gelu', attrs: { approximate: { string: 'none' } } },
  mish: { type: 'Mish' },
  softplus: { type: 'Softplus' },
  softsign: { type: 'Softsign' },
  sigmoid: { type: 'Sigmoid' },
  hardSigmoid: { type: 'HardSigmoid', attrs: { alpha: { float: 1 / 6 }, beta: { float: 0.5 } } },
  hardSwish: { type: 'HardSwish' },
  tanh: { type: 'Tanh' },
  hardTanh: { type: 'Clip', consts: [-1, 1] },
  thresholdedRelu: { type: 'ThresholdedRelu', attrs: { alpha: { float: 1 } } },
  softmax: { type: 'Softmax', attrs: { axis: { int: -1 } } },
  logSoftmax: { type: 'LogSoftmax', attrs: { axis: { int: -1 } } },
};

/** Whether a peer has a direct equivalent of `op` (for `pass`), as the report lists it. */
export function peerHas(peer: PeerName, op: OpId, pass: Pass): boolean {
  if (peer === 'ort') return pass === 'forward' && ortNodes[op] !== undefined;
  return tfjsOps[op] !== undefined;
}

async function createTfjsPeer(which: 'cpu' | 'wasm'): Promise<Peer> {
  const tf: Tf = await import('@tensorflow/tfjs-core');
  // tfjs-core's Node bundle registers no gradients: the union package does (its users' setup), and
  // without it tf.grads fails with "gradient function not found". Same tfjs-core instance, same engine.
  await import('@tensorflow/tfjs');
  if (which === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  else await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(which))) throw new Error(`tfjs backend "${which}" could not be initialized`);
  await tf.ready();
  const name: PeerName = which === 'cpu' ? 'tfjs-cpu' : 'tfjs-wasm';
  return {
    name,
    async prepare(op, pass, inputs, upstream) {
      const f = tfjsOps[op];
      if (!f) return { none: 'no direct tfjs equivalent' };
      // tfjs's engine is global and Rectify's tfjs backends, timed in turn with this peer, switch it too
      if (tf.getBackend() !== which) await tf.setBackend(which);
      const select = () => {
        if (tf.getBackend() !== which) void tf.setBackend(which);
      };
      const wrt = (catalog[op] as AnyOpSpec).gradWrt;
      const toTf = () => {
        const out: Record<string, TfTensor> = {};
        for (const [k, t] of Object.entries(inputs))
          out[k] = tf.tensor(t.data, [...t.shape], t.dtype === 'int32' ? 'int32' : 'float32');
        return out;
      };
      // typed arrays in and out, as Rectify's API: upload, compute, read back, release
      if (pass === 'forward') {
        return {
          run: () => {
            select();
            const y = tf.tidy(() => f(tf, toTf()));
            y.dataSync();
            y.dispose();
          },
        };
      }
      const run = () => {
        select();
        const gs = tf.tidy(() => {
          const all = toTf();
          const dy = tf.tensor(upstream.data, [...upstream.shape], 'float32');
          const vjp = tf.grads((...args: TfTensor[]) => {
            const named: Record<string, TfTensor> = { ...all };
            wrt.forEach((k, j) => {
              named[k] = args[j]!;
            });
            return f(tf, named);
          });
          return vjp(
            wrt.map((k) => all[k]!),
            dy,
          );
        });
        for (const g of gs) g.dataSync();
        tf.dispose(gs);
      };
      try {
        run();
      } catch (e) {
        // a kernel without a registered gradient in tfjs: no peer for this gradient
        const missing = e instanceof Error && /gradient function not found for (\w+)/.exec(e.message);
        if (missing) return { none: `tf.grad: tfjs has no gradient for ${missing[1]}` };
        throw e;
      }
      return { run };
    },
  };
}

async function createOrtPeer(): Promise<Peer> {
  const ort: typeof Ort = await import('onnxruntime-node');
  return {
    name: 'ort',
    async prepare(op, pass, inputs) {
      const node = ortNodes[op];
      if (pass === 'gradient') return { none: 'ONNX has no autodiff' };
      if (!node) return { none: 'no single ONNX operator' };
      const b = new GraphBuilder('float32');
      const names = Object.keys(inputs);
      const ins = names.map((k) => b.input(k, 'T', inputs[k]!.rank));
      const consts = (node.consts ?? []).map((v) => b.scalar(v));
      const rank = inputs.x!.rank;
      b.output(b.op(node.type, [...ins, ...consts], node.attrs ?? {}), 'y', 'T', rank);
      const session = await ort.InferenceSession.create(b.toBytes(), {
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
      });
      return {
        run: async () => {
          const feeds: Record<string, Ort.Tensor> = {};
          for (const k of names)
            feeds[k] = new ort.Tensor('float32', inputs[k]!.data as Float32Array, [...inputs[k]!.shape]);
          const out = await session.run(feeds);
          // onnxruntime-node hands back its output as a typed array already: reading it completes the call
          void out.y!.data;
        },
        release: () => session.release(),
      };
    },
  };
}

/**
 * Loads the peers by name (tfjs-core with its cpu or wasm backend; onnxruntime-node with one-thread
 * sessions of one native node each).
 *
 * @example
 * ```ts
 * const [ort] = await createPeers(['ort']);
 * const call = await ort.prepare('sigmoid', 'forward', benchInputs('sigmoid', 1e6), upstream);
 * if ('run' in call) await call.run();
 * ```
 */
export async function createPeers(names: readonly PeerName[]): Promise<Peer[]> {
  const peers: Peer[] = [];
  // one after the other: both tfjs peers initialize the same global engine
  for (const n of names)
    peers.push(n === 'ort' ? await createOrtPeer() : await createTfjsPeer(n === 'tfjs-cpu' ? 'cpu' : 'wasm'));
  return peers;
}
