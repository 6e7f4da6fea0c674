/** Index of the first element that differs bit for bit (NaN equal to NaN, −0 not +0), or −1; toEqual is slow on 10⁵ elements. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}
