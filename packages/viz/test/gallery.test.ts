import { createCpuBackend } from '@rectify/backend-cpu';
import { BackendRegistry, referenceBackend, Tensor } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import {
  gallery,
  normalizeSvg,
  plotError,
  plotLoss,
  plotOp,
  plotOps,
  plotSweep,
  renderChart,
} from '../src/index.js';

const count = (svg: string, pattern: RegExp) => svg.match(pattern)?.length ?? 0;

describe('gallery', () => {
  it('has unique, file-safe ids and a title and description each', () => {
    const ids = gallery.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of gallery) {
      expect(e.id).toMatch(/^[a-z0-9-]+$/);
      expect(e.title.length).toBeGreaterThan(0);
      expect(e.description.length).toBeGreaterThan(20);
    }
  });

  it.each(gallery.map((e) => [e.id, e] as const))('%s matches its snapshot', async (_id, e) => {
    const svg = await e.render();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    await expect(normalizeSvg(svg)).toMatchFileSnapshot(`__snapshots__/${e.id}.svg`);
  });

  it('renders the same SVG twice', async () => {
    for (const e of gallery) expect(await e.render()).toBe(await e.render());
  });
});

describe('plotOp', () => {
  it('draws f and a dashed f′ with the kink and a legend', async () => {
    const svg = await plotOp({ op: 'leakyRelu', params: { alpha: 0.1 } });
    expect(count(svg, /<path d="M/g)).toBe(2);
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(svg).toContain('stroke-dasharray="4 3"'); // the kink at 0
    expect(svg).toContain('>leakyRelu (alpha = 0.1)</text>');
    expect(svg).toContain('>f′(x)</text>');
    expect(svg).toMatch(/width="640" height="400"/);
  });

  it('shows only f when asked, with asymptotes as dotted rules', async () => {
    const svg = await plotOp({ op: 'sigmoid', show: ['f'], width: 300, height: 200, title: 'σ' });
    expect(count(svg, /<path d="M/g)).toBe(1);
    expect(count(svg, /stroke-dasharray="1.5 3"/g)).toBe(2); // y = 0 and y = 1
    expect(svg).toMatch(/width="300" height="200"/);
    expect(svg).toContain('<title>σ</title>');
  });

  it('overlays backends given as values or by name from a registry', async () => {
    const registry = new BackendRegistry().register('cpu', () => createCpuBackend());
    const svg = await plotOp({ op: 'gelu', backends: [referenceBackend, 'cpu'], registry });
    expect(count(svg, /<path d="M/g)).toBe(4);
    expect(svg).toContain('reference float64, cpu float64');
    expect(svg).toContain('>cpu: f′(x)</text>');
  });

  it('leaves gaps at non-finite values instead of drawing through them', async () => {
    const svg = renderChart({
      series: [{ label: 'y', x: [0, 1, 2, 3, 4], y: [0, 1, Number.NaN, 1, Number.POSITIVE_INFINITY] }],
    });
    const d = svg.match(/<path d="([^"]*)"/)![1]!;
    expect(count(d, /M/g)).toBe(2);
  });

  it('refuses bad options with named errors before any work', async () => {
    await expect(plotOp({ op: 'relux' })).rejects.toMatchObject({ name: 'UnknownOpError' });
    await expect(plotOp({ op: 'elu', params: { alpha: '1' } })).rejects.toMatchObject({
      name: 'InvalidParamError',
    });
    await expect(plotOp({ op: 'relu', backends: ['cpu'] })).rejects.toMatchObject({
      name: 'InvalidParamError',
      message: expect.stringMatching(/registry/),
    });
    await expect(
      plotOp({ op: 'relu', backends: ['gpu'], registry: new BackendRegistry() }),
    ).rejects.toMatchObject({
      name: 'InvalidParamError',
    });
    await expect(plotOp({ op: 'relu', show: [] })).rejects.toMatchObject({ name: 'InvalidParamError' });
    await expect(plotOp({ op: 'relu', show: ['g' as 'f'] })).rejects.toMatchObject({
      name: 'InvalidParamError',
    });
    await expect(plotOp({ op: 'relu', width: 0 })).rejects.toMatchObject({ name: 'InvalidParamError' });
    await expect(plotOp({ op: 'relu', domain: [2, 2] })).rejects.toMatchObject({ name: 'InvalidParamError' });
  });
});

describe('plotOps, plotSweep, plotLoss', () => {
  it('plotOps draws a colour per op', async () => {
    const svg = await plotOps({ ops: [{ op: 'relu' }, { op: 'tanh', label: 'tanh!' }], show: ['f'] });
    expect(count(svg, /<path d="M/g)).toBe(2);
    expect(svg).toContain('>tanh!</text>');
    await expect(plotOps({ ops: [] })).rejects.toMatchObject({ name: 'InvalidParamError' });
    await expect(plotOps({ ops: [{ op: 'relu' }, { op: 'nope' }] })).rejects.toMatchObject({
      name: 'UnknownOpError',
    });
    await expect(plotOps({ ops: [{ op: 'relu' }, { op: 'huber' }] })).rejects.toMatchObject({
      name: 'InvalidParamError',
    });
  });

  it('plotSweep draws one curve per value and checks the param', async () => {
    const svg = await plotSweep({ op: 'leakyRelu', param: 'alpha', values: [0.01, 0.1, 0.2], show: ['f'] });
    expect(count(svg, /<path d="M/g)).toBe(3);
    expect(svg).toContain('>alpha = 0.2</text>');
    await expect(plotSweep({ op: 'prelu', param: 'alpha', values: [0, 0.5] })).resolves.toContain(
      'alpha = 0.5',
    );
    await expect(plotSweep({ op: 'leakyRelu', param: 'beta', values: [1] })).rejects.toMatchObject({
      name: 'InvalidParamError',
      op: 'leakyRelu',
      message: expect.stringMatching(/leakyRelu.*"beta"/),
    });
    await expect(plotSweep({ op: 'leakyRelu', param: 'alpha', values: [] })).rejects.toMatchObject({
      name: 'InvalidParamError',
    });
    await expect(plotSweep({ op: 'huber', param: 'delta', values: [1, -1] })).rejects.toMatchObject({
      name: 'InvalidParamError',
    });
  });

  it('plotLoss through a sigmoid: BCE keeps a gradient of −1 at wrong confident z, MSE loses it', async () => {
    const svg = await plotLoss({
      losses: [{ op: 'binaryCrossentropy' }, { op: 'meanSquaredError' }],
      target: 1,
      through: 'sigmoid',
      show: ['grad'],
      domain: [-8, 0],
    });
    const paths = [...svg.matchAll(/<path d="M([\d.-]+),([\d.-]+)/g)].map((m) => Number(m[2]));
    expect(paths.length).toBe(2);
    // at z = −8 the BCE gradient (≈ −1) is drawn far below MSE's (≈ 0)
    expect(paths[0]!).toBeGreaterThan(paths[1]! + 100);
    await expect(plotLoss({ losses: [{ op: 'relu' }], target: 1 })).rejects.toMatchObject({
      name: 'InvalidParamError',
    });
    await expect(plotLoss({ losses: [], target: 1 })).rejects.toMatchObject({ name: 'InvalidParamError' });
    await expect(
      plotLoss({
        losses: [{ op: 'binaryCrossentropy', params: { fromLogits: true } }],
        target: 1,
        through: 'sigmoid',
      }),
    ).rejects.toMatchObject({ name: 'InvalidParamError' });
  });
});

describe('plotError', () => {
  it("finds the cpu backend's plain path correctly rounded in float32 for sigmoid", async () => {
    // the plain-JS path computes in float64 and rounds once (the SIMD path is a few ULPs off)
    const { svg, worstUlp } = await plotError({
      op: 'sigmoid',
      backends: [createCpuBackend({ simd: false })],
      dtype: 'float32',
    });
    expect(Number.isFinite(worstUlp.cpu)).toBe(true);
    expect(worstUlp.cpu).toBeLessThanOrEqual(1);
    expect(worstUlp.cpu).toBeGreaterThan(0); // float32 rounding is visible, so the measure is live
    expect(svg).toContain('0.5 ULP');
    expect(svg).not.toContain('mismatch');
  });

  it('reports a backend that is off, and marks NaN mismatches', async () => {
    const cpu = createCpuBackend({ simd: false });
    const off = {
      ...cpu,
      name: 'off',
      forward: async (call: Parameters<typeof cpu.forward>[0]) => {
        const y = await cpu.forward(call);
        const data = Float32Array.from(y.data, (v, i) => (i === 3 ? Number.NaN : v * (1 + 2 ** -20)));
        return new Tensor('float32', y.shape, data);
      },
    };
    const { svg, worstUlp } = await plotError({ op: 'tanh', backends: [cpu, off] });
    expect(worstUlp.cpu).toBeLessThanOrEqual(0.5);
    expect(worstUlp.off).toBe(Number.POSITIVE_INFINITY);
    expect(svg).toContain('NaN/∞ mismatch');
  });

  it('refuses bad options with named errors', async () => {
    await expect(plotError({ op: 'sigmoid', backends: [] })).rejects.toMatchObject({
      name: 'InvalidParamError',
    });
    await expect(plotError({ op: 'sigmoidx', backends: [referenceBackend] })).rejects.toMatchObject({
      name: 'UnknownOpError',
    });
    await expect(plotError({ op: 'sigmoid', backends: ['cpu'] })).rejects.toMatchObject({
      name: 'InvalidParamError',
    });
    await expect(
      plotError({ op: 'sigmoid', backends: [referenceBackend], dtype: 'float16' as 'float32' }),
    ).rejects.toMatchObject({ name: 'InvalidParamError' });
  });
});

describe('normalizeSvg', () => {
  it('rounds numbers in attributes, keeps colours and text, renames ids', () => {
    const svg =
      '<svg><defs><clipPath id="rv-clip-abc1"><rect x="1.23456"/></clipPath></defs><g clip-path="url(#rv-clip-abc1)"><path d="M0.123,-4.5678L1e-7,2" stroke="#0072b2"/><text x="-0.001">0.125</text></g></svg>';
    expect(normalizeSvg(svg)).toBe(
      '<svg><defs><clipPath id="id-0"><rect x="1.23"/></clipPath></defs><g clip-path="url(#id-0)"><path d="M0.12,-4.57L0,2" stroke="#0072b2"/><text x="0">0.125</text></g></svg>',
    );
  });
});
