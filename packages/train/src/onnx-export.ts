import { GraphBuilder, type OnnxKernel, onnxKernels, type Value } from '@rectify/backend-onnx';
import { getSpec, type OpId, resolveParams } from '@rectify/core';
import { evalParams, type Layer, type Network } from './network.js';

function activation(b: GraphBuilder, layer: Layer, op: OpId, h: Value): Value {
  const kernel = onnxKernels[op] as unknown as OnnxKernel<OpId>;
  const spec = getSpec(op);
  const params = resolveParams(op, spec.params, layer.alpha ? {} : evalParams(layer));
  const inputs = layer.alpha
    ? { x: h, alpha: b.constant('T', Array.from(layer.alpha), [layer.units]) }
    : { x: h };
  // the ops' own ONNX kernels, the very graphs the onnx backend runs, so the model computes what the trainer did
  return kernel.forward(b, inputs as never, params as never, { ranks: { x: 2, alpha: 1 } });
}

/**
 * The network as a standalone ONNX model (opset 20, float32) that ONNX Runtime runs: input `x`
 * [batch, features] of raw points (the dataset's normalization is part of the graph), output `y`
 * [batch, outputs]: P(class 1) for a sigmoid head, class probabilities for softmax, values for
 * regression. Each layer is MatMul + Add and its activation's graph from `@rectify/backend-onnx`.
 *
 * @example
 * ```ts
 * import * as ort from 'onnxruntime-node';
 * const session = await ort.InferenceSession.create(exportNetworkOnnx(trainer.network));
 * const { y } = await session.run({ x: new ort.Tensor('float32', new Float32Array([0.5, -0.5]), [1, 2]) });
 * ```
 */
export function exportNetworkOnnx(network: Network): Uint8Array {
  const b = new GraphBuilder('float32');
  let h = b.input('x', 'T', 2);
  const norm = network.normalization;
  if (norm) {
    const f = norm.mean.length;
    h = b.div(b.sub(h, b.constant('T', norm.mean, [f])), b.constant('T', norm.scale, [f]));
  }
  for (const layer of network.layers) {
    const w = b.constant('T', Array.from(layer.weights), [layer.inputs, layer.units]);
    const bias = b.constant('T', Array.from(layer.bias), [layer.units]);
    h = b.add(b.op('MatMul', [h, w]), bias);
    if (layer.activation !== 'linear') h = activation(b, layer, layer.activation, h);
  }
  const link = network.head.link;
  if (link === 'sigmoid') h = onnxKernels.sigmoid.forward(b, { x: h }, {}, { ranks: { x: 2 } });
  if (link === 'softmax') h = onnxKernels.softmax.forward(b, { x: h }, { axis: -1 }, { ranks: { x: 2 } });
  b.output(h, 'y', 'T', 2);
  return b.toBytes();
}
