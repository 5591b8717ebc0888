import { describe, expect, it } from 'vitest';
import { artifactUrl, baseName, extensionOf, foldersAbove, parentOf } from './artifact-path.js';
import { previewKind } from './preview-kind.js';

describe('artifact paths', () => {
  it('split into folder and name', () => {
    expect(baseName('plots/loss.png')).toBe('loss.png');
    expect(baseName('a.txt')).toBe('a.txt');
    expect(parentOf('plots/2024/loss.png')).toBe('plots/2024');
    expect(parentOf('a.txt')).toBe('');
    expect(foldersAbove('a/b/c.txt')).toEqual(['', 'a', 'a/b']);
    expect(foldersAbove('c.txt')).toEqual(['']);
    expect(foldersAbove('')).toEqual(['']);
  });

  it('become page URLs with each segment encoded', () => {
    expect(artifactUrl('r1', '')).toBe('/runs/r1/artifacts');
    expect(artifactUrl('r1', 'my plots/a#1.png')).toBe('/runs/r1/artifacts/my%20plots/a%231.png');
  });

  it('have extensions in lower case, none for dotfiles', () => {
    expect(extensionOf('model/Model.ONNX')).toBe('onnx');
    expect(extensionOf('.env')).toBe('');
    expect(extensionOf('MLmodel')).toBe('');
  });
});

describe('previewKind', () => {
  it('picks the preview from the name', () => {
    expect(previewKind('plots/loss.PNG')).toBe('image');
    expect(previewKind('icon.svg')).toBe('image');
    expect(previewKind('metrics.json')).toBe('json');
    expect(previewKind('model/slipway-model.json')).toBe('slipway-model');
    expect(previewKind('model/MLmodel')).toBe('mlmodel');
    expect(previewKind('data/sample.csv')).toBe('csv');
    expect(previewKind('data/sample.tsv')).toBe('csv');
    expect(previewKind('model/model.onnx')).toBe('onnx');
    expect(previewKind('notes.md')).toBe('text');
    expect(previewKind('model/requirements.txt')).toBe('text');
    expect(previewKind('weights.bin')).toBe('unknown');
  });
});
