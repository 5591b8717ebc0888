import { readFile, writeFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { parquetWriteFile } from 'hyparquet-writer';

/** Reads any output format back as records, with independent readers. */
export async function readRecords(path: string): Promise<Record<string, unknown>[]> {
  if (path.endsWith('.csv')) {
    return parse(await readFile(path, 'utf8'), { columns: true }) as Record<string, unknown>[];
  }
  if (path.endsWith('.jsonl')) {
    return (await readFile(path, 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
  return parquetReadObjects({ file: await asyncBufferFromFile(path) });
}

export async function readCsvHeader(path: string): Promise<string[]> {
  const [header] = parse((await readFile(path, 'utf8')).split('\n')[0] ?? '') as string[][];
  return header ?? [];
}

/** Writes rows of named columns in the given format; Parquet in row groups of `rowGroupSize`. */
export async function writeTable(
  path: string,
  columns: string[],
  rows: unknown[][],
  rowGroupSize = 100,
): Promise<void> {
  if (path.endsWith('.csv')) {
    const quote = (cell: unknown) => (typeof cell === 'string' ? `"${cell}"` : String(cell));
    const lines = [columns.map(quote).join(','), ...rows.map((row) => row.map(quote).join(','))];
    await writeFile(path, `${lines.join('\n')}\n`);
  } else if (path.endsWith('.jsonl')) {
    const lines = rows.map((row) =>
      JSON.stringify(Object.fromEntries(columns.map((name, i) => [name, row[i]]))),
    );
    await writeFile(path, `${lines.join('\n')}\n`);
  } else {
    parquetWriteFile({
      filename: path,
      columnData: columns.map((name, i) => ({
        name,
        data: rows.map((row) => row[i]),
        type: typeof rows[0]?.[i] === 'string' ? 'STRING' : 'DOUBLE',
      })),
      rowGroupSize,
    });
  }
}
