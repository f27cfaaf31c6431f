/**
 * Issue 14: validate + diff grows linearly from 1,000 to 100,000 resources. Each size (the mix of
 * the validate+diff scenario, scaled) runs in a fresh process built the way scanform ships, and
 * the figures are per resource: CPU of validate + diff, and the memory the work added (peak RSS
 * less the RSS before it, so node and the loaded modules, the same at every size, do not hide
 * growth at the small end).
 *
 * A step passes when the per-resource figure at the larger size is at most 1.5× the one at the
 * smaller. Linear work keeps it flat, and a generational GC adds about a logarithm on top (more
 * old-generation collections as the heap grows: log 100k / log 10k = 1.25×); anything that grows
 * like n^1.2 or faster (10^0.2 = 1.58×), let alone a quadratic step (10×), fails. At 1,000 the
 * code is still being compiled, so its per-resource CPU is the highest of the three.
 */
import type { ManifestSize } from "../manifest.js";
import type { Scenario } from "../scenario.js";
import { mb, type Row } from "../table.js";
import type { ValidateDiffResult } from "./validate-diff-result.js";
import { validateDiffRunner } from "./validate-diff-run.js";
import { SIZE } from "./validate-diff.js";

const NAME = "growth";
const MAX_STEP = 1.5;
const SCALES = [0.1, 1, 10] as const;

const scaled = (k: number): ManifestSize => ({
  qualysWebApps: SIZE.qualysWebApps * k,
  qualysSchedules: SIZE.qualysSchedules * k,
  hexiosecScans: SIZE.hexiosecScans * k,
  // The 10,000 mix has 999 Cortex scans beside the one option profile.
  cortexScans: SIZE.cortexScans * k + (k - 1) * 1,
});

interface PerResource {
  readonly resources: number;
  readonly cpuMs: number;
  readonly addedBytes: number;
}

const perResource = (r: ValidateDiffResult): PerResource => ({
  resources: r.resources,
  cpuMs: (r.validateCpuMs + r.diffCpuMs) / r.resources,
  addedBytes: (r.peakRssBytes - r.rssBeforeBytes) / r.resources,
});

const count = (n: number): string => n.toLocaleString("en-US");
const us = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

export const growth: Scenario = {
  name: NAME,
  async run(ctx) {
    const run = await validateDiffRunner();
    const results: PerResource[] = [];
    for (const k of SCALES) {
      const r = await run(scaled(k));
      ctx.print(`${count(r.resources)} resources: validate ${Math.round(r.validateCpuMs)} ms + diff ${Math.round(r.diffCpuMs)} ms CPU; RSS ${mb(r.rssBeforeBytes)} before, peak ${mb(r.peakRssBytes)}`);
      results.push(perResource(r));
    }
    const rows: Row[] = [];
    results.forEach((r, i) => {
      const before = results[i - 1];
      const step = (now: number, was: number): Pick<Row, "target" | "ratio" | "pass"> =>
        before === undefined ? { target: "" } : { target: `≤ ${MAX_STEP}× at ${count(before.resources)}`, ratio: `${(now / was).toFixed(2)}×`, pass: now / was <= MAX_STEP };
      rows.push(
        { scenario: NAME, metric: `CPU per resource, ${count(r.resources)}`, measured: us(r.cpuMs), ...step(r.cpuMs, before?.cpuMs ?? 0) },
        { scenario: NAME, metric: `RSS added per resource, ${count(r.resources)}`, measured: kb(r.addedBytes), ...step(r.addedBytes, before?.addedBytes ?? 0) },
      );
    });
    return rows;
  },
};
