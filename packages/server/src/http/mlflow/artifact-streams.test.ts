import { describe, expect, it } from 'vitest';
import { artifactMimeType } from './artifact-streams.js';

describe('artifactMimeType', () => {
  it.each([
    ['MLmodel', 'text/plain'],
    ['conda.yaml', 'text/plain'],
    ['metrics.JSON', 'application/json'],
    ['roc curve.png', 'image/png'],
    ['model.onnx', 'application/octet-stream'],
    ['model.pkl', 'application/octet-stream'],
    ['README', 'application/octet-stream'],
    ['.json', 'application/octet-stream'],
    ['x.constructor', 'application/octet-stream'],
    ['constructor', 'application/octet-stream'],
    ['x.__proto__', 'application/octet-stream'],
  ])('%s -> %s', (name, type) => {
    expect(artifactMimeType(name)).toBe(type);
  });
});
