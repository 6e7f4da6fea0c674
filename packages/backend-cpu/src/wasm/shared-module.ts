// The kernels import their memory. Threads need that memory shared, which the module must declare (a
// shared memory has a maximum): rather than embed a second build, the import section is rewritten. The
// kernels use no atomics, so nothing else differs.

/** Pages of the shared memory's declared maximum: each arena's own maximum is below it. */
const MAX_PAGES = 65536;

function readLeb(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const b = bytes[i++]!;
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return [value, i];
  }
}

function leb(value: number): number[] {
  const out: number[] = [];
  let v = value;
  do {
    const b = v % 128;
    v = Math.floor(v / 128);
    out.push(v > 0 ? b | 0x80 : b);
  } while (v > 0);
  return out;
}

const IMPORT_SECTION = 2;
const MEMORY_KIND = 2;
const LIMITS_SHARED = 3;

/**
 * The module's bytes with its one import, a memory, declared shared (minimum kept, maximum 4 GiB); null
 * when the module imports anything else (then threads are not offered).
 */
export function withSharedMemory(bytes: Uint8Array): Uint8Array | null {
  let at = 8; // magic and version
  while (at < bytes.length) {
    const id = bytes[at]!;
    const [size, body] = readLeb(bytes, at + 1);
    const end = body + size;
    if (id === IMPORT_SECTION) {
      const [count, first] = readLeb(bytes, body);
      if (count !== 1) return null;
      let i = first;
      for (let name = 0; name < 2; name++) {
        const [length, next] = readLeb(bytes, i);
        i = next + length;
      }
      if (bytes[i] !== MEMORY_KIND) return null;
      const flags = bytes[i + 1]!;
      const [min, afterMin] = readLeb(bytes, i + 2);
      const limitsEnd = flags & 1 ? readLeb(bytes, afterMin)[1] : afterMin;
      if (limitsEnd !== end) return null;
      const payload = [...bytes.subarray(body, i + 1), LIMITS_SHARED, ...leb(min), ...leb(MAX_PAGES)];
      const out = new Uint8Array(at + 1 + leb(payload.length).length + payload.length + bytes.length - end);
      out.set(bytes.subarray(0, at + 1));
      let o = at + 1;
      for (const b of [...leb(payload.length), ...payload]) out[o++] = b;
      out.set(bytes.subarray(end), o);
      return out;
    }
    at = end;
  }
  return null;
}
