/**
 * `scanform plan` of the repository's scans/ examples against empty emulators: what a reviewer
 * reads on the first pull request, and what CI relies on (exit codes, JSON, Markdown, saved plan).
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { loadDesired } from "../../src/manifest/index.js";
import { runCli, SCANS_DIR, startE2E, type E2E } from "./harness.js";

const ajv = new Ajv2020({ strict: true, allErrors: true });
formats.default(ajv);
const validatePlanJson = ajv.compile(JSON.parse(readFileSync(new URL("../../schemas/plan.schema.json", import.meta.url), "utf8")) as object);

interface PlanJson {
  readonly summary: { readonly line: string; readonly has_changes: boolean };
  readonly resource_changes: readonly { readonly address: string; readonly action: string }[];
}

/** The resources scans/ asks scanform to manage (profiles are only looked up, never planned). */
async function managedAddresses(): Promise<string[]> {
  const loaded = await loadDesired([SCANS_DIR], { cwd: SCANS_DIR });
  if (!loaded.ok) throw new Error("scans/ does not validate");
  return loaded.desired.resources.filter((r) => r.mode === "managed").map((r) => r.address).sort();
}

let e2e: E2E;
beforeEach(async () => {
  e2e = await startE2E({ from: SCANS_DIR });
});
afterEach(async () => {
  await e2e.close();
});

describe("scanform plan of scans/ against empty emulators", () => {
  it("exits 0 and shows every managed resource as `+`", async () => {
    const r = await e2e.run("plan");
    expect(r.stderr).not.toMatch(/^Error/m);
    expect(r.code).toBe(EXIT.ok);
    const created = [...r.stdout.matchAll(/^ {2}\+ (\S+)$/gm)].map((m) => m[1]).sort();
    expect(created).toEqual(await managedAddresses());
    expect(r.stdout).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy, \d+ to launch\.$/m);
  });

  it("prints --json that the plan schema accepts, every change a create", async () => {
    const r = await e2e.run("plan", "--json");
    expect(r.code).toBe(EXIT.ok);
    const plan = JSON.parse(r.stdout) as PlanJson;
    expect(validatePlanJson(plan), ajv.errorsText(validatePlanJson.errors)).toBe(true);
    expect(plan.resource_changes.map((c) => c.action)).toEqual(plan.resource_changes.map(() => "create"));
    expect(plan.resource_changes.map((c) => c.address).sort()).toEqual(await managedAddresses());
  });

  it("exits 2 with --detailed-exitcode, since everything is to create", async () => {
    expect((await e2e.run("plan", "--detailed-exitcode")).code).toBe(EXIT.changes);
  });

  it("saves with --out a plan that holds no credential", async () => {
    const r = await e2e.run("plan", "--out", "first.plan");
    expect(r.code).toBe(EXIT.ok);
    const saved = await readFile(join(e2e.dir, "first.plan"), "utf8");
    expect(saved).toContain("hexiosec.scan.corp-perimeter");
    for (const secret of e2e.secrets) expect(saved).not.toContain(secret);
  });

  it("writes no credential to stdout or stderr, even with --debug tracing every call", async () => {
    const r = await e2e.run("plan", "--debug");
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toContain("[debug]");
    for (const secret of e2e.secrets) {
      expect(r.stdout).not.toContain(secret);
      expect(r.stderr).not.toContain(secret);
    }
  });

  it("writes the trace as JSON lines on stderr with SCANFORM_LOG=json, credentials masked", async () => {
    const r = await runCli(["plan"], { env: { ...e2e.env, SCANFORM_LOG: "json" }, cwd: e2e.dir });
    expect(r.code).toBe(EXIT.ok);
    const traced = r.stderr.split("\n").filter((l) => l.startsWith("{"));
    expect(traced.length).toBeGreaterThan(0);
    for (const line of traced) expect(JSON.parse(line)).toMatchObject({ type: expect.stringMatching(/^http\.(attempt|retry)$/), vendor: expect.any(String) });
    expect(r.stderr).not.toContain("[debug]");
    for (const secret of e2e.secrets) expect(r.stderr).not.toContain(secret);
  });

  it("puts the summary line first in --markdown", async () => {
    const r = await e2e.run("plan", "--markdown");
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout.split("\n")[0]).toMatch(/^\*\*Plan: \d+ to add, 0 to change, 0 to destroy, \d+ to launch\.\*\*$/);
    expect(r.stdout).toContain("<details>");
  });
});
