// Linux /proc readers for benchmarks: CPU time and resident memory of a process and its descendants.
// CPU is utime+stime (fields 14 and 15 of /proc/PID/stat) in clock ticks; Linux reports them in USER_HZ,
// which is 100 on every mainstream kernel (checked with `getconf CLK_TCK`).
import { readFileSync, readdirSync } from 'node:fs';

const USER_HZ = 100;
const PAGE_SIZE = 4096;

/** utime+stime of one process in seconds, or undefined once it is gone. */
export function processCpuSeconds(pid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14 → index 11, stime field 15 → index 12.
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
}

/** utime and stime of one process in seconds (10 ms resolution), or undefined once it is gone. */
export function processCpuSplit(pid: number): { user: number; system: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / USER_HZ, system: Number(fields[12]) / USER_HZ };
}

/** utime and stime summed over a process and its live descendants, in seconds. */
export function treeCpuSplit(pid: number): { user: number; system: number } {
  let user = 0, system = 0;
  for (const p of processTree(pid)) {
    const s = processCpuSplit(p);
    if (s !== undefined) {
      user += s.user;
      system += s.system;
    }
  }
  return { user, system };
}

/** Direct children of a process, from /proc/PID/task/TID/children of each of its threads. */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').trim();
      if (text !== '') for (const c of text.split(' ')) out.push(Number(c));
    } catch {
      // thread exited between readdir and read
    }
  }
  return out;
}

/** The process and all its descendants (bounded depth: process trees here are shallow). */
export function processTree(pid: number, maxDepth = 8): number[] {
  const all = [pid];
  let level = [pid];
  for (let depth = 0; depth < maxDepth && level.length > 0; depth++) {
    const next: number[] = [];
    for (const p of level) next.push(...childPids(p));
    all.push(...next);
    level = next;
  }
  return all;
}

/**
 * CPU time of a process in seconds with nanosecond resolution: the sum over its threads of the first
 * field of /proc/PID/task/TID/schedstat (time on CPU). utime+stime ticks (10 ms) are too coarse for
 * short windows. Falls back to ticks when schedstat is not available (kernel without schedstats).
 */
export function processCpuSecondsPrecise(pid: number): number | undefined {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let ns = 0;
  for (const tid of tasks) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'latin1').split(' ')[0]);
    } catch {
      // a thread that exited between readdir and read: its time is lost, a few microseconds at most
      if (tid === String(pid)) return processCpuSeconds(pid);
    }
  }
  return Number.isFinite(ns) ? ns / 1e9 : processCpuSeconds(pid);
}

/** CPU time of a process and its live descendants, in seconds. */
export function treeCpuSeconds(pid: number): number {
  let sum = 0;
  for (const p of processTree(pid)) sum += processCpuSecondsPrecise(p) ?? 0;
  return sum;
}

/** Resident set size of one process in bytes (second field of /proc/PID/statm), or undefined if gone. */
export function processRssBytes(pid: number): number | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/statm`, 'latin1');
    return Number(text.split(' ')[1]) * PAGE_SIZE;
  } catch {
    return undefined;
  }
}

/** Sum of the RSS of a process and its descendants, in bytes. */
export function treeRssBytes(pid: number): number {
  let sum = 0;
  for (const p of processTree(pid)) sum += processRssBytes(p) ?? 0;
  return sum;
}
