import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import {
  MAX_ARTIFACT_PATH_BYTES,
  MAX_ARTIFACT_SEGMENT_BYTES,
  checkArtifactPath,
  joinArtifactPath,
} from './artifact-path.js';

const GOOD: Array<[input: string, normalised: string]> = [
  ['model.onnx', 'model.onnx'],
  ['model/model.onnx', 'model/model.onnx'],
  ['a/b/c/d.txt', 'a/b/c/d.txt'],
  ['./a/b', 'a/b'],
  ['a/./b/.', 'a/b'],
  ['dir/', 'dir'],
  ['a//b///c', 'a/b/c'],
  ['.hidden/..dots/...', '.hidden/..dots/...'],
  ['a..b/c..', 'a..b/c..'],
  ['spaces are fine/ü ñ 日本.txt', 'spaces are fine/ü ñ 日本.txt'],
  ['emoji/🚀.bin', 'emoji/🚀.bin'],
  ['run:1/a:b', 'run:1/a:b'],
  ['x'.repeat(MAX_ARTIFACT_SEGMENT_BYTES), 'x'.repeat(MAX_ARTIFACT_SEGMENT_BYTES)],
];

const BAD: Array<[label: string, input: string, ruleFragment: string]> = [
  ['parent segment', '../etc/passwd', "'..'"],
  ['inner parent segment', 'a/../b', "'..'"],
  ['trailing parent segment', 'a/..', "'..'"],
  ['leading slash', '/etc/passwd', 'relative'],
  ['double leading slash', '//server/share', 'relative'],
  ['windows drive', 'C:/Windows', 'drive letter'],
  ['windows drive without slash', 'c:file', 'drive letter'],
  ['backslash', 'a\\b', 'backslash'],
  ['windows parent', '..\\secret', 'backslash'],
  ['NUL', 'a\u0000b', 'control'],
  ['newline', 'a\nb', 'control'],
  ['DEL', 'a\u007fb', 'control'],
  ['lone surrogate', 'a\ud800b', 'Unicode'],
  ['empty', '', 'empty'],
  ['dot', '.', 'empty'],
  ['dot slash', './', 'empty'],
  ['only slashes after dots', './/./', 'empty'],
  ['long segment', 'x'.repeat(MAX_ARTIFACT_SEGMENT_BYTES + 1), 'segment'],
  // 128 x 3-byte characters: 384 bytes but only 128 UTF-16 units, so this checks bytes, not length.
  ['long multibyte segment', '日'.repeat(128), 'segment'],
  ['long path', Array.from({ length: 11 }, () => 'y'.repeat(100)).join('/'), 'at most'],
];

describe('checkArtifactPath', () => {
  it.each(GOOD)('accepts %j as %j', (input, normalised) => {
    expect(checkArtifactPath(input)).toBe(normalised);
  });

  it.each(BAD)('rejects %s', (_label, input, ruleFragment) => {
    let caught: unknown;
    try {
      checkArtifactPath(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SlipwayError);
    const error = caught as SlipwayError;
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain(ruleFragment);
    expect(error.message).toContain(JSON.stringify(input).slice(0, 20));
  });

  it('accepts the root only when allowed', () => {
    expect(checkArtifactPath('', { allowEmpty: true })).toBe('');
    expect(checkArtifactPath('./', { allowEmpty: true })).toBe('');
    expect(() => checkArtifactPath('', { allowEmpty: false })).toThrow(/empty/);
  });

  it('still rejects unsafe paths when empty is allowed', () => {
    expect(() => checkArtifactPath('/', { allowEmpty: true })).toThrow(/relative/);
    expect(() => checkArtifactPath('..', { allowEmpty: true })).toThrow(/'\.\.'/);
  });

  it('accepts a path of exactly the maximum length', () => {
    const path = ['a'.repeat(250), 'b'.repeat(250), 'c'.repeat(250), 'd'.repeat(247)].join('/');
    expect(path.length).toBe(1000);
    expect(MAX_ARTIFACT_PATH_BYTES).toBe(1000);
    expect(checkArtifactPath(path)).toBe(path);
    expect(() => checkArtifactPath(`${path}x`)).toThrow(/at most/);
  });
});

describe('joinArtifactPath', () => {
  it('joins and normalises parts', () => {
    expect(joinArtifactPath('runs/1', 'artifacts/', './model', 'MLmodel')).toBe(
      'runs/1/artifacts/model/MLmodel',
    );
  });

  it('skips empty parts and may return the root', () => {
    expect(joinArtifactPath('', 'a', '')).toBe('a');
    expect(joinArtifactPath()).toBe('');
    expect(joinArtifactPath('', '')).toBe('');
  });

  it('rejects an unsafe part', () => {
    expect(() => joinArtifactPath('runs', '../other')).toThrow(/'\.\.'/);
    // Joined naively this would be 'runs//abs' and normalise to something safe-looking.
    expect(() => joinArtifactPath('runs', '/abs')).toThrow(/relative/);
  });
});
