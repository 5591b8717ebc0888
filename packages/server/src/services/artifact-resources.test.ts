import { describe, expect, it } from 'vitest';
import { artifactOwner } from './artifact-resources.js';

describe('artifactOwner', () => {
  it('maps experiment and model staging paths to their resource', () => {
    expect(artifactOwner('12/abc/artifacts/model/MLmodel')).toEqual({
      type: 'experiment',
      id: '12',
    });
    expect(artifactOwner('0')).toEqual({ type: 'experiment', id: '0' });
    expect(artifactOwner('models/fraud/u1/model.onnx')).toEqual({
      type: 'registered_model',
      id: 'fraud',
    });
  });

  it('gives no owner to the root, the models folder itself and other paths', () => {
    for (const path of ['', 'models', 'other/1/x', '1x/a', 'Models/fraud']) {
      expect(artifactOwner(path)).toBeUndefined();
    }
  });
});
