import * as ort from 'onnxruntime-node';
import { it } from 'vitest';
import { type Attr, GraphBuilder } from '../src/graph.js';

async function run(op: string, attrs: Record<string, Attr>, dtype: 'float32' | 'float64', xs: number[]) {
  const b = new GraphBuilder(dtype);
  const x = b.input('x', 'T', 1);
  b.output(b.op(op, [x], attrs), 'y', 'T', 1);
  try {
    const s = await ort.InferenceSession.create(b.toBytes());
    const data = dtype === 'float32' ? Float32Array.from(xs) : Float64Array.from(xs);
    const { y } = await s.run({ x: new ort.Tensor(dtype, data, [xs.length]) });
    return Array.from(y!.data as Float32Array);
  } catch (e) {
    return String(e).slice(0, 200);
  }
}
const xs = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0,
  1e-30,
  -1e-30,
  1e-8,
  -20,
  20,
  -88.7,
  -104,
  88.7,
  104,
  3e38,
  -3e38,
  -1000,
  1000,
];
it('probe', async () => {
  const ops: [string, Record<string, Attr>][] = [
    ['Gelu', { approximate: { string: 'none' } }],
    ['Gelu', { approximate: { string: 'tanh' } }],
    ['Mish', {}],
    ['Softplus', {}],
    ['Softsign', {}],
    ['Sigmoid', {}],
    ['Tanh', {}],
    ['Erf', {}],
    ['Exp', {}],
    ['Log', {}],
    ['LogSoftmax', { axis: { int: -1 } }],
    ['Round', {}],
    ['Floor', {}],
    ['IsInf', {}],
    ['Sign', {}],
    ['Reciprocal', {}],
    ['Relu', {}],
    ['Clip', {}],
  ];
  for (const dt of ['float32', 'float64'] as const)
    for (const [op, a] of ops)
      console.log(dt, op, JSON.stringify(a), JSON.stringify(await run(op, a, dt, xs)));
  console.log(JSON.stringify(xs));
});
