import { type ConformanceCase, parseCaseFile } from '@rectify/conformance';
import onnxCasesUrl from '@rectify/conformance/cases/onnx-node-cases.json?url';
import type { OpId } from '@rectify/core';

export type { OpId };

/** The vendored ONNX node cases, served by Vite to the browser test (there is no file system there). */
export async function parseCaseFileCases(): Promise<readonly ConformanceCase[]> {
  const response = await fetch(onnxCasesUrl);
  return parseCaseFile(await response.json(), 'onnx-node-cases.json');
}
