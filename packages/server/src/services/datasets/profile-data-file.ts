import { mergeProfiles, profileTable } from '@slipway/core';
import type {
  Column,
  ColumnProfile,
  DataProfile,
  DatasetColumn,
  DatasetColumnSummary,
} from '@slipway/core';
import { ColumnBuilder } from '../../monitoring/tables/column-builder.js';
import { formatOfPath, openBatchInput } from '../../serving/batch/open-batch-input.js';

/** Rows per chunk: each is profiled alone and merged, so memory stays bounded by the chunk. */
const CHUNK_ROWS = 50_000;
const TOP_CATEGORIES = 5;

export interface DataFileProfile {
  format: 'csv' | 'jsonl' | 'parquet';
  rows: number;
  schema: DatasetColumn[];
  columns: DatasetColumnSummary[];
  profile: DataProfile;
}

/** The tabular format a file name implies, or undefined for any other file. */
export function tabularFormat(path: string): DataFileProfile['format'] | undefined {
  try {
    return formatOfPath(path);
  } catch {
    return undefined;
  }
}

/**
 * Profiles a CSV, JSONL or Parquet file chunk by chunk (the batch readers stream: csv-parse,
 * a line reader, hyparquet row groups) and merges the chunks' profiles, so a file of any size is
 * never held whole. The format comes from `path`'s extension.
 */
export async function profileDataFile(path: string): Promise<DataFileProfile> {
  const input = await openBatchInput(path, CHUNK_ROWS);
  try {
    let profile: DataProfile | undefined;
    for await (const chunk of input.chunks()) {
      const builders = input.columns.map(() => new ColumnBuilder());
      for (const row of chunk.rows) {
        for (let c = 0; c < builders.length; c++) builders[c]!.push(row[c]);
      }
      const columns = new Map<string, Column>();
      input.columns.forEach((name, i) => columns.set(name, builders[i]!.finish()));
      const part = profileTable({
        columnNames: [...input.columns],
        columns,
        rowCount: chunk.rows.length,
      });
      profile = profile === undefined ? part : mergeProfiles(profile, part);
    }
    profile ??= profileTable({
      columnNames: [...input.columns],
      columns: new Map(input.columns.map((name) => [name, [] as Column])),
      rowCount: 0,
    });
    return {
      format: input.format,
      rows: profile.rowCount,
      schema: profile.columns.map((c) => ({ name: c.name, type: c.shape })),
      columns: profile.columns.map(summarizeColumn),
      profile,
    };
  } finally {
    await input.close();
  }
}

/** What `datasets get` shows of a column: nulls, range and mean, or the top categories. */
export function summarizeColumn(column: ColumnProfile): DatasetColumnSummary {
  const summary: DatasetColumnSummary = {
    name: column.name,
    type: column.shape,
    count: column.count - column.missing,
    nulls: column.missing,
    distinct: column.distinct,
  };
  const s = column.summary;
  if (s?.kind === 'numerical') {
    if (s.n > 0) Object.assign(summary, { min: s.min, max: s.max, mean: s.mean });
  } else if (s?.kind === 'categorical') {
    const counts = s.counts ?? s.frequentItems?.items ?? [];
    summary.top = [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP_CATEGORIES)
      .map(([value, count]) => ({ value: String(value), count }));
  }
  return summary;
}
