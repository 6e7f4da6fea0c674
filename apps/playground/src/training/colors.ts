/**
 * viz's palette (Okabe & Ito's colour-blind-safe one, without yellow), which viz keeps to itself: the
 * classes here have the colours its charts give their series, in the same order.
 */
export const palette: readonly string[] = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#555555',
];

/** viz's chart look, for what the lab draws on a canvas next to viz's SVG charts. */
export const chartTheme = Object.freeze({
  font: 'DejaVu Sans, Verdana, sans-serif',
  fontSize: 11,
  background: '#ffffff',
  text: '#1f2328',
  muted: '#57606a',
  axis: '#8c959f',
});

/** An RGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

const white: Rgb = [255, 255, 255];

function rgbOf(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Each class's colour: viz's colour-blind-safe palette in order, as every plot of Rectify. */
const classColors: readonly Rgb[] = palette.map(rgbOf);

export const classColor = (c: number): Rgb => classColors[c % classColors.length]!;

export const css = ([r, g, b]: Rgb) => `rgb(${r} ${g} ${b})`;

/** `a` moved towards `b` by `t` in [0, 1]. */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

// the background stays pale, so that the points drawn over it keep their full colour and stand out
const heatStrength = 0.62;

/**
 * The background colour of a binary prediction P(class 1): class 0's colour below 0.5, class 1's
 * above, white on the boundary.
 */
export function binaryHeat(p: number): Rgb {
  const t = Math.min(1, Math.max(-1, 2 * p - 1));
  return t < 0 ? mix(white, classColor(0), -t * heatStrength) : mix(white, classColor(1), t * heatStrength);
}

/**
 * The background colour of class probabilities (`classes` values from `offset`): their classes' colours
 * mixed by probability, paler the less sure the network is (white where every class is equally likely).
 */
export function classesHeat(values: ArrayLike<number>, offset: number, classes: number): Rgb {
  let r = 0;
  let g = 0;
  let b = 0;
  let best = 0;
  for (let c = 0; c < classes; c++) {
    const p = values[offset + c]!;
    const [cr, cg, cb] = classColor(c);
    r += p * cr;
    g += p * cg;
    b += p * cb;
    best = Math.max(best, p);
  }
  const sure = classes > 1 ? (best - 1 / classes) / (1 - 1 / classes) : 1;
  return mix(white, [r, g, b], Math.max(0, Math.min(1, sure)) * heatStrength);
}

/**
 * A value's colour on a diverging scale over [lo, hi]: class 0's colour at lo, white at the middle,
 * class 1's at hi; `strength` 1 for points, less for the background.
 */
export function valueColor(v: number, lo: number, hi: number, strength = heatStrength): Rgb {
  const mid = (lo + hi) / 2;
  const half = (hi - lo) / 2 || 1;
  const t = Math.min(1, Math.max(-1, (v - mid) / half));
  return t < 0 ? mix(white, classColor(0), -t * strength) : mix(white, classColor(1), t * strength);
}
