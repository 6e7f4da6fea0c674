import katex from 'katex';
import 'katex/dist/katex.min.css';
import { h } from '../dom.js';

/** A LaTeX formula typeset by KaTeX (display mode), with a label above it. */
export function katexBlock(label: string, tex: string, testId: string): HTMLElement {
  const math = h('div', { class: 'math', 'data-testid': testId });
  // throwOnError false: a formula KaTeX cannot parse shows as red source instead of breaking the page
  math.innerHTML = katex.renderToString(tex, {
    displayMode: true,
    throwOnError: false,
    output: 'htmlAndMathml',
  });
  return h('figure', { class: 'formula' }, h('figcaption', {}, label), math);
}
