import { describe, expect, it } from 'vitest';
import { parseModelUri } from './model-uri.js';

describe('parseModelUri', () => {
  it.each([
    ['models:/fraud/7', { name: 'fraud', kind: 'version', version: '7' }],
    ['models:/fraud/007', { name: 'fraud', kind: 'version', version: '7' }],
    ['models:/fraud@champion', { name: 'fraud', kind: 'alias', alias: 'champion' }],
    ['models:/fraud/latest', { name: 'fraud', kind: 'latest' }],
    ['models:/fraud/Production', { name: 'fraud', kind: 'stage', stage: 'Production' }],
    ['models:/team/fraud@prod', { name: 'team/fraud', kind: 'alias', alias: 'prod' }],
  ])('%s', (uri, expected) => {
    expect(parseModelUri(uri)).toEqual(expected);
  });
  it.each(['runs:/abc/model', 'models:/fraud', 'models:/fraud/', 'models:/fraud@'])(
    'rejects %s',
    (uri) => {
      expect(() => parseModelUri(uri)).toThrow(/model URI|Model URI/iu);
    },
  );
});
