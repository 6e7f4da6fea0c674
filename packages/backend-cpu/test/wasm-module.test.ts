import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileKernels, generatedModule, generatedPath } from '../scripts/build-wasm.mjs';
import { inlineMarks, interleave } from '../scripts/kernel-source.mjs';
import { wasmRuntime } from '../src/wasm/runtime.js';

describe('the WebAssembly kernels module', () => {
  it('is up to date with assembly/ (run `pnpm build:wasm` after editing it)', async () => {
    const bytes = await compileKernels();
    expect(readFileSync(generatedPath, 'utf8')).toBe(generatedModule(bytes));
  }, 60_000);

  it('exports a kernel for every name the runtime calls', () => {
    const rt = wasmRuntime()!;
    const source = readFileSync(new URL('../src/wasm/runtime.ts', import.meta.url), 'utf8');
    const block = source.slice(source.indexOf('export interface KernelExports'));
    const body = block.slice(0, block.indexOf('\n}'));
    const declared = [...body.matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]!);
    expect(declared.length).toBeGreaterThan(10);
    for (const name of declared)
      expect(typeof (rt.exports as unknown as Record<string, unknown>)[name], name).toBe('function');
  });

  it('is built from one-vector loops expanded to four (or a marked count of) vectors a step, then two', () => {
    const loop = [
      '  // @interleave',
      '  for (; px < end; px += 16, pg += 16, dst += 16) {',
      '    const x = v128.load(px);',
      '    let d = f(',
      '      x,',
      '      k,',
      '    );',
      '    d = g(d, x);',
      '    v128.store(dst, h(v128.load(pg), d));',
      '  }',
      '}',
      '',
    ].join('\n');
    const lines = interleave(loop).split('\n');
    expect(lines[0]).toBe('  for (; px + 64 <= end; px += 64, pg += 64, dst += 64) {');
    // each statement for the four vectors in turn, locals renamed, loads and stores moved
    expect(lines.slice(1, 5)).toEqual([
      '    const xA = v128.load(px);',
      '    const xB = v128.load(px, 16);',
      '    const xC = v128.load(px, 32);',
      '    const xD = v128.load(px, 48);',
    ]);
    expect(lines[6]).toBe('    let dB = f(xB, k);');
    expect(lines[10]).toBe('    dB = g(dB, xB);');
    expect(lines[16]).toBe('    v128.store(dst, h(v128.load(pg, 48), dD), 48);');
    expect(lines[18]).toBe('  for (; px < end; px += 32, pg += 32, dst += 32) {');
    expect(lines.slice(-4)).toEqual(['    v128.store(dst, h(v128.load(pg, 16), dB), 16);', '  }', '}', '']);
    expect(() => interleave('  // @interleave\n  const x = 1;\n')).toThrow(
      /not followed by a one-vector loop/,
    );
    // a count: six vectors a step, then two; only even counts (the rest is whole pairs)
    const six = interleave(loop.replace('@interleave', '@interleave 6')).split('\n');
    expect(six[0]).toBe('  for (; px + 96 <= end; px += 96, pg += 96, dst += 96) {');
    expect(six[6]).toBe('    const xF = v128.load(px, 80);');
    expect(six.filter((l) => l.startsWith('  for ('))[1]).toBe(lines[18]);
    expect(() => interleave(loop.replace('@interleave', '@interleave 3'))).toThrow(/must be even/);
    const sources = readFileSync(new URL('../assembly/smooth.ts', import.meta.url), 'utf8');
    expect(sources.match(/\/\/ @interleave( 6)?\n/g)?.length).toBeGreaterThan(20);
  });

  it('marks helpers for inlining with a comment that becomes the decorator', () => {
    expect(inlineMarks('a\n  // @inline\n  function f(x: v128): v128 {\n')).toBe(
      'a\n  @inline\n  function f(x: v128): v128 {\n',
    );
    expect(inlineMarks('// @inline\nexport function g(): void {\n')).toBe(
      '@inline\nexport function g(): void {\n',
    );
    expect(() => inlineMarks('// @inline\nconst x = 1;\n')).toThrow(/line 1 is not followed by a function/);
  });
});
