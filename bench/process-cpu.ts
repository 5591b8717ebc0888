import { readFileSync } from 'node:fs';
import { runLoad } from './load.js';
import type { LoadOptions, LoadResult } from './load.js';

// Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every architecture it runs on.
const TICK_MS = 10;

/**
 * CPU time (user + system, all threads) a process has used so far, in ms, from /proc/<pid>/stat.
 * The load generator shares the machine's two cores with the server, so calls per second alone
 * understate what the server could do; its CPU per call does not depend on that.
 */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: fields count from its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** A load phase with the server's CPU time per call beside it. */
export async function measured(
  pid: number,
  options: LoadOptions,
): Promise<LoadResult & { cpuMsPerCall: number }> {
  const before = processCpuMs(pid);
  const result = await runLoad(options);
  return { ...result, cpuMsPerCall: (processCpuMs(pid) - before) / Math.max(1, result.calls) };
}
