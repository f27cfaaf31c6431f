/**
 * What the e2e tests read back: the apply summary and JSON-lines events scanform printed, and each
 * emulator's tenant as plain views (only the fields the tests look at).
 */
import { expect } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { NO_CHANGES } from "../../src/plan/summary.js";
import type { CliRun, E2E } from "./harness.js";

/** The next plan finds nothing to do: what "the apply converged" means to a user. */
export async function expectConverged(e2e: E2E): Promise<void> {
  const plan = await e2e.run("plan", "--detailed-exitcode");
  expect(plan.stderr).not.toMatch(/^Error/m);
  expect(plan.stdout).toContain(NO_CHANGES);
  expect(plan.code).toBe(EXIT.ok);
}

export interface ApplyCounts {
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
}

/** Runs `apply --auto-approve ...extra` and expects every step of it to succeed. */
export async function applyOk(e2e: E2E, ...extra: string[]): Promise<CliRun> {
  const r = await e2e.run("apply", "--auto-approve", ...extra);
  expect(r.stderr).not.toMatch(/^Error/m);
  expect(applyCounts(r).failed).toBe(0);
  expect(r.code).toBe(EXIT.ok);
  return r;
}

/** The one object of that name; fails the test when there is none, or a duplicate. */
export function onlyNamed<T extends { readonly name: string }>(objects: readonly T[], name: string): T {
  const found = objects.filter((o) => o.name === name);
  expect(found, `objects named ${name}`).toHaveLength(1);
  return found[0]!;
}

/** The counts of `Apply: X succeeded, Y failed, Z skipped.`; fails the test when the line is missing. */
export function applyCounts(run: CliRun): ApplyCounts {
  const m = /^(?:\S+ )?Apply: (\d+) succeeded, (\d+) failed, (\d+) skipped\.$/m.exec(run.stdout);
  if (!m) throw new Error(`no Apply summary line in:\n${run.stdout}\n${run.stderr}`);
  return { succeeded: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3]) };
}

export interface WireEvent {
  readonly type: string;
  readonly address?: string;
  readonly action?: string;
  readonly outcome?: string;
  readonly reason?: string;
  readonly verdict?: string;
  readonly error?: { readonly code: string; readonly message: string };
}

/** `--json` output of apply and wait: one event per line. */
export const events = (run: CliRun): WireEvent[] =>
  run.stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as WireEvent);

/** Each step's outcome by address, from the `step_finished` events. */
export function outcomes(run: CliRun): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of events(run)) if (e.type === "step_finished" && e.address && e.outcome) out[e.address] = e.outcome;
  return out;
}

export interface HexiosecScanView {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly enabled: boolean;
  readonly seeds: readonly { readonly name: string; readonly tags: readonly string[] }[];
  readonly iterations: readonly { readonly state: string }[];
}

export const hexiosecScans = (e2e: E2E): readonly HexiosecScanView[] => (e2e.dump("hexiosec") as unknown as { scans: HexiosecScanView[] }).scans;

export interface CortexDefinitionView {
  readonly id: number;
  /** The payload's name, lifted so definitions are found like other objects. */
  readonly name: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface CortexView {
  readonly definitions: readonly CortexDefinitionView[];
  readonly runs: readonly { readonly id: number; readonly definitionId: number; readonly state: string }[];
}

export function cortexTenant(e2e: E2E): CortexView {
  const dump = e2e.dump("cortex") as unknown as { definitions: { id: number; payload: Record<string, unknown> }[]; runs: CortexView["runs"] };
  return { definitions: dump.definitions.map((d) => ({ ...d, name: String(d.payload["name"]) })), runs: dump.runs };
}

export interface QualysView {
  readonly webApps: readonly { readonly id: number; readonly name: string; readonly url: string; readonly tagIds: readonly number[] }[];
  readonly tags: readonly { readonly id: number; readonly name: string }[];
  readonly schedules: readonly { readonly id: number; readonly name: string; readonly target: { readonly webAppIds: readonly number[] }; readonly scheduling: { readonly startDate: string } }[];
  readonly scans: readonly { readonly id: number; readonly name: string; readonly webApp: { readonly name: string } }[];
}

export const qualysStore = (e2e: E2E): QualysView => e2e.dump("qualys") as unknown as QualysView;

export const names = (objects: readonly { readonly name: string }[]): string[] => objects.map((o) => o.name).sort();
