import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { exportOnnx } from '@rectify/backend-onnx';
import { type FloatDType, getSpec } from '@rectify/core';
import { UsageError } from '../backends.js';
import { numberFrom, parseParams } from '../params.js';

export const exportOnnxUsage = `rectify export-onnx <op> [--param k=v]... [--gradient] [--dtype float32|float64] [--rank name=r]... -o FILE

Writes a standalone ONNX model (opset 20) of a catalog op, or with --gradient of its vector-Jacobian
product, with named, typed inputs (x, alpha, yTrue, yPred, upstream) and outputs (y, grad_<input>).
Shapes are dynamic; --rank fixes an input's rank (prelu's gradient needs the ranks of x and alpha).

  --param k=v    an op param (numbers, true/false, or a string), repeatable: --param alpha=0.1
  --gradient     export the gradient graph instead of the op
  --dtype D      float32 (default) or float64
  --rank n=r     the rank of input n, repeatable: --rank x=4 --rank alpha=3
  -o FILE        where to write the .onnx file`;

/** `rectify export-onnx`: returns the exit code. */
export async function exportOnnxCommand(
  argv: readonly string[],
  out: (line: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      param: { type: 'string', multiple: true },
      gradient: { type: 'boolean', default: false },
      dtype: { type: 'string', default: 'float32' },
      rank: { type: 'string', multiple: true },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    out(exportOnnxUsage);
    return 0;
  }
  const [op, ...extra] = positionals;
  if (!op || extra.length)
    throw new UsageError('name exactly one op, e.g. rectify export-onnx leakyRelu -o leaky.onnx');
  if (!values.output) throw new UsageError('say where to write the model with -o FILE');
  if (values.dtype !== 'float32' && values.dtype !== 'float64') {
    throw new UsageError(`--dtype must be float32 or float64, got ${values.dtype}`);
  }
  const spec = getSpec(op);
  const ranks: Record<string, number> = {};
  for (const entry of values.rank ?? []) {
    const [name, r] = entry.split('=');
    const rank = numberFrom(r);
    if (!name || !spec.inputs.some((d) => d.name === name) || !Number.isInteger(rank) || rank < 0) {
      throw new UsageError(
        `--rank ${entry}: expected <input>=<rank> with an input of ${spec.id} (${spec.inputs.map((d) => d.name).join(', ')})`,
      );
    }
    ranks[name] = rank;
  }
  const bytes = exportOnnx(spec.id, parseParams(values.param ?? []), {
    gradient: values.gradient,
    dtype: values.dtype as FloatDType,
    ranks,
  });
  writeFileSync(values.output, bytes);
  out(
    `wrote ${values.output} (${bytes.length} bytes): ${values.gradient ? 'gradient of ' : ''}${spec.id}, ${values.dtype}`,
  );
  return 0;
}
