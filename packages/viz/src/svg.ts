/** Small helpers for writing SVG as text, and for comparing and mounting it. */

/** A coordinate or length with at most 2 decimals, never `-0`: output that is stable across runs and machines. */
export function num(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Escapes text for SVG content and attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}

/** An element with attributes (undefined ones left out) and optional raw inner SVG. */
export function el(
  name: string,
  attrs: Readonly<Record<string, string | number | undefined>>,
  inner?: string,
): string {
  let s = `<${name}`;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    s += ` ${k}="${typeof v === 'number' ? num(v) : esc(v)}"`;
  }
  return inner === undefined ? `${s}/>` : `${s}>${inner}</${name}>`;
}

/**
 * A short deterministic hash (FNV-1a, 32 bits) of a chart's content. Ids made from it are the same on
 * every run, yet differ between charts, so several charts inlined in one page do not share a clip path.
 */
export function contentHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/**
 * Normalizes an SVG string for snapshot comparison: every number inside an attribute value rounded to
 * 2 decimals, and ids renamed `id-0`, `id-1`, … in order of appearance (with their `url(#…)` and
 * `href="#…"` references), so that content-derived ids do not churn snapshots. Text content is left
 * alone: tick labels are what the reader sees.
 *
 * @example
 * ```ts
 * normalizeSvg('<svg><path d="M0.123,4.5678"/></svg>'); // '<svg><path d="M0.12,4.57"/></svg>'
 * ```
 */
export function normalizeSvg(svg: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]*)"/g)) {
    if (!ids.has(m[1]!)) ids.set(m[1]!, `id-${ids.size}`);
  }
  const rename = (id: string) => ids.get(id) ?? id;
  return svg.replace(/(\s([\w:-]+)=")([^"]*)"/g, (_all, head: string, name: string, value: string) => {
    if (name === 'id') return `${head}${rename(value)}"`;
    if (name.endsWith('href') && value.startsWith('#')) return `${head}#${rename(value.slice(1))}"`;
    // colours (#0072b2) and names hold digits that are not numbers
    if (value.startsWith('#') || name === 'class' || name === 'font-family') return `${head}${value}"`;
    const v = value.replace(/url\(#([^)]*)\)|-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi, (m, id?: string) =>
      id === undefined ? num(Number(m)) : `url(#${rename(id)})`,
    );
    return `${head}${v}"`;
  });
}

declare global {
  // Empty declarations merge with the DOM lib's types where a package compiles with it (the playground),
  // and stand in for them where it does not (the CLI compiles viz's source without the DOM lib).
  interface Document {}
  interface SVGSVGElement {}
}

/** The little of the DOM that {@link toElement} uses. */
interface ParsedSvg {
  readonly documentElement: { readonly nodeName: string; readonly textContent: string | null };
  getElementsByTagName(name: string): { readonly length: number };
}
type DomParserCtor = new () => { parseFromString(text: string, type: string): ParsedSvg };

/**
 * Parses an SVG string into an element of `doc` (the page's document by default), ready to append.
 * Browsers only: it needs `DOMParser`.
 *
 * @example
 * ```ts
 * document.body.append(toElement(await plotOp({ op: 'relu' })));
 * ```
 */
export function toElement(svg: string, doc?: Document): SVGSVGElement {
  const scope = globalThis as unknown as { DOMParser?: DomParserCtor; document?: Document };
  const target = (doc ?? scope.document) as
    | { importNode?(node: unknown, deep: boolean): unknown }
    | undefined;
  if (!scope.DOMParser || !target?.importNode) {
    throw new Error('toElement needs a browser DOM (DOMParser and a document)');
  }
  const parsed = new scope.DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = parsed.documentElement;
  if (root.nodeName !== 'svg' || parsed.getElementsByTagName('parsererror').length > 0) {
    throw new SyntaxError(`not a well-formed SVG document: ${root.textContent?.slice(0, 200) ?? ''}`);
  }
  return target.importNode(root, true) as SVGSVGElement;
}
