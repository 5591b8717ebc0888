import { readFile } from 'node:fs/promises';
import type { ModelVersion } from '@slipway/core';
import type { SlipwayClient } from '@slipway/sdk';
import { ADMIN_PASSWORD, ADMIN_USER } from './web-server.js';

const FIXTURES = new URL('../../fixtures/', import.meta.url);

/** Breast-cancer rows the logistic regression is unsure about (see the file's `source`). */
export interface ScorerRows {
  inputs: number[][];
  /** scikit-learn's P(benign) for each row: what the unmodified model answers. */
  expected: number[][];
}

export async function scorerRows(): Promise<ScorerRows> {
  return JSON.parse(
    await readFile(new URL('breast-cancer-rows.json', FIXTURES), 'utf8'),
  ) as ScorerRows;
}

/**
 * The breast-cancer logistic regression (a real ONNX graph: Sub, Div, MatMul, Add, Sigmoid) with
 * `delta` added to its bias initializer `b`, so it answers every row differently from the
 * original while keeping its signature: two versions a canary can split traffic between, and
 * whose answers tell which one served a request. The bias is the only 4-byte raw float named
 * "b" in the file: raw_data (field 4, length 4) followed by the name (field 8, "b").
 */
export function withShiftedBias(onnx: Uint8Array, delta: number): Uint8Array {
  const matches: number[] = [];
  for (let i = 0; i + 9 <= onnx.length; i += 1) {
    if (
      onnx[i] === 0x22 &&
      onnx[i + 1] === 0x04 &&
      onnx[i + 6] === 0x42 &&
      onnx[i + 7] === 0x01 &&
      onnx[i + 8] === 0x62
    ) {
      matches.push(i + 2);
    }
  }
  if (matches.length !== 1)
    throw new Error(`expected one bias initializer, found ${matches.length}`);
  const patched = new Uint8Array(onnx);
  const view = new DataView(patched.buffer, patched.byteOffset, patched.byteLength);
  const at = matches[0] as number;
  view.setFloat32(at, view.getFloat32(at, true) + delta, true);
  return patched;
}

/** Version 1: the model as trained; version 2: its bias lowered by 2.5 (lower probabilities). */
export async function registerScorer(
  admin: SlipwayClient,
  name: string,
): Promise<[ModelVersion, ModelVersion]> {
  const onnx = new Uint8Array(await readFile(new URL('breast-cancer-logreg.onnx', FIXTURES)));
  await admin.models.create({ name });
  const original = await admin.models.createVersionFromFiles(name, [
    { path: 'model.onnx', body: onnx },
  ]);
  const shifted = await admin.models.createVersionFromFiles(name, [
    { path: 'model.onnx', body: withShiftedBias(onnx, -2.5) },
  ]);
  return [original, shifted];
}

export interface Served {
  id: string;
  version: string;
  output: number;
}

/** One real inference through the Open Inference Protocol's REST API, as the admin. */
export async function infer(
  baseUrl: string,
  deployment: string,
  row: readonly number[],
  id: string,
): Promise<Served> {
  const secret = Buffer.from(`${ADMIN_USER}:${ADMIN_PASSWORD}`).toString('base64');
  const response = await fetch(`${baseUrl}/v2/models/${deployment}/infer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${secret}` },
    body: JSON.stringify({
      id,
      inputs: [{ name: 'input', datatype: 'FP32', shape: [1, row.length], data: row }],
    }),
  });
  const body = (await response.json()) as {
    id?: string;
    model_version?: string;
    outputs?: { data: number[] }[];
  };
  if (response.status !== 200) throw new Error(`inference failed: ${JSON.stringify(body)}`);
  return {
    id: body.id ?? id,
    version: body.model_version ?? '',
    output: body.outputs?.[0]?.data[0] ?? Number.NaN,
  };
}
