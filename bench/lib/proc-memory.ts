import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Peak resident set size of a live process in MB, from /proc/<pid>/status (VmHWM, the
 * high-water mark the kernel keeps): read it just before the process exits. Null off Linux or
 * when the process is gone.
 */
export function peakRssMb(pid: number | undefined): number | null {
  return statusFieldMb(pid, 'VmHWM');
}

/** Current resident set size of a live process in MB (VmRSS); null when it cannot be read. */
export function currentRssMb(pid: number | undefined): number | null {
  return statusFieldMb(pid, 'VmRSS');
}

/**
 * Resets the kernel's peak RSS (VmHWM) of a process to its current RSS (`5` written to
 * /proc/<pid>/clear_refs, Linux 4.0+), so a later phase gets a peak of its own. False when the
 * kernel refused (not Linux, not permitted).
 */
export function resetPeakRss(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function statusFieldMb(pid: number | undefined, field: string): number | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(status)?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}
