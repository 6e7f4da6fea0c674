/**
 * The look of every chart: one light theme, in one place, so that the plots of the gallery, the CLI
 * and the playground match.
 */

/**
 * Okabe & Ito's colour-blind-safe palette (Color Universal Design), without its yellow, which is
 * too faint on white. Series take these in order.
 */
export const palette: readonly string[] = Object.freeze([
  '#0072b2', // blue
  '#d55e00', // vermillion
  '#009e73', // bluish green
  '#cc79a7', // reddish purple
  '#e69f00', // orange
  '#56b4e9', // sky blue
  '#555555', // grey
]);

/**
 * Stops of a sequential ramp for sweeps (a param from small to large): viridis from dark violet to
 * green, stopping before its yellow end so that every curve stays visible on white. Perceptually
 * ordered and readable with the common colour-vision deficiencies.
 */
export const ramp: readonly string[] = Object.freeze(['#440154', '#414487', '#2a788e', '#22a884', '#7ad151']);

export const theme = Object.freeze({
  font: 'DejaVu Sans, Verdana, sans-serif',
  fontSize: 11,
  titleSize: 15,
  subtitleSize: 11.5,
  background: '#ffffff',
  text: '#1f2328',
  muted: '#57606a',
  grid: '#eef0f3',
  zero: '#c9ced6',
  axis: '#8c959f',
  rule: '#8c959f',
  strokeWidth: 2,
  derivativeDash: '6 4',
  kinkDash: '4 3',
  asymptoteDash: '1.5 3',
  /**
   * The average advance of a DejaVu Sans glyph at 11px, used to lay out legends and margins without
   * measuring text (which a string renderer cannot do); DejaVu is wide, so this errs on the roomy side.
   */
  charWidth: 6.6,
});
