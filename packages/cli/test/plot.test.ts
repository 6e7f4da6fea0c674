import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const run = runCli;

const dir = mkdtempSync(join(tmpdir(), 'rectify-plot-'));
const curves = (svg: string) => svg.match(/<path d="M/g)?.length ?? 0;

describe('rectify plot', () => {
  it('writes an SVG of f with a <path>', async () => {
    const file = join(dir, 'leaky.svg');
    const r = await run(['plot', 'leakyRelu', '--param', 'alpha=0.1', '-o', file]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`wrote ${file}`);
    const svg = readFileSync(file, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('leakyRelu (alpha = 0.1)');
    expect(curves(svg)).toBe(1);
  });

  it('adds the derivative as a second series with --derivative', async () => {
    const file = join(dir, 'gelu.svg');
    const r = await run([
      'plot',
      'gelu',
      '--derivative',
      '--domain=-3,3',
      '--width',
      '500',
      '--height',
      '300',
      '-o',
      file,
    ]);
    expect(r.code).toBe(0);
    const svg = readFileSync(file, 'utf8');
    expect(curves(svg)).toBe(2);
    expect(svg).toContain('f′(x)');
    expect(svg).toMatch(/width="500" height="300"/);
    expect(svg).toContain('>−3</text>');
  });

  it('overlays backends by name', async () => {
    const file = join(dir, 'sigmoid.svg');
    const r = await run(['plot', 'sigmoid', '--backend', 'cpu', '-o', file]);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('cpu float64');
  });

  it('exits 2 on a bad op, param or option, writing nothing', async () => {
    const file = join(dir, 'bad.svg');
    const badOp = await run(['plot', 'relux', '-o', file]);
    expect(badOp.code).toBe(2);
    expect(badOp.err).toMatch(/unknown op "relux"/);
    const badParam = await run(['plot', 'leakyRelu', '--param', 'alpha=abc', '-o', file]);
    expect(badParam.code).toBe(2);
    expect(badParam.err).toMatch(/alpha/);
    const unknownParam = await run(['plot', 'relu', '--param', 'beta=1', '-o', file]);
    expect(unknownParam.code).toBe(2);
    expect((await run(['plot', 'relu', '--domain=3,1', '-o', file])).code).toBe(2);
    expect((await run(['plot', 'relu', '--backend', 'gpu', '-o', file])).code).toBe(2);
    expect((await run(['plot', 'relu'])).err).toMatch(/-o FILE/);
    expect((await run(['plot', '-o', file])).code).toBe(2);
    expect(existsSync(file)).toBe(false);
  });

  it('is listed in the usage and has --help', async () => {
    expect((await run(['--help'])).out).toMatch(/rectify plot <op>/);
    const help = await run(['plot', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--derivative/);
  });
});
