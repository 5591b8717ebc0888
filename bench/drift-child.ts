// One drift benchmark run in its own process, so its peak RSS is its own: generate both sides,
// compute drift with the default selection, then profile both sides and compute drift from the
// profiles. Prints one JSON line.
import { computeDrift, driftFromProfiles, profileTable } from '@slipway/core';
import type { Column, ColumnarTable } from '@slipway/core';
import { CATEGORICAL, NUMERICAL, categoricalColumn, numericalColumn } from './drift-data.js';

const rows = Number(process.argv[2] ?? 1_000_000);

function side(current: boolean): ColumnarTable {
  const columns = new Map<string, Column>();
  for (let c = 0; c < NUMERICAL; c++) columns.set(`n${c}`, numericalColumn(rows, c, current));
  for (let c = 0; c < CATEGORICAL; c++) columns.set(`c${c}`, categoricalColumn(rows, c, current));
  return { columnNames: [...columns.keys()], columns, rowCount: rows };
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
let t = performance.now();
const reference = side(false);
const current = side(true);
const genMs = performance.now() - t;
const rssAfterData = process.memoryUsage().rss;

t = performance.now();
const report = computeDrift(reference, current);
const driftMs = performance.now() - t;

t = performance.now();
const refProfile = profileTable(reference);
const curProfile = profileTable(current);
const profileMs = performance.now() - t;

t = performance.now();
const fromProfiles = driftFromProfiles(refProfile, curProfile);
const profileDriftMs = performance.now() - t;

const tests = new Map<string, number>();
for (const col of report.columns) {
  if (col.stattest !== null) tests.set(col.stattest, (tests.get(col.stattest) ?? 0) + 1);
}
const agree = report.columns.filter(
  (col, i) => col.driftDetected === fromProfiles.columns[i]?.driftDetected,
).length;
console.log(
  JSON.stringify({
    rows,
    genMs,
    driftMs,
    profileMs,
    profileDriftMs,
    rssAfterDataMb: mb(rssAfterData),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    drifted: report.numberOfDriftedColumns,
    columns: report.numberOfColumns,
    tests: Object.fromEntries(tests),
    profileVerdictsAgree: agree,
    profileJsonKb: Math.round(JSON.stringify(refProfile).length / 1024),
  }),
);
