import type { Trainer } from '@rectify/train';
import { loadOrt } from '../backends.js';

/** How ONNX Runtime Web's run of an exported model compares with the trainer's own predictions. */
export interface OnnxCheck {
  /** Data points (train and test) both computed. */
  readonly points: number;
  /** The largest difference of one output (probabilities, or values for regression). */
  readonly maxDifference: number;
  /** Points given the same class by both (null for regression). */
  readonly sameClass: number | null;
  readonly bytes: number;
  /** Hex SHA-256 of the model's bytes: the file that was checked is the file that was saved. */
  readonly sha256: string;
}

/** The file name of an exported model: `rectify-<data>-epoch-<n>.onnx`. */
export function modelFileName(trainer: Trainer): string {
  const data = trainer.dataset.name.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '-') || 'data';
  return `rectify-${data}-epoch-${trainer.epoch}.onnx`;
}

/** Saves bytes as a download, as a link the person clicked would. */
export function downloadBytes(fileName: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // the download has its own copy once it starts
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Every data point, train then test, row-major. */
function dataPoints(trainer: Trainer): Float64Array {
  const { train, test } = trainer.dataset;
  const out = new Float64Array(train.x.length + test.x.length);
  out.set(train.x);
  out.set(test.x, train.x.length);
  return out;
}

const argmax = (v: ArrayLike<number>, i: number, k: number) => {
  let best = 0;
  for (let c = 1; c < k; c++) if (v[i * k + c]! > v[i * k + best]!) best = c;
  return best;
};

/**
 * Loads a model into onnxruntime-web and runs it on the trainer's data points: the model's `y`
 * against the trainer's predictions of the same network (read before the call: pause training first).
 */
export async function checkOnnx(bytes: Uint8Array, trainer: Trainer): Promise<OnnxCheck> {
  const features = trainer.dataset.features;
  const points = dataPoints(trainer);
  const size = points.length / features;
  const expected = await trainer.predict(points);
  const ort = await loadOrt();
  const session = await ort.InferenceSession.create(bytes);
  let got: Float32Array;
  try {
    const x = new ort.Tensor('float32', Float32Array.from(points), [size, features]);
    const out = await session.run({ x });
    got = out.y!.data as Float32Array;
  } finally {
    await session.release();
  }
  if (got.length !== expected.values.length) {
    throw new Error(
      `the model gave ${got.length} outputs for ${size} points, the trainer ${expected.values.length}`,
    );
  }
  let maxDifference = 0;
  for (let i = 0; i < got.length; i++)
    maxDifference = Math.max(maxDifference, Math.abs(got[i]! - expected.values[i]!));
  let sameClass: number | null = null;
  if (expected.classes) {
    const k = expected.outputs;
    sameClass = 0;
    for (let i = 0; i < size; i++) {
      const theirs = k === 1 ? (got[i]! > 0.5 ? 1 : 0) : argmax(got, i, k);
      if (theirs === expected.classes[i]) sameClass++;
    }
  }
  return { points: size, maxDifference, sameClass, bytes: bytes.length, sha256: await sha256(bytes) };
}

/** Copies text to the clipboard; false when the page may not (no permission, not a secure context). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
