// Drift benchmark (monitoring issue): default selection over 1,000,000 reference and 1,000,000
// current rows, 80 numerical and 20 categorical columns; peak RSS; drift from stored profiles;
// and the same tests with SciPy on data of the same sizes in the same run (ratio printed).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROWS = Number(process.env.BENCH_DRIFT_ROWS ?? 1_000_000);
const PYTHON = '/usr/bin/python3';
const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d });

/** What drift-child.ts prints. */
interface ChildResult {
  driftMs: number;
  profileMs: number;
  profileDriftMs: number;
  rssAfterDataMb: number;
  peakRssMb: number;
  drifted: number;
  columns: number;
  tests: Record<string, number>;
  profileVerdictsAgree: number;
  profileJsonKb: number;
}

function hasScipy(): boolean {
  return spawnSync(PYTHON, ['-c', 'import scipy, numpy'], { stdio: 'ignore' }).status === 0;
}

function ensureScipy(): boolean {
  if (hasScipy()) return true;
  if (process.getuid?.() !== 0) {
    console.log(
      'drift: SciPy baseline needs Debian python3-scipy: sudo apt-get install -y python3-scipy',
    );
    return false;
  }
  console.log('drift: apt-get install -y python3-scipy (for the SciPy baseline)');
  spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'python3-scipy'], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return hasScipy();
}

export async function runDriftBench(): Promise<void> {
  const child = spawnSync(
    process.execPath,
    [
      '--max-old-space-size=8192',
      '--import',
      'tsx',
      resolve(import.meta.dirname, 'drift-child.ts'),
      String(ROWS),
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (child.status !== 0) throw new Error(`drift child failed: ${child.stderr}`);
  const ours = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as ChildResult;
  console.log(
    `== drift (${fmt(ROWS, 0)} + ${fmt(ROWS, 0)} rows, 80 numerical + 20 categorical columns, default selection)`,
  );
  console.log(
    `slipway: ${fmt(ours.driftMs / 1000, 2)} s (tests ${JSON.stringify(ours.tests)}; ${ours.drifted} of ${ours.columns} drifted), peak RSS ${fmt(ours.peakRssMb, 0)} MB of which the data ${fmt(ours.rssAfterDataMb, 0)} MB (aim < 30 s)`,
  );
  console.log(
    `profiles: profiling both sides ${fmt(ours.profileMs / 1000, 2)} s once; drift from the stored profiles ${fmt(ours.profileDriftMs, 0)} ms (aim < 2 s), same verdict on ${ours.profileVerdictsAgree} of ${ours.columns} columns; a profile is ${fmt(ours.profileJsonKb, 0)} kB of JSON`,
  );
  if (!ensureScipy()) return;
  const py = spawnSync(PYTHON, [resolve(import.meta.dirname, 'drift_scipy.py'), String(ROWS)], {
    encoding: 'utf8',
  });
  if (py.status !== 0) throw new Error(`SciPy baseline failed: ${py.stderr}`);
  const scipy = JSON.parse(py.stdout.trim()) as { drift_s: number; drifted: number };
  console.log(
    `scipy (same tests, numpy data of the same sizes): ${fmt(scipy.drift_s, 2)} s (${scipy.drifted} drifted) -> slipway is ${fmt(scipy.drift_s / (ours.driftMs / 1000), 2)}x SciPy's speed`,
  );
}
