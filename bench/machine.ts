/**
 * What fresh memory costs this machine. The first write to a page the process has not touched yet
 * faults it in, and that time counts as the process's CPU. On an ordinary Linux host a 4 KB page
 * costs well under a microsecond; on the development VM of issue 14 it cost 10–13 µs (a first
 * touch of 100 MB took 250–300 ms, the second 4 ms), so the 18,000–19,000 pages validate of 10,000
 * resources brings in were about a fifth of its CPU there. The absolute CPU rows move with this
 * figure from day to day, so the bench prints it beside node's version and the load average.
 *
 * Measured in a fresh node process, in V8's own heap, where the rows' faults are: 64 MB of arrays
 * are made and written, then written again, and the first pass's time beyond the second's is
 * divided among the faults the first pass took. Not in a Buffer: where the kernel's transparent
 * huge pages are `always` (RHEL's default), a large Buffer is faulted in 2 MB at a time and cost
 * 0.5–0.6 µs a 4 KB page on that VM, while V8's heap still faulted 4 KB pages at 12–13 µs.
 */
import { spawnSync } from "node:child_process";

/** 256 arrays of 32,768 small integers, each its own 256 KB of the heap (8 bytes an element: node's V8 has no pointer compression). */
const ARRAYS = 256;
const ELEMENTS = 32_768;
const SAMPLES = 3;

const PROBE = `
const arrays = [];
const faultsBefore = process.resourceUsage().minorPageFault;
let t = process.hrtime.bigint();
for (let i = 0; i < ${ARRAYS}; i++) arrays.push(new Array(${ELEMENTS}).fill(i));
const first = Number(process.hrtime.bigint() - t);
const faults = process.resourceUsage().minorPageFault - faultsBefore;
t = process.hrtime.bigint();
for (let i = 0; i < ${ARRAYS}; i++) arrays[i].fill(i + 1);
const second = Number(process.hrtime.bigint() - t);
process.stdout.write(JSON.stringify({ first, second, faults }));
`;

export interface FreshMemory {
  /** Microseconds a page fault costs (median of the samples): what the rows' faults are charged at. */
  readonly microsPerFault: number;
  /** The median sample: faults the probe took to fill its arrays, and that first pass's time. */
  readonly probe: { readonly faults: number; readonly firstMs: number };
}

/** From one probe's two timings (ns) and the faults of its first pass: the cost of a fault. */
export function faultCostMicros(firstNs: number, secondNs: number, faults: number): number {
  if (faults <= 0) return 0;
  return Math.max(0, firstNs - secondNs) / 1000 / faults;
}

export function freshMemoryCost(): FreshMemory {
  const samples: { micros: number; faults: number; firstMs: number }[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const r = spawnSync(process.execPath, ["-e", PROBE], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`the fresh-memory probe exited ${r.status}: ${r.stderr}`);
    const { first, second, faults } = JSON.parse(r.stdout) as { first: number; second: number; faults: number };
    samples.push({ micros: faultCostMicros(first, second, faults), faults, firstMs: first / 1e6 });
  }
  const median = [...samples].sort((a, b) => a.micros - b.micros)[Math.floor(SAMPLES / 2)]!;
  return { microsPerFault: median.micros, probe: { faults: median.faults, firstMs: median.firstMs } };
}

/** Pages this process has faulted in so far, nearly all first writes to fresh memory. */
export const pageFaultsSoFar = (): number => process.resourceUsage().minorPageFault;

/** "18,700 page faults (about 204 ms at 10.9 µs a fault)". */
export function describeFaults(faults: number, cost: FreshMemory): string {
  return `${faults.toLocaleString("en-US")} page faults (about ${Math.round((faults * cost.microsPerFault) / 1000)} ms at ${cost.microsPerFault.toFixed(1)} µs a fault)`;
}

/** The bench's second header line. */
export function describeFreshMemory(cost: FreshMemory): string {
  return `fresh memory: ${cost.microsPerFault.toFixed(1)} µs a page fault (new arrays of 64 MB in V8's heap: ${cost.probe.faults.toLocaleString("en-US")} faults, ${Math.round(cost.probe.firstMs)} ms); bench/machine.ts`;
}
