import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaseFormatError, type ConformanceCase, parseCaseFile } from './case-file.js';

/** Reads and parses one case file; errors name the file. */
export function loadCaseFile(path: string): ConformanceCase[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CaseFormatError(`cannot read case file ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CaseFormatError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseCaseFile(json, basename(path));
}

/** The case files that ship with this package (`cases/*.json`). */
export function vendoredCaseFiles(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = resolve(here, '..', 'cases');
  return jsonFilesIn(dir);
}

function jsonFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * `shared/conformance/*.json` beside the repository (the public reference cases), found by walking up
 * from `from` to a folder that has `shared/conformance`; empty when there is none.
 */
export function sharedCaseFiles(from: string = process.cwd()): string[] {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, 'shared', 'conformance');
    if (existsSync(candidate)) return jsonFilesIn(candidate);
    const parent = dirname(dir);
    if (parent === dir) return [];
    dir = parent;
  }
}

/**
 * The case files of the built-in suite: the vendored ones plus `shared/conformance/*.json` when
 * present, without cases whose id an earlier file already had.
 */
export function loadBuiltInCaseFiles(from?: string): { cases: ConformanceCase[]; files: string[] } {
  const files = [...vendoredCaseFiles(), ...sharedCaseFiles(from)];
  const seen = new Set<string>();
  const cases: ConformanceCase[] = [];
  for (const file of files) {
    for (const c of loadCaseFile(file)) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      cases.push(c);
    }
  }
  return { cases, files };
}
