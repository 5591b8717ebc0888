import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModelPackage } from '@slipway/server';
import type { SlipwayClient } from '@slipway/sdk';
import { MANIFEST_FILE_NAME } from '@slipway/core';

const FIXTURES = fileURLToPath(new URL('../../server/test/fixtures/models/', import.meta.url));
export const BREAST_CANCER_ONNX = join(FIXTURES, 'breast_cancer_logreg.onnx');

export interface Golden {
  columns: string[];
  inputs: number[][];
  expected: number[][];
}

export async function golden(): Promise<Golden> {
  return JSON.parse(
    await readFile(join(FIXTURES, 'breast_cancer_logreg.expected.json'), 'utf8'),
  ) as Golden;
}

/** The breast-cancer model as a tabular package directory (manifest + .onnx). */
export async function writePackage(dir: string): Promise<void> {
  const { columns } = await golden();
  const manifest = await buildModelPackage(BREAST_CANCER_ONNX, { name: 'bc', columns });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, manifest.modelFile), await readFile(BREAST_CANCER_ONNX));
  await writeFile(join(dir, MANIFEST_FILE_NAME), JSON.stringify(manifest));
}

/** Registers the package as a new version of `name` and points `champion` at it. */
export async function registerPackage(client: SlipwayClient, name: string, dir: string) {
  await client.models.create({ name }).catch(() => undefined);
  const onnx = await readFile(BREAST_CANCER_ONNX);
  const manifest = await readFile(join(dir, MANIFEST_FILE_NAME));
  const version = await client.models.createVersionFromFiles(name, [
    { path: 'breast_cancer_logreg.onnx', body: onnx },
    { path: MANIFEST_FILE_NAME, body: manifest },
  ]);
  await client.models.setAlias(name, 'champion', version.version);
  return version;
}

/** The golden rows as CSV with an id column first. */
export async function writeGoldenCsv(path: string): Promise<void> {
  const g = await golden();
  const lines = [
    ['id', ...g.columns.map((name) => `"${name}"`)].join(','),
    ...g.inputs.map((row, i) => [`r${i}`, ...row].join(',')),
  ];
  await writeFile(path, `${lines.join('\n')}\n`);
}
