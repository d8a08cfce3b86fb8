import { readFileSync } from 'node:fs';

/**
 * Peak resident set size of a live process in MB, from /proc/<pid>/status (VmHWM, the
 * high-water mark the kernel keeps): read it just before the process exits. Null off Linux or
 * when the process is gone.
 */
export function peakRssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}
