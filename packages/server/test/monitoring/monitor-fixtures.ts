import type { LoggedTensor, PredictionRecord } from '@slipway/core';

export const NOW = 1_750_000_000_000;
export const DAY = 86_400_000;

/** BYTES as the log stores them: base64. */
function bytes(name: string, text: string): LoggedTensor {
  return {
    name,
    datatype: 'BYTES',
    shape: [1],
    data: [Buffer.from(text, 'utf8').toString('base64')],
  };
}

/** A tabular request: one tensor per column, as a tabular signature sends them. */
export function tabular(
  n: number,
  values: { age: number; city: string; p1: number },
  overrides: Partial<PredictionRecord> = {},
): PredictionRecord {
  return {
    requestId: `req-${n}`,
    deployment: 'fraud',
    modelName: 'fraud-model',
    modelVersion: '1',
    inputs: [
      { name: 'age', datatype: 'FP64', shape: [1], data: [values.age] },
      bytes('city', values.city),
    ],
    outputs: [
      {
        name: 'probabilities',
        datatype: 'FP32',
        shape: [1, 2],
        data: [1 - values.p1, values.p1],
      },
    ],
    latencyMs: 1,
    status: 'ok',
    time: NOW - DAY / 2 + n * 1000,
    ...overrides,
  };
}

const CITIES = ['a', 'b', 'c'];

/** The reference distribution: ages 20..59 evenly, cities a, b, c in turn. */
export function referenceRow(i: number): { age: number; city: string } {
  return { age: 20 + (i % 40), city: CITIES[i % 3]! };
}

/** Drifted traffic: ages 60..99, and mostly city c. */
export function driftedRow(i: number): { age: number; city: string } {
  return { age: 60 + (i % 40), city: i % 10 === 0 ? 'a' : 'c' };
}

export function referenceCsv(rows: number): string {
  const lines = ['age,city,label'];
  for (let i = 0; i < rows; i++) {
    const { age, city } = referenceRow(i);
    lines.push(`${age},${city},${i % 2}`);
  }
  return `${lines.join('\n')}\n`;
}
