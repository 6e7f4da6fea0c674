import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { getSpec } from '@rectify/core';
import { plotOp, type Show } from '@rectify/viz';
import { backendNamesFor, createBackendRegistry, UsageError } from '../backends.js';
import { numberFrom, parseParams } from '../params.js';

export const plotUsage = `rectify plot <op> [--param k=v]... [--derivative] [--backend NAME]... [--domain a,b] [--width W --height H] -o FILE.svg

Plots a catalog op as an SVG: f(x), and with --derivative also f′(x) (dashed), with kinks and
asymptotes marked. Losses are plotted against yPred (or the logit with fromLogits=true) at the op's
plotting target. Several --backend values overlay their curves (default: the float64 reference).

  --param k=v     an op param (numbers, true/false, or a string), repeatable: --param alpha=0.1
                  (prelu takes --param alpha=0.25 for its slope)
  --derivative    also plot the derivative f′(x)
  --backend NAME  cpu, tfjs-cpu, tfjs-wasm, onnx, tfjs or all; repeatable or comma-separated
  --domain a,b    the x range, e.g. --domain=-5,5 (with '=' when it starts with a minus;
                  default: the op's plotting domain)
  --width W       in pixels (default 640)
  --height H      in pixels (default 400)
  -o FILE         where to write the .svg file`;

function numberOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = numberFrom(raw);
  if (!Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got ${raw}`);
  return v;
}

function parseDomain(raw: string | undefined): readonly [number, number] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map(numberFrom);
  if (parts.length !== 2 || !parts.every(Number.isFinite) || !(parts[0]! < parts[1]!)) {
    throw new UsageError(`--domain must be two numbers lo,hi with lo < hi, e.g. --domain=-5,5; got ${raw}`);
  }
  return [parts[0]!, parts[1]!];
}

/** `rectify plot`: returns the exit code. */
export async function plotCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      param: { type: 'string', multiple: true },
      derivative: { type: 'boolean', default: false },
      backend: { type: 'string', multiple: true },
      domain: { type: 'string' },
      width: { type: 'string' },
      height: { type: 'string' },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    out(plotUsage);
    return 0;
  }
  const [op, ...extra] = positionals;
  if (!op || extra.length)
    throw new UsageError('name exactly one op, e.g. rectify plot leakyRelu -o leaky.svg');
  if (!values.output) throw new UsageError('say where to write the plot with -o FILE.svg');
  const spec = getSpec(op);
  const names = [...new Set((values.backend ?? []).flatMap(backendNamesFor))];
  const width = numberOption('width', values.width);
  const height = numberOption('height', values.height);
  const domain = parseDomain(values.domain);
  const show: Show[] = values.derivative ? ['f', 'df'] : ['f'];
  const registry = createBackendRegistry();
  try {
    const svg = await plotOp({
      op: spec.id,
      params: parseParams(values.param ?? []),
      show,
      ...(names.length ? { backends: names, registry } : {}),
      ...(domain ? { domain } : {}),
      ...(width !== undefined ? { width } : {}),
      ...(height !== undefined ? { height } : {}),
    });
    writeFileSync(values.output, svg);
  } finally {
    await registry.dispose();
  }
  out(`wrote ${values.output}`);
  return 0;
}
