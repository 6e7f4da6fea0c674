#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
import { main } from './main.js';
import { benchRespawnArgs } from './respawn.js';

const args = process.argv.slice(2);
const respawn = benchRespawnArgs(args, process.execArgv, process.argv[1]!);
if (respawn) {
  const child = spawnSync(process.execPath, respawn, { stdio: 'inherit' });
  if (child.error) {
    console.error(child.error);
    process.exitCode = 70;
  } else process.exitCode = child.status ?? 70;
} else {
  main(args).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 70;
    },
  );
}
