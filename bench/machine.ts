/**
 * What fresh memory costs this machine. The first write to a page the process has not touched yet
 * faults it in, and that time counts as the process's CPU. On an ordinary Linux host a 4 KB page
 * costs well under a microsecond; on the development VM of issue 14 it cost 9.8–11 µs (a first
 * touch of 100 MB took 250–300 ms, the second 4 ms), so the 18,000–19,000 pages validate of 10,000
 * resources brings in were about a fifth of its CPU there. The absolute CPU rows move with this
 * figure from day to day, so the bench prints it beside node's version and the load average.
 *
 * Measured in a fresh node process: a buffer of SAMPLE_BYTES is written twice, and the first
 * write's time beyond the second's is the pages' faults.
 */
import { spawnSync } from "node:child_process";

export const PAGE_BYTES = 4096;
const SAMPLE_BYTES = 64 * 1024 * 1024;
const SAMPLES = 3;

// allocUnsafeSlow: memory of its own, not zero-filled by node, so its first write is the pages' first touch.
const PROBE = `
const b = Buffer.allocUnsafeSlow(${SAMPLE_BYTES});
let t = process.hrtime.bigint();
b.fill(1);
const first = Number(process.hrtime.bigint() - t);
t = process.hrtime.bigint();
b.fill(2);
const second = Number(process.hrtime.bigint() - t);
process.stdout.write(JSON.stringify({ first, second }));
`;

export interface FreshMemory {
  /** Microseconds a 4 KB page costs the first time it is written (median of the samples). */
  readonly microsPerPage: number;
  /** Milliseconds of a first touch of 100 MB at that cost. */
  readonly msPer100Mb: number;
}

/** From one probe's two timings (ns) of writing `bytes`: the cost of a page's first touch. */
export function faultCostMicros(firstNs: number, secondNs: number, bytes: number): number {
  return Math.max(0, firstNs - secondNs) / 1000 / (bytes / PAGE_BYTES);
}

export function freshMemoryCost(): FreshMemory {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const r = spawnSync(process.execPath, ["-e", PROBE], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`the fresh-memory probe exited ${r.status}: ${r.stderr}`);
    const { first, second } = JSON.parse(r.stdout) as { first: number; second: number };
    samples.push(faultCostMicros(first, second, SAMPLE_BYTES));
  }
  const microsPerPage = [...samples].sort((a, b) => a - b)[Math.floor(SAMPLES / 2)]!;
  return { microsPerPage, msPer100Mb: (microsPerPage * (100 * 1024 * 1024)) / PAGE_BYTES / 1000 };
}

/** Pages this process has faulted in so far, nearly all first writes to fresh memory. */
export const pageFaultsSoFar = (): number => process.resourceUsage().minorPageFault;

/** "18,700 page faults (about 204 ms at 10.9 µs a page)". */
export function describeFaults(faults: number, cost: FreshMemory): string {
  return `${faults.toLocaleString("en-US")} page faults (about ${Math.round((faults * cost.microsPerPage) / 1000)} ms at ${cost.microsPerPage.toFixed(1)} µs a page)`;
}
