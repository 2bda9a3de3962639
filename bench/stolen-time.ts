import { readFileSync } from "node:fs";

/** The machine's CPU time so far, in clock ticks: all of it, and the part the hypervisor gave to other machines. */
interface CpuTicks {
  total: number;
  stolen: number;
}

/** From `/proc/stat` (Linux); undefined where there is none. */
function cpuTicks(): CpuTicks | undefined {
  let firstLine: string;
  try {
    firstLine = readFileSync("/proc/stat", "utf8").split("\n", 1)[0] ?? "";
  } catch {
    return undefined;
  }
  // cpu  user nice system idle iowait irq softirq steal …
  const ticks = firstLine.trim().split(/\s+/).slice(1, 9).map(Number);
  if (ticks.length < 8 || ticks.some((tick) => !Number.isFinite(tick))) return undefined;
  return { total: ticks.reduce((sum, tick) => sum + tick, 0), stolen: ticks[7] as number };
}

/**
 * Runs `work` and says what share of the machine's CPU time the hypervisor took away meanwhile (steal time), or
 * undefined where it cannot be read. On a shared virtual machine a burst of it stalls every process at once, the
 * baselines included: it is what a noisy p99 most often comes from, so the bench reports it beside the p99s.
 */
export async function measuringStolenTime<T>(work: () => Promise<T>): Promise<{ result: T; stolenShare?: number }> {
  const before = cpuTicks();
  const result = await work();
  const after = cpuTicks();
  if (!before || !after || after.total <= before.total) return { result };
  return { result, stolenShare: (after.stolen - before.stolen) / (after.total - before.total) };
}
