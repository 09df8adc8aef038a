import { readFileSync } from 'node:fs';
import { cpuSeconds } from './process-stats';

const TICKS_PER_SECOND = 100;

/** The machine's CPU time so far, in seconds summed over its CPUs, from the first line of /proc/stat. */
function machineSeconds(): { busy: number; iowait: number; steal: number } {
  const [user, nice, system, _idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { busy: (user + nice + system + irq + softirq) / TICKS_PER_SECOND, iowait: iowait / TICKS_PER_SECOND, steal: steal / TICKS_PER_SECOND };
}

interface Sample {
  at: number;
  machine: ReturnType<typeof machineSeconds>;
  processes: (number | undefined)[];
}

/** CPU of a stretch of time, as % of one core: the whole machine and each named process. */
export interface CpuShares {
  machine: number;
  iowait: number;
  steal: number;
  processes: Record<string, number>;
}

/**
 * Samples the machine's CPU and some processes' every `everyMs`, so that CPU in the moments a search was slow
 * can be set against CPU over the whole run: who had the cores when the tail happened.
 */
export function cpuTimeline(processes: Record<string, number | undefined>, everyMs = 500) {
  const names = Object.keys(processes);
  const read = (): Sample => ({
    at: Date.now(),
    machine: machineSeconds(),
    processes: names.map((n) => {
      const pid = processes[n];
      try {
        return pid ? cpuSeconds(pid) : undefined;
      } catch {
        return undefined;
      }
    }),
  });
  const samples: Sample[] = [read()];
  const timer = setInterval(() => samples.push(read()), everyMs);
  const between = (a: Sample, b: Sample): CpuShares => {
    const pct = (s: number) => Math.round((s / ((b.at - a.at) / 1000)) * 100);
    return {
      machine: pct(b.machine.busy - a.machine.busy),
      iowait: pct(b.machine.iowait - a.machine.iowait),
      steal: pct(b.machine.steal - a.machine.steal),
      processes: Object.fromEntries(names.map((n, i) => [n, pct((b.processes[i] ?? NaN) - (a.processes[i] ?? NaN))])),
    };
  };
  return {
    stop(): void {
      clearInterval(timer);
      samples.push(read());
    },
    /** Over the sampled time from `from` to `to` (epoch ms), or over windows that hold any of `moments`. */
    over(from: number, to: number): CpuShares {
      const inside = samples.filter((s) => s.at >= from && s.at <= to);
      return inside.length >= 2 ? between(inside[0], inside[inside.length - 1]) : between(samples[0], samples[samples.length - 1]);
    },
    /** Mean shares over the sample windows that contain one of `moments` (epoch ms), each window counted once. */
    around(moments: number[]): CpuShares | undefined {
      const windows = new Set<number>();
      for (const m of moments) {
        const i = samples.findIndex((s) => s.at > m);
        if (i > 0) windows.add(i);
      }
      if (windows.size === 0) return undefined;
      const each = [...windows].map((i) => between(samples[i - 1], samples[i]));
      const mean = (f: (s: CpuShares) => number) => Math.round(each.reduce((sum, s) => sum + f(s), 0) / each.length);
      return { machine: mean((s) => s.machine), iowait: mean((s) => s.iowait), steal: mean((s) => s.steal), processes: Object.fromEntries(names.map((n) => [n, mean((s) => s.processes[n])])) };
    },
  };
}

/** CPU shares as the report prints them. */
export const cpuShares = (s: CpuShares | undefined): string =>
  s ? `machine ${s.machine} (iowait ${s.iowait}, steal ${s.steal}), ${Object.entries(s.processes).map(([n, v]) => `${n} ${Number.isNaN(v) ? '?' : v}`).join(', ')}` : 'n/a';
