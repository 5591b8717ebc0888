import { randomInt } from 'node:crypto';

// MLflow names unnamed runs "<adjective>-<noun>-<number>"; clients display these, so we do the same.
const ADJECTIVES = [
  'brave',
  'calm',
  'clever',
  'bold',
  'bright',
  'gentle',
  'honest',
  'keen',
  'lucky',
  'merry',
  'quick',
  'quiet',
  'sharp',
  'swift',
  'wise',
  'steady',
];
const NOUNS = [
  'otter',
  'heron',
  'falcon',
  'badger',
  'lynx',
  'owl',
  'panda',
  'seal',
  'whale',
  'wolf',
  'crane',
  'finch',
  'moose',
  'hare',
  'koi',
  'ram',
];

export function generateRunName(): string {
  const adjective = ADJECTIVES[randomInt(ADJECTIVES.length)] ?? 'quick';
  const noun = NOUNS[randomInt(NOUNS.length)] ?? 'otter';
  return `${adjective}-${noun}-${randomInt(1000)}`;
}
