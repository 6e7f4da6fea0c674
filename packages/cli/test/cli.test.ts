import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const run = runCli;

describe('rectify conformance', () => {
  it('prints the op × backend matrix and exits 0 when everything passes', async () => {
    const r = await run(['conformance', '--backend', 'cpu', '--ops', 'relu,leakyRelu']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/op\s+cpu f32\s+cpu f64/);
    expect(r.out).toMatch(/leakyRelu\s+\d+\/\d+ /);
    expect(r.out).toMatch(/\d+ passed, 0 failed, 0 errored/);
  });

  it('runs a case file and writes the JSON report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rectify-cli-'));
    const cases = join(dir, 'cases.json');
    writeFileSync(
      cases,
      JSON.stringify({
        format: 'rectify-cases/1',
        source: 'test',
        cases: [
          {
            id: 'ok',
            op: 'sigmoid',
            inputs: { x: { dtype: 'float32', shape: [1], data: [0] } },
            expected: { dtype: 'float64', shape: [1], data: [0.5] },
          },
          {
            id: 'wrong',
            op: 'sigmoid',
            inputs: { x: { dtype: 'float32', shape: [1], data: [0] } },
            expected: { dtype: 'float64', shape: [1], data: [0.6] },
          },
        ],
      }),
    );
    const json = join(dir, 'out.json');
    const r = await run(['conformance', '--backend', 'cpu', '--cases', cases, '--json', json]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/wrong \[cpu\] fail: forward/);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.results.map((x: { case: string; status: string }) => [x.case, x.status])).toEqual([
      ['ok', 'pass'],
      ['wrong', 'fail'],
    ]);
    expect(report.results[0].forward).toEqual({ maxAbsErr: 0, maxRelErr: 0, maxUlp: 0 });
    expect(report.summary.total).toMatchObject({ total: 2, pass: 1, fail: 1 });
  });

  it('refuses unknown backends, ops and options with exit code 2', async () => {
    expect((await run(['conformance', '--backend', 'gpu'])).err).toMatch(/unknown backend "gpu"/);
    expect((await run(['conformance', '--backend', 'tensorflow'])).code).toBe(2);
    const badOp = await run(['conformance', '--ops', 'relux']);
    expect(badOp.code).toBe(2);
    expect(badOp.err).toMatch(/unknown op "relux"/);
    expect((await run(['conformance', '--bogus'])).code).toBe(2);
    // An empty number is refused, not read as 0.
    expect((await run(['conformance', '--seed='])).err).toMatch(/--seed must be an integer/);
    expect((await run(['conformance', '--cases', '/no/such/file.json'])).err).toMatch(
      /cannot read case file/,
    );
    expect((await run(['frobnicate'])).code).toBe(2);
  });
});
describe('rectify export-onnx', () => {
  it('writes a model of the op, and of its gradient, that ONNX Runtime runs', async () => {
    const ort = await import('onnxruntime-node');
    const dir = mkdtempSync(join(tmpdir(), 'rectify-export-'));
    const file = join(dir, 'leaky.onnx');
    const r = await run(['export-onnx', 'leakyRelu', '--param', 'alpha=0.1', '-o', file]);
    expect(r.code).toBe(0);
    const session = await ort.InferenceSession.create(readFileSync(file));
    const { y } = await session.run({ x: new ort.Tensor('float32', new Float32Array([-2, 3]), [2]) });
    expect(Array.from(y!.data as Float32Array)).toEqual([Math.fround(-0.2), 3]);
    await session.release();

    const gradFile = join(dir, 'leaky-grad.onnx');
    expect(
      (await run(['export-onnx', 'leakyRelu', '--param', 'alpha=0.1', '--gradient', '-o', gradFile])).code,
    ).toBe(0);
    const grad = await ort.InferenceSession.create(readFileSync(gradFile));
    const out = await grad.run({
      x: new ort.Tensor('float32', new Float32Array([-2, 3]), [2]),
      upstream: new ort.Tensor('float32', new Float32Array([1, 1]), [2]),
    });
    expect(Array.from(out.grad_x!.data as Float32Array)).toEqual([Math.fround(0.1), 1]);
    await grad.release();
  });

  it('refuses unknown ops, bad params and a missing output with exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rectify-export-'));
    expect((await run(['export-onnx', 'relux', '-o', join(dir, 'a.onnx')])).err).toMatch(
      /UnknownOpError|unknown op "relux"/,
    );
    expect(
      (await run(['export-onnx', 'leakyRelu', '--param', 'alpha=abc', '-o', join(dir, 'a.onnx')])).err,
    ).toMatch(/param "alpha" must be a number/);
    expect((await run(['export-onnx', 'leakyRelu'])).code).toBe(2);
  });
});
