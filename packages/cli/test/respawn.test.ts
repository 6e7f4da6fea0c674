import { describe, expect, it } from 'vitest';
import { BENCH_NODE_FLAG, benchRespawnArgs } from '../src/respawn.js';

describe('benchRespawnArgs', () => {
  it('runs bench again under the single-threaded collector, keeping Node flags and arguments', () => {
    expect(benchRespawnArgs(['bench', '--ops', 'relu'], ['--max-old-space-size=4096'], '/x/bin.js')).toEqual([
      BENCH_NODE_FLAG,
      '--max-old-space-size=4096',
      '/x/bin.js',
      'bench',
      '--ops',
      'relu',
    ]);
  });

  it.each([
    ['another command', ['conformance', '--backend', 'cpu'], []],
    ['a Node already started with the flag', ['bench'], [BENCH_NODE_FLAG]],
    ['--concurrent-gc', ['bench', '--concurrent-gc'], []],
    ['--help', ['bench', '--help'], []],
    ['-h', ['bench', '-h'], []],
  ])('runs here for %s', (_, args, execArgv) => {
    expect(benchRespawnArgs(args, execArgv, 'bin.js')).toBeNull();
  });
});
