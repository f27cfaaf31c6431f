/**
 * A mixed fleet of resources at the three vendors, written as a team would (one file per vendor),
 * and the check that the vendors hold exactly it: no object missing, none twice, none that the
 * manifests do not name, and no run launched twice.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { cortexTenant, hexiosecScans, qualysStore } from "../e2e/checks.js";
import type { E2E } from "../e2e/harness.js";

export interface FleetSize {
  readonly hexiosec: number;
  readonly cortex: number;
  /** Web apps; every third has a schedule and every fifth an on-demand scan. */
  readonly qualys: number;
  /** Every n-th Cortex definition launches when created (0: none). */
  readonly cortexLaunchEvery?: number;
}

/** Names the vendors must hold, by kind. */
export type Fleet = Readonly<Record<Kind, readonly string[]>>;
type Kind = "hexiosec scans" | "cortex definitions" | "qualys web apps" | "qualys schedules";

const pad = (i: number) => String(i).padStart(4, "0");

export async function writeFleet(dir: string, size: FleetSize): Promise<Fleet> {
  const hx = Array.from({ length: size.hexiosec }, (_, i) => `rel-hx-${pad(i)}`);
  const cx = Array.from({ length: size.cortex }, (_, i) => `rel-cx-${pad(i)}`);
  const qa = Array.from({ length: size.qualys }, (_, i) => `rel-qa-${pad(i)}`);
  const schedules = qa.filter((_, i) => i % 3 === 0);
  const scans = qa.filter((_, i) => i % 5 === 0);
  const every = size.cortexLaunchEvery ?? 0;
  await writeFile(join(dir, "hexiosec.yaml"), `hexiosec:\n  scans:\n${hx.map((n, i) => `    ${n}: { group: Security, type: adhoc, enabled: false, seeds: [${n}.example.com, 198.51.100.${i % 250}] }\n`).join("")}`);
  await writeFile(
    join(dir, "cortex.yaml"),
    `cortex:\n  scans:\n${cx
      .map((n, i) => `    ${n}: { template: 12, scanners: [0f8e6c2a-3b1d-4c9e-8a7f-5d2e1b0c9a84], network: 3, portList: 1, targets: [10.${i % 250}.${Math.floor(i / 250)}.0/24], schedule: { cadence: WEEKLY, days: [sun], at: "02:00", timezone: UTC, start: 2026-12-06 }, launch: ${every > 0 && i % every === 0 ? "on-change" : "never"} }\n`)
      .join("")}`,
  );
  const qualys = [
    "qualys:\n  profiles:\n    standard: { name: Initial WAS Options }\n  webApps:\n",
    ...qa.map((n) => `    ${n}: { url: "https://${n}.example.com/", tags: [prod], defaultProfile: standard }\n`),
    "  schedules:\n",
    ...schedules.map((n) => `    ${n}-nightly: { type: VULNERABILITY, webApps: [${n}], profile: standard, every: { days: 1 }, at: "01:30", timezone: UTC }\n`),
    ...(scans.length > 0 ? ["  scans:\n", ...scans.map((n) => `    ${n}-ci: { type: VULNERABILITY, webApps: [${n}], profile: standard, launch: on-change }\n`)] : []),
  ];
  await writeFile(join(dir, "qualys.yaml"), qualys.join(""));
  return { "hexiosec scans": hx, "cortex definitions": cx, "qualys web apps": qa, "qualys schedules": schedules.map((n) => `${n}-nightly`) };
}

export interface Inventory {
  readonly desired: number;
  readonly missing: readonly string[];
  readonly duplicate: readonly string[];
  readonly untracked: readonly string[];
  /** Cortex definitions run more than once, Qualys scans launched more than once under one name. */
  readonly launchedTwice: readonly string[];
}

/** What the vendors hold against the fleet, read through the emulators' inspection dumps. */
export function inventory(e2e: E2E, fleet: Fleet): Inventory {
  const held: Record<Kind, readonly string[]> = {
    "hexiosec scans": hexiosecScans(e2e).map((s) => s.name),
    "cortex definitions": cortexTenant(e2e).definitions.map((d) => d.name),
    "qualys web apps": qualysStore(e2e).webApps.map((w) => w.name),
    "qualys schedules": qualysStore(e2e).schedules.map((s) => s.name),
  };
  const missing: string[] = [];
  const duplicate: string[] = [];
  const untracked: string[] = [];
  for (const kind of Object.keys(held) as Kind[]) {
    const want = new Set(fleet[kind]);
    const counts = countBy(held[kind]);
    for (const n of want) if (!counts.has(n)) missing.push(n);
    for (const [n, c] of counts) {
      if (c > 1) duplicate.push(n);
      if (!want.has(n)) untracked.push(n);
    }
  }
  const cortex = cortexTenant(e2e);
  const runsPerDefinition = countBy(cortex.runs.map((r) => String(r.definitionId)));
  const launchedTwice = [...runsPerDefinition].filter(([, c]) => c > 1).map(([id]) => `cortex run of definition ${id}`);
  for (const [n, c] of countBy(qualysStore(e2e).scans.map((s) => s.name))) if (c > 1) launchedTwice.push(`qualys scan ${n}`);
  const desired = Object.values(fleet).reduce((n, names) => n + names.length, 0);
  return { desired, missing, duplicate, untracked, launchedTwice };
}

function countBy(names: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const n of names) m.set(n, (m.get(n) ?? 0) + 1);
  return m;
}
