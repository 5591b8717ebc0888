import type { Kysely } from 'kysely';
import type { LogAppendLimits, PipelineLogEntry, PipelineLogStream } from '@slipway/core';
import type { SlipwaySchema } from './schema.js';

/** Rows per INSERT of log entries (6 parameters each). */
const LOG_BATCH = 500;

/**
 * Appends to a step's log inside `trx`: numbered on from the step's last entry, within its byte
 * budget. The step's row is locked first (a no-op update), so concurrent appends to one step
 * number their entries one after the other.
 */
export async function appendStepLogs(
  trx: Kysely<SlipwaySchema>,
  runId: string,
  stepKey: string,
  entries: ReadonlyArray<{ stream: PipelineLogStream; text: string }>,
  now: number,
  limits: LogAppendLimits,
): Promise<{ appended: number; truncated: boolean } | undefined> {
  const step = await trx
    .updateTable('pipeline_steps')
    .set((eb) => ({ log_seq: eb.ref('log_seq') }))
    .where('run_id', '=', runId)
    .where('step_key', '=', stepKey)
    .returning(['log_seq', 'log_bytes', 'log_truncated'])
    .executeTakeFirst();
  if (step === undefined) return undefined;
  if (Number(step.log_truncated) === 1) return { appended: 0, truncated: true };
  let seq = Number(step.log_seq);
  let bytes = Number(step.log_bytes);
  let truncated = false;
  const rows: Array<{
    run_id: string;
    step_key: string;
    seq: number;
    stream: string;
    text: string;
    at: number;
  }> = [];
  const add = (stream: string, text: string) =>
    rows.push({ run_id: runId, step_key: stepKey, seq: ++seq, stream, text, at: now });
  let appended = 0;
  for (const entry of entries) {
    const size = Buffer.byteLength(entry.text, 'utf8');
    if (bytes + size <= limits.maxBytes) {
      add(entry.stream, entry.text);
      bytes += size;
      appended += 1;
      continue;
    }
    // The entry that crosses the budget keeps what fits; then the marker, and nothing after.
    const part = cutUtf8(entry.text, limits.maxBytes - bytes);
    if (part.length > 0) {
      add(entry.stream, part);
      bytes += Buffer.byteLength(part, 'utf8');
      appended += 1;
    }
    add('system', limits.marker);
    truncated = true;
    break;
  }
  for (let i = 0; i < rows.length; i += LOG_BATCH) {
    await trx
      .insertInto('pipeline_step_logs')
      .values(rows.slice(i, i + LOG_BATCH))
      .execute();
  }
  await trx
    .updateTable('pipeline_steps')
    .set({ log_seq: seq, log_bytes: bytes, log_truncated: truncated ? 1 : 0 })
    .where('run_id', '=', runId)
    .where('step_key', '=', stepKey)
    .execute();
  return { appended, truncated };
}

export async function readStepLogs(
  db: Kysely<SlipwaySchema>,
  runId: string,
  stepKey: string,
  after: number,
  limit: number,
): Promise<{ entries: PipelineLogEntry[]; truncated: boolean } | undefined> {
  const rows = await db
    .selectFrom('pipeline_step_logs')
    .select(['seq', 'stream', 'text', 'at'])
    .where('run_id', '=', runId)
    .where('step_key', '=', stepKey)
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
    .execute();
  const step = await db
    .selectFrom('pipeline_steps')
    .select('log_truncated')
    .where('run_id', '=', runId)
    .where('step_key', '=', stepKey)
    .executeTakeFirst();
  if (step === undefined) return undefined;
  return {
    entries: rows.map((row) => ({
      seq: Number(row.seq),
      stream: row.stream as PipelineLogStream,
      text: row.text,
      at: Number(row.at),
    })),
    truncated: Number(step.log_truncated) === 1,
  };
}

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes, never splitting a character. */
export function cutUtf8(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  const buffer = Buffer.from(text, 'utf8');
  if (buffer.length <= maxBytes) return text;
  let end = maxBytes;
  // buffer[end] is the first byte left out: if it continues a character, that character goes too.
  while (end > 0 && ((buffer[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return buffer.subarray(0, end).toString('utf8');
}
