/**
 * Generated manifests, written into a temp dir the way a team's repository would hold them: many
 * files, every kind of resource, realistic values. Names and values are a pure function of the
 * index, so two runs read the same configuration.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LoadResult } from "../src/manifest/index.js";
import type { Desired } from "../src/manifest/model.js";

export interface ManifestSize {
  readonly qualysWebApps: number;
  /** Each targets the web app of the same index (so never more than qualysWebApps). */
  readonly qualysSchedules: number;
  readonly hexiosecScans?: number;
  /** Seeds per Hexiosec scan (default 4: a domain, a CIDR, a range and an IPv6 address). */
  readonly hexiosecSeeds?: number;
  readonly cortexScans?: number;
}

/** Resources per file: a large configuration is many files, not one. */
const PER_FILE = 1000;
const TAGS = ["prod", "pci", "staging"] as const;
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

export const webAppKey = (i: number): string => `app-${pad(i)}`;
export const scheduleKey = (i: number): string => `app-${pad(i)}-nightly`;
const pad = (i: number): string => String(i).padStart(5, "0");

export interface ManifestDir {
  readonly dir: string;
  /** Resources written, profiles included. */
  readonly resources: number;
  remove(): Promise<void>;
}

export async function writeManifests(size: ManifestSize): Promise<ManifestDir> {
  const dir = await mkdtemp(join(tmpdir(), "scanform-bench-"));
  const files: [string, string][] = [["qualys-profiles.yaml", "qualys:\n  profiles:\n    standard: { name: Initial WAS Options }\n"]];
  chunk(size.qualysWebApps, (from, to) => files.push([`qualys-webapps-${pad(from)}.yaml`, `qualys:\n  webApps:\n${lines(from, to, webApp)}`]));
  chunk(Math.min(size.qualysSchedules, size.qualysWebApps), (from, to) =>
    files.push([`qualys-schedules-${pad(from)}.yaml`, `qualys:\n  schedules:\n${lines(from, to, schedule)}`]),
  );
  chunk(size.hexiosecScans ?? 0, (from, to) => files.push([`hexiosec-${pad(from)}.yaml`, `hexiosec:\n  scans:\n${lines(from, to, (i) => hexiosecScan(i, size.hexiosecSeeds))}`]));
  chunk(size.cortexScans ?? 0, (from, to) => files.push([`cortex-${pad(from)}.yaml`, `cortex:\n  scans:\n${lines(from, to, cortexScan)}`]));
  await Promise.all(files.map(([name, text]) => writeFile(join(dir, name), text)));
  const resources = 1 + size.qualysWebApps + Math.min(size.qualysSchedules, size.qualysWebApps) + (size.hexiosecScans ?? 0) + (size.cortexScans ?? 0);
  return { dir, resources, remove: () => rm(dir, { recursive: true, force: true }) };
}

function chunk(total: number, write: (from: number, to: number) => void): void {
  for (let from = 0; from < total; from += PER_FILE) write(from, Math.min(total, from + PER_FILE));
}

const lines = (from: number, to: number, one: (i: number) => string): string => {
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(one(i));
  return out.join("");
};

const webApp = (i: number): string =>
  `    ${webAppKey(i)}:\n      url: https://app-${pad(i)}.shop.example.com/\n      tags: [${TAGS[i % 3]}${i % 2 === 0 ? ", pci" : ""}]\n      defaultProfile: standard\n`;

const schedule = (i: number): string => {
  const every = i % 2 === 0 ? "{ days: 1 }" : `{ weeks: 1, on: [${DAYS[i % 7]}] }`;
  return `    ${scheduleKey(i)}:\n      type: VULNERABILITY\n      webApps: [${webAppKey(i)}]\n      profile: standard\n      every: ${every}\n      at: "0${i % 6}:30"\n      timezone: ${i % 4 === 0 ? "Europe/London" : "UTC"}\n`;
};

const hexiosecScan = (i: number, seeds: number | undefined): string =>
  `    perimeter-${pad(i)}:\n      group: Security\n      type: continuous_own\n      seeds: [${hexiosecSeeds(i, seeds).join(", ")}]\n      enabled: true\n`;

function hexiosecSeeds(i: number, count: number | undefined): string[] {
  const seeds = [`unit-${pad(i)}.example.com`, `203.0.${i % 256}.0/24`, `198.51.100.${i % 200}-198.51.100.${(i % 200) + 20}`, `2001:db8::${(i % 65535).toString(16)}`];
  if (count === undefined) return seeds;
  for (let k = seeds.length; k < count; k++) seeds.push(`host-${k}.unit-${pad(i)}.example.com`);
  return seeds.slice(0, count);
}

const cortexScan = (i: number): string =>
  `    dc-${pad(i)}:\n      template: 12\n      scanners: [0f8e6c2a-3b1d-4c9e-8a7f-5d2e1b0c9a84]\n      network: 3\n      portList: 1\n      targets: [10.${i % 256}.0.0/16, 10.30.${i % 256}.10-10.30.${i % 256}.250]\n      schedule: { cadence: WEEKLY, days: [sun], at: "02:00", timezone: UTC, start: 2026-12-06 }\n      launch: never\n`;

/** The configuration `loadDesired` read, or an error naming its first findings: generated manifests must validate. */
export function validDesired(loaded: LoadResult): Desired {
  if (!loaded.ok) throw new Error(`the generated manifests do not validate: ${loaded.diagnostics.slice(0, 3).map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return loaded.desired;
}
