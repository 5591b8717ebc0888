import { describe, expect, it } from 'vitest';
import { modelUploadLocation } from '@slipway/core';
import { artifactOwner, uploadModelOf } from './artifact-resources.js';

describe('artifactOwner', () => {
  it('maps experiment paths to their experiment', () => {
    expect(artifactOwner('12/abc/artifacts/model/MLmodel')).toEqual({
      type: 'experiment',
      id: '12',
    });
    expect(artifactOwner('0')).toEqual({ type: 'experiment', id: '0' });
  });

  it('gives no experiment to the root, model uploads and other paths', () => {
    for (const path of ['', 'models', 'models/fraud/u1/model.onnx', 'other/1/x', '1x/a']) {
      expect(artifactOwner(path)).toBeUndefined();
    }
  });
});

describe('uploadModelOf', () => {
  it('reads the model of an upload back, slashes and all', () => {
    for (const name of ['fraud', 'team/churn-model', '100% sure', 'box-\u{1F4E6}']) {
      const { storagePath } = modelUploadLocation(name, 'upload-0001');
      expect(storagePath.split('/')).toHaveLength(3);
      expect(uploadModelOf(`${storagePath}/model.onnx`)).toBe(name);
    }
  });

  it('is undefined outside uploads and for broken encodings', () => {
    for (const path of ['', 'models', '1/models/x', 'models/%E0%A4%A/u']) {
      expect(uploadModelOf(path)).toBeUndefined();
    }
  });
});
