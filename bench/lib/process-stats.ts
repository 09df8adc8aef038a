import { readFileSync, writeFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ). */
export const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Peak resident memory of a process since start or the last reset, in MiB. */
export function peakRssMiB(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Starts a new peak-RSS window (Linux: writing 5 to clear_refs resets VmHWM). */
export function resetPeakRss(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not permitted here: the peak then counts from process start, which only overstates it.
  }
}

/** CPU used by a process between `start()` and `stop()`; undefined where the pid is unknown. */
export function cpuMeter(pid: number | undefined) {
  const at = pid ? cpuSeconds(pid) : 0;
  return { used: (): number | undefined => (pid ? cpuSeconds(pid) - at : undefined) };
}

/** The local stack's engine process, when `npm run stack:up` started it (for engine CPU figures). */
export const localEnginePid = (): number | undefined => localPid('opensearch');

/** The local stack's broker process, when `npm run stack:up` started it. */
export const localBrokerPid = (): number | undefined => localPid('kafka');

function localPid(server: string): number | undefined {
  try {
    return Number(readFileSync(`.local-stack/${server}.pid`, 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

/** Nanoseconds a thread has run on a CPU, and waited runnable for one, so far (Linux schedstat). */
function schedstat(pid: number): { run: number; wait: number } {
  const [run, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ').map(Number);
  return { run, wait };
}

/**
 * A process's main thread (its event loop) from this call until `shares()`: the share of the wall time it ran
 * on a CPU and the share it was ready to run but waited for one, which shows as latency no profile of the
 * process finds. Undefined where /proc has no schedstat.
 */
export function mainThreadMeter(pid: number) {
  const read = () => {
    try {
      return schedstat(pid);
    } catch {
      return undefined;
    }
  };
  const started = { at: process.hrtime.bigint(), ...read() };
  return {
    shares: (): { running: number; waiting: number } | undefined => {
      const now = read();
      if (now === undefined || started.run === undefined || started.wait === undefined) return undefined;
      const wall = Number(process.hrtime.bigint() - started.at);
      return { running: (now.run - started.run) / wall, waiting: (now.wait - started.wait) / wall };
    },
  };
}

/** Main-thread shares as the report prints them: running / ready but waiting for a CPU. */
export const threadShares = (s: { running: number; waiting: number } | undefined): string =>
  s ? `${Math.round(s.running * 100)} % / ${Math.round(s.waiting * 100)} %` : 'n/a';
