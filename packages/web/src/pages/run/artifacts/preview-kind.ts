import { ARTIFACT_SIGNATURE_MAX_BYTES } from '@slipway/core';
import { baseName, extensionOf } from './artifact-path.js';

/** How an artifact is previewed. */
export type PreviewKind =
  | 'image'
  | 'json'
  | 'csv'
  | 'text'
  | 'onnx'
  | 'slipway-model'
  | 'mlmodel'
  /** No known type: shown as text if it turns out to be text. */
  | 'unknown';

/** MIME types of the images previewed; an SVG is shown through <img>, where scripts never run. */
export const IMAGE_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  webp: 'image/webp',
  bmp: 'image/bmp',
};

const TEXT = new Set([
  'txt',
  'log',
  'md',
  'markdown',
  'rst',
  'py',
  'r',
  'ipynb',
  'js',
  'mjs',
  'ts',
  'sh',
  'sql',
  'yaml',
  'yml',
  'toml',
  'ini',
  'cfg',
  'conf',
  'xml',
  'html',
  'htm',
  'css',
  'jsonl',
  'ndjson',
  'properties',
  'env',
  'dockerfile',
  'gitignore',
  'lock',
]);

/** File names MLflow writes without an extension that are text. */
const TEXT_NAMES = new Set(['requirements.txt', 'Dockerfile', 'LICENSE', 'README', 'Makefile']);

export function previewKind(path: string): PreviewKind {
  const name = baseName(path);
  if (name === 'slipway-model.json') return 'slipway-model';
  if (name === 'MLmodel') return 'mlmodel';
  const ext = extensionOf(path);
  if (ext in IMAGE_TYPES) return 'image';
  if (ext === 'json') return 'json';
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (ext === 'onnx') return 'onnx';
  if (TEXT.has(ext) || TEXT_NAMES.has(name)) return 'text';
  return 'unknown';
}

/**
 * The most bytes read for a preview of each kind. Text-like files show their beginning (and say
 * so); images and structured files are previewed whole or not at all; the server reads ONNX
 * signatures up to its own cap.
 */
export const PREVIEW_LIMITS: Readonly<Record<PreviewKind, number>> = {
  image: 20 * 1024 * 1024,
  json: 8 * 1024 * 1024,
  'slipway-model': 8 * 1024 * 1024,
  mlmodel: 1024 * 1024,
  csv: 1024 * 1024,
  text: 1024 * 1024,
  unknown: 1024 * 1024,
  onnx: ARTIFACT_SIGNATURE_MAX_BYTES,
};

/** Kinds whose beginning is still worth showing when the file is over its limit. */
export function previewsPrefix(kind: PreviewKind): boolean {
  return kind === 'csv' || kind === 'text' || kind === 'unknown' || kind === 'json';
}
