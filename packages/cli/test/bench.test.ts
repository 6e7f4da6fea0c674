import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const run = runCli;

const dir = mkdtempSync(join(tmpdir(), 'rectify-bench-'));

const rowKeys = [
  'op',
  'pass',
  'backend',
  'size',
  'medianMs',
  'minMs',
  'maxMs',
  'samples',
  'callsPerSample',
  'bytes',
  'gbps',
  'ratioToFloor',
  'ratioToBestPeer',
  'overheadVsRuntime',
];

describe('rectify bench', () => {
  it('writes a row of the documented schema for every (op, pass, backend, size), floors and peers included', async () => {
    const json = join(dir, 'bench.json');
    const markdown = join(dir, 'bench.md');
    const r = await run([
      'bench',
      '--ops',
      'relu,sigmoid',
      '--sizes',
      '1e3',
      '--backend',
      'cpu',
      '--json',
      json,
      '--markdown',
      markdown,
      '--min-time',
      '5',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('size 1e3 · forward · median ms (× fastest peer)');
    expect(r.out).toMatch(/^sigmoid +\d/m);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.schema).toBe('rectify-bench/1');
    expect(Object.keys(report.machine).sort()).toEqual([
      'arch',
      'cores',
      'cpu',
      'memoryGB',
      'node',
      'nodeFlags',
      'platform',
    ]);
    // in-process (as here), the flags are the test runner's; through bin.js, --single-threaded-gc
    expect(report.machine.nodeFlags).toEqual(process.execArgv);
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(report.date))).toBe(false);
    // the cpu backend can allocate, so it has cpu+resident cells too
    expect(report.options).toMatchObject({
      ops: ['relu', 'sigmoid'],
      sizes: [1000],
      backends: ['cpu', 'cpu+resident'],
    });
    const backends = [
      'floor:copy',
      'floor:alloc',
      'peer:tfjs-cpu',
      'peer:tfjs-wasm',
      'peer:ort',
      'cpu',
      'cpu+resident',
    ];
    expect(report.rows).toHaveLength(2 * 2 * backends.length);
    for (const op of ['relu', 'sigmoid']) {
      for (const pass of ['forward', 'gradient']) {
        for (const backend of backends) {
          const rows = report.rows.filter(
            (x: { op: string; pass: string; backend: string }) =>
              x.op === op && x.pass === pass && x.backend === backend,
          );
          expect(rows, `${op} ${pass} ${backend}`).toHaveLength(1);
          const row = rows[0];
          for (const key of rowKeys) expect(row, `${op} ${pass} ${backend} ${key}`).toHaveProperty(key);
          expect(row.size).toBe(1000);
          const ran = row.medianMs !== null;
          if (backend.startsWith('cpu') || backend.startsWith('floor:') || pass === 'forward')
            expect(ran).toBe(true);
          if (ran) {
            expect(row.minMs).toBeLessThanOrEqual(row.medianMs);
            expect(row.maxMs).toBeGreaterThanOrEqual(row.medianMs);
            expect(row.gbps).toBeGreaterThan(0);
            expect(row.ratioToFloor).toBeGreaterThan(0);
          } else expect(typeof row.note).toBe('string');
          if (pass === 'forward') expect(row.ratioToBestPeer).toBeGreaterThan(0);
          expect(row.overheadVsRuntime).toBeNull();
        }
      }
    }
    expect(readFileSync(markdown, 'utf8')).toContain('### forward, 1e3 elements');
  });

  it.each([
    [['--ops', 'relu,nope'], 'unknown op "nope"'],
    [['--sizes', '1e3,abc'], 'bad size "abc"'],
    [['--sizes', '0'], 'bad size "0"'],
    [['--sizes', '1005'], 'bad size "1005"'],
    [['--backend', 'gpu'], 'unknown backend "gpu"'],
    [['--peers', 'torch'], 'unknown peer "torch"'],
    [['--pass', 'sideways'], '--pass must be forward, gradient or both'],
    [['--min-time=-1'], '--min-time must be'],
    [['--frobnicate'], "Unknown option '--frobnicate'"],
  ])('exits 2 on %j', async (args, message) => {
    const r = await run(['bench', ...args]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
    expect(r.err).toContain('rectify bench [--ops a,b]');
  });

  it('prints its usage with --help', async () => {
    const r = await run(['bench', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--markdown OUT');
  });
});
