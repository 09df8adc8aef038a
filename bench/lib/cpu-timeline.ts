import { readdirSync, readFileSync } from 'node:fs';
import { cpuSeconds, TICKS_PER_SECOND } from './process-stats';
import type { Report } from './report';
import { LatencyFigures, tailMoments } from './search-load';

/** The machine's CPU time so far, in seconds summed over its CPUs, from the first line of /proc/stat. */
function machineSeconds(): { busy: number; iowait: number; steal: number } {
  const [user, nice, system, _idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { busy: (user + nice + system + irq + softirq) / TICKS_PER_SECOND, iowait: iowait / TICKS_PER_SECOND, steal: steal / TICKS_PER_SECOND };
}

/** CPU seconds of every process now, by pid; each new pid is described into `known` while it is there. */
function everyProcess(known: Map<number, string>): Map<number, number> {
  const all = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      all.set(pid, cpuSeconds(pid));
      if (!known.has(pid)) known.set(pid, describe(pid));
    } catch {
      // Gone since the listing.
    }
  }
  return all;
}

/** A process as a reader knows it: its command and, for node, the script it runs. */
function describe(pid: number): string {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    if (args.length === 0) return `${readFileSync(`/proc/${pid}/comm`, 'utf8').trim()} (${pid})`;
    const script = args.find((a) => a.endsWith('.ts')) ?? args.find((a) => a.endsWith('.js'));
    return `${(args[0] ?? '?').split('/').pop()}${script ? ` ${script.split('/').slice(-2).join('/')}` : ''} (${pid})`;
  } catch {
    return `pid ${pid}`;
  }
}

interface Sample {
  at: number;
  machine: ReturnType<typeof machineSeconds>;
  /** CPU seconds of every process, the named ones among them. */
  all: Map<number, number>;
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
  const described = new Map<number, string>();
  const read = (): Sample => ({
    at: Date.now(),
    all: everyProcess(described),
    machine: machineSeconds(),
  });
  const named = (sample: Sample, name: string) => sample.all.get(processes[name] ?? -1) ?? NaN;
  const samples: Sample[] = [read()];
  /** Indices of the samples that end a window holding one of `moments`, each once. */
  const windowsHolding = (moments: number[]): number[] => {
    const windows = new Set<number>();
    for (const m of moments) {
      const i = samples.findIndex((s) => s.at > m);
      if (i > 0) windows.add(i);
    }
    return [...windows];
  };
  const timer = setInterval(() => samples.push(read()), everyMs);
  const between = (a: Sample, b: Sample): CpuShares => {
    const pct = (s: number) => Math.round((s / ((b.at - a.at) / 1000)) * 100);
    return {
      machine: pct(b.machine.busy - a.machine.busy),
      iowait: pct(b.machine.iowait - a.machine.iowait),
      steal: pct(b.machine.steal - a.machine.steal),
      processes: Object.fromEntries(names.map((n) => [n, pct(named(b, n) - named(a, n))])),
    };
  };
  return {
    stop(): void {
      clearInterval(timer);
      samples.push(read());
    },
    /** Over the sampled time from `from` to `to` (epoch ms), or over all of it when fewer than two samples fall inside. */
    over(from: number, to: number): CpuShares {
      const inside = samples.filter((s) => s.at >= from && s.at <= to);
      return inside.length >= 2 ? between(inside[0], inside[inside.length - 1]) : between(samples[0], samples[samples.length - 1]);
    },
    /** Mean shares over the sample windows that contain one of `moments` (epoch ms), each window counted once. */
    around(moments: number[]): CpuShares | undefined {
      const windows = windowsHolding(moments);
      if (windows.length === 0) return undefined;
      const each = windows.map((i) => between(samples[i - 1], samples[i]));
      const mean = (f: (s: CpuShares) => number) => Math.round(each.reduce((sum, s) => sum + f(s), 0) / each.length);
      return { machine: mean((s) => s.machine), iowait: mean((s) => s.iowait), steal: mean((s) => s.steal), processes: Object.fromEntries(names.map((n) => [n, mean((s) => s.processes[n])])) };
    },
    /** The processes besides the named ones that used the most CPU in the windows holding `moments`, % of one core. */
    othersAround(moments: number[], top = 3): string {
      const namedPids = new Set(Object.values(processes));
      const used = new Map<number, number>();
      let seconds = 0;
      for (const i of windowsHolding(moments)) {
        seconds += (samples[i].at - samples[i - 1].at) / 1000;
        for (const [pid, cpu] of samples[i].all) {
          const before = samples[i - 1].all.get(pid);
          if (before !== undefined && !namedPids.has(pid)) used.set(pid, (used.get(pid) ?? 0) + cpu - before);
        }
      }
      const ranked = [...used].filter(([, cpu]) => cpu > 0).sort((a, b) => b[1] - a[1]).slice(0, top);
      return ranked.length ? ranked.map(([pid, cpu]) => `${described.get(pid) ?? pid} ${Math.round((cpu / seconds) * 100)}`).join(', ') : 'none';
    },
  };
}

/** CPU shares as the report prints them. */
export const cpuShares = (s: CpuShares | undefined): string =>
  s ? `machine ${s.machine} (iowait ${s.iowait}, steal ${s.steal}), ${Object.entries(s.processes).map(([n, v]) => `${n} ${Number.isNaN(v) ? '?' : v}`).join(', ')}` : 'n/a';

export type CpuTimeline = ReturnType<typeof cpuTimeline>;

/** Where a paced search run's slowest 1 % fell and who had the CPU then, against the whole run: four report lines. */
export function addTailCpu(report: Report, run: LatencyFigures, cpu: CpuTimeline): void {
  report.add('the slowest 1 %: when they were due (seconds into the run, how many)', tailMoments(run));
  report.add('CPU over the run, % of one core', cpuShares(cpu.over(run.began, run.ended)));
  report.add('CPU in the half-seconds the slowest 1 % were due in, % of one core', cpuShares(cpu.around(run.slowestDue)));
  report.add('the processes besides those that used the most CPU then, % of one core', cpu.othersAround(run.slowestDue));
}
