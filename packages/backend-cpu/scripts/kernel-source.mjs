// The kernels' sources as asc compiles them, with two comment marks (comments, so that the sources stay
// plain TypeScript for the linters; biome does not parse decorators on functions) turned into code.
//
// `// @inline` before a helper becomes AssemblyScript's `@inline` decorator: for the few helpers Binaryen
// leaves as calls from several sites in a loop (the per-sample cross-entropy's clipped log: the calls
// cost it ~20%).
//
// The one-vector loops marked `// @interleave` are expanded into a loop over four vectors a step
// (`// @interleave 6`: six, up to eight, an even count), each statement written for each vector in turn,
// then a loop over two a step for the rest (callers hand whole steps of 8 elements). V8 keeps wasm
// instructions in the order it is given, and a loop over one vector is bound by the latency of its chain
// of dependent operations (exp, a polynomial, a division): four chains side by side made the smooth
// kernels 20–50% faster, with the same results. The sources keep one body per kernel.

const MARK = /^([ \t]*)\/\/ @interleave(?: (\d+))?[ \t]*\n/gm;
/** `for (; px < end; px += 16, pg += 16, dst += 16) {`: the pointers stepped, one vector a step. */
const LOOP = /^[ \t]*for \(; (\w+) < end; ((?:\w+ \+= 16, )*\w+ \+= 16)\) \{\n/;
const COPIES = 'ABCDEFGH';

/** The statements of a loop body, each joined onto one line. */
function statements(body) {
  const out = [];
  let current = '';
  for (const line of body.split('\n')) {
    if (!line.trim()) continue;
    current += `${line.trim()} `;
    if (line.trimEnd().endsWith(';')) {
      out.push(current.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/,? \)/g, ')').trim());
      current = '';
    }
  }
  if (current.trim()) throw new Error(`@interleave: unterminated statement: ${current.trim()}`);
  return out;
}

/** Statement `s` of copy `k`: its locals suffixed, its loads and stores moved by 16·k bytes. */
function copyOf(s, locals, pointers, k) {
  let t = s;
  for (const name of locals) t = t.replace(new RegExp(`\\b${name}\\b`, 'g'), `${name}${COPIES[k]}`);
  if (k === 0) return t;
  for (const p of pointers) t = t.replaceAll(`v128.load(${p})`, `v128.load(${p}, ${16 * k})`);
  if (t.startsWith('v128.store(')) t = `${t.slice(0, -2)}, ${16 * k});`;
  return t;
}

/** The loop over `count` vectors a step (16·count bytes): four while they fit, or two to the end. */
function loop(indent, pointers, stmts, locals, count) {
  const step = 16 * count;
  const advance = pointers.map((p) => `${p} += ${step}`).join(', ');
  const test = count > 2 ? `${pointers[0]} + ${step} <= end` : `${pointers[0]} < end`;
  const lines = stmts.flatMap((s) =>
    Array.from({ length: count }, (_, k) => `${indent}  ${copyOf(s, locals, pointers, k)}`),
  );
  return [`${indent}for (; ${test}; ${advance}) {`, ...lines, `${indent}}`].join('\n');
}

/**
 * The source with every `// @interleave` loop expanded (see the file's head); throws where a mark is not
 * followed by a one-vector loop.
 *
 * @example
 * interleave('  // @interleave\n  for (; p < end; p += 16, dst += 16) {\n    const x = v128.load(p);\n    v128.store(dst, x);\n  }\n');
 * // a loop `p + 64 <= end; p += 64, dst += 64` over xA…xD, then `p < end; p += 32, dst += 32` over xA, xB
 */
export function interleave(source) {
  const out = [];
  let at = 0;
  for (const mark of source.matchAll(MARK)) {
    const indent = mark[1];
    const start = mark.index + mark[0].length;
    const head = LOOP.exec(source.slice(start));
    if (!head)
      throw new Error(
        `@interleave on line ${source.slice(0, mark.index).split('\n').length} is not followed by a one-vector loop`,
      );
    const pointers = [
      head[1],
      ...head[2]
        .split(', ')
        .map((a) => a.split(' ')[0])
        .filter((p) => p !== head[1]),
    ];
    const bodyStart = start + head[0].length;
    const close = `\n${indent}}\n`;
    const end = source.indexOf(close, bodyStart - 1);
    const body = source.slice(bodyStart, end + 1);
    const stmts = statements(body);
    // longest first, so that a name is never replaced inside a longer one's replacement
    const locals = [...new Set([...body.matchAll(/\b(?:const|let) (\w+) =/g)].map((d) => d[1]))].sort(
      (a, b) => b.length - a.length,
    );
    out.push(source.slice(at, mark.index));
    const copies = Number(mark[2] ?? 4);
    // the rest of a call is whole pairs of vectors (callers hand steps of 8 elements)
    if (copies % 2 || copies > COPIES.length)
      throw new Error(`@interleave ${copies}: the count must be even and at most ${COPIES.length}`);
    out.push(
      `${loop(indent, pointers, stmts, locals, copies)}\n${loop(indent, pointers, stmts, locals, 2)}\n`,
    );
    at = end + close.length;
  }
  out.push(source.slice(at));
  return out.join('');
}

const INLINE = /^([ \t]*)\/\/ @inline[ \t]*\n/gm;

/**
 * The source with every `// @inline` mark turned into AssemblyScript's `@inline` decorator on the
 * function that follows it; throws where no function follows.
 *
 * @example
 * inlineMarks('// @inline\nfunction f(x: v128): v128 {'); // '@inline\nfunction f(x: v128): v128 {'
 */
export function inlineMarks(source) {
  return source.replace(INLINE, (mark, indent, at) => {
    if (!/^[ \t]*(?:export )?function /.test(source.slice(at + mark.length)))
      throw new Error(
        `@inline on line ${source.slice(0, at).split('\n').length} is not followed by a function`,
      );
    return `${indent}@inline\n`;
  });
}
